"""A healthy database on a read-only medium (CD, read-only share or mount) opens read-only.

SQLite cannot open a WAL database with `mode=ro` when the `-shm` file cannot be created beside
it; the file was then reported as damaged. A real read-only bind mount needs root and a
`mount` that works (a container may refuse it); the test is skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from crm_desktop.db.engine import inspect_file, open_database, readonly_uri
from crm_desktop.errors import CrmError
from crm_desktop.services.backup import backup_database
from crm_desktop.services.customers import count_customers, create_customer
from crm_desktop.services.presets import apply_preset

REPO = Path(__file__).resolve().parents[2]


def _make_crm(folder: Path) -> Path:
    """A small healthy database left in WAL mode, as the app leaves it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crm.db"
    db = open_database(path)
    with db.session() as s:
        apply_preset(s, "shop")
        create_customer(s, {"name": "张伟", "phone": "13800138000"})
    db.close()
    assert not Path(str(path) + "-shm").exists()
    with path.open("rb") as fh:
        assert fh.read(20)[18:20] == b"\x02\x02"  # WAL mode: the case that failed
    return path


def _cli(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CRM_DESKTOP_DB", "CRM_DESKTOP_LANG")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        PYTHONPATH=str(REPO),
        CRM_DESKTOP_LANG="en",
        PYTHONIOENCODING="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *map(str, args)],
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=env,
    )


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(source folder, the same folder bind-mounted read-only)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a read-only bind mount needs root and mount")
    src = tmp_path / "src"
    src.mkdir()
    ro = tmp_path / "ro"
    ro.mkdir()
    done = subprocess.run(["mount", "--bind", str(src), str(ro)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"mount refused: {done.stderr.decode(errors='replace').strip()}")
    try:
        again = subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], capture_output=True)
        if again.returncode != 0:
            pytest.skip("read-only remount refused")
        yield src, ro
    finally:
        subprocess.run(["umount", str(ro)], capture_output=True)


def test_a_database_on_a_read_only_mount_opens_read_only(read_only_mount: tuple[Path, Path]) -> None:
    src, ro = read_only_mount
    _make_crm(src)
    path = ro / "crm.db"
    with pytest.raises(OSError):
        (ro / "probe").write_text("x")  # the medium really is read-only, even for root

    assert "immutable=1" in readonly_uri(path)
    assert inspect_file(path) is not None
    db = open_database(path, create=False)
    try:
        assert db.read_only  # the app shows its read-only banner
        with db.session() as s:
            assert count_customers(s) == 1
        with closing(db.raw_connection()) as conn:
            assert conn.execute("SELECT name FROM customers").fetchone()[0] == "张伟"
    finally:
        db.close()
    # a copy can be taken off the medium
    copy = backup_database(path, src.parent / "copy.db")
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 1
    assert sorted(os.listdir(src)) == ["crm.db"]


def test_the_command_line_lists_and_refuses_writes_on_a_read_only_mount(
    read_only_mount: tuple[Path, Path], tmp_path: Path
) -> None:
    src, ro = read_only_mount
    _make_crm(src)
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)

    listed = _cli(home, "customers", "list", "--db", ro / "crm.db")
    assert listed.returncode == 0, listed.stderr
    assert "张伟" in listed.stdout
    assert "damaged" not in listed.stderr

    csv = home / "new.csv"
    csv.write_text("姓名,手机\n李娜,13900139000\n", encoding="utf-8")
    imported = _cli(home, "import", "customers", csv, "--db", ro / "crm.db")
    assert imported.returncode == 1
    assert "Traceback" not in imported.stderr
    assert "cannot be written" in imported.stderr
    undone = _cli(home, "imports", "undo", "1", "--db", ro / "crm.db")
    assert undone.returncode == 1
    assert "cannot be written" in undone.stderr


def test_unsaved_changes_in_wal_on_a_read_only_mount_are_not_called_damage(
    read_only_mount: tuple[Path, Path],
) -> None:
    src, ro = read_only_mount
    path = _make_crm(src)
    # a session that ended without its checkpoint: committed changes still in -wal, no -shm
    (src / "crm.db-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(60))
    with pytest.raises(CrmError) as err:
        inspect_file(ro / path.name)
    assert err.value.code == "db.readonly_pending"
    assert "-wal" in err.value.message("en")


def test_a_read_only_folder_opens_read_only(tmp_path: Path) -> None:
    """The same through folder permissions (effective for an ordinary user, not for root)."""
    path = _make_crm(tmp_path / "shared")
    folder = path.parent
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("folder permissions do not stop this user (root)")
        assert "immutable=1" in readonly_uri(path)
        db = open_database(path, create=False)
        try:
            assert db.read_only
            with db.session() as s:
                assert count_customers(s) == 1
        finally:
            db.close()
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_writable_folder_keeps_the_ordinary_read_only_uri(tmp_path: Path) -> None:
    # immutable=1 would miss another program's writes: only where nobody can write
    path = _make_crm(tmp_path / "mine")
    assert "immutable" not in readonly_uri(path)
    with closing(sqlite3.connect(readonly_uri(path), uri=True)) as conn:
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 1


def test_the_app_starts_read_only_on_a_read_only_mount(
    read_only_mount: tuple[Path, Path], tmp_path: Path
) -> None:
    """The window opens (title marked read-only) instead of offering to restore a backup."""
    src, ro = read_only_mount
    _make_crm(src)
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in ("CRM_DESKTOP_DB", "CRM_DESKTOP_LANG")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONPATH=str(REPO),
        CRM_DESKTOP_LANG="en",
        QT_QPA_PLATFORM="offscreen",
        CRM_DESKTOP_QUIT_AFTER_MS="500",
        PYTHONIOENCODING="utf-8",
    )
    started = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "--db", str(ro / "crm.db")],
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert started.returncode == 0, started.stderr
    assert "window shown: " in started.stdout and "read-only" in started.stdout
    assert sorted(os.listdir(src)) == ["crm.db"]


def test_an_older_file_on_a_read_only_mount_opens_as_it_is_only_when_just_data_revisions_are_missing(
    read_only_mount: tuple[Path, Path],
) -> None:
    """0003 recomputes search keys only, but later revisions add columns (0004 the guardian,
    0005 a deals column): a 0002 file on a CD cannot be read by this version's tables, so it
    is refused with the read-only message (copy it to a writable folder) and left as it was."""
    from test_migrations import _make_second_schema_file

    from crm_desktop.db import migrate

    assert migrate.schema_current(migrate.HEAD)
    assert not migrate.schema_current("0002") and not migrate.schema_current("0003")
    src, ro = read_only_mount
    _make_second_schema_file(src / "crm.db")
    before = (src / "crm.db").read_bytes()
    with pytest.raises(CrmError) as err:
        open_database(ro / "crm.db", create=False)
    assert err.value.code == "db.readonly"
    assert (src / "crm.db").read_bytes() == before and sorted(os.listdir(src)) == ["crm.db"]
