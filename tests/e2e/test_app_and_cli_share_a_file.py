"""The app and the command line on one file at once, through a backup.

The worst defect of the last round lived between these two parts: after the app's first
backup, any command-line run deleted the running app's -wal and -shm (the app's locks had
been dropped by a plain open() of the file), and from then on the two wrote to different
logs -- customers vanished, `check` found a malformed file. Here the real app runs in its own
process (offscreen), makes a backup through its Backups page, and while it stays open the
command line lists, imports, edits (an import that updates) and undoes; the app adds a
customer through its form between them. After every step the app's open files must not be
deleted; at the end every record from both sides is there and `check` is clean.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_files import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/fd")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CRM_DESKTOP_DB", "CRM_DESKTOP_LANG")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONPATH=str(REPO) + os.pathsep + str(REPO / "tests" / "e2e"),
        PYTHONIOENCODING="utf-8",
        QT_QPA_PLATFORM=os.environ.get("E2E_QPA", "offscreen"),
    )
    return env


def cli(home: Path, *args: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "crm_desktop", *map(str, args)],
        cwd=home, capture_output=True, text=True, encoding="utf-8", timeout=120,
        stdin=subprocess.DEVNULL, env=_env(home) | {"CRM_DESKTOP_LANG": "en"},
    )  # fmt: skip
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


class App:
    """The real app in a child process, steered line by line (tests/e2e/app_driver.py)."""

    def __init__(self, home: Path, db: Path, new_file_demo: int = 0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "e2e" / "app_driver.py"), str(db)],
            cwd=home, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", env=_env(home),
        )  # fmt: skip
        self.db = db
        if new_file_demo:  # a new file: the first-start choice comes first
            time.sleep(3)
            self.send(f"firststart {new_file_demo}", "ok firststart")
        ready = self.answer("ready")
        self.pid = int(ready.split()[1])

    def answer(self, first: str, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"the app ended: {self.proc.wait()} {self.stderr()}")
            line = line.strip()
            if line.startswith("error"):
                raise AssertionError(line)
            if line.startswith(first):
                return line
        raise AssertionError(f"no '{first}' from the app within {timeout} s")

    def send(self, command: str, first: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.answer(first)

    def deleted_files(self) -> list[str]:
        """The app's open descriptors of this database whose file was unlinked under it."""
        found = []
        for fd in os.listdir(f"/proc/{self.pid}/fd"):
            try:
                target = os.readlink(f"/proc/{self.pid}/fd/{fd}")
            except OSError:
                continue
            if self.db.name in target and "(deleted)" in target:
                found.append(target)
        return found

    def stderr(self) -> str:
        assert self.proc.stderr is not None
        return self.proc.stderr.read()[-3000:] if self.proc.poll() is not None else ""


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    home = tmp_path
    db = home / "r.db"
    cli(home, "demo", "--db", db, "--customers", "30", "--lang", "zh")
    yield home, db


def _csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("姓名,手机,城市\n" + "".join(f"{n},{p},{c}\n" for n, p, c in rows), encoding="utf-8")
    return path


def _customers(home: Path, db: Path) -> dict[str, dict[str, object]]:
    rows = json.loads(cli(home, "customers", "list", "--db", db, "--json").stdout)
    return {str(r["name"]): r for r in rows}


def test_app_and_command_line_share_one_file_through_a_backup(shared: tuple[Path, Path]) -> None:
    home, db = shared
    app = App(home, db)
    try:
        start = int(app.send("count", "ok count").split()[2])
        made = app.send("backup", "ok backup").split()[2]
        assert (home / "backups" / "r" / made).exists()
        assert app.deleted_files() == []

        cli(home, "customers", "list", "--db", db, "--limit", "5")
        assert app.deleted_files() == [], "a command-line list deleted the app's WAL"

        people = _csv(home / "people.csv", [("赵一", "13700000011", "北京"), ("钱二", "13700000012", "上海")])
        cli(home, "import", "customers", people, "--db", db)
        assert app.deleted_files() == []

        app.send("add 孙三 13700000013", "ok add")
        assert app.deleted_files() == []

        # an edit from the command line: an import that updates 赵一's city
        edit = _csv(home / "edit.csv", [("赵一", "13700000011", "广州")])
        cli(home, "import", "customers", edit, "--db", db, "--on-duplicate", "update")
        extra = _csv(home / "extra.csv", [("李四", "13700000014", "深圳")])
        cli(home, "import", "customers", extra, "--db", db)
        listed = cli(home, "imports", "list", "--db", db).stdout.splitlines()
        newest = max(int(line.split("\t")[0]) for line in listed if "extra.csv" in line)
        cli(home, "imports", "undo", newest, "--db", db)
        assert app.deleted_files() == []

        app.send("add 周五 13700000015", "ok add")
        assert int(app.send("count", "ok count").split()[2]) == start + 4
        seen_by_cli = _customers(home, db)
        assert len(seen_by_cli) == start + 4  # the app and the command line see one database
        made_again = app.send("backup", "ok backup").split()[2]
        assert made_again != made and app.deleted_files() == []
    finally:
        if app.proc.poll() is None:
            app.send("quit", "exited")
        app.proc.wait(timeout=60)
    assert app.proc.returncode == 0, app.stderr()

    after = _customers(home, db)
    for name in ("赵一", "钱二", "孙三", "周五"):
        assert name in after, name
    assert "李四" not in after  # undone
    assert after["赵一"]["city"] == "广州"
    check = cli(home, "check", "--db", db)
    assert "checks passed" in check.stdout, check.stdout
    # every backup of the day is kept: two made by hand, the one before the undo, the close one
    from crm_desktop.services.autobackup import list_backups

    kinds = sorted(b.kind for b in list_backups(db))
    assert kinds == ["before-undo", "close", "manual", "manual"], kinds
    [close] = (home / "backups" / "r").glob("r-*-close.db")  # it holds the app's last customer
    newest = json.loads(cli(home, "customers", "list", "--db", close, "--json").stdout)
    assert "周五" in {r["name"] for r in newest}


def test_the_first_daily_backup_of_a_new_file_does_not_cost_the_app_its_wal(tmp_path: Path) -> None:
    """The new-user trial: a new file, demo data at first start, the daily backup (which makes
    the backups folder), then any command-line run -- and the app's WAL was gone."""
    home, db = tmp_path, tmp_path / "r3.db"
    app = App(home, db, new_file_demo=30)
    try:
        app.send("daily", "ok daily")
        app.send("filedialog", "ok filedialog")  # Qt's file dialog lists (and sniffs) the folder
        cli(home, "customers", "list", "--db", db, "--limit", "3")
        assert app.deleted_files() == []
        app.send("add 新客户甲 13700000021", "ok add")
        assert "新客户甲" in _customers(home, db)
    finally:
        if app.proc.poll() is None:
            app.send("quit", "exited")
        app.proc.wait(timeout=60)
