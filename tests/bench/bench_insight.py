"""Benchmark: the whole insight dashboard at 100,000 customers with 300,000 deals.

Run: .venv/bin/python tests/bench/bench_insight.py [--db PATH] [--customers N] [--deals N]

Builds the database once (demo data, then extra deals with sqlite3 executemany until there
are `--deals` deals) and keeps it at PATH for later runs; delete PATH after a schema change
(indexes) so that it is built again. Prints the time of every part of the dashboard, called
as `compute_dashboard` calls it, for this month (the page's default period) and this year, and
of the whole; the goal is under 1 s for the whole. Each figure is the median of `--runs` runs,
wall time and this process's CPU time (what an idle machine would take: the wall time grows
when other work shares the cores), with the load average. Never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database, open_database
from crm_desktop.services import insight, retention, rfm
from crm_desktop.services.dashboard import compute_dashboard
from crm_desktop.services.demo import generate_demo
from crm_desktop.services.figures import refresh_all_figures

NOW = datetime(2026, 11, 23, 12, 0)


def build(path: Path, customers: int, deals: int) -> Database:
    """The benchmark database at `path`, made on first use."""
    fresh = not path.exists()
    db = open_database(path)
    if not fresh:
        return db
    t0 = time.perf_counter()
    generate_demo(db, customers, lang="zh", business="shop", seed=7, now=NOW)
    conn = db.raw_connection()
    try:
        have = conn.execute("SELECT COUNT(*) FROM deals").fetchone()[0]
        stages = dict(
            conn.execute("SELECT outcome, MIN(id) FROM pipeline_stages GROUP BY outcome").fetchall()
        )
        rng = random.Random(3)
        rows: list[tuple[Any, ...]] = []
        for _ in range(max(0, deals - have)):
            status = rng.choices(("won", "lost", "open"), (6, 2, 2))[0]
            created = NOW - timedelta(days=rng.randint(0, 730), minutes=rng.randint(0, 1440))
            closed = None if status == "open" else min(NOW, created + timedelta(days=rng.randint(0, 30)))
            stamp = created.isoformat(" ", "seconds") + ".000000"
            rows.append(
                (
                    rng.randint(1, customers),
                    "bench",
                    round(rng.uniform(20, 5000), 2),
                    stages[status],
                    status,
                    None if closed is None else closed.isoformat(" ", "seconds") + ".000000",
                    stamp,
                    stamp,
                )
            )
        with conn:
            conn.executemany(
                "INSERT INTO deals (customer_id, title, amount, stage_id, status, closed_at, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
    finally:
        conn.close()
    with db.session() as s:
        refresh_all_figures(s)
    print(f"built {path} in {time.perf_counter() - t0:.1f} s")
    return db


def timed(label: str, fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median wall and CPU time of `runs` calls of `fn` (after one warm-up call), printed."""
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(f"  {label:<30} {wall * 1000:8.1f} ms wall {cpu * 1000:8.1f} ms cpu")
    return wall, cpu


def parts(s: Session, period: insight.Period, today: date) -> list[tuple[str, Callable[[], Any]]]:
    """The calls `compute_dashboard` makes, grouped as the dashboard shows them."""
    rated = insight.satisfaction_figures(s, period)  # as the dashboard passes it to key_figures
    return [
        ("satisfaction tile+month+kind", lambda: insight.satisfaction_figures(s, period)),
        ("key figures (but satisfaction)", lambda: insight.key_figures(s, period, rated=rated)),
        ("by category/source/grade", lambda: insight.customer_breakdowns(s)),
        ("sales by month", lambda: insight.sales_by_month(s, period)),
        ("pipeline funnel", lambda: insight.pipeline_funnel(s)),
        ("RFM segment counts", lambda: rfm.segment_counts(s, today)),
        (
            "at risk (count + 200)",
            lambda: (retention.count_at_risk(s, today), retention.at_risk_customers(s, today, limit=200)),
        ),
        ("retention 12 months", lambda: retention.monthly_retention(s, today)),
        ("value summary", lambda: retention.value_summary(s)),
        ("unhappy customers", lambda: retention.unhappy_customers(s, limit=200)),
        ("care list 7 days", lambda: retention.care_list(s, today)),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=Path("/tmp/bench_insight_100k.db"))
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--deals", type=int, default=300_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    db = build(args.db, args.customers, args.deals)
    with db.session() as s:
        indexes = {r[0] for r in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))}
    if not {"ix_customers_buyers", "ix_customers_breakdown"} <= indexes:
        print(f"WARNING: {args.db} was built with an older schema (insight indexes missing): delete it")
    today = NOW.date()
    periods = {
        "this month": insight.Period(today.replace(day=1), today),
        "this year": insight.Period(date(2026, 1, 1), today),
    }
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; median of {args.runs} runs")
    with db.session() as s:
        n = s.connection().exec_driver_sql(
            "SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM deals)"
        )
        print("customers, deals:", n.one())
        whole: dict[str, tuple[float, float]] = {}
        for name, period in periods.items():
            print(f"{name} ({period.start} to {period.end}):")
            for label, fn in parts(s, period, today):
                timed(label, fn, args.runs)
            board: Callable[[], Any] = partial(compute_dashboard, s, period, today)
            whole[name] = timed(f"WHOLE DASHBOARD ({name})", board, args.runs)
        print("not on the dashboard (actions and lists):")
        timed("RFM rows (all)", lambda: rfm.rfm_rows(s, today), args.runs)
        timed("plan lifecycle changes", lambda: rfm.plan_lifecycle_changes(s, today), args.runs)
    print(f"load average: {os.getloadavg()[0]:.1f}")
    for name, (wall, cpu) in whole.items():
        print(f"goal < 1 s: {name} {wall:.2f} s wall, {cpu:.2f} s cpu")
    db.close()


if __name__ == "__main__":
    main()
