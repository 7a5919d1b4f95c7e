"""Names sort as in a Chinese phone book: surname, then given name, syllable by syllable.

Joined pinyin split surnames (李娜 … 林/刘 … 李洋霞, because `lina` < `linfeng` < `liyangxia`)
and put 程海涛 between 陈刚 and 陈国强. Every path that writes a customer stores the same key.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, text

from crm_desktop.db import migrate
from crm_desktop.db.engine import Database, open_database
from crm_desktop.db.keys import name_sort_key
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.table import read_table
from crm_desktop.exchange.undo import undo_import
from crm_desktop.services.customer_query import CustomerQuery, customer_ids, customer_rows
from crm_desktop.services.customers import create_customer, update_customer

# in phone-book order
PHONE_BOOK = [
    "陈刚",
    "陈国强",
    "程海涛",
    "Émile Zola",
    "Emily Chen",
    "John Smith",
    "李娜",
    "李洋霞",
    "林峰",
    "刘洋",
    "Mary-Jane Watson",
    "曾子轩",  # 曾 as a surname reads zeng, not ceng
    "张伟",
    "长孙无忌",  # a compound surname: zhang sun
    "zoe adams",
]


def test_the_key_orders_surname_then_given_name_syllable_by_syllable() -> None:
    shuffled = sorted(PHONE_BOOK, key=lambda n: n.encode("utf-8")[::-1])
    assert sorted(shuffled, key=lambda n: name_sort_key(n) or "") == PHONE_BOOK
    assert name_sort_key("李娜") == "li 李 na"
    assert name_sort_key("李洋霞") == "li 李 yang xia"
    assert name_sort_key("Émile  Zola") == "emile zola"


def test_surnames_that_read_alike_stay_apart() -> None:
    # 李 and 黎 are both `li`: each surname's names stay together
    names = ["李娜", "黎明", "李洋霞", "黎安"]
    assert sorted(names, key=lambda n: name_sort_key(n) or "") == ["李娜", "李洋霞", "黎安", "黎明"]


def test_a_business_has_no_surname() -> None:
    assert name_sort_key("曾记茶餐厅") == "ceng ji cha can ting"
    assert name_sort_key("曾氏", "company") == "ceng shi"
    assert name_sort_key("") is None
    assert name_sort_key("★★") == "★★"


def _names(db: Database, descending: bool = False) -> list[str]:
    with db.session() as s:
        ids = customer_ids(s, CustomerQuery(sort_key="name", descending=descending))
        return [r["name"] for r in customer_rows(s, ids, ["name"])]


def test_the_customer_list_sorts_names_in_phone_book_order(db: Database) -> None:
    with db.session() as s:
        for n, name in enumerate(reversed(PHONE_BOOK)):
            create_customer(s, {"name": name, "phone": f"1380000{n:04d}"})
    assert _names(db) == PHONE_BOOK
    assert _names(db, descending=True) == PHONE_BOOK[::-1]


def test_renaming_a_customer_moves_it(db: Database) -> None:
    with db.session() as s:
        first = create_customer(s, {"name": "陈刚"}).id
        create_customer(s, {"name": "程海涛"})
    with db.session() as s:
        update_customer(s, first, {"name": "刘洋"})
    assert _names(db) == ["程海涛", "刘洋"]


def _sort_keys(db: Database) -> dict[str, str | None]:
    with db.engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(text("SELECT name, name_sort FROM customers"))}


def test_an_import_and_its_undo_keep_the_keys(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        create_customer(s, {"name": "陈刚", "email": "c@example.com"})
    source = tmp_path / "in.csv"
    # one new customer, and a rename of the existing one (matched by email: a phone shared by
    # two different names is two people, issue 15)
    source.write_text("姓名,邮箱\n李洋霞,l@example.com\n程海涛,c@example.com\n", encoding="utf-8")
    table = read_table(source)
    with db.session() as s:
        plan = plan_import(s, "customers", table, match_headers("customers", table.headers), "update")
    result = run_import(db, plan)
    assert _sort_keys(db) == {"李洋霞": "li 李 yang xia", "程海涛": "cheng 程 hai tao"}
    with db.session() as s:
        undo_import(s, result.batch_id)
    assert _sort_keys(db) == {"陈刚": "chen 陈 gang"}


def test_demo_data_has_the_keys(tmp_path: Path) -> None:
    from crm_desktop.services.demo import generate_demo

    db = open_database(tmp_path / "demo.db")
    try:
        generate_demo(db, customers=40, lang="zh")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT name, kind, name_sort FROM customers")).all()
        assert rows and all(key == name_sort_key(name, kind) for name, kind, key in rows)
    finally:
        db.close()


def _indexes(path: Path) -> dict[str, list[str]]:
    """Each index of the customers table and its columns, as SQLite has it."""
    conn = sqlite3.connect(path)
    try:
        names = [r[1] for r in conn.execute("PRAGMA index_list(customers)")]
        return {n: [r[2] for r in conn.execute(f"PRAGMA index_info({n})")] for n in names}
    finally:
        conn.close()


def test_a_file_from_release_0003_gets_the_keys_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0003")  # the last release before the sort key
        conn.execute(
            text(
                "INSERT INTO customers (id, name, kind, category, created_at, updated_at, total_spent,"
                " purchase_count, open_service_count) VALUES (:id, :name, :kind, 'customer',"
                " '2024-01-02 03:04:05', '2024-01-02 03:04:05', 0, 0, 0)"
            ),
            [
                {"id": i + 1, "name": name, "kind": "company" if name.endswith("公司") else "person"}
                for i, name in enumerate(["李洋霞", "林峰", "李娜", "曾氏贸易公司", "John Smith"])
            ],
        )
    engine.dispose()
    db = open_database(path)
    try:
        assert db.upgraded_from == "0003"
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.HEAD
        assert _names(db) == ["曾氏贸易公司", "John Smith", "李娜", "李洋霞", "林峰"]
        assert _sort_keys(db)["曾氏贸易公司"] == "ceng shi mao yi gong si"
    finally:
        db.close()
    # the upgraded file has the indexes of a new one (the name sort and the search scan's)
    open_database(tmp_path / "new.db").close()
    upgraded, new = _indexes(path), _indexes(tmp_path / "new.db")
    assert upgraded == new
    assert new["ix_customers_name_sort"] == ["name_sort", "archived_at"]
    assert new["ix_customers_search_scan"][-1] == "name_sort"
    # the copy taken before the upgrade is the file as it was
    assert db.upgrade_backup is not None
    copy = sqlite3.connect(db.upgrade_backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0003"
    copy.close()


def test_the_revision_goes_back_down_keeping_everything_else(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    db = open_database(path)
    with db.session() as s:
        create_customer(s, {"name": "李娜", "notes": "喜欢绿茶"})
    db.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        from alembic import command

        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(customers)"))}
        triggers = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        found = conn.execute(
            text("SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"喜欢绿\"'")
        ).all()
    engine.dispose()
    assert "name_sort" not in columns and "name_pinyin" in columns
    assert {"customers_fts_ai", "customers_fts_ad", "customers_fts_au"} <= triggers
    assert len(found) == 1
    indexes = _indexes(path)
    assert "ix_customers_name_sort" not in indexes and indexes["ix_customers_search_scan"][-1] == "notes"
    # and up again: the key is filled
    db = open_database(path)
    try:
        assert _sort_keys(db) == {"李娜": "li 李 na"}
    finally:
        db.close()
