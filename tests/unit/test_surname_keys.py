"""A name's search keys are the same whichever path wrote the customer (app, import, migration).

A person's heteronym surname is read as a surname (曾子轩 → zengzixuan); a company's name never
is (曾氏 company → cengshi). Changing the kind recomputes the keys.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from crm_desktop.db.engine import Database
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.table import read_table
from crm_desktop.services.customers import create_customer, update_customer


def keys(db: Database, name: str) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        return [
            (r[0], r[1])
            for r in conn.execute(
                text("SELECT kind, name_pinyin FROM customers WHERE name = :n ORDER BY id"), {"n": name}
            )
        ]


def test_the_app_and_an_import_give_the_same_keys(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        create_customer(s, {"name": "曾氏", "kind": "company", "phone": "13800000001"})
        create_customer(s, {"name": "曾子轩", "phone": "13800000002"})
    source = tmp_path / "in.csv"
    source.write_text("姓名,类型,电话\n曾氏,公司,13800000003\n曾子轩,,13800000004\n", encoding="utf-8")
    table = read_table(source)
    with db.session() as s:
        plan = plan_import(s, "customers", table, match_headers("customers", table.headers))
    run_import(db, plan)
    assert keys(db, "曾氏") == [("company", "cengshi"), ("company", "cengshi")]
    assert keys(db, "曾子轩") == [("person", "zengzixuan"), ("person", "zengzixuan")]


def test_changing_the_kind_recomputes_the_keys(db: Database) -> None:
    with db.session() as s:
        cid = create_customer(s, {"name": "曾氏", "phone": "13800000001"}).id
    assert keys(db, "曾氏") == [("person", "zengshi")]
    with db.session() as s:
        update_customer(s, cid, {"kind": "company"})
    assert keys(db, "曾氏") == [("company", "cengshi")]
