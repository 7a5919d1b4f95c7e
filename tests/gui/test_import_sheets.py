"""Issue 15 in the import wizard: which sheet holds the customers, and forms refused in one line."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sample_files import SAMPLES

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import count_customers
from crm_desktop.ui.dialogs.import_wizard import CHECK, MAPPING, TABLE, ImportWizard

REAL = SAMPLES / "real"


def open_copy(qtbot: Any, db: Database, name: str, tmp_path: Path) -> ImportWizard:
    path = Path(shutil.copy(REAL / name, tmp_path / name))  # nothing is written beside the samples
    wizard = ImportWizard(db, "customers", path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next_button.click()
    return wizard


def test_an_empty_first_sheet_shows_the_sheet_with_people_and_every_sheets_rows(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    wizard = open_copy(qtbot, db, "easyexcel_simple07.xlsx", tmp_path)
    assert wizard.error.text() == ""
    assert wizard.step() == TABLE
    step = wizard.table_step
    assert step.chosen_sheet() == "simple "
    labels = [step.sheet.itemText(i) for i in range(step.sheet.count())]
    assert labels[:2] == ["Sheet1 (rows: 0)", "simple  (rows: 1)"]
    assert "Sheet “Sheet1” lists no customers" in step.info.text()
    # choosing the first sheet again reads that sheet, and the counts stay in the list
    step.sheet.setCurrentIndex(0)
    step.sheet.activated.emit(0)
    assert step.sheet.itemText(1) == "simple  (rows: 1)"


def test_the_sheet_step_speaks_chinese(qtbot: Any, db: Database, tmp_path: Path, sync_workers: None) -> None:
    from crm_desktop.ui import i18n

    i18n.install_translators("zh")
    try:
        wizard = open_copy(qtbot, db, "easyexcel_simple07.xlsx", tmp_path)
        step = wizard.table_step
        assert step.sheet.itemText(0) == "Sheet1（0 行）"
        assert step.info.text().startswith("工作表「Sheet1」中没有客户，因此显示工作表「simple 」")
    finally:
        i18n.install_translators("en")


def test_a_blank_sign_up_form_is_refused_and_creates_no_one(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    wizard = open_copy(qtbot, db, "eclipse_arrival-registration.xls", tmp_path)
    assert wizard.step() == TABLE
    wizard.next_button.click()
    assert wizard.step() == MAPPING
    wizard.next_button.click()
    assert wizard.step() != CHECK
    assert "this looks like a form" in wizard.error.text()
    with db.session() as s:
        assert count_customers(s) == 0


def test_the_mapping_step_keeps_fieldless_columns_in_notes_and_says_what_only_describes(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    from crm_desktop.ui import i18n

    path = tmp_path / "outlook.csv"
    path.write_text(
        "称谓,名,姓,公司,职务,商务电话,移动电话,电子邮件地址,电子邮件类型\n"
        "先生,强,王,华强贸易,采购经理,0755-12345678,13912345678,wq@huaqiang.cn,SMTP\n",
        encoding="utf-8",
    )
    i18n.install_translators("zh")
    try:
        wizard = ImportWizard(db, "customers", path)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.next_button.click()
        wizard.next_button.click()
        assert wizard.step() == MAPPING
        step = wizard.mapping_step
        assert step.combo(0).currentText() == "保留到备注"  # 称谓 is the honorific, not the job
        assert step.combo(4).currentData() == "title"
        assert step.combo(6).currentData() == "phone" and step.combo(5).currentData() == "alt_phone"
        assert "只说明其他列的类型，不导入：电子邮件类型" in step.unmatched.text()
    finally:
        i18n.install_translators("en")
