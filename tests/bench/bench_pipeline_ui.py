"""Benchmark: the Pipeline board, the deal list and the Service list over a big database.

Run: .venv/bin/python tests/bench/bench_pipeline_ui.py [--db PATH] [--customers N]

Uses the database at PATH (e.g. a copy of the insight benchmark's 100,000 customers / 300,000
deals), or makes one with demo data. Prints the time of each read the pages do and of building
the board's widgets offscreen. Never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from crm_desktop.db.engine import open_database


def timed(label: str, fn: Callable[[], Any], runs: int = 3) -> Any:
    """Run `fn` `runs` times; print the median and return the last result."""
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    print(f"{label:<52} {statistics.median(times) * 1000:9.1f} ms")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=Path("/tmp/bench_pipeline.db"))
    ap.add_argument("--customers", type=int, default=20_000)
    args = ap.parse_args()
    fresh = not args.db.exists()
    db = open_database(args.db)
    if fresh:
        from crm_desktop.services.demo import generate_demo

        generate_demo(db, args.customers, lang="zh", business="shop", seed=7)

    from datetime import date

    from PySide6.QtWidgets import QApplication

    from crm_desktop.services.deal_lists import DealQuery, deal_ids
    from crm_desktop.services.service_records import list_service_records
    from crm_desktop.ui.models.service_records import LIST_LIMIT
    from crm_desktop.ui.pages.pipeline import load_board
    from crm_desktop.ui.pages.pipeline_list import period_range
    from crm_desktop.ui.widgets.kanban import KanbanBoard

    with db.session() as s:
        n_deals = len(deal_ids(s, DealQuery()))
    print(f"database {args.db}: {n_deals:,} deals of active customers")
    start, end = period_range("this_month", date.today())
    data = timed("board data, won/lost this month", lambda: load_board(db, "zh", start, end))
    timed("board data, all time", lambda: load_board(db, "zh", None, None))
    print("  columns:", ", ".join(f"{c.name} {c.count:,} ({len(c.cards)} cards)" for c in data.columns))

    app = QApplication.instance() or QApplication([])
    board = KanbanBoard()
    board.resize(1200, 700)
    board.show()

    def build() -> None:
        board.set_columns(data.columns)
        app.processEvents()

    timed("board widgets (set_columns + paint)", build)

    def ids(**kw: Any) -> Callable[[], list[int]]:
        def run() -> list[int]:
            with db.session() as s:
                return deal_ids(s, DealQuery(**kw))

        return run

    timed("list ids, newest first", ids())
    timed("list ids, sorted by amount desc", ids(sort_key="amount", descending=True))
    timed("list ids, sorted by customer", ids(sort_key="customer"))
    timed("list ids, one stage, amount >= 1000", ids(stage_id=data.columns[0].stage_id, min_amount=1000))

    def service(**kw: Any) -> Callable[[], int]:
        def run() -> int:
            with db.session() as s:
                return len(list_service_records(s, limit=LIST_LIMIT, **kw))

        return run

    timed("service list, open and in progress", service(status=("open", "in_progress")))
    timed("service list, all statuses (newest 2,000)", service())
    db.close()


if __name__ == "__main__":
    main()
