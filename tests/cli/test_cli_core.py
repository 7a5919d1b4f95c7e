"""The core commands end to end, as a user runs them: `--version`, `demo`, `customers list|show`,
`check`, `backup`, `restore`, and every user mistake (exit 1, ONE line on stderr, no
traceback, nothing changed) and usage error (exit 2)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from crm_desktop import __version__
from crm_desktop.db import migrate
from crm_desktop.db.engine import open_database
from crm_desktop.fields import CUSTOMER_FIELDS
from crm_desktop.services.demo import generate_demo

REPO = Path(__file__).resolve().parents[2]
CATALOGUE_KEYS = {f.key for f in CUSTOMER_FIELDS}


def run(home: Path, *args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m crm_desktop ARGS` with a private home and data folder and no CRM_DESKTOP_DB."""
    base = {k: v for k, v in os.environ.items() if k not in ("CRM_DESKTOP_DB", "CRM_DESKTOP_LANG")}
    base.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        PYTHONPATH=str(REPO),
        CRM_DESKTOP_LANG="en",
        PYTHONIOENCODING="utf-8",
    )
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *map(str, args)],
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=base,
    )


def refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Check a user mistake was reported properly; returns the one line."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("crm-desktop: ")
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def usage_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) >= 1


def dump_hash(path: Path) -> str:
    """What a user could see in the file (bytes when it is not a database at all)."""
    if not path.exists():
        return "missing"
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    except sqlite3.DatabaseError:
        return hashlib.sha256(path.read_bytes()).hexdigest()


def scalar(path: Path, sql: str) -> Any:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 60-customer Chinese shop made once; tests work on copies of it."""
    path = tmp_path_factory.mktemp("cli-demo") / "demo.db"
    db = open_database(path)
    generate_demo(db, customers=60, lang="zh", business="shop", seed=11)
    db.close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")  # one file, simple to copy
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


@pytest.fixture
def crm(home: Path, demo_file: Path) -> Iterator[Path]:
    path = home / "crm.db"
    shutil.copy(demo_file, path)
    yield path


# -- basics --------------------------------------------------------------------------------


def test_version_and_help(home: Path) -> None:
    version = run(home, "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"crm-desktop {__version__}"
    helped = run(home, "--help")
    assert helped.returncode == 0
    for command in ("demo", "customers", "check", "backup", "restore"):
        assert command in helped.stdout


def test_usage_errors_exit_2(home: Path, crm: Path) -> None:
    before = dump_hash(crm)
    usage_error(run(home, "no-such-command"))
    usage_error(run(home, "customers", "--db", crm))  # the action is missing
    usage_error(run(home, "customers", "list", "--limit", "many", "--db", crm))
    usage_error(run(home, "customers", "list", "--limit", "-3", "--db", crm))
    usage_error(run(home, "customers", "show", "abc", "--db", crm))
    usage_error(run(home, "demo", "--customers", "-5", "--db", home / "new.db"))
    usage_error(run(home, "demo", "--business", "farm", "--db", home / "new.db"))
    usage_error(run(home, "--lang", "fr", "check", "--db", crm))
    usage_error(run(home, "backup", "--db", crm))  # FILE is missing
    assert not (home / "new.db").exists()
    assert dump_hash(crm) == before


# -- demo ----------------------------------------------------------------------------------


def test_demo_creates_a_database(home: Path) -> None:
    path = home / "school.db"
    result = run(home, "demo", "--db", path, "--customers", "40", "--business", "school", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert "40" in result.stdout and "演示客户" in result.stdout
    assert scalar(path, "SELECT COUNT(*) FROM customers") == 40
    assert scalar(path, "SELECT name_zh FROM pipeline_stages WHERE code = 'trial'") == "试听"
    assert scalar(path, "SELECT COUNT(*) FROM customers WHERE name GLOB '*[a-zA-Z]*'") == 0

    again = run(home, "demo", "--db", path, "--customers", "5")
    before = dump_hash(path)
    refused(again, "already holds customers")
    assert dump_hash(path) == before


def test_demo_english_office(home: Path) -> None:
    path = home / "office.db"
    result = run(home, "--lang", "en", "demo", "--db", path, "--customers", "25", "--business", "office")
    assert result.returncode == 0, result.stderr
    assert "25 demo customers" in result.stdout
    assert scalar(path, "SELECT COUNT(*) FROM customers WHERE company IS NOT NULL") > 10


def test_creating_or_upgrading_a_database_writes_nothing_on_stderr(
    home: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Alembic's INFO lines ("Context impl SQLiteImpl.", "Running upgrade ...") stay off stderr,
    also where logging is set up at INFO the way the app sets it up."""
    made = run(home, "demo", "--db", home / "new.db", "--customers", "3")
    assert made.returncode == 0 and made.stderr == "", made.stderr
    assert scalar(home / "new.db", "SELECT version_num FROM alembic_version") == migrate.HEAD

    old = home / "old.db"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        migrate.upgrade(conn, migrate.REVISIONS[0])
    engine.dispose()
    listed = run(home, "customers", "list", "--db", old)
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    assert scalar(old, "SELECT version_num FROM alembic_version") == migrate.HEAD

    # root logging at INFO before anything runs (a sitecustomize on the path)
    site = tmp_path_factory.mktemp("site")
    (site / "sitecustomize.py").write_text("import logging\nlogging.basicConfig(level=logging.INFO)\n")
    chatty = {"PYTHONPATH": os.pathsep.join([str(site), str(REPO)])}
    logged = run(home, "demo", "--db", home / "logged.db", "--customers", "3", env=chatty)
    assert logged.returncode == 0 and logged.stderr == "", logged.stderr
    assert scalar(home / "logged.db", "SELECT COUNT(*) FROM customers") == 3


