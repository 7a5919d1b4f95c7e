"""The customer timeline's quick follow-up: its due time is picked, not typed, and starts over after Add."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime

from crm_desktop.db.engine import Database
from crm_desktop.db.models import FollowUp
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.dialogs.customer import CustomerDialog


def test_a_quick_follow_up_is_due_when_picked(qtbot: Any, db: Database) -> None:
    with db.session() as s:
        customer = create_customer(s, {"name": "曾子轩", "phone": "13800138000"})
        s.flush()
        cid = customer.id
    dialog = CustomerDialog(db, cid)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.timeline
    assert panel is not None

    panel.action.setCurrentIndex(panel.action.findData("follow_up"))
    tomorrow_ten = datetime.combine(datetime.now().date() + timedelta(days=1), time(10, 0))
    assert panel.due.isVisible() and not panel.extra.isVisible()
    assert panel.due.dateTime().toPython() == tomorrow_ten

    panel.text.setText("试穿新款")
    panel.due.setDateTime(QDateTime(QDate(2031, 12, 10), QTime(15, 30)))
    assert panel.add()
    with db.session() as s:
        fu = s.query(FollowUp).filter_by(customer_id=cid).one()
        assert (fu.subject, fu.due_at) == ("试穿新款", datetime(2031, 12, 10, 15, 30))
    # the next quick follow-up starts from the usual slot, not the last one picked
    assert panel.due.dateTime().toPython() == tomorrow_ten and panel.text.text() == ""
    assert any("试穿新款" in panel.list.item(i).text() for i in range(panel.list.count()))

    panel.action.setCurrentIndex(panel.action.findData("sale"))
    assert panel.extra.isVisible() and not panel.due.isVisible()
    dialog.done(0)
