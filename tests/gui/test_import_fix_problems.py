"""Issue 15 in the wizard: a problem cell is corrected in the problem list and checked again; the
list of problems is saved on request; the strict check refuses the whole file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import customer_rows
from crm_desktop.ui.dialogs.import_wizard import CHECK, RESULT, ImportWizard


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "会员"
    for row in (
        ["姓名", "手机", "邮箱", "性别"],
        ["张伟", -9892, "zw@example.com", "男"],
        ["李娜", "13900139000", "lina@@example", "女"],
        [None, None, None, "女"],
    ):
        book.active.append(row)
    book.save(path)
    return path


def at_check(qtbot: Any, db: Database, path: Path) -> ImportWizard:
    wizard = ImportWizard(db, "customers", path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next_button.click()
    wizard.next_button.click()
    wizard.next_button.click()
    assert wizard.step() == CHECK and wizard.plan is not None, wizard.error.text()
    return wizard


def test_fix_a_problem_cell_before_importing(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None, dialogs: Any
) -> None:
    path = workbook(tmp_path / "会员.xlsx")
    before = path.read_bytes()
    wizard = at_check(qtbot, db, path)
    check = wizard.check_step
    assert [r[:2] for r in check.problem_rows()] == [("2", "手机"), ("3", "邮箱"), ("4", "")]
    assert [check.problems.item(r, 2).text() for r in range(3)] == ["-9892", "lina@@example", ""]
    # the row that names no one has no cell to correct
    editable = Qt.ItemFlag.ItemIsEditable
    assert check.problems.item(0, 2).flags() & editable and not check.problems.item(2, 2).flags() & editable
    # a correction that is still wrong stays listed, with the new value
    check.fix(1, "lina@example")
    assert [r[:2] for r in check.problem_rows()] == [("2", "手机"), ("3", "邮箱"), ("4", "")]
    assert check.problems.item(1, 2).text() == "lina@example"
    # a right one leaves the list and is imported in its field
    check.fix(1, "lina@example.com")
    check.fix(0, "13800138000")
    assert [r[:2] for r in check.problem_rows()] == [("4", "")]
    assert "2 new" in check.summary.text() and "1 row left out" in check.summary.text()
    # the list of problems, on request
    target = tmp_path / "问题.xlsx"
    dialogs.answer_file(target)
    check.save_button.click()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == ("Row", "Column", "Value", "Outcome", "Reason") and rows[1][:4] == (
        4,
        None,
        None,
        "row left out",
    )
    wizard.import_button.click()
    assert wizard.step() == RESULT
    with db.session() as s:
        got = customer_rows(s, [1, 2], ["name", "phone", "email", "notes"])
    assert [(r["name"], r["phone"], r["email"], r["notes"]) for r in got] == [
        ("张伟", "13800138000", "zw@example.com", None),
        ("李娜", "13900139000", "lina@example.com", None),
    ]
    assert path.read_bytes() == before  # the file itself is never changed


def test_strict_check_stops_the_import(qtbot: Any, db: Database, tmp_path: Path, sync_workers: None) -> None:
    wizard = at_check(qtbot, db, workbook(tmp_path / "会员.xlsx"))
    assert wizard.import_button.isEnabled()
    wizard.check_step.strict.setChecked(True)
    assert not wizard.import_button.isEnabled()
    assert "3 rows left out" in wizard.check_step.summary.text()
    assert "strict check is on" in wizard.check_step.summary.text()


def test_the_customers_page_finds_contacts_without_a_name(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    from crm_desktop.exchange.dbwrite import run_import
    from crm_desktop.exchange.importer import plan_import
    from crm_desktop.exchange.matching import match_headers
    from crm_desktop.exchange.table import read_table
    from crm_desktop.ui.pages.customers import CustomersPage

    book = openpyxl.Workbook()
    for row in (
        ["姓名", "手机", "邮箱"],
        ["张伟", "13800138000", None],
        [None, "13900139000", None],
        [None, None, "a@b.cn"],
    ):
        book.active.append(row)
    book.save(tmp_path / "phone.xlsx")
    table = read_table(tmp_path / "phone.xlsx")
    with db.session() as s:
        plan = plan_import(s, "customers", table, match_headers("customers", table.headers))
    run_import(db, plan)
    page = CustomersPage(db)
    qtbot.addWidget(page)
    col = page.model.columns.index("name")

    def shown() -> list[str]:
        return sorted(page.model.index(r, col).data() for r in range(page.model.rowCount()))

    assert shown() == ["13900139000", "a@b.cn", "张伟"]
    page.no_name.setChecked(True)
    assert shown() == ["13900139000", "a@b.cn"]
    assert page.filtering() and "No name yet" in page.filter_text()
    page.clear_filters()
    assert not page.no_name.isChecked() and len(shown()) == 3
