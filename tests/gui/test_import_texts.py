"""The import wizard in the user's language, compactly: no library English, no command-line
flags, vCard columns named in Chinese, and a step 4 without large gaps."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import openpyxl
from sample_files import SAMPLES

from crm_desktop.db.engine import Database
from crm_desktop.ui import file_dialogs, i18n
from crm_desktop.ui.dialogs.import_wizard import CHECK, FILE, MAPPING, ImportWizard

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def wizard_on(qtbot: Any, db: Database, path: Path) -> ImportWizard:
    wizard = ImportWizard(db, "customers", path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next_button.click()
    return wizard


def english_in(text: str, *allowed: str) -> set[str]:
    for word in allowed:
        text = text.replace(word, "")
    return set(ENGLISH_WORD.findall(text))


def test_a_truncated_workbook_is_explained_in_chinese(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    whole = (SAMPLES / "odoo_res_partner_import_template.xlsx").read_bytes()
    path = tmp_path / "名单.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    i18n.install_translators("zh")
    wizard = wizard_on(qtbot, db, path)
    assert wizard.step() == FILE
    error = wizard.error.text()
    assert "文件不完整或已损坏" in error
    assert english_in(error, str(path), "Excel") == set(), error  # no "invalid Zip archive: … EOCD"


def test_vcard_columns_are_named_in_chinese(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    i18n.install_translators("zh")
    wizard = wizard_on(qtbot, db, SAMPLES / "vcards_metowolf" / "腾讯.vcf")
    wizard.next_button.click()
    assert wizard.step() == MAPPING
    table = wizard.mapping_step.table
    columns = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert columns[:4] == ["姓名", "公司", "职位", "电话"]
    assert all(not english_in(c) for c in columns), columns
    targets = [wizard.mapping_step.combo(r).currentData() for r in range(table.rowCount())]
    assert targets[:4] == ["name", "company", "title", "phone"]  # matched as before
    preview = wizard.mapping_step.preview
    headers = [preview.horizontalHeaderItem(c).text() for c in range(preview.columnCount())]
    assert "公司 → 公司" in headers


def test_no_recognised_column_tells_the_window_user_what_to_do_without_flags(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    path = workbook(tmp_path / "表.xlsx", [["甲", "乙"], ["张伟", "13800138000"]])
    i18n.install_translators("zh")
    wizard = wizard_on(qtbot, db, path)
    wizard.next_button.click()
    assert wizard.step() == MAPPING
    for column in range(2):
        wizard.mapping_step.choose(column, None)
    wizard.next_button.click()
    assert wizard.step() == MAPPING
    error = wizard.error.text()
    assert "没有可识别的列" in error and "“对应列”" in error
    assert "--" not in error and "映射文件" not in error


def test_step_four_is_compact(qtbot: Any, db: Database, tmp_path: Path, sync_workers: None) -> None:
    path = workbook(
        tmp_path / "名单.xlsx", [["姓名", "手机"], ["张伟", "13800138000"], ["李娜", "13900002222"]]
    )
    wizard = wizard_on(qtbot, db, path)
    wizard.resize(860, 600)
    wizard.next_button.click()
    wizard.next_button.click()
    assert wizard.step() == CHECK
    step = wizard.check_step
    qtbot.waitExposed(wizard)
    # the step's layout has run at the wizard's size
    qtbot.waitUntil(lambda: step.summary.isVisible() and step.layout().geometry().height() > 400)
    radios = step.policies.buttons()
    tops = [b.mapTo(step, b.rect().topLeft()).y() for b in radios]
    # the choices sit one under the other, the summary right below them (no stretched gaps)
    gaps = [b - a - radios[0].height() for a, b in itertools.pairwise(tops)]
    assert max(gaps) <= 12, gaps
    summary_top = step.summary.mapTo(step, step.summary.rect().topLeft()).y()
    assert summary_top - (tops[-1] + radios[-1].height()) <= 24
    assert summary_top < 160


def test_the_file_dialog_opens_in_documents_then_in_the_last_folder(
    qtbot: Any, db: Database, tmp_path: Path, monkeypatch: Any
) -> None:

    asked: list[str] = []
    chosen = tmp_path / "来源" / "名单.xlsx"
    chosen.parent.mkdir()

    def answer(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(chosen), ""

    monkeypatch.setattr(file_dialogs, "get_open_file_name", answer)
    wizard = ImportWizard(db, "customers")
    qtbot.addWidget(wizard)
    wizard.file_step.browse.click()
    from crm_desktop.ui.recent_files import documents_folder

    assert asked == [str(documents_folder())]  # Documents (the home folder where there is none)
    assert wizard.file_step.path.text() == str(chosen)
    again = ImportWizard(db, "customers")
    qtbot.addWidget(again)
    again.file_step.browse.click()
    assert asked[1] == str(chosen.parent)  # the last folder a file was imported from
