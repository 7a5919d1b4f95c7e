"""A note in the customer's timeline panel shows its text once."""

from __future__ import annotations

from typing import Any

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.dialogs.customer_timeline import TimelinePanel


def test_a_note_added_in_the_panel_shows_once(qtbot: Any, db: Database, sync_workers: None) -> None:
    with db.session() as s:
        customer = create_customer(s, {"name": "王芳"})
        s.flush()
        cid = int(customer.id)
    panel = TimelinePanel(db, cid)
    qtbot.addWidget(panel)
    panel.action.setCurrentIndex(panel.action.findData("note"))
    panel.text.setText("客户说下周再来看看")
    assert panel.add()
    lines = [panel.list.item(i).text() for i in range(panel.list.count())]
    note = next(line for line in lines if "客户说下周再来看看" in line)
    assert note.count("客户说下周再来看看") == 1
    assert note.endswith("Note  ·  客户说下周再来看看")
