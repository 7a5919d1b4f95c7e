"""Benchmark: figures, lists and timeline at 100,000 customers and 300,000 deals.

Run: .venv/bin/python tests/bench/bench_figures.py [--customers N] [--db PATH]
(an existing --db file is reused as it is, so a second run skips the build).
Prints a table of timings (median of a few runs); never fails on timing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from crm_desktop.db.engine import open_database
from crm_desktop.services import deals, follow_ups, pipeline
from crm_desktop.services.calendar import birthdays_between
from crm_desktop.services.deal_lists import DealQuery, deal_ids
from crm_desktop.services.figures import refresh_all_figures, refresh_figures
from crm_desktop.services.presets import apply_preset
from crm_desktop.services.service_records import stale_service_records
from crm_desktop.services.timeline import customer_timeline

NOW = datetime(2026, 11, 23, 10, 0)


def _ts(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S.000000")


def build(path: Path, n: int) -> dict[str, int]:
    db = open_database(path)
    with db.session() as s:
        apply_preset(s, "shop")
    stages = {code: sid for sid, code in db.raw_connection().execute("SELECT id, code FROM pipeline_stages")}
    rng = random.Random(7)
    conn = db.raw_connection()
    counts = {"customers": n, "deals": 0, "follow_ups": 0, "service_records": 0}
    with conn:
        conn.executemany(
            "INSERT INTO customers (id, name, kind, category, birthday, created_at, updated_at, total_spent, "
            "purchase_count, open_service_count) VALUES (?, ?, 'person', 'customer', ?, ?, ?, 0, 0, 0)",
            (
                (
                    i,
                    f"客户{i}",
                    str(date(1960, 1, 1) + timedelta(days=rng.randrange(15000))),
                    _ts(NOW),
                    _ts(NOW),
                )
                for i in range(1, n + 1)
            ),
        )
        deal_rows = []
        for i in range(3 * n):
            cid = rng.randrange(1, n + 1)
            created = NOW - timedelta(days=rng.randrange(730), minutes=rng.randrange(1440))
            status = rng.choice(("won", "won", "won", "lost", "open", "open"))
            stage = (
                stages["won"]
                if status == "won"
                else stages["lost"]
                if status == "lost"
                else stages["enquiry"]
            )
            closed = _ts(created + timedelta(days=rng.randrange(30))) if status != "open" else None
            amount = round(rng.uniform(10, 5000), 2)
            deal_rows.append(
                (i + 1, cid, f"deal {i}", amount, stage, status, closed, _ts(created), _ts(created))
            )
        conn.executemany(
            "INSERT INTO deals (id, customer_id, title, amount, stage_id, status, closed_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            deal_rows,
        )
        counts["deals"] = len(deal_rows)
        fu_rows = []
        for i in range(2 * n):
            cid = rng.randrange(1, n + 1)
            due = NOW + timedelta(days=rng.randrange(-400, 30), minutes=rng.randrange(1440))
            done = _ts(due) if due < NOW and rng.random() < 0.8 else None
            fu_rows.append((i + 1, cid, "call", "回访", _ts(due), done, _ts(due - timedelta(days=3))))
        conn.executemany(
            "INSERT INTO follow_ups (id, customer_id, kind, subject, due_at, done_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            fu_rows,
        )
        counts["follow_ups"] = len(fu_rows)
        sr_rows = []
        for i in range(n // 2):
            cid = rng.randrange(1, n + 1)
            opened = NOW - timedelta(days=rng.randrange(700))
            status = rng.choice(("open", "in_progress", "resolved", "closed", "closed"))
            score = rng.randint(1, 5) if status in ("resolved", "closed") else None
            sr_rows.append((i + 1, cid, "repair", "维修", status, _ts(opened), score, _ts(opened)))
        conn.executemany(
            "INSERT INTO service_records (id, customer_id, kind, subject, status, opened_at, satisfaction, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            sr_rows,
        )
        counts["service_records"] = len(sr_rows)
    conn.close()
    db.close()
    return counts


def timed(fn: Callable[[], object], runs: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench_figures.db"
    if path.exists():
        print(f"reusing {path}")
    else:
        t = time.perf_counter()
        counts = build(path, args.customers)
        print(f"built {counts} in {time.perf_counter() - t:.1f} s at {path}")
    db = open_database(path)
    rows: list[tuple[str, float, str]] = []

    def run(label: str, fn: Callable[[], object], runs: int = 5, note: Callable[[object], str] = str) -> None:
        ms, result = timed(fn, runs)
        rows.append((label, ms, note(result)))

    def all_figures() -> None:
        with db.session() as s:
            refresh_all_figures(s)

    probe = min(4242, args.customers)
    run("refresh_all_figures", all_figures, runs=3, note=lambda _: "")
    with db.session() as s:
        run("refresh_figures (1 customer)", lambda: refresh_figures(s, [probe]), note=lambda _: "")
        run("refresh_figures (500 customers)", lambda: refresh_figures(s, range(1, 501)), note=lambda _: "")
        run("forecast", lambda: pipeline.forecast(s), note=lambda f: f"{f.count} open deals")  # type: ignore[attr-defined]
        run(
            "follow-ups today",
            lambda: follow_ups.follow_ups_due_today(s, NOW),
            note=lambda r: f"{len(r)} rows",
        )  # type: ignore[arg-type]
        run(
            "follow-ups overdue",
            lambda: follow_ups.follow_ups_overdue(s, NOW),
            note=lambda r: f"{len(r)} rows",
        )  # type: ignore[arg-type]
        run(
            "follow-ups upcoming 7 d",
            lambda: follow_ups.follow_ups_upcoming(s, NOW),
            note=lambda r: f"{len(r)} rows",
        )  # type: ignore[arg-type]
        run(
            "deal ids: won, by amount",
            lambda: deal_ids(s, DealQuery(status="won", sort_key="amount")),
            note=lambda r: f"{len(r)} ids",
        )  # type: ignore[arg-type]
        run(
            "deal ids: 1 customer",
            lambda: deal_ids(s, DealQuery(customer_id=probe)),
            note=lambda r: f"{len(r)} ids",
        )  # type: ignore[arg-type]
        run(
            "stale service > 30 d", lambda: stale_service_records(s, NOW, 30), note=lambda r: f"{len(r)} rows"
        )  # type: ignore[arg-type]
        run("timeline of 1 customer", lambda: customer_timeline(s, probe), note=lambda r: f"{len(r)} entries")  # type: ignore[arg-type]
        run(
            "birthdays next 7 days",
            lambda: birthdays_between(s, date(2026, 12, 28), date(2027, 1, 4)),
            note=lambda r: f"{len(r)} rows",
        )  # type: ignore[arg-type]
        run("quick_sale (one write + figures)", lambda: deals.quick_sale(s, probe, 10), note=lambda _: "")
        s.rollback()
    db.close()
    print(f"\n| step ({args.customers:,} customers) | median ms | result |\n|---|---:|---|")
    for label, ms, note in rows:
        print(f"| {label} | {ms:,.1f} | {note} |")


if __name__ == "__main__":
    main()
