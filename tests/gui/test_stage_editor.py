"""The stage editor in Settings: rename, reorder, probability, add, remove (moving deals)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QTableWidgetItem

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer
from crm_desktop.services.deal_lists import deal_history
from crm_desktop.services.deals import create_deal, get_deal
from crm_desktop.services.pipeline import forecast, list_stages
from crm_desktop.ui.pages.settings import SettingsPage
from crm_desktop.ui.widgets.stage_editor import COL_EN, COL_ZH, StageEditor


def stages(db: Database) -> list[tuple[str, str, int, str]]:
    with db.session() as s:
        return [(st.name_zh, st.name_en, st.probability, st.outcome) for st in list_stages(s)]


def cell(editor: StageEditor, row: int, column: int) -> QTableWidgetItem:
    item = editor.table.item(row, column)
    assert item is not None
    return item


def make_editor(qtbot: Any, db: Database) -> StageEditor:
    editor = StageEditor(db)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_rename_in_both_languages_and_change_probability(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    editor = make_editor(qtbot, db)
    with qtbot.waitSignal(editor.changed):
        cell(editor, 0, COL_ZH).setText("咨询")  # typing in the cell
    cell(editor, 0, COL_EN).setText("Asked")
    editor.set_probability(0, 30)

    assert stages(db)[0] == ("咨询", "Asked", 30, "open")
    assert cell(editor, 0, COL_ZH).text() == "咨询"
    with db.session() as s:
        assert forecast(s).rows[0].probability == 30


def test_a_blanked_name_takes_the_other_language_and_never_shows_empty(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    editor = make_editor(qtbot, db)
    cell(editor, 0, COL_ZH).setText("   ")
    assert stages(db)[0][:2] == ("Enquiry", "Enquiry")
    assert cell(editor, 0, COL_ZH).text() == "Enquiry"


def test_reorder_and_add(qtbot: Any, db: Database, sync_workers: None) -> None:
    editor = make_editor(qtbot, db)
    editor.move_stage(1, -1)
    assert [st[1] for st in stages(db)] == ["In-store trial", "Enquiry", "Sold", "Not sold"]
    assert editor.table.currentRow() == 0  # the moved stage stays selected
    editor.add_stage()
    assert [st[1] for st in stages(db)] == ["In-store trial", "Enquiry", "New stage", "Sold", "Not sold"]
    assert editor.names()[2] == "New stage"


def test_removing_a_stage_with_deals_moves_them_where_the_user_picks(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    with db.session() as s:
        customer = Customer(name="张伟")
        s.add(customer)
        s.flush()
        deal_id = create_deal(s, customer.id, "Coat", 500).id  # in Enquiry
    editor = make_editor(qtbot, db)
    assert cell(editor, 0, 4).text() == "1"

    dialogs.answer_text("", ok=False)  # cancelled: nothing changes
    editor.remove_stage(0)
    assert len(stages(db)) == 4

    dialogs.answer_text("In-store trial")
    editor.remove_stage(0)
    assert [st[1] for st in stages(db)] == ["In-store trial", "Sold", "Not sold"]
    with db.session() as s:
        deal = get_deal(s, deal_id)
        trial = list_stages(s)[0]
        assert deal.stage_id == trial.id
        assert deal_history(s, deal_id)[-1].to_name_en == "In-store trial"
    assert ("getItem", "", "") in dialogs.shown


def test_the_last_open_stage_cannot_go(qtbot: Any, db: Database, sync_workers: None, dialogs: Any) -> None:
    editor = make_editor(qtbot, db)
    dialogs.answer_message(QMessageBox.StandardButton.Ok)
    editor.remove_stage(0)
    editor.remove_stage(0)  # In-store trial is now the only open stage
    assert [st[1] for st in stages(db)] == ["In-store trial", "Sold", "Not sold"]
    assert any("only open stage" in text for _kind, _title, text in dialogs.shown)


def test_settings_page_has_the_stage_editor(qtbot: Any, db: Database, sync_workers: None) -> None:
    page = SettingsPage(db)
    qtbot.addWidget(page)
    assert page.stage_editor.names() == ["Enquiry", "In-store trial", "Sold", "Not sold"]
    with qtbot.waitSignal(page.changed):
        page.stage_editor.set_probability(1, 60)
