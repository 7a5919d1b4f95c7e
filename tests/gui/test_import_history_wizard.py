"""Issue 13 in the window: the import wizard maps 累计消费(元) / 消费次数 / 最近消费 to the purchase
figures, lists the values it could not use whole, and the customer list and timeline show the
imported history."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

from crm_desktop.ui.dialogs.customer_timeline import TimelinePanel
from crm_desktop.ui.dialogs.import_steps import PREVIEW_CHARS
from crm_desktop.ui.dialogs.import_wizard import CHECK, MAPPING, RESULT, TABLE, ImportWizard


def history_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "手机", "累计消费(元)", "消费次数", "最近消费", "备注"])
    sheet.append(["张伟", "13800138000", 12380.19, 7, datetime(2026, 10, 3), "老客户"])
    sheet.append(["李娜", "13900139000", "abc", 2, "2026-06-15", "长" * 30000])
    book.save(path)
    return path


def test_wizard_imports_history_into_the_figures_and_the_list(
    qtbot: Any, main_window: Any, tmp_path: Path
) -> None:
    wizard = ImportWizard(main_window.db, "customers", history_workbook(tmp_path / "会员.xlsx"))
    qtbot.addWidget(wizard)
    wizard.changed.connect(main_window.data_changed)
    wizard.show()
    wizard.next_button.click()
    assert wizard.step() == TABLE
    wizard.next_button.click()
    assert wizard.step() == MAPPING
    step = wizard.mapping_step
    assert [step.combo(i).currentData() for i in range(6)] == [
        "name",
        "phone",
        "total_spent",
        "purchase_count",
        "last_purchase_at",
        "notes",
    ]
    assert [step.combo(i).currentText() for i in (2, 3, 4)] == ["Total spent", "Purchases", "Last purchase"]
    assert step.unmatched.text() == "Every column will be imported."
    # the 30,000-character note shows its start in the preview, not a column screens wide
    note = step.preview.item(1, 5)
    assert len(note.text()) == PREVIEW_CHARS and note.text().endswith("…")

    wizard.next_button.click()
    assert wizard.step() == CHECK
    check = wizard.check_step
    assert "2 new" in check.summary.text() and "0 rows left out" in check.summary.text()
    assert check.problem_rows() == [
        (
            "3",
            "累计消费(元)",
            "Total spent: abc is not a number. That value was left out; the rest of the row was imported.",
        ),
        (
            "3",
            "备注",
            "Notes had 30000 characters, more than the 20000 it holds: the first 20000 were imported.",
        ),
    ]
    assert wizard.import_button.isEnabled()
    wizard.import_button.click()
    assert wizard.step() == RESULT
    result = wizard.result_step
    assert "Import 1 finished: 2 new" in result.summary.text()
    assert result.notes.isVisible() and "Row 3: 累计消费(元): Total spent: abc" in result.notes.text()

    main_window.show_page("customers")
    page = main_window.page("customers")
    model = page.model
    name_col, spent_col = model.columns.index("name"), model.columns.index("total_spent")
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    shown = {model.index(r, name_col).data(): model.index(r, spent_col).data() for r in range(2)}
    assert shown == {"张伟": "12,380.19", "李娜": "0.00"}

    zhang = next(r for r in range(2) if model.index(r, name_col).data() == "张伟")
    panel = TimelinePanel(main_window.db, model.customer_id(zhang))
    qtbot.addWidget(panel)
    panel.reload()
    lines = [panel.list.item(i).text() for i in range(panel.list.count())]
    # newest first: the customer was added today, the history it brings reaches back to October
    assert lines[1:] == [
        "2026-10-03 00:00  ·  Imported  ·  Imported purchase history  ·  7 purchases, 12,380.19 in all"
    ]