def test_demo_without_db_uses_the_environment_then_the_data_folder(home: Path) -> None:
    chosen = home / "chosen.db"
    result = run(home, "demo", "--customers", "3", env={"CRM_DESKTOP_DB": str(chosen)})
    assert result.returncode == 0, result.stderr
    assert scalar(chosen, "SELECT COUNT(*) FROM customers") == 3

    result = run(home, "demo", "--customers", "4")
    assert result.returncode == 0, result.stderr
    default = home / "data" / "CRM Desktop" / "crm.db"
    assert scalar(default, "SELECT COUNT(*) FROM customers") == 4
    listed = run(home, "customers", "list", "--json")
    assert len(json.loads(listed.stdout)) == 4


# -- customers list / show -------------------------------------------------------------------


def test_list_json_is_keyed_by_the_catalogue(home: Path, crm: Path) -> None:
    result = run(home, "customers", "list", "--db", crm, "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    active = scalar(crm, "SELECT COUNT(*) FROM customers WHERE archived_at IS NULL")
    assert len(records) == active  # without --limit: every customer
    for record in records:
        assert set(record) >= CATALOGUE_KEYS
        assert isinstance(record["tags"], list)
        datetime.fromisoformat(record["created_at"])
        if record["birthday"]:
            date.fromisoformat(record["birthday"])
    assert any(r["tags"] for r in records)
    assert "\\u" not in result.stdout  # Chinese stays readable


def test_list_limit_search_and_db_position(home: Path, crm: Path) -> None:
    name = str(scalar(crm, "SELECT name FROM customers WHERE archived_at IS NULL ORDER BY id LIMIT 1"))
    initials = str(
        scalar(crm, "SELECT name_initials FROM customers WHERE archived_at IS NULL ORDER BY id LIMIT 1")
    )
    limited = json.loads(run(home, "customers", "list", "--db", crm, "--json", "--limit", "5").stdout)
    assert len(limited) == 5
    found = json.loads(run(home, "customers", "list", "--search", name, "--json", "--db", crm).stdout)
    assert found and found[0]["name"] == name
    by_initials = json.loads(
        run(home, "--db", crm, "customers", "list", "--search", initials, "--json").stdout
    )
    assert name in [r["name"] for r in by_initials]
    nothing = run(home, "customers", "list", "--search", "zzzzqqq", "--json", "--db", crm)
    assert nothing.returncode == 0 and json.loads(nothing.stdout) == []


def test_list_table_lines_up_with_chinese(home: Path, crm: Path) -> None:
    from crm_desktop.cli.table import display_width

    result = run(home, "customers", "list", "--db", crm, "--lang", "zh", "--limit", "20")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["编号", "姓名", "电话"]
    assert len(lines) == 22  # header, rule, 20 customers
    rule = lines[1]
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    for line in lines[2:]:
        # every column starts at the same terminal cell: a cell before each start is a space
        for start in starts[1:]:
            prefix_cells = 0
            for ch in line:
                if prefix_cells >= start:
                    break
                prefix_cells += display_width(ch)
            assert prefix_cells == start or prefix_cells >= display_width(line), line
    english = run(home, "customers", "list", "--db", crm, "--lang", "en", "--limit", "20")
    assert english.stdout.split()[:3] == ["ID", "Name", "Phone"]


def test_show_and_unknown_id(home: Path, crm: Path) -> None:
    cid = scalar(crm, "SELECT MIN(id) FROM customers")
    shown = run(home, "customers", "show", str(cid), "--db", crm, "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == cid
    before = dump_hash(crm)
    refused(run(home, "customers", "show", "99999", "--db", crm), "99999")
    line = refused(run(home, "--lang", "zh", "customers", "show", "99999", "--db", crm))
    assert "没有编号为 99999 的客户" in line
    assert dump_hash(crm) == before


# -- files a user can get wrong ----------------------------------------------------------------


def test_bad_database_files_are_refused_untouched(home: Path, crm: Path) -> None:
    random_bytes = home / "random.db"
    random_bytes.write_bytes(os.urandom(8192))
    truncated = home / "truncated.db"
    truncated.write_bytes(crm.read_bytes()[:30000])
    foreign = home / "other-app.sqlite"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
        conn.execute("INSERT INTO songs (title) VALUES ('x')")
        conn.commit()
    cases = {
        home / "missing.db": "does not exist",
        random_bytes: "damaged",
        truncated: "damaged",
        foreign: "not a CRM Desktop database",
        home: "not a CRM Desktop database",  # a folder
    }
    for path, words in cases.items():
        before = dump_hash(path) if path.is_file() else None
        for command in (("customers", "list"), ("check",), ("backup", home / "b.db")):
            refused(run(home, *command, "--db", path), words)
        if before is not None:
            assert dump_hash(path) == before
        assert not (home / "b.db").exists()
    assert not (home / "missing.db").exists()  # reading never creates a file


def test_locked_database(home: Path, crm: Path) -> None:
    holder = sqlite3.connect(crm, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        result = run(home, "customers", "list", "--db", crm)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    refused(result, "busy")


# -- check, backup, restore ----------------------------------------------------------------------


def test_check_healthy_and_damaged(home: Path, crm: Path) -> None:
    ok = run(home, "check", "--db", crm)
    assert ok.returncode == 0 and "passed" in ok.stdout
    with closing(sqlite3.connect(crm)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(
            "INSERT INTO follow_ups (customer_id, kind, subject, due_at, created_at) VALUES (777777, 'call', '', '2026-01-01', '2026-01-01')"
        )
        conn.commit()
    refused(run(home, "check", "--db", crm), "follow_ups", "Restore the newest backup")

    damaged = home / "damaged.db"
    data = bytearray(crm.read_bytes())
    for page in range(3, len(data) // 4096):
        data[page * 4096 + 200 : page * 4096 + 600] = b"\x5a" * 400
    damaged.write_bytes(bytes(data))
    before = dump_hash(damaged)
    refused(run(home, "check", "--db", damaged))
    assert dump_hash(damaged) == before


def test_backup_while_the_app_has_the_file_open(home: Path, crm: Path) -> None:
    app = open_database(crm)  # as the running app would, WAL mode and all
    writer = sqlite3.connect(crm, isolation_level=None)
    try:
        with app.session() as s:
            from crm_desktop.services.customers import create_customer

            create_customer(s, {"name": "刚保存的客户"})
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM customers")  # not committed: must not be in the backup
        result = run(home, "backup", home / "backup.db", "--db", crm)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        app.close()
    assert result.returncode == 0, result.stderr
    backup = home / "backup.db"
    assert scalar(backup, "SELECT COUNT(*) FROM customers") == scalar(crm, "SELECT COUNT(*) FROM customers")
    assert scalar(backup, "SELECT COUNT(*) FROM customers WHERE name = '刚保存的客户'") == 1
    assert run(home, "check", "--db", backup).returncode == 0

    before = dump_hash(backup)
    refused(run(home, "backup", backup, "--db", crm), "already exists")
    assert dump_hash(backup) == before
    refused(run(home, "backup", home / "no" / "folder.db", "--db", crm), "Cannot write backup")


def test_restore_brings_the_backup_back_and_keeps_the_replaced_file(home: Path, crm: Path) -> None:
    backup = home / "monday.db"
    assert run(home, "backup", backup, "--db", crm).returncode == 0
    wanted = dump_hash(backup)
    with closing(sqlite3.connect(crm)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM customers WHERE id <= 30")  # an accident
        conn.commit()
    accident = dump_hash(crm)

    result = run(home, "restore", backup, "--db", crm)
    assert result.returncode == 0, result.stderr
    assert dump_hash(crm) == wanted
    kept = [p for p in home.rglob("*") if "before-restore" in p.name]
    assert len(kept) == 1 and dump_hash(kept[0]) == accident
    assert str(kept[0].name) in result.stdout
    assert not [p for p in home.iterdir() if p.name.endswith(".tmp")]
    assert run(home, "check", "--db", crm).returncode == 0
    listed = json.loads(run(home, "customers", "list", "--json", "--db", crm).stdout)
    assert len(listed) == scalar(backup, "SELECT COUNT(*) FROM customers WHERE archived_at IS NULL")


def test_restore_refuses_what_is_not_a_crm_backup(home: Path, crm: Path) -> None:
    before = dump_hash(crm)
    foreign = home / "photos.db"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        conn.commit()
    junk = home / "junk.db"
    junk.write_bytes(os.urandom(4096))
    newer = home / "newer.db"
    shutil.copy(crm, newer)
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
        conn.commit()
    refused(run(home, "restore", foreign, "--db", crm), "not a CRM Desktop backup")
    refused(run(home, "restore", junk, "--db", crm), "damaged")
    refused(run(home, "restore", newer, "--db", crm), "newer version")
    refused(run(home, "restore", home / "nothing.db", "--db", crm), "does not exist")
    assert dump_hash(crm) == before
    assert not [p for p in home.rglob("*") if "before-restore" in p.name or p.name.endswith(".tmp")]


def test_importing_the_command_line_is_cheap(home: Path) -> None:
    code = (
        "import sys; from crm_desktop.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('sqlalchemy', 'pypinyin', 'openpyxl', 'reportlab', 'PySide6') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"


def test_table_cells_count_chinese_as_two() -> None:
    from crm_desktop.cli.table import display_width, fit, format_table

    assert display_width("张伟 Li") == 7
    assert fit("张伟", 6) == "张伟  "
    assert fit("欧阳娜娜你好", 7) == "欧阳娜…"  # cut on a character, never half of one
    assert display_width(fit("欧阳娜娜你好", 8)) == 8
    lines = list(format_table([["1", "张伟"], ["22", "Anna"]], ["ID", "姓名"], [5, 10]))
    assert lines == ["ID  姓名", "--  ----", "1   张伟", "22  Anna"]
