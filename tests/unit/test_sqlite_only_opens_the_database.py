"""The data-safety rule: while a process holds SQLite connections to a database, nothing but
SQLite opens that file or its -wal/-shm.

POSIX advisory locks belong to the process, not to a descriptor: closing ANY descriptor of
the database file drops every lock the process's SQLite connections hold on it. The next
program to close its connection then believes it is the last user, checkpoints and deletes
the WAL that our connections still use ("How To Corrupt An SQLite Database File", 2.2). The
last round shipped exactly that: reading the file header for `inspect_file` during a backup
made any later command-line run delete the running app's WAL.

Python's audit hooks see every `open()`, `os.open()`, removal and rename made from Python
(SQLite's own opens are C calls and do not appear), so this test runs what the app and the
command line do -- backups, checks, imports, exports, undo, erase, reports, the upgrade
copy -- while a connection is open, and fails on any Python-level open of those files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from crm_desktop.cli import main as cli_main
from crm_desktop.db.engine import copy_aside, inspect_file, open_database
from crm_desktop.services.autobackup import auto_backup
from crm_desktop.services.backup import backup_database, check_database, restore_database
from crm_desktop.services.demo import generate_demo

_WATCHED: set[str] = set()
_SEEN: list[tuple[str, str]] = []
_EVENTS = {"open", "os.remove", "os.rename", "os.truncate", "shutil.copyfile", "shutil.move"}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHED or event not in _EVENTS or not args:
        return
    target = args[0]
    if isinstance(target, bytes):
        target = os.fsdecode(target)
    if not isinstance(target, str | os.PathLike):
        return  # a descriptor (os.fdopen) or an in-memory file
    path = os.path.realpath(os.fspath(target))
    if path in _WATCHED:
        _SEEN.append((event, path))


sys.addaudithook(_hook)  # hooks cannot be removed; it is idle while nothing is watched


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "shop.db"
    db = open_database(path)
    generate_demo(db, customers=40, lang="zh", business="shop")
    db.close()
    _WATCHED.update(os.path.realpath(f"{path}{suffix}") for suffix in ("", "-wal", "-shm"))
    _SEEN.clear()
    try:
        yield path
    finally:
        _WATCHED.clear()


def _cli(*argv: object) -> int:
    return cli_main([str(a) for a in argv])


def test_nothing_but_sqlite_opens_a_database_in_use(watched: Path, tmp_path: Path) -> None:
    db = open_database(watched)  # the app: its connection stays open throughout
    conn = db.engine.connect()
    conn.execute(text("SELECT count(*) FROM customers")).scalar_one()
    try:
        inspect_file(watched)
        backup_database(watched, tmp_path / "b1.db")
        auto_backup(db)
        assert check_database(watched) == []
        copy_aside(watched, "aside")
        open_database(watched).close()  # a second opener in the same process

        sheet = tmp_path / "people.csv"
        sheet.write_text("姓名,手机\n王小明,13800138000\n李雷,13900139000\n", encoding="utf-8")
        assert _cli("export", "customers", tmp_path / "out.xlsx", "--db", watched) == 0
        assert _cli("import", "customers", sheet, "--db", watched) == 0
        assert _cli("imports", "list", "--db", watched) == 0
        assert _cli("imports", "undo", "1", "--db", watched) == 0
        assert _cli("customers", "list", "--db", watched, "--limit", "3") == 0
        assert _cli("customers", "show", "1", "--db", watched, "--json") == 0
        assert _cli("customers", "erase", "2", "--db", watched, "--yes") == 0
        assert _cli("report", "customers", tmp_path / "list.pdf", "--db", watched) == 0
        assert _cli("check", "--db", watched) == 0
        assert _cli("backup", tmp_path / "b2.db", "--db", watched) == 0
        # a restore onto ANOTHER file (this one is in use): reading the backup is SQLite's job
        restore_database(tmp_path / "b2.db", tmp_path / "elsewhere.db")
    finally:
        conn.close()
        db.close()
    assert _SEEN == [], f"the database file was opened outside SQLite while in use: {_SEEN}"


def test_the_rule_test_sees_a_plain_open(watched: Path) -> None:
    """The hook itself works: a plain open of the file is caught (so a pass above means something)."""
    with open(watched, "rb") as fh:
        fh.read(16)
    assert [("open", os.path.realpath(watched))] == _SEEN
    _SEEN.clear()
