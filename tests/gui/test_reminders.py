"""Reminders: follow-ups falling due raise one notification each per run (the clock is passed in)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QSystemTrayIcon

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer
from crm_desktop.services.follow_ups import complete_follow_up, plan_follow_up, snooze_follow_up
from crm_desktop.ui.reminders import CHECK_INTERVAL_MS, ReminderBanner, Reminders

NOW = datetime(2026, 11, 23, 10, 0)


def add_customer(db: Database, name: str, phone: str | None = None) -> int:
    with db.session() as s:
        customer = Customer(name=name, phone=phone)
        s.add(customer)
        s.flush()
        return customer.id


def plan(db: Database, customer_id: int, due: datetime, subject: str = "") -> int:
    with db.session() as s:
        return plan_follow_up(s, customer_id, due, "call", subject).id


def make(qtbot: Any, db: Database) -> tuple[Reminders, ReminderBanner, list[list[Any]]]:
    banner = ReminderBanner()
    qtbot.addWidget(banner)
    reminders = Reminders(db, banner, use_tray=False, clock=lambda: NOW)
    seen: list[list[Any]] = []
    reminders.reminded.connect(seen.append)
    return reminders, banner, seen


def test_reminder_fires_when_a_follow_up_falls_due(qtbot: Any, db: Database, sync_workers: None) -> None:
    cid = add_customer(db, "张伟", "13800138000")
    plan(db, cid, datetime(2026, 11, 23, 10, 30), "offer the winter range")
    reminders, banner, seen = make(qtbot, db)

    reminders.check(datetime(2026, 11, 23, 10, 29))
    assert seen == [] and banner.isHidden()

    reminders.check(datetime(2026, 11, 23, 10, 31))
    assert [[r.customer_name for r in batch] for batch in seen] == [["张伟"]]
    assert not banner.isHidden()
    assert "张伟 (13800138000) at 10:30: offer the winter range" in banner.text()
    assert "Follow-up due" in banner.text()

    # reminded once per run
    reminders.check(datetime(2026, 11, 23, 10, 32))
    reminders.check(datetime(2026, 11, 23, 11, 45))
    assert len(seen) == 1


def test_overdue_at_start_reminded_together_once(qtbot: Any, db: Database, sync_workers: None) -> None:
    for i, name in enumerate(["张伟", "李娜", "王芳", "刘洋", "Alice"]):
        plan(db, add_customer(db, name), NOW - timedelta(days=i + 1, hours=1))
    later = plan(db, add_customer(db, "Bob"), NOW + timedelta(hours=2))
    reminders, banner, seen = make(qtbot, db)

    reminders.start()
    assert reminders.timer.isActive() and reminders.timer.interval() == CHECK_INTERVAL_MS
    assert len(seen) == 1 and len(seen[0]) == 5
    assert "5 follow-ups due" in banner.text()
    assert "and 2 more" in banner.text()
    assert "Bob" not in banner.text()

    reminders.check(NOW + timedelta(hours=2, minutes=1))
    assert [r.id for r in seen[-1]] == [later]
    reminders.stop()
    assert not reminders.timer.isActive()


def test_done_follow_ups_are_not_reminded(qtbot: Any, db: Database, sync_workers: None) -> None:
    fid = plan(db, add_customer(db, "张伟"), NOW - timedelta(minutes=5))
    with db.session() as s:
        complete_follow_up(s, fid, "done", done_at=NOW - timedelta(minutes=1))
    reminders, banner, seen = make(qtbot, db)
    reminders.check(NOW)
    assert seen == [] and banner.isHidden()


def test_snoozed_follow_up_is_reminded_again_at_its_new_time(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    fid = plan(db, add_customer(db, "张伟"), NOW - timedelta(minutes=5))
    reminders, _banner, seen = make(qtbot, db)
    reminders.check(NOW)
    assert len(seen) == 1
    with db.session() as s:
        snooze_follow_up(s, fid, NOW + timedelta(hours=1))
    reminders.check(NOW + timedelta(minutes=30))
    assert len(seen) == 1
    reminders.check(NOW + timedelta(hours=1, minutes=1))
    assert len(seen) == 2 and seen[1][0].id == fid


def test_clicking_the_banner_opens_the_follow_ups(qtbot: Any, db: Database, sync_workers: None) -> None:
    plan(db, add_customer(db, "张伟"), NOW - timedelta(minutes=5))
    reminders, banner, _seen = make(qtbot, db)
    reminders.check(NOW)
    with qtbot.waitSignal(reminders.open_requested, timeout=2000):
        banner.open_button.click()
    assert banner.isHidden()
    # dismiss hides it without opening anything
    reminders.check(NOW)  # nothing new: stays hidden
    assert banner.isHidden()


def test_banner_is_used_where_there_is_no_tray(qtbot: Any, db: Database, sync_workers: None) -> None:
    banner = ReminderBanner()
    qtbot.addWidget(banner)
    reminders = Reminders(db, banner)
    assert (reminders.tray is None) == (not QSystemTrayIcon.isSystemTrayAvailable())


def test_tray_message_click_opens_the_follow_ups(qtbot: Any, db: Database, sync_workers: None) -> None:
    plan(db, add_customer(db, "张伟"), NOW - timedelta(minutes=5))
    banner = ReminderBanner()
    qtbot.addWidget(banner)
    reminders = Reminders(db, banner, use_tray=True, clock=lambda: NOW)
    assert reminders.tray is not None
    seen: list[Any] = []
    reminders.reminded.connect(seen.append)
    reminders.check()
    assert len(seen) == 1 and banner.isHidden()  # the tray took the message
    with qtbot.waitSignal(reminders.open_requested, timeout=2000):
        reminders.tray.messageClicked.emit()
    reminders.stop()


def test_check_runs_in_a_worker(qtbot: Any, db: Database) -> None:
    """Without synchronous workers the notification arrives when the background query returns."""
    plan(db, add_customer(db, "张伟"), NOW - timedelta(minutes=5))
    reminders, banner, seen = make(qtbot, db)
    with qtbot.waitSignal(reminders.reminded, timeout=5000):
        reminders.check(NOW)
    assert not banner.isHidden() and len(seen) == 1


def test_an_overdue_reminder_shows_its_date(qtbot: Any, db: Database, sync_workers: None) -> None:
    plan(db, add_customer(db, "李娜"), datetime(2026, 11, 20, 15, 30), "deliver the sofa")
    reminders, banner, _seen = make(qtbot, db)
    reminders.check(NOW)
    assert "李娜 at 11-20 15:30: deliver the sofa" in banner.text()


def test_a_failed_check_shows_no_dialog(qtbot: Any, db: Database, sync_workers: None) -> None:
    plan(db, add_customer(db, "张伟"), NOW - timedelta(minutes=5))
    reminders, banner, seen = make(qtbot, db)
    db.close()
    # the file is replaced by something that is not a database: every read fails
    db.path.write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(db.path) + suffix).unlink(missing_ok=True)
    reminders.check(NOW)  # logged, no message box (the dialogs fixture would fail the test)
    assert seen == [] and banner.isHidden()
