"""The deal dialog: new deal, edit with a stage change to won, quick sale and timeline entries."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer
from crm_desktop.services.deal_lists import DealQuery, list_deals
from crm_desktop.services.deals import create_deal, get_deal
from crm_desktop.services.pipeline import list_stages
from crm_desktop.services.service_records import open_service_record
from crm_desktop.ui.dialogs.customer import CustomerDialog
from crm_desktop.ui.dialogs.deal import DealDialog
from crm_desktop.ui.dialogs.service_record import ServiceRecordDialog


def add_customer(db: Database, name: str = "张伟") -> int:
    with db.session() as s:
        customer = Customer(name=name, phone="13800138000")
        s.add(customer)
        s.flush()
        return customer.id


def stage_ids(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {st.code: st.id for st in list_stages(s)}


def test_new_deal_with_picker_and_expected_close(qtbot: Any, db: Database, sync_workers: None) -> None:
    zhang = add_customer(db)
    dialog = DealDialog(db)
    qtbot.addWidget(dialog)
    saved: list[int] = []
    dialog.saved.connect(saved.append)

    dialog.accept()
    assert "customer" in dialog.error().lower()
    dialog.picker.set_text("zw")  # pinyin initials
    dialog.picker.choose_row(0)
    dialog.accept()
    assert "title" in dialog.error().lower()
    dialog.title_edit.setText("冬季大衣")
    dialog.amount_spin.setValue(1280)
    dialog.close_check.setChecked(True)
    dialog.products_edit.setPlainText("大衣 x1")
    dialog.accept()

    assert len(saved) == 1
    with db.session() as s:
        deal = get_deal(s, saved[0])
        assert (deal.customer_id, deal.title, deal.amount, deal.status) == (zhang, "冬季大衣", 1280, "open")
        assert deal.stage_id == stage_ids(db)["enquiry"]
        assert deal.expected_close is not None and deal.products == "大衣 x1"


def test_editing_a_deal_into_won_asks_the_reason_and_shows_history(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    zhang = add_customer(db)
    with db.session() as s:
        deal_id = create_deal(s, zhang, "Coat", 500).id
    dialog = DealDialog(db, deal_id=deal_id)
    qtbot.addWidget(dialog)
    assert len(dialog.history_texts()) == 1 and "Enquiry" in dialog.history_texts()[0]

    dialog.amount_spin.setValue(650)
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findData(stage_ids(db)["won"]))
    dialogs.on_exec(lambda d: QDialog.DialogCode.Rejected.value)
    dialog.accept()  # reason cancelled: nothing written, dialog stays
    with db.session() as s:
        assert (get_deal(s, deal_id).amount, get_deal(s, deal_id).status) == (500, "open")

    def answer(d: QDialog) -> int:
        d.set_reason("Good service")  # type: ignore[attr-defined]
        return QDialog.DialogCode.Accepted.value

    dialogs.on_exec(answer)
    dialog.accept()
    with db.session() as s:
        deal = get_deal(s, deal_id)
        assert (deal.amount, deal.status, deal.close_reason) == (650, "won", "Good service")

    # a won deal opens read-only on its stage, with Reopen
    again = DealDialog(db, deal_id=deal_id)
    qtbot.addWidget(again)
    assert not again.stage_combo.isEnabled() and again.reopen_button.isVisibleTo(again)
    assert "Enquiry → Sold" in again.history_texts()[-1]
    again.reopen()
    with db.session() as s:
        assert get_deal(s, deal_id).status == "open"
    assert again.stage_combo.isEnabled()


def test_quick_sale_from_the_customer_detail_in_two_clicks(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    zhang = add_customer(db)
    detail = CustomerDialog(db, zhang)
    qtbot.addWidget(detail)
    timeline = detail.timeline
    assert timeline is not None

    timeline.sale_button.click()  # click 1
    sale = timeline.dialog
    assert isinstance(sale, DealDialog) and sale.quick_sale
    sale.amount_spin.setValue(399)
    sale.products_edit.setPlainText("羊毛围巾\n手套")
    sale.buttons.accepted.emit()  # click 2: OK

    with db.session() as s:
        deals = list_deals(s, DealQuery(customer_id=zhang))
    assert [(d.title, d.amount, d.status) for d in deals] == [("羊毛围巾", 399, "won")]
    assert any("羊毛围巾" in timeline.list.item(i).text() for i in range(timeline.list.count()))


def test_timeline_entries_open_deals_and_service_records(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    zhang = add_customer(db)
    with db.session() as s:
        deal_id = create_deal(s, zhang, "Coat", 500).id
        open_service_record(s, zhang, "repair", "zip")
    detail = CustomerDialog(db, zhang)
    qtbot.addWidget(detail)
    timeline = detail.timeline
    assert timeline is not None

    opened = []
    for row in range(timeline.list.count()):
        dialog = timeline.open_entry(timeline.list.item(row))
        if dialog is not None:
            opened.append(type(dialog).__name__)
            dialog.close()
    assert sorted(set(opened)) == ["DealDialog", "ServiceRecordDialog"]

    coat = next(i for i in range(timeline.list.count()) if "Coat" in timeline.list.item(i).text())
    dialog = timeline.open_entry(timeline.list.item(coat))
    assert isinstance(dialog, DealDialog) and dialog.deal_id == deal_id
    dialog.title_edit.setText("Winter coat")
    dialog.accept()
    assert any("Winter coat" in timeline.list.item(i).text() for i in range(timeline.list.count()))
    service = timeline.open_record_dialog("service", None)
    assert isinstance(service, ServiceRecordDialog) and service.picker.customer_id() == zhang
