"""Benchmark the desktop window: start-up time and memory. Prints figures, asserts nothing.

    .venv/bin/python tests/bench/bench_ui.py [--customers 100000] [--runs 5] [--demo]

Rows:
- bare PySide6 window: a new Python process that imports QtWidgets, shows a QMainWindow
  and paints it (the floor any Qt app pays);
- CRM window, empty database / N customers: a new process that opens the database, builds
  the real main window on the Customers page and waits until the table knows its row count
  and has painted its first rows (usable);
- memory: resident set size after scrolling the whole N-customer table page by page.

Goals (issue #3): N customers within 1.2x of empty; the first window within 2x of bare.
Customers are written with sqlite3 executemany (the demo generator's method) unless --demo
asks for `services.demo.generate_demo` (realistic data, slower to build).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def fill(db_path: Path, n: int, demo: bool) -> None:
    from crm_desktop.db.engine import open_database
    from crm_desktop.services.presets import apply_preset

    db = open_database(db_path)
    try:
        if demo:
            from crm_desktop.services.demo import generate_demo

            generate_demo(db, n, lang="zh", business="shop")
            return
        with db.session() as s:
            apply_preset(s, "shop")
        if not n:
            return
        conn = db.raw_connection()
        trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'customers_fts_ai'").fetchone()[0]
        cities = ("上海", "北京", "深圳", "杭州", "成都")
        rows = [
            (f"客户{i:06d}", f"138{i:08d}", f"138{i:08d}", cities[i % 5], "lead", "2026-01-01 10:00:00")
            for i in range(n)
        ]
        with conn:
            conn.execute("DROP TRIGGER customers_fts_ai")
            conn.executemany(
                "INSERT INTO customers (name, phone, phone_norm, city, category, created_at, updated_at,"
                " kind, total_spent, purchase_count, open_service_count)"
                " VALUES (?, ?, ?, ?, ?, ?, ?6, 'person', 0, 0, 0)",
                rows,
            )
            conn.execute(trigger)
            conn.execute("INSERT INTO customer_fts(customer_fts) VALUES ('rebuild')")
        conn.close()
    finally:
        db.close()


# --- child processes (one measurement each) ---------------------------------------------------


def child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.setCentralWidget(QLabel("hello"))
    window.resize(1200, 760)
    window.show()
    app.processEvents()
    window.grab()
    print(json.dumps({"rss_mb": rss_mb()}))
    sys.stdout.flush()
    os._exit(0)


def child_window(db_path: str, scroll: bool) -> None:
    # The app's own order: the database stack before Qt (see ui/app.py).
    from crm_desktop.db.engine import open_database

    db = open_database(db_path)
    from PySide6.QtCore import QEventLoop, QSettings

    settings_dir = tempfile.mkdtemp()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    from crm_desktop.ui.prefs import LAST_PAGE, qsettings

    qsettings().setValue(LAST_PAGE, "customers")
    from crm_desktop.ui.app import make_application

    app = make_application("zh")  # noqa: F841 -- kept alive for the whole run
    from crm_desktop.ui.main_window import MainWindow
    from crm_desktop.ui.models.customers import PAGE_SIZE

    window = MainWindow(db)
    window.show()
    page = window.page("customers")
    loaded: list[int] = []
    page.model.loaded.connect(loaded.append)
    # Wait idle, as app.exec() would (a busy processEvents loop would steal the worker's GIL).
    loop = QEventLoop()
    page.model.loaded.connect(lambda _n: loop.quit())
    if not loaded:
        loop.exec()
    window.grab()  # painted, first rows read
    result = {"rss_mb": rss_mb(), "rows": page.model.rowCount(), "rows_read": page.model.rows_fetched}
    if scroll:
        table = page.table
        started = time.perf_counter()
        for row in range(0, page.model.rowCount(), PAGE_SIZE // 2):
            table.scrollTo(page.model.index(row, 0))
            table.viewport().repaint()
        table.scrollToBottom()
        table.viewport().repaint()
        result.update(
            scroll_s=time.perf_counter() - started,
            rss_after_scroll_mb=rss_mb(),
            rows_read_after_scroll=page.model.rows_fetched,
        )
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)


# --- parent ------------------------------------------------------------------------------------


PYCACHE = Path(tempfile.gettempdir()) / "crm-bench-pycache"


def timed(args: list[str]) -> tuple[float, dict[str, float]]:
    # Installed apps run from compiled bytecode: keep a bytecode cache outside the checkout
    # (the dev environment sets PYTHONDONTWRITEBYTECODE, which would recompile every run).
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", CRM_DESKTOP_LANG="zh", PYTHONPYCACHEPREFIX=str(PYCACHE)
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=True
    )
    elapsed = time.perf_counter() - started
    return elapsed, json.loads(out.stdout.strip().splitlines()[-1])


def interleaved(variants: list[list[str]], runs: int) -> list[tuple[float, dict[str, float]]]:
    """Median wall time of each variant, run in turn (A B C A B C ...) so that the load of a
    shared machine falls on all of them alike."""
    times: list[list[float]] = [[] for _ in variants]
    infos: list[dict[str, float]] = [{} for _ in variants]
    for _ in range(runs):
        for i, args in enumerate(variants):
            elapsed, info = timed(args)
            times[i].append(elapsed)
            infos[i] = info
    return [(statistics.median(t), info) for t, info in zip(times, infos, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--child", nargs="*")
    args = parser.parse_args()
    if args.child is not None:
        if args.child[0] == "bare":
            child_bare()
        child_window(args.child[1], scroll=args.child[0] == "scroll")
        return

    with tempfile.TemporaryDirectory() as tmp:
        empty, full = Path(tmp) / "empty.db", Path(tmp) / "full.db"
        fill(empty, 0, False)
        started = time.perf_counter()
        fill(full, args.customers, args.demo)
        print(f"built {args.customers:,} customers in {time.perf_counter() - started:.1f} s")
        timed(["--child", "window", str(empty)])  # warm the bytecode cache
        (bare, bare_info), (empty_s, empty_info), (full_s, full_info) = interleaved(
            [["--child", "bare"], ["--child", "window", str(empty)], ["--child", "window", str(full)]],
            args.runs,
        )
        _, scroll_info = timed(["--child", "scroll", str(full)])

    print(
        f"{'start to usable window (median of ' + str(args.runs) + ')':<52} {'seconds':>8} {'ratio':>7} {'RSS MB':>8}"
    )
    print(f"{'bare PySide6 window':<52} {bare:8.2f} {1:7.2f} {bare_info['rss_mb']:8.0f}")
    print(
        f"{'CRM window, empty database':<52} {empty_s:8.2f} {empty_s / bare:7.2f} {empty_info['rss_mb']:8.0f}"
    )
    print(
        f"{f'CRM window, {args.customers:,} customers':<52} {full_s:8.2f} {full_s / bare:7.2f} {full_info['rss_mb']:8.0f}"
    )
    print(f"{args.customers:,} customers vs empty: {full_s / empty_s:.2f}x (goal <= 1.2x)")
    print(f"first window vs bare PySide6: {empty_s / bare:.2f}x (goal <= 2x)")
    print(f"rows read to show the first screen: {full_info['rows_read']:.0f} of {full_info['rows']:,.0f}")
    print(
        f"scrolled the whole table in {scroll_info['scroll_s']:.1f} s: RSS {scroll_info['rss_mb']:.0f} MB -> "
        f"{scroll_info['rss_after_scroll_mb']:.0f} MB ({scroll_info['rows_read_after_scroll']:,.0f} rows read, "
        "at most 30 pages of 200 kept)"
    )


if __name__ == "__main__":
    main()
