"""What an import tells the user: field names in their language, each said once; long CSV
cells; numeric phones exported as `13800138000.0`; rejected rows when the source folder is gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crm_desktop.db.engine import Database
from crm_desktop.errors import CrmError, ValidationError
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.plan import ImportPlan
from crm_desktop.exchange.table import read_table
from crm_desktop.fields import customer_field, field_label
from crm_desktop.services.customer_query import customer_ids, customer_rows
from crm_desktop.services.validation import clean_value


def plan_csv(db: Database, path: Path, text: str, strict: bool = False) -> ImportPlan:
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    with db.session() as s:
        m = match_headers("customers", table.headers)
        return plan_import(s, "customers", table, m, "skip", strict=strict)


def stored(db: Database) -> list[dict[str, object]]:
    with db.session() as s:
        return customer_rows(s, sorted(customer_ids(s)))


def test_a_value_error_names_the_field_in_the_messages_language() -> None:
    with pytest.raises(ValidationError) as err:
        clean_value(customer_field("email"), "bad-email")
    assert err.value.field == "email"  # the key stays for code
    assert err.value.message("zh") == "邮箱：bad-email 不是有效的电子邮箱。"
    assert err.value.message("en") == "Email: bad-email is not a valid email address."
    assert "email：" not in err.value.message("zh")
    # raised by key only, from other record kinds and for custom fields
    assert (
        ValidationError("value.required", "title").message("zh") == f"{field_label('title', 'zh')}不能为空。"
    )
    assert ValidationError("value.required", "custom.会员卡号").message("en") == "会员卡号 must not be empty."
    assert (
        ValidationError("value.unknown_field", "shoe_size").message("en")
        == "shoe_size is not a customer field."
    )


def test_dry_run_lines_name_a_column_once(db: Database, tmp_path: Path) -> None:
    plan = plan_csv(db, tmp_path / "c.csv", "客户姓名,邮箱,手机\n张三,bad-email,13800138000\n", strict=True)
    assert plan.rows[0].describe("zh") == "不导入：邮箱：bad-email 不是有效的电子邮箱。"
    assert plan.rows[0].describe("en") == "left out: Email: bad-email is not a valid email address."
    # a column the user named differently is kept, so the cell can be found in the file
    plan = plan_csv(db, tmp_path / "d.csv", "客户姓名,E-mail Address\n张三,bad-email\n", strict=True)
    assert plan.rows[0].describe("zh") == "不导入：E-mail Address：邮箱：bad-email 不是有效的电子邮箱。"
    # without --strict the value is kept aside and the row imported; the line says both
    plan = plan_csv(db, tmp_path / "e.csv", "客户姓名,E-mail Address\n张三,bad-email\n")
    assert plan.rows[0].describe("zh") == (
        "将新建（E-mail Address：邮箱：bad-email 不是有效的电子邮箱。已原样保留在备注中，这一行的其余内容照常导入。）"
    )


def test_refusing_invalid_rows_speaks_one_language(db: Database, tmp_path: Path) -> None:
    plan = plan_csv(db, tmp_path / "c.csv", "姓名,邮箱\n张三,bad-email\n", strict=True)
    with pytest.raises(CrmError) as err:
        run_import(db, plan, strict=True)
    zh = err.value.message("zh")
    assert "第 2 行：邮箱：bad-email 不是有效的电子邮箱" in zh
    assert "Email" not in zh and "email：" not in zh and "邮箱」：邮箱" not in zh
    en = err.value.message("en")
    assert "row 2: Email: bad-email is not a valid email address" in en
    assert "邮箱" not in en.replace("邮箱: bad", "")  # the reason is English too


def test_update_lines_name_fields_by_their_labels(db: Database, tmp_path: Path) -> None:
    run_import(db, plan_csv(db, tmp_path / "a.csv", "姓名,手机,城市\n张三,13800138000,北京\n"))
    table_path = tmp_path / "b.csv"
    table_path.write_text("姓名,手机,城市\n张三,13800138000,上海\n", encoding="utf-8")
    table = read_table(table_path)
    with db.session() as s:
        plan = plan_import(s, "customers", table, match_headers("customers", table.headers), "update")
    assert plan.rows[0].describe("zh").startswith("将更新记录 1：城市（与张三（记录 1）电话相同、姓名相近）")
    assert plan.rows[0].describe("en").startswith("will update record 1: City (same phone")


def test_a_phone_exported_as_float_text_is_stored_whole(db: Database, tmp_path: Path) -> None:
    plan = plan_csv(db, tmp_path / "p.csv", "Name,Phone\nAnn,13800138000.0\nBob,1.38E+10\n")
    assert plan.rows[0].values["phone"] == "13800138000"
    assert plan.rows[1].kept  # scientific notation lost digits: not guessed at, kept aside
    run_import(db, plan)
    assert [(r["phone"], r["notes"]) for r in stored(db)] == [
        ("13800138000", None),
        (None, "Not recognised on import: Phone 1.38E+10"),
    ]


def test_a_csv_cell_longer_than_csvs_default_limit_is_read(db: Database, tmp_path: Path) -> None:
    # csv refused the whole file as damaged ("field larger than field limit (131072)")
    note = "很长的备注。" * 25_000  # 150,000 characters
    plan = plan_csv(db, tmp_path / "long.csv", f"Name,Notes\nAnn,{note}\nBob,short\n")
    assert [len(r.cells[1]) for r in plan.rows] == [150_000, 5]
    # the cell is then cut to the field's own length (issue 13: the row is not lost), and said so
    assert not plan.errors
    assert [e.describe("zh") for e in plan.notes] == [
        "备注有 150000 个字符，超过了上限 20000 个：只导入了前 20000 个。"
    ]
    run_import(db, plan)
    assert [(r["name"], r["notes"]) for r in stored(db)] == [("Ann", note[:20000]), ("Bob", "short")]


def test_no_problems_file_is_written_unless_asked(db: Database, tmp_path: Path) -> None:
    # a USB stick pulled out after the file was read: nothing needs writing beside the source
    stick = tmp_path / "stick"
    stick.mkdir()
    plan = plan_csv(db, stick / "m.csv", "Name,Phone,Gender\nAnn,13800138000,\nBob,call me,\n,,女\n")
    shutil.rmtree(stick)
    result = run_import(db, plan)
    assert (result.created, result.rejected, result.rejected_path) == (2, 1, None)
    assert [r["name"] for r in stored(db)] == ["Ann", "Bob"]


def test_a_rejects_file_the_caller_chose_is_not_moved(db: Database, tmp_path: Path) -> None:
    plan = plan_csv(db, tmp_path / "m.csv", "Name,Phone\nAnn,13800138000\nBob,call me\n")
    with pytest.raises(CrmError) as err:
        run_import(db, plan, problems_path=tmp_path / "missing" / "r.xlsx")
    assert err.value.code == "export.cannot_write"
    assert stored(db) == []  # all or nothing
