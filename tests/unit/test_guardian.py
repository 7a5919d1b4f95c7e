"""A student's parent or guardian: built-in fields, upgraded from a 0003 file, imported,
exported, shown by `customers show --json`, and found by the guardian's phone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import create_engine, text

from crm_desktop.db import migrate
from crm_desktop.db.engine import Database, open_database
from crm_desktop.db.search import search_ids
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.export import export_records
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.table import read_table
from crm_desktop.exchange.undo import list_imports, undo_import
from crm_desktop.fields import customer_field
from crm_desktop.services.customer_query import customer_ids, customer_rows
from crm_desktop.services.customers import create_customer, update_customer

REPO = Path(__file__).resolve().parents[2]
GUARDIAN = ("guardian_name", "guardian_relation", "guardian_phone")


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _import(db: Database, path: Path) -> None:
    table = read_table(path)
    with db.session() as s:
        plan = plan_import(s, "customers", table, match_headers("customers", table.headers), "skip")
    run_import(db, plan)


def _rows(db: Database) -> list[dict[str, Any]]:
    with db.session() as s:
        return customer_rows(s, sorted(customer_ids(s)), ["name", *GUARDIAN])


def test_catalogue_names_them_in_both_languages() -> None:
    assert [customer_field(k).zh for k in GUARDIAN] == ["家长姓名", "与学员关系", "家长电话"]
    assert customer_field("guardian_phone").type == "phone"
    assert not any(customer_field(k).readonly for k in GUARDIAN)


def test_school_sheet_headers_are_matched() -> None:
    mapping = match_headers("customers", ["学员姓名", "家长", "联系人关系", "监护人电话", "手机"])
    assert mapping.targets == ["name", "guardian_name", "guardian_relation", "guardian_phone", "phone"]
    english = match_headers("customers", ["Name", "Parent", "Relationship", "Parent phone"])
    assert english.targets == ["name", "guardian_name", "guardian_relation", "guardian_phone"]
    # Odoo's parent_id is the related company, not a parent
    assert match_headers("customers", ["name", "parent_id"]).targets == ["name", "company"]


def _make_third_schema_file(path: Path) -> None:
    """A database as release 0003 wrote it, with a student whose parent is only in the notes."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0003")
        conn.execute(
            text(
                "INSERT INTO customers (id, name, kind, phone, phone_norm, category, notes, created_at,"
                " updated_at, total_spent, purchase_count, open_service_count, name_pinyin, name_initials)"
                " VALUES (1, '李小雨', 'person', '138-0013-8000', '13800138000', 'customer', '家长：李强',"
                " '2025-01-02 03:04:05', '2025-01-02 03:04:05', 2400, 1, 0, 'lixiaoyu', 'lxy')"
            )
        )
    engine.dispose()


def test_a_0003_file_is_upgraded_with_empty_guardian_fields_that_then_work(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    _make_third_schema_file(path)
    db = open_database(path)
    try:
        assert db.upgraded_from == "0003"
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.HEAD
            row = conn.execute(
                text("SELECT name, phone, notes, total_spent, guardian_name, guardian_phone FROM customers")
            ).one()
        assert tuple(row) == ("李小雨", "138-0013-8000", "家长：李强", 2400.0, None, None)
        with db.session() as s:
            assert search_ids(s, "李小") == [1]  # the search index survived the upgrade
            update_customer(
                s,
                1,
                {"guardian_name": "李强", "guardian_relation": "父亲", "guardian_phone": "139 1234 5678"},
            )
        with db.session() as s:
            assert search_ids(s, "13912345678") == [1]
            assert search_ids(s, "xiaoyu") == [1]
    finally:
        db.close()


def test_guardian_phone_finds_the_student_whatever_its_format(db: Database) -> None:
    with db.session() as s:
        student = create_customer(
            s, {"name": "王小明", "guardian_name": "王大伟", "guardian_phone": "+86 139-1234-5678"}
        ).id
        other = create_customer(s, {"name": "赵六", "phone": "13700001111"}).id
    with db.session() as s:
        assert search_ids(s, "13912345678") == [student]
        assert search_ids(s, "139-1234") == [student]
        assert search_ids(s, "139 1234 5678", limit=12) == [student]
        assert search_ids(s, "13700001111") == [other]
        update_customer(s, student, {"guardian_phone": "0086 13800001111"})
    with db.session() as s:
        assert search_ids(s, "13800001111") == [student]
        assert search_ids(s, "13912345678") == []
        update_customer(s, student, {"guardian_phone": None})
    with db.session() as s:
        assert search_ids(s, "13800001111") == []


def test_guardian_columns_import_export_reimport_and_undo(db: Database, tmp_path: Path) -> None:
    source = _xlsx(
        tmp_path / "学员名单.xlsx",
        [
            ["学员姓名", "家长姓名", "与学员关系", "家长电话"],
            ["陈一一", "陈建国", "父亲", "13911112222"],
            ["刘二二", "周丽", "母亲", "139-3333-4444"],
        ],
    )
    _import(db, source)
    expected = [
        {
            "id": 1,
            "name": "陈一一",
            "guardian_name": "陈建国",
            "guardian_relation": "父亲",
            "guardian_phone": "13911112222",
        },
        {
            "id": 2,
            "name": "刘二二",
            "guardian_name": "周丽",
            "guardian_relation": "母亲",
            "guardian_phone": "139-3333-4444",
        },
    ]
    assert _rows(db) == expected
    with db.session() as s:
        assert search_ids(s, "13933334444") == [2]  # the bulk import path keeps the key too

    out = tmp_path / "export.xlsx"
    with db.session() as s:
        export_records(s, "customers", out, lang="zh")
    headers = [c.value for c in next(openpyxl.load_workbook(out).active.iter_rows(max_row=1))]
    assert {"家长姓名", "与学员关系", "家长电话"} <= set(headers)

    # a second database gets the same values back from the exported file
    other = open_database(tmp_path / "other.db")
    try:
        _import(other, out)
        assert [{k: v for k, v in r.items() if k != "id"} for r in _rows(other)] == [
            {k: v for k, v in r.items() if k != "id"} for r in expected
        ]
        with other.session() as s:
            undo_import(s, list_imports(s)[0].id)
        assert _rows(other) == []
    finally:
        other.close()


def test_customers_show_json_has_the_guardian(db: Database, db_path: Path, tmp_path: Path) -> None:
    with db.session() as s:
        cid = create_customer(
            s,
            {
                "name": "孙小美",
                "guardian_name": "孙浩",
                "guardian_relation": "父亲",
                "guardian_phone": "13500002222",
            },
        ).id
    db.close()
    env = {k: v for k, v in os.environ.items() if k != "CRM_DESKTOP_DB"}
    env.update(PYTHONPATH=str(REPO), CRM_DESKTOP_LANG="en", HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "customers", "show", str(cid), "--db", str(db_path), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert {k: shown[k] for k in GUARDIAN} == {
        "guardian_name": "孙浩",
        "guardian_relation": "父亲",
        "guardian_phone": "13500002222",
    }
