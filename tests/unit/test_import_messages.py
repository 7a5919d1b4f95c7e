"""What an import tells the user: field names in their language, each said once; long CSV
cells; numeric phones exported as `13800138000.0`; rejected rows when the source folder is gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
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


def plan_csv(db: Database, path: Path, text: str) -> ImportPlan:
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    with db.session() as s:
        return plan_import(s, "customers", table, match_headers("customers", table.headers), "skip")


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
    plan = plan_csv(db, tmp_path / "c.csv", "客户姓名,邮箱,手机\n张三,bad-email,13800138000\n")
    assert plan.rows[0].describe("zh") == "错误：邮箱：bad-email 不是有效的电子邮箱。"
    assert plan.rows[0].describe("en") == "error: Email: bad-email is not a valid email address."
    # a column the user named differently is kept, so the cell can be found in the file
    plan = plan_csv(db, tmp_path / "d.csv", "客户姓名,E-mail Address\n张三,bad-email\n")
    assert plan.rows[0].describe("zh") == "错误：E-mail Address：邮箱：bad-email 不是有效的电子邮箱。"


def test_refusing_invalid_rows_speaks_one_language(db: Database, tmp_path: Path) -> None:
    plan = plan_csv(db, tmp_path / "c.csv", "姓名,邮箱\n张三,bad-email\n")
    with pytest.raises(CrmError) as err:
        run_import(db, plan)
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
    assert plan.rows[0].describe("zh").endswith("：城市")
    assert plan.rows[0].describe("en").endswith(": City")


def test_a_phone_exported_as_float_text_is_stored_whole(db: Database, tmp_path: Path) -> None:
    plan = plan_csv(db, tmp_path / "p.csv", "Name,Phone\nAnn,13800138000.0\nBob,1.38E+10\n")
    assert plan.rows[0].values["phone"] == "13800138000"
    assert plan.rows[1].errors  # scientific notation lost digits: not guessed at
    run_import(db, plan, skip_invalid=True)
    assert [r["phone"] for r in stored(db)] == ["13800138000"]


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


def test_rejected_rows_go_to_the_data_folder_when_the_source_folder_is_gone(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a USB stick pulled out after the file was read: its folder cannot take the rejects file
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    stick = tmp_path / "stick"
    stick.mkdir()
    plan = plan_csv(db, stick / "m.csv", "Name,Phone\nAnn,13800138000\nBob,call me\n")
    shutil.rmtree(stick)
    result = run_import(db, plan, skip_invalid=True)
    assert (result.created, result.rejected) == (1, 1)
    assert result.rejected_path is not None
    assert result.rejected_path.is_relative_to(tmp_path / "data")
    assert result.rejected_path.name == "m.csv.rejected.xlsx"
    rows = list(openpyxl.load_workbook(result.rejected_path).active.iter_rows(values_only=True))
    assert rows[1][:3] == (3, "Bob", "call me")
    assert [r["name"] for r in stored(db)] == ["Ann"]


def test_a_rejects_file_the_caller_chose_is_not_moved(db: Database, tmp_path: Path) -> None:
    plan = plan_csv(db, tmp_path / "m.csv", "Name,Phone\nAnn,13800138000\nBob,call me\n")
    with pytest.raises(CrmError) as err:
        run_import(db, plan, skip_invalid=True, rejected_path=tmp_path / "missing" / "r.xlsx")
    assert err.value.code == "export.cannot_write"
    assert stored(db) == []  # all or nothing
