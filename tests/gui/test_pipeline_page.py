"""The Pipeline page: board columns with figures, drag and drop, won/lost reasons, list view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer
from crm_desktop.services.deal_lists import deal_history
from crm_desktop.services.deals import create_deal, get_deal
from crm_desktop.services.pipeline import list_stages
from crm_desktop.ui.dialogs.close_deal import CloseDealDialog
from crm_desktop.ui.pages.pipeline import PipelinePage


def add_customer(db: Database, name: str) -> int:
    with db.session() as s:
        customer = Customer(name=name)
        s.add(customer)
        s.flush()
        return customer.id


def add_deal(db: Database, customer_id: int, title: str, amount: float, stage: str = "enquiry") -> int:
    with db.session() as s:
        stage_id = stage_ids(db)[stage]
        deal = create_deal(s, customer_id, title, amount, stage_id)
        s.flush()
        return deal.id


def stage_ids(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {st.code: st.id for st in list_stages(s)}


def make_page(qtbot: Any, db: Database) -> PipelinePage:
    page = PipelinePage(db)  # deals closed now fall in the board's default period (this month)
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    return page


def deal_stage(db: Database, deal_id: int) -> tuple[int, str, str | None]:
    with db.session() as s:
        deal = get_deal(s, deal_id)
        return deal.stage_id, deal.status, deal.close_reason


def test_board_shows_a_column_per_stage_with_count_total_and_weighted(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    zhang = add_customer(db, "张伟")
    add_deal(db, zhang, "Winter coat", 1200)
    add_deal(db, zhang, "Boots", 800)
    add_deal(db, zhang, "Scarf", 300, "trial")

    page = make_page(qtbot, db)

    ids = stage_ids(db)
    assert [c.data.stage_id for c in page.board.columns] == list(ids.values())
    enquiry = page.board.column(ids["enquiry"])
    assert enquiry is not None
    assert enquiry.data.count == 2
    assert enquiry.data.amount_text == "2,000.00"  # money as on Insight and the reports
    assert enquiry.data.weighted_text == "400.00"  # 20 %
    assert "Enquiry" in enquiry.header.text() and "(2)" in enquiry.header.text()
    assert [c.card.title for c in enquiry.cards] == ["Winter coat", "Boots"]  # largest first
    # open pipeline: 2,000 x 20 % + 300 x 50 % = 550
    assert "550.00" in page.forecast_label.text() and "2,300.00" in page.forecast_label.text()


def test_dragging_a_card_moves_the_deal_and_records_history(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    zhang = add_customer(db, "张伟")
    deal_id = add_deal(db, zhang, "Winter coat", 1200)
    page = make_page(qtbot, db)
    ids = stage_ids(db)

    target = page.board.column(ids["trial"])
    assert target is not None
    # a drop event on the column, carrying what a dragged card carries
    mime = page.board.mime_for(deal_id)
    drop = QDropEvent(
        QPointF(20, 40),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    target.dropEvent(drop)

    assert deal_stage(db, deal_id)[0] == ids["trial"]
    with db.session() as s:
        history = deal_history(s, deal_id)
    assert [(h.from_name_en, h.to_name_en) for h in history] == [
        ("", "Enquiry"),
        ("Enquiry", "In-store trial"),
    ]
    trial = page.board.column(ids["trial"])
    assert trial is not None and trial.card_ids() == [deal_id]
    assert "(1)" in trial.header.text()


def test_dropping_on_won_asks_the_reason_and_closes_the_deal(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    zhang = add_customer(db, "张伟")
    deal_id = add_deal(db, zhang, "Winter coat", 1200)
    page = make_page(qtbot, db)
    ids = stage_ids(db)
    offered: list[list[str]] = []

    def answer(dialog: QDialog) -> int:
        assert isinstance(dialog, CloseDealDialog)
        offered.append(dialog.reasons())
        dialog.set_reason("Good price")
        dialog.accept()
        return QDialog.DialogCode.Accepted.value

    dialogs.on_exec(answer)
    page.board.drop_mime(page.board.mime_for(deal_id), ids["won"])

    assert deal_stage(db, deal_id) == (ids["won"], "won", "Good price")
    assert "Good price" in offered[0]  # the shop preset's won reasons are offered
    won = page.board.column(ids["won"])
    assert won is not None and won.card_ids() == [deal_id]


def test_cancelling_the_lost_reason_leaves_the_deal_where_it_was(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    zhang = add_customer(db, "张伟")
    deal_id = add_deal(db, zhang, "Winter coat", 1200)
    page = make_page(qtbot, db)
    ids = stage_ids(db)

    dialogs.on_exec(lambda dialog: QDialog.DialogCode.Rejected.value)
    page.board.drop_mime(page.board.mime_for(deal_id), ids["lost"])

    assert deal_stage(db, deal_id) == (ids["enquiry"], "open", None)
    assert page.board.stage_of(deal_id) == ids["enquiry"]
    with db.session() as s:
        assert len(deal_history(s, deal_id)) == 1


def test_lost_with_a_free_text_reason(qtbot: Any, db: Database, sync_workers: None, dialogs: Any) -> None:
    zhang = add_customer(db, "张伟")
    deal_id = add_deal(db, zhang, "Winter coat", 1200)
    page = make_page(qtbot, db)
    ids = stage_ids(db)

    def answer(dialog: QDialog) -> int:
        dialog.set_reason("买了别家的")  # type: ignore[attr-defined]
        return QDialog.DialogCode.Accepted.value

    dialogs.on_exec(answer)
    page.board.drop_mime(page.board.mime_for(deal_id), ids["lost"])

    assert deal_stage(db, deal_id) == (ids["lost"], "lost", "买了别家的")


def test_more_cards_than_shown_switch_to_the_list_filtered_to_the_stage(
    qtbot: Any, db: Database, sync_workers: None, monkeypatch: Any
) -> None:
    import crm_desktop.ui.pages.pipeline as pipeline_page

    monkeypatch.setattr(pipeline_page, "CARDS_PER_COLUMN", 3)
    zhang = add_customer(db, "张伟")
    for n in range(5):
        add_deal(db, zhang, f"Deal {n}", 100 * (n + 1))
    add_deal(db, zhang, "Other stage", 50, "trial")
    page = make_page(qtbot, db)
    ids = stage_ids(db)

    column = page.board.column(ids["enquiry"])
    assert column is not None and len(column.cards) == 3
    assert column.more_button is not None and "2" in column.more_button.text()
    column.more_button.click()

    assert page.current_view() == "list"
    assert sorted(page.list_view.titles()) == [f"Deal {n}" for n in range(5)]


def test_list_view_filters_and_sorts_in_sql(qtbot: Any, db: Database, sync_workers: None) -> None:
    zhang = add_customer(db, "张伟")
    li = add_customer(db, "李娜")
    add_deal(db, zhang, "Coat", 1200)
    add_deal(db, li, "Boots", 800)
    add_deal(db, li, "Scarf", 300, "trial")
    page = make_page(qtbot, db)
    page.show_view("list")
    lv = page.list_view

    lv.sort_by("amount")
    assert lv.titles() == ["Scarf", "Boots", "Coat"]
    lv.sort_by("amount", descending=True)
    assert lv.titles() == ["Coat", "Boots", "Scarf"]
    lv.set_customer(li)
    assert lv.titles() == ["Boots", "Scarf"]
    lv.min_edit.setText("500")
    lv.refresh()
    assert lv.titles() == ["Boots"]
    lv.max_edit.setText("¥1,000")  # typed as a price is written
    lv.refresh()
    assert lv.titles() == ["Boots"]
    lv.max_edit.setText("¥700")  # read, not ignored: Boots (800) is over it
    lv.refresh()
    assert lv.titles() == []
    lv.max_edit.clear()
    lv.set_customer(None)
    lv.set_stage(stage_ids(db)["trial"])
    lv.min_edit.clear()
    lv.refresh()
    assert lv.titles() == ["Scarf"]
    assert "1" in lv.count_label.text()


def test_pipeline_and_service_pages_in_the_main_window(main_window: Any, db: Database) -> None:
    from crm_desktop.ui.pages.service import ServicePage

    keys = main_window.page_keys()
    assert keys.index("follow_ups") < keys.index("pipeline") < keys.index("service")
    main_window.show_page("pipeline")
    page = main_window.page("pipeline")
    assert isinstance(page, PipelinePage) and main_window.stack.currentWidget() is page
    main_window.show_page("service")
    assert isinstance(main_window.stack.currentWidget(), ServicePage)

    # a quick sale on the board's page refreshes the board and tells the window
    zhang = add_customer(db, "张伟")
    dialog = page.new_deal(quick_sale=True, customer_id=zhang)
    dialog.amount_spin.setValue(99)
    dialog.accept()
    won = page.board.column(stage_ids(db)["won"])
    assert won is not None and won.data.count == 1


def test_clicking_a_header_sorts_in_sql(qtbot: Any, db: Database, sync_workers: None) -> None:
    zhang = add_customer(db, "张伟")
    for title, amount in (("B", 300), ("A", 100), ("C", 200)):
        add_deal(db, zhang, title, amount)
    page = make_page(qtbot, db)
    page.show_view("list")
    header = page.list_view.view.horizontalHeader()

    header.setSortIndicator(3, Qt.SortOrder.DescendingOrder)  # Amount, as a header click does
    assert page.list_view.titles() == ["B", "C", "A"]
    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # Title
    assert page.list_view.titles() == ["A", "B", "C"]


def test_a_refused_move_is_explained_and_the_card_stays(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    zhang = add_customer(db, "张伟")
    deal_id = add_deal(db, zhang, "Sold coat", 900, "won")
    page = make_page(qtbot, db)
    ids = stage_ids(db)
    dialogs.answer_message()

    page.board.drop_mime(page.board.mime_for(deal_id), ids["trial"])  # a closed deal must be reopened

    assert deal_stage(db, deal_id)[:2] == (ids["won"], "won")
    assert page.board.stage_of(deal_id) == ids["won"]
    assert any("reopen" in text.lower() for _kind, _title, text in dialogs.shown)


def test_move_to_menu_moves_a_card_without_dragging(qtbot: Any, db: Database, sync_workers: None) -> None:
    zhang = add_customer(db, "张伟")
    deal_id = add_deal(db, zhang, "Winter coat", 1200)
    page = make_page(qtbot, db)
    ids = stage_ids(db)
    column = page.board.column(ids["enquiry"])
    assert column is not None

    menu = page.board.move_menu(column.cards[0].card)
    names = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert names == ["In-store trial", "Sold", "Not sold", "Open…"]
    next(a for a in menu.actions() if a.text() == "In-store trial").trigger()

    assert deal_stage(db, deal_id)[0] == ids["trial"]
    assert page.board.stage_of(deal_id) == ids["trial"]
