"""Benchmark: customer list PDFs of 1,000 and 10,000 rows (prints figures, never fails on time).

    .venv/bin/python tests/bench/bench_reports.py [--rows 1000 10000] [--baseline]

Builds a demo database once (crm_desktop.services.demo.generate_demo), then renders the
customer list report for an even sample of N customers in name order, three times each
(sizes interleaved), and prints the median wall and CPU seconds, pages and bytes. `--baseline` also times one reportlab LongTable of the same
rows, the layout the PagedTable replaces.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
from pathlib import Path

from crm_desktop.db.engine import open_database
from crm_desktop.reports import ReportOptions, render_report
from crm_desktop.services.customer_query import CustomerQuery, customer_ids
from crm_desktop.services.demo import generate_demo


def _longtable(rows: list[list[str]], head: list[str]) -> float:
    from reportlab.platypus import LongTable

    from crm_desktop.reports.base import ReportContext, build_pdf
    from crm_desktop.reports.styles import table_style

    table = LongTable([head, *rows], repeatRows=1)
    table.setStyle(table_style(len(rows) + 1))
    started = time.perf_counter()
    build_pdf([table], ReportContext(title="baseline"))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.db")
        started = time.perf_counter()
        generate_demo(db, customers=max(args.rows), lang=args.lang)
        print(f"demo data: {max(args.rows):,} customers in {time.perf_counter() - started:.1f} s")
        with db.session() as s:
            all_ids = customer_ids(s, CustomerQuery(sort_key="name"))
        # An even sample of the list, so 1,000 rows look like 10,000 (not just the "A" names).
        samples = {n: all_ids[:: max(1, len(all_ids) // n)][:n] for n in args.rows}
        wall: dict[int, list[float]] = {n: [] for n in args.rows}
        cpu: dict[int, list[float]] = {n: [] for n in args.rows}
        pages: dict[int, int] = {}
        size: dict[int, int] = {}
        with db.session() as s:  # warm-up: font loading and imports
            render_report(s, "customers", ReportOptions(lang=args.lang, ids=all_ids[:50]))
        # Sizes interleaved, so a busy moment on a shared machine hits both alike.
        for _ in range(args.repeat):
            for n in args.rows:
                with db.session() as s:
                    t0, c0 = time.perf_counter(), time.process_time()
                    data = render_report(s, "customers", ReportOptions(lang=args.lang, ids=samples[n]))
                    wall[n].append(time.perf_counter() - t0)
                    cpu[n].append(time.process_time() - c0)
                pages[n] = data.count(b"/Type /Page\n")
                size[n] = len(data)
        for n in args.rows:
            print(
                f"customer list {n:>6,} rows: median {statistics.median(wall[n]):.2f} s wall, "
                f"{statistics.median(cpu[n]):.2f} s CPU (wall runs {', '.join(f'{t:.2f}' for t in wall[n])}), "
                f"{pages[n]} pages, {size[n] / 1e6:.2f} MB"
            )
        ns = sorted(args.rows)
        for a, b in itertools.pairwise(ns):
            ratio_wall = statistics.median(wall[b]) / statistics.median(wall[a])
            ratio_cpu = statistics.median(cpu[b]) / statistics.median(cpu[a])
            print(
                f"{b:,} / {a:,} rows: {ratio_wall:.1f}x wall, {ratio_cpu:.1f}x CPU for {b / a:.0f}x the rows"
            )
        if args.baseline:
            from crm_desktop.reports.customers import DEFAULT_KEYS, fetch_rows

            for n in args.rows:
                with db.session() as s:
                    rows = fetch_rows(s, samples[n], DEFAULT_KEYS, args.lang)
                print(f"baseline one LongTable {n:>6,} rows: {_longtable(rows, list(DEFAULT_KEYS)):.2f} s")
        db.close()


if __name__ == "__main__":
    main()
