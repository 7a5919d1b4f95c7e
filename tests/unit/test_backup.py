"""Backup, restore and integrity check on real database files."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from crm_desktop.db.engine import Database, open_database
from crm_desktop.errors import CrmError
from crm_desktop.services.backup import backup_database, check_database, restore_database
from crm_desktop.services.customers import create_customer


def fingerprint(path: Path) -> str:
    """A hash of everything a user could see in the file (not of its bytes)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def count(path: Path, table: str = "customers") -> int:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


@pytest.fixture
def filled(db: Database) -> Iterator[Database]:
    with db.session() as s:
        for name, phone in (("张伟", "138-0013-8000"), ("王芳", "13912345678"), ("Anna Lee", None)):
            create_customer(s, {"name": name, "phone": phone, "tags": ["VIP"]})
    yield db


def damage(path: Path) -> None:
    """Overwrite the middle of the file with garbage, as a failing disk would."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")  # all pages in the main file
    data = bytearray(path.read_bytes())
    page = 4096
    for n in range(2, len(data) // page):
        data[n * page + 100 : n * page + 400] = b"\xa5" * 300
    path.write_bytes(bytes(data))


def test_backup_copies_everything(filled: Database, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    assert backup_database(filled.path, target) == target
    assert fingerprint(target) == fingerprint(filled.path)
    assert check_database(target) == []
    # one self-contained file: it can be carried away without a -wal beside it
    assert not Path(f"{target}-wal").exists()
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_backup_while_another_program_writes(filled: Database, tmp_path: Path) -> None:
    writer = sqlite3.connect(filled.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO customers (name, kind, category, created_at, updated_at, total_spent, "
            "purchase_count, open_service_count) VALUES ('未提交', 'person', 'prospect', "
            "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 0, 0, 0)"
        )
        target = backup_database(filled.path, tmp_path / "during.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert count(target) == 3  # the committed state, without the open transaction
    assert check_database(target) == []


def test_backup_refuses_existing_target(filled: Database, tmp_path: Path) -> None:
    target = tmp_path / "keep.db"
    target.write_bytes(b"precious")
    with pytest.raises(CrmError) as err:
        backup_database(filled.path, target)
    assert err.value.code == "backup.target_exists"
    assert target.read_bytes() == b"precious"


def test_backup_errors(filled: Database, tmp_path: Path) -> None:
    with pytest.raises(CrmError) as err:
        backup_database(tmp_path / "none.db", tmp_path / "b.db")
    assert err.value.code == "db.missing"
    with pytest.raises(CrmError) as err:
        backup_database(filled.path, tmp_path / "no" / "such" / "b.db")
    assert err.value.code == "backup.cannot_write"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00\x01 not a database" * 100)
    with pytest.raises(CrmError) as err:
        backup_database(junk, tmp_path / "b.db")
    assert err.value.code == "db.damaged"
    assert not (tmp_path / "b.db").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_restore_replaces_and_keeps_the_old_file(filled: Database, tmp_path: Path) -> None:
    backup = backup_database(filled.path, tmp_path / "b.db")
    expected = fingerprint(backup)
    with filled.session() as s:
        create_customer(s, {"name": "新客户"})
    filled.close()
    changed = fingerprint(filled.path)

    kept = restore_database(backup, filled.path)

    assert (
        kept is not None
        and kept.exists()
        and kept.parent == filled.path.parent / "backups" / "crm"
        and kept.name.endswith("-before-restore.db")
    )
    assert fingerprint(kept) == changed  # the replaced data is not lost
    assert fingerprint(filled.path) == expected
    assert not Path(f"{filled.path}-wal").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    reopened = open_database(filled.path, create=False)
    try:
        with reopened.session() as s:
            names = {n for (n,) in s.execute(text("SELECT name FROM customers"))}
    finally:
        reopened.close()
    assert names == {"张伟", "王芳", "Anna Lee"}


def test_restore_to_a_new_path(filled: Database, tmp_path: Path) -> None:
    backup = backup_database(filled.path, tmp_path / "b.db")
    target = tmp_path / "elsewhere" / "crm.db"
    target.parent.mkdir()
    assert restore_database(backup, target) is None
    assert fingerprint(target) == fingerprint(backup)


def test_restore_refuses_bad_backups_and_changes_nothing(filled: Database, tmp_path: Path) -> None:
    filled.close()
    before = fingerprint(filled.path)
    foreign = tmp_path / "other-app.db"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.commit()
    junk = tmp_path / "random.db"
    junk.write_bytes(bytes(range(256)) * 64)
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(filled.path.read_bytes()[:20000])
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    newer = tmp_path / "newer.db"
    backup_database(filled.path, newer)
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    cases = {
        tmp_path / "missing.db": "restore.missing",
        foreign: "restore.not_crm",
        junk: "restore.damaged",
        truncated: "restore.damaged",
        empty: "restore.not_crm",
        newer: "db.newer",
        tmp_path: "restore.missing",
    }
    for bad, code in cases.items():
        with pytest.raises(CrmError) as err:
            restore_database(bad, filled.path)
        assert err.value.code == code, bad
        assert err.value.message("zh") and err.value.message("en")
    assert fingerprint(filled.path) == before
    assert sorted(p.name for p in tmp_path.rglob("*") if "before-restore" in p.name) == []


def test_restore_refuses_while_another_program_writes(filled: Database, tmp_path: Path) -> None:
    backup = backup_database(filled.path, tmp_path / "b.db")
    filled.close()
    writer = sqlite3.connect(filled.path, isolation_level=None, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with pytest.raises(CrmError) as err:
            restore_database(backup, filled.path)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert err.value.code == "db.locked"
    assert sorted(p.name for p in tmp_path.rglob("*") if "before-restore" in p.name) == []


def test_restore_over_a_damaged_file(filled: Database, tmp_path: Path) -> None:
    backup = backup_database(filled.path, tmp_path / "b.db")
    filled.close()
    filled.path.write_bytes(b"garbage" * 1000)
    kept = restore_database(backup, filled.path)
    assert kept is not None and kept.read_bytes() == b"garbage" * 1000
    assert fingerprint(filled.path) == fingerprint(backup)


def test_check_healthy(filled: Database) -> None:
    assert check_database(filled.path) == []


def test_check_finds_broken_references(filled: Database) -> None:
    filled.close()
    with closing(sqlite3.connect(filled.path)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(
            "INSERT INTO notes (customer_id, body, created_at) VALUES (424242, 'x', '2026-01-01 00:00:00')"
        )
        conn.commit()
    problems = check_database(filled.path)
    assert len(problems) == 1 and "notes" in problems[0] and "customers" in problems[0]


def test_check_finds_damaged_pages(filled: Database) -> None:
    with filled.session() as s:
        for i in range(400):
            create_customer(s, {"name": f"客户{i}", "notes": "备注" * 50})
    filled.close()
    damage(filled.path)
    try:
        problems = check_database(filled.path)
    except CrmError as err:  # the damage may reach the schema page: then it is not readable at all
        assert err.code == "db.damaged"
    else:
        assert problems


def test_check_refuses_what_is_not_a_crm_file(tmp_path: Path) -> None:
    junk = tmp_path / "x.db"
    junk.write_bytes(b"hello" * 10)
    with pytest.raises(CrmError) as err:
        check_database(junk)
    assert err.value.code == "db.damaged"
    with pytest.raises(CrmError) as err:
        check_database(tmp_path / "none.db")
    assert err.value.code == "db.missing"


def test_restore_an_older_backup_then_it_upgrades_on_open(filled: Database, tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from crm_desktop.db import migrate

    old = tmp_path / "2024-backup.db"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        migrate.upgrade(conn, migrate.REVISIONS[0])
        conn.execute(
            text(
                "INSERT INTO customers (name, kind, category, created_at, updated_at, total_spent, "
                "purchase_count, open_service_count) VALUES ('老客户', 'person', 'customer', "
                "'2024-01-02 03:04:05', '2024-01-02 03:04:05', 0, 0, 0)"
            )
        )
    engine.dispose()
    filled.close()
    assert restore_database(old, filled.path) is not None
    reopened = open_database(filled.path, create=False)
    try:
        assert reopened.upgraded_from == migrate.REVISIONS[0]
        with reopened.session() as s:
            assert [n for (n,) in s.execute(text("SELECT name FROM customers"))] == ["老客户"]
    finally:
        reopened.close()
