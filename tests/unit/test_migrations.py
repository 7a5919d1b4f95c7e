"""Opening database files: new, older (upgraded without loss), newer, foreign, damaged."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crm_desktop.db import migrate
from crm_desktop.db.engine import open_database
from crm_desktop.errors import CrmError


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make_first_schema_file(path: Path) -> None:
    """A database as the first release wrote it: schema 0001 with some records."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
        conn.execute(
            text(
                "INSERT INTO customers (id, name, kind, phone, email, category, notes, created_at, updated_at,"
                " total_spent, purchase_count, open_service_count)"
                " VALUES (:id, :name, 'person', :phone, :email, 'customer', :notes, '2024-01-02 03:04:05',"
                " '2024-01-02 03:04:05', 0, 0, 0)"
            ),
            [
                {
                    "id": 1,
                    "name": "张伟",
                    "phone": "138-0013-8000",
                    "email": "zw@example.cn",
                    "notes": "老客户，喜欢绿茶",
                },
                {
                    "id": 2,
                    "name": "Jane Doe",
                    "phone": "+1 555 0100",
                    "email": "jane@example.com",
                    "notes": None,
                },
            ],
        )
        conn.execute(text("INSERT INTO tags (id, name) VALUES (1, 'VIP')"))
        conn.execute(text("INSERT INTO customer_tags (customer_id, tag_id) VALUES (1, 1)"))
        conn.execute(
            text(
                "INSERT INTO pipeline_stages (id, code, name_zh, name_en, position, probability, outcome)"
                " VALUES (1, 'won', '成交', 'Sold', 0, 100, 'won')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO deals (id, customer_id, title, amount, stage_id, status, created_at, updated_at)"
                " VALUES (1, 1, '绿茶礼盒', 388.0, 1, 'won', '2024-02-01 10:00:00', '2024-02-01 10:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO follow_ups (id, customer_id, kind, subject, due_at, created_at)"
                " VALUES (1, 1, 'call', '回访', '2024-03-01 09:00:00', '2024-02-01 10:00:00')"
            )
        )
    engine.dispose()


def test_alembic_scripts_match_the_revisions_the_app_knows() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(revisions) == migrate.REVISIONS
    assert script.get_current_head() == migrate.HEAD


def test_new_file_is_created_at_the_newest_schema(tmp_path: Path) -> None:
    db = open_database(tmp_path / "sub" / "new.db")
    try:
        assert db.created
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.HEAD
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.close()


def test_older_file_is_copied_aside_then_upgraded_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_first_schema_file(path)
    db = open_database(path)
    try:
        assert db.upgraded_from == "0001"
        assert db.upgrade_backup is not None and db.upgrade_backup.exists()
        # the copy is the file as it was, openable on its own
        copy = sqlite3.connect(db.upgrade_backup)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert copy.execute("SELECT count(*) FROM customers").fetchone()[0] == 2
        copy.close()

        with db.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, name, phone, email, notes, name_pinyin, name_initials FROM customers ORDER BY id"
                )
            ).all()
            assert [tuple(r) for r in rows] == [
                (1, "张伟", "138-0013-8000", "zw@example.cn", "老客户，喜欢绿茶", "zhangwei", "zw"),
                (2, "Jane Doe", "+1 555 0100", "jane@example.com", None, "janedoe", "jd"),
            ]
            assert conn.execute(text("SELECT count(*) FROM customer_tags")).scalar() == 1
            assert conn.execute(text("SELECT amount FROM deals WHERE id = 1")).scalar() == 388.0
            assert conn.execute(text("SELECT subject FROM follow_ups WHERE id = 1")).scalar() == "回访"
            # the search index covers customers that existed before the upgrade
            hits = conn.execute(
                text("SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"喜欢绿\"'")
            ).all()
            assert [h[0] for h in hits] == [1]
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.HEAD
    finally:
        db.close()


def test_file_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    db = open_database(path)
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(CrmError) as err:
        open_database(path)
    assert err.value.code == "db.newer"
    assert "newer version" in err.value.message("en")
    assert "更新版本" in err.value.message("zh")
    assert _digest(path) == before


def test_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other-app.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO recipes (title) VALUES ('dumplings')")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(CrmError) as err:
        open_database(path)
    assert err.value.code == "db.not_crm"
    assert _digest(path) == before


@pytest.mark.parametrize(
    "content",
    [b"this is a spreadsheet, honest", bytes(range(256)) * 40, b"SQLite format 3\x00" + b"\xff" * 50],
    ids=["text", "random-bytes", "truncated-header"],
)
def test_damaged_file_is_refused_and_left_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(CrmError) as err:
        open_database(path)
    assert err.value.code in {"db.damaged", "db.not_crm"}
    assert path.read_bytes() == content


def test_truncated_crm_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    db = open_database(path)
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    cut = path.read_bytes()
    with pytest.raises(CrmError) as err:
        open_database(path)
    assert err.value.code in {"db.damaged", "db.not_crm"}
    assert path.read_bytes() == cut


def test_missing_file_is_refused_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(CrmError) as err:
        open_database(tmp_path / "nope.db", create=False)
    assert err.value.code == "db.missing"
    assert not (tmp_path / "nope.db").exists()


def _make_second_schema_file(path: Path) -> None:
    """A database as release 0002 wrote it: surnames read out of context (曾 ceng, 单 dan)."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0002")
        conn.execute(
            text(
                "INSERT INTO customers (id, name, kind, category, created_at, updated_at, total_spent,"
                " purchase_count, open_service_count, name_pinyin, name_initials)"
                " VALUES (:id, :name, :kind, 'customer', '2025-01-02 03:04:05', '2025-01-02 03:04:05',"
                " 0, 0, 0, :p, :i)"
            ),
            [
                {"id": 1, "name": "曾子轩", "kind": "person", "p": "cengzixuan", "i": "czx"},
                {"id": 2, "name": "单田芳", "kind": "person", "p": "dantianfang", "i": "dtf"},
                {"id": 3, "name": "张伟", "kind": "person", "p": "zhangwei", "i": "zw"},
                {"id": 4, "name": "乐购", "kind": "company", "p": "legou", "i": "lg"},
                {"id": 5, "name": "曾记茶餐厅", "kind": "person", "p": "cengjichacanting", "i": "cjcct"},
            ],
        )
    engine.dispose()


def test_second_schema_file_gets_surname_pinyin(tmp_path: Path) -> None:
    from crm_desktop.db.search import search_ids

    path = tmp_path / "v2.db"
    _make_second_schema_file(path)
    db = open_database(path)
    try:
        assert db.upgraded_from == "0002"
        with db.engine.connect() as conn:
            keys = conn.execute(
                text("SELECT id, name_pinyin, name_initials FROM customers ORDER BY id")
            ).all()
        assert [tuple(k) for k in keys] == [
            (1, "zengzixuan", "zzx"),
            (2, "shantianfang", "stf"),
            (3, "zhangwei", "zw"),
            (4, "legou", "lg"),  # a company's name is not a surname
            (5, "cengjichacanting", "cjcct"),  # nor is a shop's, whatever its kind says
        ]
        with db.session() as s:
            assert search_ids(s, "zzx") == [1]
            assert search_ids(s, "zengzixuan") == [1]
            assert search_ids(s, "zengzi") == [1]  # the trigram index was updated too
            assert search_ids(s, "cengzixuan") == []
            assert search_ids(s, "stf") == [2]
    finally:
        db.close()
