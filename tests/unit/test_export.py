"""Export to .xlsx and .csv: formatted, formula-safe, cut at Excel's cell limit, re-importable without loss."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from crm_desktop.db.engine import Database, open_database
from crm_desktop.errors import CrmError
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.export import export_records
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.table import read_table
from crm_desktop.exchange.writers import CUT_MARKER, MAX_CELL
from crm_desktop.services.customer_query import custom_field_names, customer_ids, customer_rows
from crm_desktop.services.customers import archive_customers, create_customer
from crm_desktop.services.presets import apply_preset

PEOPLE: list[dict[str, Any]] = [
    {
        "name": "张伟",
        "kind": "person",
        "company": "北京甲乙科技有限公司",
        "title": "经理",
        "phone": "+86 138-0013-8000",
        "alt_phone": "010-62671188",
        "email": "zhangwei@example.cn",
        "wechat": "zw_1990",
        "website": "www.example.cn",
        "gender": "male",
        "birthday": date(1990, 5, 3),
        "country": "中国",
        "city": "北京",
        "address": "海淀区中关村大街 1 号",
        "postcode": "100080",
        "source": "朋友介绍",
        "category": "loyal",
        "grade": "A",
        "tags": ["VIP", "老客户"],
        "preferred_channel": "wechat",
        "notes": "喜欢绿茶\n第二行",
        "custom.会员卡号": "A-0017",
    },
    {
        "name": '=HYPERLINK("http://evil","click")',
        "phone": "13900139000",
        "email": "eve@example.com",
        "notes": "+1 more; -2 less; @mention",
        "company": "-Minus Ltd",
        "created_at": datetime(2024, 1, 2, 9, 30),
    },
    {"name": "Ann Lee", "kind": "company", "category": "lead", "gender": "female", "tags": ["a,b-not-split"]},
]
KEYS = [
    "name",
    "kind",
    "company",
    "title",
    "phone",
    "alt_phone",
    "email",
    "wechat",
    "website",
    "gender",
    "birthday",
    "country",
    "city",
    "address",
    "postcode",
    "source",
    "category",
    "grade",
    "tags",
    "preferred_channel",
    "notes",
    "custom.会员卡号",
]


def fill(db: Database) -> None:
    with db.session() as s:
        for person in PEOPLE:
            create_customer(s, person)


def rows_of(db: Database) -> list[dict[str, Any]]:
    with db.session() as s:
        rows = customer_rows(s, sorted(customer_ids(s)))
    for r in rows:
        r.pop("id")
        r.pop("updated_at")
    return rows


def reimport(path: Path, target: Path) -> Database:
    fresh = open_database(target)
    with fresh.session() as s:
        apply_preset(s, "shop")
    table = read_table(path)
    with fresh.session() as s:
        mapping = match_headers("customers", table.headers, custom_field_names(s))
        # a member's card number comes back as the custom field of that name by itself (issue 15)
        assert mapping.unmatched() == []
        assert "custom.会员卡号" in mapping.targets
        plan = plan_import(s, "customers", table, mapping)
    run_import(fresh, plan)
    return fresh


@pytest.mark.parametrize(
    ("suffix", "lang"), [(".xlsx", "zh"), (".xlsx", "en"), (".csv", "zh"), (".csv", "en")]
)
def test_round_trip_gives_back_the_same_data(db: Database, tmp_path: Path, suffix: str, lang: str) -> None:
    fill(db)
    path = tmp_path / f"customers{suffix}"
    with db.session() as s:
        result = export_records(s, "customers", path, lang=lang)
    assert result.count == 3 and not result.warnings
    fresh = reimport(path, tmp_path / "fresh.db")
    try:
        original = rows_of(db)
        assert rows_of(fresh) == original
        assert original[0]["tags"] == ["VIP", "老客户"]
    finally:
        fresh.close()


def test_xlsx_is_formatted_and_never_holds_a_formula(db: Database, tmp_path: Path) -> None:
    fill(db)
    path = tmp_path / "c.xlsx"
    with db.session() as s:
        export_records(s, "customers", path, lang="en")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    assert all(c.font.bold for c in sheet[1])
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["ID", "Name", "Type"]
    name_col = headers.index("Name") + 1
    evil = sheet.cell(row=3, column=name_col)
    assert evil.data_type == "s"  # text, not a formula
    assert evil.value.startswith("=HYPERLINK")
    birthday = sheet.cell(row=2, column=headers.index("Birthday") + 1)
    assert birthday.is_date and birthday.value.date() == date(1990, 5, 3)
    assert sheet.column_dimensions["B"].width > 8


def test_csv_has_bom_and_neutralises_formulas(db: Database, tmp_path: Path) -> None:
    fill(db)
    path = tmp_path / "c.csv"
    with db.session() as s:
        export_records(s, "customers", path, keys=["name", "company", "notes", "phone"], lang="zh")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["姓名", "公司", "备注", "电话"]
    assert rows[2][0].startswith("'=HYPERLINK")
    assert rows[2][1] == "'-Minus Ltd"
    assert rows[2][2] == "'+1 more; -2 less; @mention"
    assert rows[1][3] == "'+86 138-0013-8000"


def test_overlong_text_is_cut_with_a_marker_and_a_warning(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        c = create_customer(s, {"name": "Long"})
        c.notes = "x" * (MAX_CELL + 500)  # longer than the form allows: set directly, as old data might be
    for suffix in (".xlsx", ".csv"):
        path = tmp_path / f"long{suffix}"
        with db.session() as s:
            result = export_records(s, "customers", path, keys=["name", "notes"])
        assert len(result.warnings) == 1
        assert result.warnings[0].length == MAX_CELL + 500
        if suffix == ".xlsx":
            cell = openpyxl.load_workbook(path).active["B2"].value
        else:
            cell = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))[1][1]
        assert len(cell) == MAX_CELL and cell.endswith(CUT_MARKER)


def test_export_ids_in_the_order_given_and_archived_left_out(db: Database, tmp_path: Path) -> None:
    fill(db)
    with db.session() as s:
        archive_customers(s, [1])
        everything = export_records(s, "customers", tmp_path / "a.csv", keys=["name"])
        chosen = export_records(s, "customers", tmp_path / "b.csv", ids=[3, 1], keys=["name"])
    assert everything.count == 2
    names = [r[0] for r in csv.reader((tmp_path / "b.csv").read_text(encoding="utf-8-sig").splitlines())]
    assert names == ["Name", "Ann Lee", "张伟"] or names == ["姓名", "Ann Lee", "张伟"]
    assert chosen.count == 2


def test_bad_target(db: Database, tmp_path: Path) -> None:
    with db.session() as s, pytest.raises(CrmError) as err:
        export_records(s, "customers", tmp_path / "c.pdf")
    assert err.value.code == "export.bad_format"
    with db.session() as s, pytest.raises(CrmError) as err:
        export_records(s, "customers", tmp_path / "missing" / "c.xlsx")
    assert err.value.code == "export.cannot_write"
