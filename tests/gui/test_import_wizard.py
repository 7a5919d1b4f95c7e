"""The import wizard and the import history, driven like a user on real files and real databases."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtWidgets import QMessageBox
from sample_files import SAMPLES

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import count_customers, customer_rows
from crm_desktop.services.presets import get_setting
from crm_desktop.ui.dialogs.import_history import ImportHistoryDialog
from crm_desktop.ui.dialogs.import_wizard import CHECK, MAPPING, RESULT, TABLE, ImportWizard, mapping_setting


def chinese_workbook(path: Path) -> Path:
    """A shop's own list: a title row, a blank row, Chinese headers, a numeric phone, one bad email."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "会员"
    sheet.append(["2024年会员名单（门店导出）"])
    sheet.append([])
    sheet.append(["客户姓名", "手机", "邮箱", "城市", "会员卡号"])
    sheet.append(["张伟", 13800138000, "zw@example.com", "上海", "VIP-001"])
    sheet.append(["李娜", "139-0000-2222", "lina@example", "北京", "VIP-002"])
    sheet.append(["王芳", "+86 137 0000 3333", "", "杭州", "VIP-003"])
    book.save(path)
    return path


def names(db: Database) -> list[str]:
    with db.session() as s:
        from crm_desktop.services.customer_query import CustomerQuery, customer_ids

        ids = customer_ids(s, CustomerQuery())
        return sorted(r["name"] for r in customer_rows(s, ids, ["name"]))


