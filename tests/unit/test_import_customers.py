"""Importing customers: matching, values, validation, duplicates, dry run, all-or-nothing, undo."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sample_files import SAMPLES
from sqlalchemy import func, select

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, ImportBatch
from crm_desktop.errors import CrmError
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import apply_saved, match_headers
from crm_desktop.exchange.plan import ImportPlan, ImportResult
from crm_desktop.exchange.table import read_table
from crm_desktop.exchange.undo import list_imports, undo_import
from crm_desktop.services.customer_query import CustomerQuery, customer_ids, customer_rows
from crm_desktop.services.customers import create_customer
from crm_desktop.services.progress import Progress


def xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def plan_file(
    db: Database, path: Path, policy: str = "skip", mapping: Path | None = None, strict: bool = False
) -> ImportPlan:
    table = read_table(path)
    with db.session() as s:
        m = match_headers("customers", table.headers)
        if mapping is not None:
            apply_saved(m, mapping)
        return plan_import(s, "customers", table, m, policy, strict=strict)


def import_file(db: Database, path: Path, policy: str = "skip", strict: bool = False) -> ImportResult:
    return run_import(db, plan_file(db, path, policy, strict=strict), strict=strict)


def all_customers(db: Database) -> list[dict[str, Any]]:
    with db.session() as s:
        return customer_rows(s, sorted(customer_ids(s)))


def count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Customer)) or 0)


def test_chinese_sheet_with_numeric_phones_dates_and_tags(db: Database, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "客户.xlsx",
        [
            ["门店会员名单"],
            ["姓名", "手机", "生日", "标签", "客户类型", "性别", "邮编"],
            ["张伟", 13800138000, date(1990, 5, 3), "VIP，老客户、常客", "个人", "男", 100080],
            ["  李娜 ", "+86 139-0013-9000", "1988年12月1日", "VIP;学员", "公司", "女", None],
        ],
    )
    result = import_file(db, path)
    assert (result.created, result.rejected) == (2, 0)
    rows = all_customers(db)
    zhang, li = rows
    assert zhang["name"] == "张伟"
    assert zhang["phone"] == "13800138000"
    assert zhang["birthday"] == date(1990, 5, 3)
    assert zhang["tags"] == sorted(["VIP", "老客户", "常客"])
    assert zhang["gender"] == "male"
    assert zhang["postcode"] == "100080"
    assert li["name"] == "李娜"
    assert li["phone"] == "+86 139-0013-9000"  # the user's format is kept for display
    assert li["birthday"] == date(1988, 12, 1)
    assert li["kind"] == "company"
    with db.session() as s:
        # derived keys are there for search and duplicate matching (raw SQL bypasses the ORM hooks)
        c = s.get(Customer, li["id"])
        assert c is not None
        assert (c.phone_norm, c.name_initials) == ("13900139000", "ln")
        fts = s.execute(select(func.count()).select_from(Customer).where(Customer.id.in_([1, 2]))).scalar()
        assert fts == 2
        hits = (
            s.connection()
            .exec_driver_sql("SELECT rowid FROM customer_fts WHERE customer_fts MATCH '0013900'")
            .all()
        )
        assert [h[0] for h in hits] == [li["id"]]


def test_date_order_is_settled_over_the_whole_column(db: Database, tmp_path: Path) -> None:
    # 03/05/2024 alone could be either; 25/12/2023 further down says day first for the column
    path = tmp_path / "dates.csv"
    path.write_text("Name,Birthday\nAnn,03/05/2024\nBob,04/06/2024\nCid,25/12/2023\n", encoding="utf-8")
    import_file(db, path)
    assert [r["birthday"] for r in all_customers(db)] == [
        date(2024, 5, 3),
        date(2024, 6, 4),
        date(2023, 12, 25),
    ]


def test_month_first_column(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "us.csv"
    path.write_text("Name,Birthday\nAnn,03/05/2024\nBob,12/31/2023\n", encoding="utf-8")
    import_file(db, path)
    assert [r["birthday"] for r in all_customers(db)] == [date(2024, 3, 5), date(2023, 12, 31)]


def test_first_and_last_name_are_joined(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("名,姓,Phone\n伟,张,13800138000\n", encoding="utf-8")
    import_file(db, path)
    path2 = tmp_path / "e.csv"
    path2.write_text("First Name,Last Name,Email\nJohn,Smith,john@example.com\n", encoding="utf-8")
    import_file(db, path2)
    assert [r["name"] for r in all_customers(db)] == ["张伟", "John Smith"]


def test_strict_refuses_the_file_and_names_row_and_column(db: Database, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "bad.xlsx",
        [
            ["Name", "Email", "Birthday"],
            ["Ann", "ann@example.com", "2024-01-02"],
            ["Bob", "not-an-email", "2024-13-45"],
            ["", "", ""],
            ["", "", "2024-01-02"],
        ],
    )
    plan = plan_file(db, path, strict=True)
    problems = [(e.row, e.column) for e in plan.errors]
    assert problems == [(3, "Email"), (3, "Birthday"), (5, "Name")]
    with pytest.raises(CrmError) as err:
        run_import(db, plan, strict=True)
    assert err.value.code == "import.invalid_rows"
    assert "row 3" in err.value.message("en")
    assert count(db) == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_a_value_costs_only_itself(db: Database, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "signed.xlsx",
        [
            ["姓名", "手机", "网址", "邮箱", "客户类型", "生日", "备注", "性别"],
            ["张伟", -9892, "www.example .com", "zhang@@example", "VIP客户", "不详", "老客户", "男"],
            ["李娜", 13900139000, None, None, "正式客户", None, None, "女"],
            [None, None, None, None, None, None, None, "女"],
        ],
    )
    plan = plan_file(db, path)
    assert plan.summary() | {} == {
        "create": 2,
        "update": 0,
        "unchanged": 0,
        "duplicate": 0,
        "error": 1,
        "kept": 6,
    }
    assert [(p.row, p.column) for p in plan.problems] == [
        (2, "手机"),
        (2, "网址"),
        (2, "邮箱"),
        (2, "客户类型"),
        (2, "生日"),
        (3, "客户类型"),
        (4, ""),
    ]
    result = run_import(db, plan, problems_path=tmp_path / "problems.xlsx")
    assert (result.created, result.rejected) == (2, 1)
    zhang, li = all_customers(db)
    assert (zhang["phone"], zhang["website"], zhang["email"], zhang["birthday"]) == (None, None, None, None)
    assert zhang["gender"] == "male" and zhang["category"] == "prospect"
    assert zhang["notes"].splitlines() == [
        "老客户",
        "Not recognised on import: 手机 -9892",
        "Not recognised on import: 网址 www.example .com",
        "Not recognised on import: 邮箱 zhang@@example",
        "Not recognised on import: 客户类型 VIP客户",
        "Not recognised on import: 生日 不详",
    ]
    assert (li["phone"], li["notes"]) == ("13900139000", "Not recognised on import: 客户类型 正式客户")
    # search finds the value kept aside
    with db.session() as s:
        assert customer_ids(s, CustomerQuery(search="9892")) == [zhang["id"]]
    rows = list(openpyxl.load_workbook(tmp_path / "problems.xlsx").active.iter_rows(values_only=True))
    assert rows[0] == ("Row", "Column", "Value", "Outcome", "Reason")
    assert rows[1][:4] == (2, "手机", -9892, "kept in the notes")
    assert rows[-1][:4] == (4, None, None, "row left out")
    assert "identifies no one" in rows[-1][4]


def test_the_kept_line_is_in_the_import_language(db: Database, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "zh.xlsx", [["姓名", "手机"], ["王芳", "-9892"]])
    table = read_table(path)
    with db.session() as s:
        plan = plan_import(s, "customers", table, match_headers("customers", table.headers), lang="zh")
    assert plan.rows[0].values["notes"] == "导入时未识别：手机 -9892"
    assert "已原样保留在备注中" in plan.problems[0].describe("zh")


def test_duplicates_skip_update_add(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        create_customer(s, {"name": "王芳", "phone": "137 0013 7000", "city": "北京", "tags": "老客户"})
    path = xlsx(
        tmp_path / "d.xlsx",
        [
            ["姓名", "手机", "城市", "邮箱", "标签"],
            ["王芳", "+86 13700137000", "上海", "wf@example.com", "VIP"],
            ["赵六", "13600136000", "广州", "zl@example.com", None],
            ["赵六（重复）", "136-0013-6000", "广州", None, None],
        ],
    )
    plan = plan_file(db, path, "skip")
    assert [r.describe() for r in plan.rows] == [
        "duplicate of record 1: skipped (same phone and a similar name as 王芳 (record 1))",
        "will create",
        "duplicate of row 3: skipped (same phone and a similar name as 赵六 (row 3))",
    ]
    plan = plan_file(db, path, "update")
    assert plan.rows[0].action == "update"
    assert set(plan.rows[0].changes) == {"phone", "city", "email", "tags"}
    result = run_import(db, plan)
    assert (result.created, result.updated, result.skipped) == (1, 1, 1)
    wang = all_customers(db)[0]
    assert (wang["city"], wang["email"], wang["tags"]) == ("上海", "wf@example.com", ["VIP"])
    # the same file again changes nothing
    again = import_file(db, path, "update")
    assert (again.created, again.updated) == (0, 0)
    assert count(db) == 2
    plan = plan_file(db, path, "add")
    assert plan.summary()["create"] == 3
    # undo the update: the earlier values come back
    undo = undo_import_by_id(db, result.batch_id)
    assert undo == {"removed": 1, "restored": 1}
    wang = all_customers(db)[0]
    assert (wang["city"], wang["email"], wang["phone"], wang["tags"]) == (
        "北京",
        None,
        "137 0013 7000",
        ["老客户"],
    )
    with db.session() as s:
        c = s.get(Customer, 1)
        assert c is not None and c.phone_norm == "13700137000" and c.email_norm is None


def undo_import_by_id(db: Database, batch_id: int | None) -> dict[str, int]:
    assert batch_id is not None
    with db.session() as s:
        return undo_import(s, batch_id)


def test_undo_created_records_and_refuse_twice(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("Name,Phone,Tags\nA,13800000001,x\nB,13800000002,y\n", encoding="utf-8")
    first = import_file(db, path)
    assert count(db) == 2
    with db.session() as s:
        batches = list_imports(s)
    assert [(b.id, b.created, b.file_name) for b in batches] == [(first.batch_id, 2, "c.csv")]
    assert undo_import_by_id(db, first.batch_id) == {"removed": 2, "restored": 0}
    assert count(db) == 0
    with db.session() as s:
        assert (
            s.connection()
            .exec_driver_sql("SELECT count(*) FROM customer_fts WHERE customer_fts MATCH '1380000'")
            .scalar()
            == 0
        )
        assert s.connection().exec_driver_sql("SELECT count(*) FROM customer_tags").scalar() == 0
    with pytest.raises(CrmError) as err:
        undo_import_by_id(db, first.batch_id)
    assert err.value.code == "import.batch_undone"
    with pytest.raises(CrmError) as err:
        undo_import_by_id(db, 999)
    assert err.value.code == "import.batch_not_found"


def test_cancel_rolls_everything_back(db: Database, tmp_path: Path) -> None:
    rows = [["Name", "Phone"]] + [[f"C{i}", f"1390000{i:04d}"] for i in range(5000)]
    plan = plan_file(db, xlsx(tmp_path / "big.xlsx", rows))
    progress = Progress(lambda done, total: progress.cancel() if done >= 2000 else None)
    with pytest.raises(CrmError) as err:
        run_import(db, plan, progress)
    assert err.value.code == "import.cancelled"
    assert count(db) == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_saved_mapping_overrides_and_keeps_custom_fields(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Who,Reach,Card no\nAnn,13800138000,A-17\n", encoding="utf-8")
    with pytest.raises(CrmError) as err:
        plan_file(db, path)
    assert err.value.code == "import.no_columns"
    mapping = tmp_path / "map.json"
    mapping.write_text('{"Who": "name", "Reach": "phone", "Card no": "custom.会员卡号"}', encoding="utf-8")
    run_import(db, plan_file(db, path, mapping=mapping))
    ann = all_customers(db)[0]
    assert (ann["name"], ann["phone"], ann["custom.会员卡号"]) == ("Ann", "13800138000", "A-17")
    bad = tmp_path / "bad.json"
    bad.write_text('{"Who": "salary"}', encoding="utf-8")
    with pytest.raises(CrmError) as err:
        plan_file(db, path, mapping=bad)
    assert err.value.code == "import.bad_target"


def test_header_only_file(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("Name,Phone\n", encoding="utf-8")
    with pytest.raises(CrmError) as err:
        plan_file(db, path)
    assert err.value.code == "import.no_rows"


# What each shared sample holds, imported as it is: (created, rows left out); mangled values
# (phones Excel evaluated as formulas) are kept aside in the notes, their rows imported.
SAMPLE_EXPECTATIONS = {
    "datablist_customers-100.csv": (100, 0),
    "datablist_customers-100__excel_dmyy_variant.csv": (100, 0),
    "datablist_customers-100__excel_semicolon_ddmmyyyy_variant.csv": (100, 0),
    "datablist_customers-100__handedited_missing_values_variant.csv": (100, 0),
    "datablist_leads-100.csv": (100, 0),
    "datablist_organizations-100.csv": (100, 0),
    "odoo_res_partner_import_template.xlsx": (3, 0),
    "odoo_res_partner_import_template.xls": (8, 0),
    **{f"vcards_metowolf/{p.name}": (1, 0) for p in (SAMPLES / "vcards_metowolf").glob("*.vcf")},
}


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTATIONS))
def test_every_shared_sample_imports(db: Database, tmp_path: Path, name: str) -> None:
    source = shutil.copy(SAMPLES / name, tmp_path / Path(name).name)  # rejected rows go beside the copy
    result = import_file(db, Path(source))
    assert (result.created, result.rejected) == SAMPLE_EXPECTATIONS[name]
    assert count(db) == result.created
    again = import_file(db, Path(source))
    assert again.created == 0  # the second time adds nothing


def test_samples_values_come_through(db: Database) -> None:
    import_file(db, SAMPLES / "datablist_customers-100.csv")
    first = all_customers(db)[0]
    assert first["name"] == "Sheryl Baxter"
    assert first["company"] == "Rasmussen Group"
    assert first["alt_phone"] == "397.884.0519x718"
    assert first["created_at"].date() == date(2020, 8, 24)
    assert first["website"] == "http://www.stephenson.com/"


def test_day_first_samples_read_the_same_dates(db: Database, tmp_path: Path) -> None:
    for name in (
        "datablist_customers-100__excel_dmyy_variant.csv",
        "datablist_customers-100__excel_semicolon_ddmmyyyy_variant.csv",
    ):
        plan = plan_file(db, SAMPLES / name)
        created = {r.values["name"]: r.values["created_at"].date() for r in plan.rows if r.action == "create"}
        assert created["Sheryl Baxter"] == date(2020, 8, 24)
        assert created["Preston Lozano"] == date(2021, 4, 23)


def test_odoo_flags_become_kind_and_zip_codes_text(db: Database) -> None:
    import_file(db, SAMPLES / "odoo_res_partner_import_template.xls")
    rows = {r["name"]: r for r in all_customers(db)}
    assert rows["Aurora Shelves"]["kind"] == "company"
    assert rows["Roger Martins"]["kind"] == "person"
    assert rows["Roger Martins"]["company"] == "Aurora Shelves"
    assert rows["Aurora Shelves"]["postcode"] == "95101"


def test_a_list_of_organisations_imports_companies(db: Database) -> None:
    plan = plan_file(db, SAMPLES / "datablist_organizations-100.csv")
    assert plan.mapping.matched() == {
        "Name": "name",
        "Website": "website",
        "Country": "country",
        "Description": "notes",
    }
    import_file(db, SAMPLES / "datablist_organizations-100.csv")
    rows = all_customers(db)
    assert len(rows) == 100 and {r["kind"] for r in rows} == {"company"}
    assert rows[0]["name"] == "Ferrell LLC"


@pytest.mark.parametrize(
    ("rows", "sheet", "kind"),
    [
        ([["Organization Id", "Name"], ["X1", "Acme"]], "Sheet1", "company"),
        ([["Name", "Founded", "Industry"], ["Acme", 1990, "Glass"]], "Sheet1", "company"),
        ([["名称", "成立日期", "电话"], ["甲公司", "2001-01-01", "1380013"]], "Sheet1", "company"),
        ([["Name", "Phone"], ["Acme", "555"]], "Organizations", "company"),
        ([["Name", "Phone"], ["Acme", "555"]], "Sheet1", "person"),
        # a column only people have: this lists people, whatever else it says
        ([["First Name", "Last Name", "Organization Id"], ["Ann", "Lee", "X1"]], "Companies", "person"),
        # a row that says what it is keeps it
        ([["Organization Id", "Name", "Type"], ["X1", "Ann Lee", "个人"]], "Sheet1", "person"),
    ],
)
def test_whether_a_file_lists_organisations(
    db: Database, tmp_path: Path, rows: list[list[Any]], sheet: str, kind: str
) -> None:
    path = tmp_path / "list.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = sheet
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    plan = plan_file(db, path)
    assert [r.values.get("kind", "person") for r in plan.rows] == [kind]


def test_people_samples_stay_people(db: Database) -> None:
    for name in ("datablist_customers-100.csv", "datablist_leads-100.csv"):
        plan = plan_file(db, SAMPLES / name)
        assert {r.values.get("kind") for r in plan.rows} == {None}, name


def fts_hits(db: Database, query: str) -> list[int]:
    with db.session() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? ORDER BY rowid", (query,)
        )
        return [r[0] for r in rows]


def has_insert_trigger(db: Database) -> bool:
    with db.session() as s:
        sql = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'customers_fts_ai'"
        return s.connection().exec_driver_sql(sql).scalar() == 1


def test_large_import_keeps_the_search_index_current(db: Database, tmp_path: Path) -> None:
    rows = [["姓名", "手机", "备注"]] + [
        [f"客户{i}", f"1390000{i:04d}", f"note{i:04d}x"] for i in range(1000)
    ]
    import_file(db, xlsx(tmp_path / "many.xlsx", rows))
    assert fts_hits(db, "note0777x") == [778]
    assert fts_hits(db, "客户999") == [1000]
    assert has_insert_trigger(db)
    with db.session() as s:
        later = create_customer(s, {"name": "后来的人", "notes": "zzzlater"})
    assert fts_hits(db, "zzzlater") == [later.id]


def test_cancelled_large_import_leaves_the_search_trigger(db: Database, tmp_path: Path) -> None:
    rows = [["Name", "Phone"]] + [[f"C{i}", f"1390000{i:04d}"] for i in range(5000)]
    plan = plan_file(db, xlsx(tmp_path / "big.xlsx", rows))
    progress = Progress(lambda done, total: progress.cancel() if done >= 4000 else None)
    with pytest.raises(CrmError):
        run_import(db, plan, progress)
    assert has_insert_trigger(db)
    assert fts_hits(db, "13900001234") == []


def test_vcards_company_cards_and_a_person(db: Database, tmp_path: Path) -> None:
    import_file(db, SAMPLES / "vcards_metowolf" / "腾讯.vcf")
    tencent = all_customers(db)[0]
    assert (tencent["name"], tencent["kind"], tencent["company"]) == ("腾讯", "company", "腾讯")
    assert (tencent["phone"], tencent["alt_phone"]) == ("0755-83765566", "0755-86013388")
    assert "010-62671188" in tencent["notes"]
    assert tencent["website"] == "https://www.tencent.com/"
    path = tmp_path / "phone.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B;=E8=8A=B3;;;\r\n"
        b"TEL;CELL:138 0013 8000\r\nEMAIL;INTERNET:wf@example.com\r\nNOTE:line one\\nline\r\n  two\r\n"
        b"END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith\r\nTITLE:Buyer\r\nEND:VCARD\r\n"
    )
    result = import_file(db, path)
    assert result.created == 2
    wang, john = all_customers(db)[1:]
    assert (wang["name"], wang["phone"], wang["email"], wang["notes"]) == (
        "王芳",
        "138 0013 8000",
        "wf@example.com",
        "line one\nline two",
    )
    assert (john["name"], john["title"]) == ("John Smith", "Buyer")


def test_planning_reports_progress_and_can_be_cancelled(db: Database, tmp_path: Path) -> None:
    rows = [["Name", "Phone"]] + [[f"C{i}", f"1390000{i:04d}"] for i in range(12000)]
    table = read_table(xlsx(tmp_path / "big.xlsx", rows))
    seen: list[tuple[int, int]] = []
    with db.session() as s:
        plan_import(
            s,
            "customers",
            table,
            match_headers("customers", table.headers),
            progress=Progress(lambda d, t: seen.append((d, t))),
        )
    assert seen[-1] == (12000, 12000) and len(seen) >= 3
    stopper = Progress(lambda d, t: stopper.cancel())
    with db.session() as s, pytest.raises(CrmError) as err:
        plan_import(s, "customers", table, match_headers("customers", table.headers), progress=stopper)
    assert err.value.code == "import.cancelled"
