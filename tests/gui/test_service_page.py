"""The Service page: filters, stale records highlighted, a record from open to resolved with a score."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer
from crm_desktop.services.presets import get_setting
from crm_desktop.services.service_records import get_service_record, open_service_record
from crm_desktop.ui.models.service_records import STALE_BACKGROUND, STALE_DAYS_KEY
from crm_desktop.ui.pages.service import ServicePage

NOW = datetime(2026, 11, 23, 10, 0)


def add_customer(db: Database, name: str) -> int:
    with db.session() as s:
        customer = Customer(name=name)
        s.add(customer)
        s.flush()
        return customer.id


def add_record(db: Database, customer_id: int, kind: str, subject: str, opened: datetime) -> int:
    with db.session() as s:
        record = open_service_record(s, customer_id, kind, subject, opened_at=opened)
        s.flush()
        return record.id


def make_page(qtbot: Any, db: Database) -> ServicePage:
    page = ServicePage(db, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page


def subjects(page: ServicePage) -> list[str]:
    return [r.subject for r in page.rows()]


def test_filters_by_status_kind_and_period(qtbot: Any, db: Database, sync_workers: None) -> None:
    zhang = add_customer(db, "张伟")
    add_record(db, zhang, "repair", "zip broken", NOW - timedelta(days=2))
    add_record(db, zhang, "complaint", "rude clerk", NOW - timedelta(days=40))
    done = add_record(db, zhang, "consultation", "which size", NOW - timedelta(days=1))
    with db.session() as s:
        from crm_desktop.services.service_records import resolve_service_record

        resolve_service_record(s, done, "size M", 5)

    page = make_page(qtbot, db)
    assert subjects(page) == ["zip broken", "rude clerk"]  # open and in progress by default

    page.status_combo.setCurrentIndex(page.status_combo.findData("all"))
    assert subjects(page) == ["which size", "zip broken", "rude clerk"]
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("complaint"))
    assert subjects(page) == ["rude clerk"]
    page.kind_combo.setCurrentIndex(0)
    page.period_combo.setCurrentIndex(page.period_combo.findData("this_month"))
    assert subjects(page) == ["which size", "zip broken"]
    page.status_combo.setCurrentIndex(page.status_combo.findData("resolved"))
    assert subjects(page) == ["which size"]
    assert "★★★★★" in page.model.index(0, 7).data()


def test_open_records_older_than_the_limit_are_highlighted_and_the_limit_is_stored(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    zhang = add_customer(db, "张伟")
    add_record(db, zhang, "repair", "new", NOW - timedelta(days=2))
    add_record(db, zhang, "repair", "old", NOW - timedelta(days=10))
    page = make_page(qtbot, db)

    def highlighted() -> list[str]:
        model = page.model
        return [
            row.subject
            for r, row in enumerate(model.rows())
            if model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
        ]

    assert highlighted() == ["old"]  # default: 7 days
    assert "1 open longer" in page.summary.text()
    with qtbot.waitSignal(page._stale_timer.timeout):  # saved once the user stops changing it
        page.stale_spin.setValue(1)
    assert highlighted() == ["new", "old"]
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color() == STALE_BACKGROUND
    with db.session() as s:
        assert get_setting(s, STALE_DAYS_KEY) == 1
    # a new page (next start) reads the stored limit
    assert make_page(qtbot, db).stale_spin.value() == 1


def test_log_a_record_then_resolve_it_with_a_score(qtbot: Any, db: Database, sync_workers: None) -> None:
    zhang = add_customer(db, "张伟")
    page = make_page(qtbot, db)

    dialog = page.new_record()
    dialog.picker.set_text("张伟")
    dialog.picker.choose_row(0)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("repair"))
    dialog.subject_edit.setText("拉链坏了")
    dialog.description_edit.setPlainText("左边口袋")
    dialog.accept()
    assert subjects(page) == ["拉链坏了"]
    record_id = page.rows()[0].id
    with db.session() as s:
        rec = get_service_record(s, record_id)
        assert (rec.customer_id, rec.kind, rec.status) == (zhang, "repair", "open")

    page.view.selectRow(0)
    assert page.resolve_button.isEnabled()
    page.resolve_button.click()
    resolve = page.dialog
    assert resolve.status() == "resolved" and resolve.resolve_box.isVisibleTo(resolve)
    resolve.accept()  # no resolution written yet: refused, nothing changes
    assert "resolution" in resolve.error().lower()
    with db.session() as s:
        assert get_service_record(s, record_id).status == "open"
    resolve.resolution_edit.setPlainText("换了新拉链")
    resolve.set_satisfaction(4)
    resolve.accept()

    with db.session() as s:
        rec = get_service_record(s, record_id)
        assert (rec.status, rec.resolution, rec.satisfaction) == ("resolved", "换了新拉链", 4)
        assert rec.resolved_at is not None
    assert subjects(page) == []  # no longer open
    page.status_combo.setCurrentIndex(page.status_combo.findData("resolved"))
    assert subjects(page) == ["拉链坏了"]


def test_a_new_record_needs_a_customer_and_a_subject(qtbot: Any, db: Database, sync_workers: None) -> None:
    page = make_page(qtbot, db)
    dialog = page.new_record()
    dialog.subject_edit.setText("x")
    dialog.accept()
    assert "customer" in dialog.error().lower()
    assert page.rows() == []