def open_file(qtbot: Any, db: Database, path: Path, kind: str = "customers") -> ImportWizard:
    wizard = ImportWizard(db, kind, path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next_button.click()
    assert wizard.error.text() == ""
    assert wizard.step() == TABLE
    return wizard


def test_chinese_workbook_change_a_mapping_see_problems_import_and_undo(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    path = chinese_workbook(tmp_path / "会员名单.xlsx")
    wizard = open_file(qtbot, db, path)
    # the title row and blank row were skipped: the headers are in sheet row 3
    assert wizard.table_step.header_row.value() == 3
    assert wizard.table_step.sheet.currentText() == "会员"
    assert wizard.table_step.preview.item(0, 0).text() == "张伟"
    assert wizard.table_step.preview.item(0, 1).text() == "13800138000"  # no ".0"
    wizard.next_button.click()
    assert wizard.step() == MAPPING
    step = wizard.mapping_step
    # a member's card number becomes a custom field of that name by itself (issue 15)
    assert [step.combo(i).currentData() for i in range(5)] == [
        "name",
        "phone",
        "email",
        "city",
        "custom.会员卡号",
    ]
    assert "会员卡号" not in step.unmatched.text()
    # the user imports the city as the address instead
    step.choose(4, "custom.会员卡号")
    step.choose(3, "address")
    assert wizard.mapping is not None and wizard.mapping.targets[3] == "address"
    assert step.preview.horizontalHeaderItem(3).text() == "城市 → Address"
    wizard.next_button.click()
    assert wizard.step() == CHECK
    check = wizard.check_step
    assert check.problem_rows()[0][:2] == ("5", "邮箱")  # sheet row 5, the email column
    assert check.problems.item(0, 2).text() == "lina@example"  # the value as it is in the file
    assert "3 new" in check.summary.text() and "1 value kept in the notes" in check.summary.text()
    assert wizard.import_button.isEnabled()  # a bad value costs only itself ...
    check.strict.setChecked(True)  # ... unless the user wants the strict check
    assert "0 rows left out" not in check.summary.text() and "1 row left out" in check.summary.text()
    assert not wizard.import_button.isEnabled()
    check.strict.setChecked(False)
    assert wizard.import_button.isEnabled()
    with qtbot.waitSignal(wizard.changed):
        wizard.import_button.click()
    assert wizard.step() == RESULT
    assert names(db) == ["张伟", "李娜", "王芳"]
    with db.session() as s:
        rows = customer_rows(s, [1, 2], ["name", "phone", "address", "custom.会员卡号", "email", "notes"])
        assert rows[0]["phone"] == "13800138000" and rows[0]["address"] == "上海"
        assert rows[0]["custom.会员卡号"] == "VIP-001"
        assert (rows[1]["email"], rows[1]["notes"]) == (None, "Not recognised on import: 邮箱 lina@example")
        saved = get_setting(s, mapping_setting("customers"))
    assert saved["城市"] == "address" and saved["会员卡号"] == "custom.会员卡号"
    assert "3 new, 0 updated, 0 duplicates, 1 values kept in the notes, 0 rows left out" in (
        wizard.result_step.summary.text()
    )
    assert not (path.with_name(path.name + ".rejected.xlsx")).exists()  # nothing beside the file
    # Undo from the result page: the three customers are gone again
    wizard.result_step.undo_button.click()
    assert names(db) == []
    assert "3 records removed" in wizard.result_step.undo_note.text()
    assert not wizard.result_step.undo_button.isEnabled()


def test_saved_mapping_is_applied_next_time(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    path = chinese_workbook(tmp_path / "first.xlsx")
    wizard = open_file(qtbot, db, path)
    wizard.next_button.click()
    wizard.mapping_step.choose(3, "address")
    wizard.next_button.click()
    wizard.import_button.click()
    assert wizard.step() == RESULT
    again = open_file(qtbot, db, path)
    again.next_button.click()
    assert again.mapping_step.combo(3).currentData() == "address"
    # the same file twice: everything is a duplicate the second time
    again.next_button.click()
    assert "3 duplicates skipped" in again.check_step.summary.text()


def test_sample_csv_with_duplicate_policy_and_history_undo(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None, dialogs: Any
) -> None:
    path = tmp_path / "customers.csv"
    shutil.copy(SAMPLES / "datablist_customers-100.csv", path)
    wizard = open_file(qtbot, db, path)
    assert wizard.table_step.header_row.value() == 1
    wizard.next_button.click()
    mapping = wizard.mapping
    assert mapping is not None
    assert mapping.targets[mapping.headers.index("First Name")] == "name.first"
    assert mapping.targets[mapping.headers.index("Phone 1")] == "phone"
    wizard.next_button.click()
    assert wizard.import_button.isEnabled(), wizard.check_step.summary.text()
    wizard.import_button.click()
    assert wizard.step() == RESULT
    with db.session() as s:
        assert count_customers(s) == 100
    # the history lists it; undo asks first, then removes all 100
    history = ImportHistoryDialog(db)
    qtbot.addWidget(history)
    assert history.table.rowCount() == 1
    assert history.table.item(0, 3).text() == "customers.csv"
    assert "100 new" in history.table.item(0, 4).text()
    dialogs.answer_message(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(history.changed):
        history.undo_button.click()
    with db.session() as s:
        assert count_customers(s) == 0
    assert history.table.item(0, 5).text() != ""  # shown as undone
    assert not history.undo_button.isEnabled()


def test_policy_update_changes_the_plan(qtbot: Any, db: Database, tmp_path: Path, sync_workers: None) -> None:
    from crm_desktop.services.customers import create_customer

    with db.session() as s:
        create_customer(s, {"name": "张伟", "phone": "13800138000", "city": "广州"})
    wizard = open_file(qtbot, db, chinese_workbook(tmp_path / "list.xlsx"))
    wizard.next_button.click()
    wizard.next_button.click()
    assert "1 duplicate skipped" in wizard.check_step.summary.text()
    wizard.check_step.set_policy("update")
    assert "1 to update" in wizard.check_step.summary.text()
    wizard.import_button.click()
    with db.session() as s:
        assert customer_rows(s, [1], ["city"])[0]["city"] == "上海"


def test_cancel_during_the_import_writes_nothing(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    path = tmp_path / "customers.csv"
    shutil.copy(SAMPLES / "datablist_customers-100.csv", path)
    wizard = open_file(qtbot, db, path)
    wizard.next_button.click()
    wizard.next_button.click()
    # the user presses Cancel as soon as the first progress arrives
    wizard.import_progress.connect(lambda *_: wizard.cancel_button.click())
    wizard.import_button.click()
    assert wizard.step() == CHECK
    assert "nothing was written" in wizard.error.text()
    with db.session() as s:
        assert count_customers(s) == 0
        assert get_setting(s, mapping_setting("customers")) is None
    from crm_desktop.exchange.undo import list_imports

    with db.session() as s:
        assert list_imports(s) == []


def test_a_bad_file_is_explained_and_the_wizard_stays(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("this is not a spreadsheet", encoding="utf-8")
    wizard = ImportWizard(db, "customers", path)
    qtbot.addWidget(wizard)
    wizard.next_button.click()
    assert wizard.step() == 0
    assert "notes.xlsx" in wizard.error.text()
    assert wizard.next_button.isEnabled()


def test_other_sheet_and_header_row_can_be_chosen(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    path = tmp_path / "odoo.xlsx"
    shutil.copy(SAMPLES / "odoo_res_partner_import_template.xlsx", path)
    wizard = open_file(qtbot, db, path)
    sheets = [wizard.table_step.sheet.itemText(i) for i in range(wizard.table_step.sheet.count())]
    assert len(sheets) >= 2
    wizard.table_step.header_row.setValue(2)
    wizard.table_step.header_row.editingFinished.emit()
    assert wizard.table is not None and wizard.table.header_row == 2
    other = sheets[1]
    wizard.table_step.sheet.setCurrentText(other)
    wizard.table_step.sheet.activated.emit(1)
    assert wizard.table.sheet == other


def test_file_menu_opens_the_wizard_and_the_history(main_window: Any, qtbot: Any) -> None:
    main_window.import_action.trigger()
    assert isinstance(main_window.import_wizard, ImportWizard)
    assert main_window.import_wizard.isVisible()
    main_window.import_wizard.reject()
    main_window.imports_action.trigger()
    assert isinstance(main_window.import_history, ImportHistoryDialog)
    assert "Nothing has been imported" in main_window.import_history.note.text()
    main_window.import_history.accept()


def test_first_start_import_choice(qtbot: Any, db_path: Path, tmp_path: Path, sync_workers: None) -> None:
    from crm_desktop.db.engine import open_database
    from crm_desktop.services.presets import business_type
    from crm_desktop.ui.first_start import FirstStartDialog

    db = open_database(db_path)
    try:
        dialog = FirstStartDialog(db)
        qtbot.addWidget(dialog)
        dialog.set_business("school")
        dialog.import_button.click()
        wizard = dialog.wizard
        assert isinstance(wizard, ImportWizard)
        with db.session() as s:
            assert business_type(s) == "school"
        wizard.file_step.path.setText(str(chinese_workbook(tmp_path / "list.xlsx")))
        wizard.next_button.click()
        wizard.next_button.click()
        wizard.next_button.click()
        wizard.import_button.click()
        with qtbot.waitSignal(dialog.done_setup) as blocker:
            wizard.close_button.click()
        assert blocker.args == ["import"]
        assert names(db) == ["张伟", "李娜", "王芳"]
    finally:
        db.close()


def _sample_files() -> list[Path]:
    # the files of real/ include forms and templates that must be refused: see
    # tests/unit/test_import_real_headers.py and test_a_form_is_refused_in_the_wizard below
    return sorted(
        p
        for p in SAMPLES.rglob("*")
        if p.suffix.lower() in (".csv", ".xls", ".xlsx", ".vcf")
        and "real" not in p.relative_to(SAMPLES).parts
    )


def test_every_sample_file_reaches_the_check_step(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    """The real third-party files (.csv variants, Odoo .xls/.xlsx, Chinese vCards) as they are."""
    files = _sample_files()
    assert any(p.suffix == ".vcf" for p in files) and any(p.suffix == ".xls" for p in files)
    for sample in files:
        path = tmp_path / sample.name  # a copy: nothing is ever written into the shared samples
        shutil.copy(sample, path)
        wizard = open_file(qtbot, db, path)
        # a vCard has cards, not a header row to choose
        vcard = sample.suffix == ".vcf"
        assert wizard.table_step.header_row.isHidden() == vcard, sample.name
        assert ("Contact cards" in wizard.table_step.info.text()) == vcard, sample.name
        wizard.next_button.click()
        assert wizard.mapping is not None and wizard.mapping.has_name(), sample.name
        wizard.next_button.click()
        assert wizard.step() == CHECK and wizard.plan is not None, (sample.name, wizard.error.text())
        counts = wizard.plan.summary()
        assert counts["create"] > 0, (sample.name, counts)
        assert str(len(wizard.plan.rows)) in wizard.check_step.summary.text()
        wizard.reject()


def test_the_wizard_speaks_chinese(qtbot: Any, db: Database, tmp_path: Path, sync_workers: None) -> None:
    from crm_desktop.ui import i18n

    i18n.install_translators("zh")
    wizard = open_file(qtbot, db, chinese_workbook(tmp_path / "名单.xlsx"))
    assert wizard.title.text() == "2. 工作表和表头行"
    assert "表头在第 3 行" in wizard.table_step.info.text()
    wizard.next_button.click()
    assert wizard.mapping_step.combo(4).currentText() == "自定义字段：会员卡号"
    assert wizard.mapping_step.combo(4).itemText(0) == "（不导入）"
    assert wizard.mapping_step.combo(0).currentText() == "姓名"
    wizard.next_button.click()
    assert wizard.check_step.summary.text().startswith("共读取 3 行：新建 3 条")
    assert wizard.check_step.problem_rows()[0][2].startswith(
        "邮箱："
    )  # the engine's reason, with the field named in Chinese
    assert "不是有效的电子邮箱" in wizard.check_step.problem_rows()[0][2]
