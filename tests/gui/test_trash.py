"""The trash: archived customers come back with Restore or go for good with Delete."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QMessageBox

from crm_desktop.db.engine import Database
from crm_desktop.db.search import search_ids
from crm_desktop.services.customers import archive_customers, count_customers, create_customer
from crm_desktop.services.deals import create_deal, move_deal
from crm_desktop.services.erase import Erased
from crm_desktop.services.follow_ups import plan_follow_up
from crm_desktop.services.notes import add_note
from crm_desktop.services.pipeline import list_stages
from crm_desktop.ui.pages.trash import TrashPage


def add(db: Database, **values: Any) -> int:
    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def test_archive_in_customers_then_restore_from_trash(main_window: Any, db: Database, qtbot: Any) -> None:
    add(db, name="Keep me")
    add(db, name="Archive me")
    customers = main_window.page("customers")
    trash = main_window.page("trash")
    customers.refresh()
    col = customers.model.columns.index("name")
    row = next(r for r in range(2) if customers.model.index(r, col).data() == "Archive me")
    customers.select_rows([row])
    customers.archive_selected()
    assert customers.model.rowCount() == 1
    main_window.show_page("trash")
    assert trash.model.rowCount() == 1
    assert trash.model.index(0, 0).data() == "Archive me"
    trash.select_rows([0])
    trash.restore_button.click()
    assert trash.model.rowCount() == 0
    assert customers.model.rowCount() == 2
    qtbot.waitUntil(lambda: main_window.counts_label.text().endswith("In trash: 0"))


def test_trash_shows_when_each_was_moved_there_newest_first(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    """The date column is when the customer went to the trash, not when it was last edited."""
    from PySide6.QtCore import Qt
    from sqlalchemy import update

    from crm_desktop.db.models import Customer
    from crm_desktop.ui import i18n
    from crm_desktop.ui.pages.trash import TRASH_COLUMNS

    first, second, third = (add(db, name=n) for n in ("Old Trash", "New Trash", "Middle Trash"))
    with db.session() as s:
        archive_customers(s, [first, second, third])
        moved = {
            first: datetime(2026, 3, 1, 9, 15),
            second: datetime(2026, 5, 20, 17, 40),
            third: datetime(2026, 4, 2, 8, 0),
        }
        for cid, at in moved.items():
            # last edited long before (imported data keeps its old updated_at)
            s.execute(
                update(Customer)
                .where(Customer.id == cid)
                .values(archived_at=at, updated_at=datetime(2024, 1, 1, 12, 0))
            )
    page = TrashPage(db)
    qtbot.addWidget(page)
    col = TRASH_COLUMNS.index("archived_at")
    assert "updated_at" not in TRASH_COLUMNS
    header = page.model.headerData(col, Qt.Orientation.Horizontal)
    assert header == "Moved to trash"
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert names == ["New Trash", "Middle Trash", "Old Trash"]  # newest in the trash first
    assert [page.model.index(r, col).data() for r in range(3)] == [
        "2026-05-20 17:40",
        "2026-04-02 08:00",
        "2026-03-01 09:15",
    ]
    page.model.sort(0)  # no other order (the header does not sort the trash)
    assert [page.model.index(r, 0).data() for r in range(3)] == names

    i18n.install_translators("zh")
    chinese = TrashPage(db)
    qtbot.addWidget(chinese)
    assert chinese.model.headerData(col, Qt.Orientation.Horizontal) == "移入回收站时间"
    assert chinese.model.index(0, col).data() == "2026-05-20 17:40"


def test_delete_for_good_asks_first(qtbot: Any, db: Database, sync_workers: None, dialogs: Any) -> None:
    ids = [add(db, name=n) for n in ("One", "Two")]
    with db.session() as s:
        archive_customers(s, ids)
    page = TrashPage(db)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    page.select_rows([0])
    dialogs.answer_message(QMessageBox.StandardButton.Cancel)
    page.delete_button.click()
    assert page.model.rowCount() == 2  # cancelled: nothing deleted
    dialogs.answer_message(QMessageBox.StandardButton.Yes)
    page.select_rows([0])
    page.delete_button.click()
    assert page.model.rowCount() == 1
    assert dialogs.shown[-1][0] == "question"
    with db.session() as s:
        assert count_customers(s, archived=None) == 1


SECRET = "Zebulon Quaggafeather"
LINKED = ("follow_ups", "deals", "deal_stage_history", "service_records", "notes", "customer_tags")


def _rows(db: Database, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db.path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _linked(db: Database, customer_id: int) -> dict[str, int]:
    """How many rows of each linked table still belong to `customer_id` (plain SQL)."""
    counts = {
        t: _rows(db, f"SELECT count(*) FROM {t} WHERE customer_id = ?", customer_id)[0][0]
        for t in LINKED
        if t != "deal_stage_history"
    }
    counts["deal_stage_history"] = _rows(
        db,
        "SELECT count(*) FROM deal_stage_history WHERE deal_id IN (SELECT id FROM deals WHERE customer_id = ?)",
        customer_id,
    )[0][0]
    return counts


def test_delete_for_good_erases_everything_linked_and_says_what(
    main_window: Any, db: Database, qtbot: Any, dialogs: Any
) -> None:
    keep = add(db, name="Keep Person", phone="13800000001")
    gone = add(db, name=SECRET, phone="13912345678", tags="vip")
    with db.session() as s:
        for cid in (keep, gone):
            plan_follow_up(s, cid, datetime(2026, 6, 1, 9), subject="call back")
            deal = create_deal(s, cid, "spring order", 500)
            open_stages = [st for st in list_stages(s) if st.outcome == "open"]
            move_deal(s, deal.id, open_stages[1].id)
            add_note(s, cid, "prefers mornings")
        archive_customers(s, [gone])
    assert _rows(db, "SELECT rowid FROM customer_fts WHERE customer_fts MATCH 'Quaggafeather'") == [(gone,)]
    before = _linked(db, gone)
    assert before["follow_ups"] == before["deals"] == before["notes"] == 1
    assert before["deal_stage_history"] >= 1 and before["customer_tags"] == 1
    kept_before = _linked(db, keep)

    trash = main_window.page("trash")
    main_window.show_page("trash")
    assert trash.model.rowCount() == 1
    assert not trash.result_label.isVisible()
    trash.select_rows([0])
    dialogs.answer_message(QMessageBox.StandardButton.Yes)
    trash.delete_button.click()

    assert dialogs.shown[-1][0] == "question"  # asked first; no other (modal) dialog after
    assert len(dialogs.shown) == 1
    assert _rows(db, "SELECT id FROM customers WHERE id = ?", gone) == []
    assert _linked(db, gone) == dict.fromkeys(LINKED, 0)
    assert _rows(db, "SELECT count(*) FROM deals") == [(1,)]  # the other customer's deal stays
    assert _linked(db, keep) == kept_before
    # the search index finds neither the name nor the phone; the other customer still
    assert _rows(db, "SELECT rowid FROM customer_fts WHERE customer_fts MATCH 'Quaggafeather'") == []
    assert _rows(db, "SELECT rowid FROM customer_fts WHERE customer_fts MATCH '13912345678'") == []
    assert _rows(db, "SELECT rowid FROM customer_fts WHERE customer_fts MATCH 'Keep'") == [(keep,)]
    with db.session() as s:
        assert search_ids(s, "Quaggafeather") == []

    assert trash.model.rowCount() == 0
    assert trash.result_label.isVisible()
    assert trash.result_label.text() == (
        "Erased 1 customer with 1 follow-up, 1 deal, 1 note.\n"
        "Older backups still hold them until rotated out."
    )
    qtbot.waitUntil(lambda: main_window.counts_label.text().endswith("In trash: 0"))
    trash.select_rows([])
    assert trash.result_label.isVisible()  # stays until the next action on the page


def test_erased_text_counts_plurals_in_english_and_chinese(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    from crm_desktop.ui import i18n

    page = TrashPage(db)
    qtbot.addWidget(page)
    many = Erased(customers=2, follow_ups=5, deals=3, deal_history=7, service_records=1, notes=4, tag_links=2)
    assert page.erased_text(many).splitlines() == [
        "Erased 2 customers with 5 follow-ups, 3 deals, 1 service record, 4 notes.",
        "Older backups still hold them until rotated out.",
    ]
    assert page.erased_text(Erased(customers=1)).startswith("Erased 1 customer.\n")
    i18n.install_translators("zh")
    assert page.erased_text(many).splitlines() == [
        "已彻底删除 2 位客户及其 5 条跟进、3 个商机、1 条服务记录、4 条备注。",
        "较早的备份在轮换删除前仍含有这些数据。",
    ]
    assert page.erased_text(Erased(customers=1)).startswith("已彻底删除 1 位客户。\n")
