"""Follow-up pages over a large database: how long each read behind the Today and Follow-ups
pages and the reminder check takes, and how long the pages take to fill.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_follow_ups_ui.py [CUSTOMERS] [FOLLOW_UPS] [DB]

With DB given, the database is built there once and reused by later runs (building 100,000
customers takes about a minute, most of it the search index triggers).

Builds a database in a temporary folder with sqlite3 executemany (customers, then follow-ups
spread over two years around today: done in the past, a backlog of open overdue ones, open
ones ahead), then prints median timings. Prints figures; never fails on timing.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from crm_desktop.db.engine import Database, open_database
from crm_desktop.services.presets import apply_preset


def build(path: Path, customers: int, follow_ups: int, now: datetime) -> Database:
    db = open_database(path)
    with db.session() as s:
        apply_preset(s, "shop")
    rnd = random.Random(7)
    conn = sqlite3.connect(path)
    stamp = now.isoformat(sep=" ")
    conn.executemany(
        "INSERT INTO customers (id, name, kind, phone, birthday, category, total_spent, purchase_count,"
        " open_service_count, created_at, updated_at) VALUES (?, ?, 'person', ?, ?, 'customer', 0, 0, 0, ?, ?)",
        (
            (
                i,
                f"Customer {i}",
                f"138{i:08d}",
                date(1960 + i % 45, 1 + i % 12, 1 + i % 28).isoformat(),
                stamp,
                stamp,
            )
            for i in range(1, customers + 1)
        ),
    )
    rows = []
    for i in range(1, follow_ups + 1):
        due = now + timedelta(minutes=rnd.randint(-730 * 24 * 60, 60 * 24 * 60))
        # the past is mostly done; 2 % of it stays open (the overdue backlog)
        done = due < now and rnd.random() > 0.02
        rows.append(
            (
                i,
                rnd.randint(1, customers),
                "call",
                f"subject {i}",
                due.isoformat(sep=" "),
                (due + timedelta(hours=1)).isoformat(sep=" ") if done else None,
                "ok" if done else None,
                stamp,
            )
        )
    conn.executemany(
        "INSERT INTO follow_ups (id, customer_id, kind, subject, due_at, done_at, outcome, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return db


def median_ms(fn: Callable[[], Any], repeat: int = 7) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def main() -> None:
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    follow_ups = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
    now = datetime.now().replace(second=0, microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(sys.argv[3]) if len(sys.argv) > 3 else Path(tmp) / "bench.db"
        if path.exists():
            db = open_database(path)
            print(f"reusing {path}")
        else:
            t0 = time.perf_counter()
            db = build(path, customers, follow_ups, now)
            print(
                f"built {customers:,} customers, {follow_ups:,} follow-ups in {time.perf_counter() - t0:.1f} s"
            )

        from crm_desktop.services import follow_ups as fus
        from crm_desktop.services.calendar import birthdays_between
        from crm_desktop.services.follow_ups import follow_up_day_counts as calendar_counts
        from crm_desktop.services.follow_ups import follow_ups_on_day
        from crm_desktop.ui.pages.follow_ups import UPCOMING_DAYS
        from crm_desktop.ui.reminders import due_follow_ups

        today = now.date()
        first = today.replace(day=1) - timedelta(days=7)
        reads: dict[str, Callable[[Any], Any]] = {
            "due today": lambda s: fus.follow_ups_due_today(s, now),
            "overdue (whole backlog)": lambda s: fus.follow_ups_overdue(s, now),
            f"upcoming {UPCOMING_DAYS} days": lambda s: fus.follow_ups_upcoming(s, now, days=UPCOMING_DAYS),
            "done, newest 100": lambda s: fus.follow_ups_done(s, limit=100),
            "calendar counts (6 weeks)": lambda s: calendar_counts(s, first, first + timedelta(days=48)),
            "one day's list": lambda s: follow_ups_on_day(s, today),
            "birthdays this week": lambda s: birthdays_between(s, today, today + timedelta(days=6)),
        }
        print(f"{'read':28} {'median ms':>10} {'rows':>8}")
        for label, read in reads.items():

            def run(read: Callable[[Any], Any] = read) -> Any:
                with db.session() as s:
                    return read(s)

            ms, result = median_ms(run)
            print(f"{label:28} {ms:10.1f} {len(result):8,}")
        ms, result = median_ms(lambda: due_follow_ups(db, now))
        print(f"{'reminder check at start':28} {ms:10.1f} {len(result):8,}")
        ms, result = median_ms(lambda: due_follow_ups(db, now, now - timedelta(minutes=1)))
        print(f"{'reminder check each minute':28} {ms:10.1f} {len(result):8,}")

        from PySide6.QtWidgets import QApplication

        from crm_desktop.ui import workers
        from crm_desktop.ui.pages.follow_ups import FollowUpsPage
        from crm_desktop.ui.pages.today import TodayPage

        app = QApplication.instance() or QApplication([])
        workers.set_synchronous(True)  # measure the whole fill, read and show
        for name, page_class in (("Today page", TodayPage), ("Follow-ups page", FollowUpsPage)):
            ms, page = median_ms(lambda page_class=page_class: page_class(db), repeat=3)
            print(f"{name + ' built and filled':28} {ms:10.1f}")
            ms, _ = median_ms(page.refresh, repeat=3)
            print(f"{name + ' refresh':28} {ms:10.1f}")
        app.processEvents()
        db.close()


if __name__ == "__main__":
    main()
