"""Benchmark the desktop window: start-up time and memory. Prints figures, asserts nothing.

    .venv/bin/python tests/bench/bench_ui.py [--customers 100000] [--runs 7] [--demo]
                                             [--against OTHER_CHECKOUT]

Each figure is the median over `--runs` new Python processes, the variants run in turn
(A B C A B C ...) so that the load of a shared machine falls on all alike; times run from the
moment the parent starts the process (interpreter start included), with compiled bytecode
kept in a cache as a real install has it.

Rows:
- bare PySide6 window: imports QtWidgets, shows a QMainWindow and waits for its first paint
  (the floor any Qt app pays);
- CRM window, empty database / N customers: the app's own start (`ui.app.show_frame`, then
  `open_data` and `MainWindow.set_database`, as `ui.app.run` does) on the Customers page:
  "first window" when the main window frame is painted, "usable" when the table knows its
  row count and has painted its first rows;
- memory: resident set size after scrolling the whole N-customer table page by page.

`--against DIR` also times the same windows from another checkout's `crm_desktop` (e.g. a
copy taken before a change) and prints before/after. A tree without `show_frame` starts the
old way (database first, then Qt, then the window).

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
# The source tree the child processes import (`--against` points it at another checkout).
SRC = Path(os.environ.get("CRM_BENCH_SRC") or REPO)
sys.path.insert(0, str(SRC))


def since_launch() -> float:
    """Seconds since the parent started this process (it passes its clock in CRM_BENCH_T0)."""
    return time.time() - float(os.environ["CRM_BENCH_T0"])


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


class _PaintSpy:
    """Notes when `window` is first painted (seconds since launch) and can wait for it."""

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import QEvent, QEventLoop, QObject

        self.at: float | None = None
        self._loop = QEventLoop()
        spy = self

        class Filter(QObject):
            def eventFilter(self, _obj: Any, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and spy.at is None:
                    spy.at = since_launch()
                    spy._loop.quit()
                return False

        self._filter = Filter()
        window.installEventFilter(self._filter)

    def wait(self) -> float:
        if self.at is None:
            self._loop.exec()
        assert self.at is not None
        return self.at


def child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])  # noqa: F841
    window = QMainWindow()
    window.setCentralWidget(QLabel("hello"))
    window.resize(1200, 760)
    spy = _PaintSpy(window)
    window.show()
    first = spy.wait()
    print(json.dumps({"first_s": first, "usable_s": first, "all_ids_s": first, "rss_mb": rss_mb()}))
    sys.stdout.flush()
    os._exit(0)


def _settings_for_customers_page() -> None:
    from PySide6.QtCore import QSettings

    settings_dir = tempfile.mkdtemp()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    from crm_desktop.ui.prefs import LAST_PAGE, qsettings

    qsettings().setValue(LAST_PAGE, "customers")


_KEEP: list[Any] = []


def _start_window(db_path: str) -> tuple[Any, Any, Callable[[], float]]:
    """The app's start as `ui.app.run` does it: (app, window, when the window was first painted).

    Nothing processes events between building the Customers page and returning, so the
    caller can still connect to its model's `loaded` signal.
    """
    from crm_desktop.ui import app as app_module  # imports no Qt

    if hasattr(app_module, "show_frame"):
        _settings_for_customers_page()
        app, window = app_module.show_frame("zh")
        painted_at = since_launch()
        try:  # as run() does: the writer lock and single-instance server of ui/safety.py
            from crm_desktop.ui.safety import open_safely
        except ImportError:
            db = app_module.open_data(Path(db_path))
        else:
            start = open_safely(Path(db_path), window, "zh", app_module.open_data)
            _KEEP.append(start)  # its lock and server live as long as the run
            db = start.db
        from crm_desktop.ui.first_start import needs_first_start

        needs_first_start(db)
        window.set_database(db)
        return app, window, lambda: painted_at
    # A tree from before the frame-first start: database, then Qt, then the window.
    from crm_desktop.db.engine import open_database

    db = open_database(db_path)
    _settings_for_customers_page()
    app = app_module.make_application("zh")
    from crm_desktop.ui.first_start import needs_first_start
    from crm_desktop.ui.main_window import MainWindow

    needs_first_start(db)
    window = MainWindow(db)
    spy = _PaintSpy(window)
    window.show()
    return app, window, spy.wait


def child_window(db_path: str, scroll: bool) -> None:
    from PySide6.QtCore import QEventLoop

    _app, window, painted = _start_window(db_path)  # the QApplication stays alive for the run
    page = window.page("customers")
    model = page.model
    loaded: list[int] = []
    # Wait idle, as app.exec() would (a busy processEvents loop would steal the worker's GIL):
    # first until rows are there (the first screen, or everything: none in an empty database).
    loop = QEventLoop()
    model.modelReset.connect(lambda: loop.quit() if model.rowCount() else None)
    model.loaded.connect(loaded.append)
    model.loaded.connect(lambda _n: loop.quit())
    loop.exec()
    window.grab()  # painted, first rows read
    result = {"first_s": painted(), "usable_s": since_launch(), "rows_read": model.rows_fetched}
    if not loaded:  # then until the whole id list is in (the scroll bar's full length)
        loop.exec()
    result.update(all_ids_s=since_launch(), rss_mb=rss_mb(), rows=model.rowCount())
    if scroll:
        from crm_desktop.ui.models.customers import PAGE_SIZE

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


def timed(args: list[str], src: Path = REPO) -> dict[str, float]:
    """Run one child process; its figures (times counted from the moment it was started)."""
    # Installed apps run from compiled bytecode: keep a bytecode cache outside the checkout
    # (the dev environment sets PYTHONDONTWRITEBYTECODE, which would recompile every run).
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CRM_DESKTOP_LANG="zh",
        PYTHONPYCACHEPREFIX=str(PYCACHE),
        CRM_BENCH_SRC=str(src),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["CRM_BENCH_T0"] = repr(time.time())
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=True
    )
    info: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return info


def interleaved(variants: list[tuple[list[str], Path]], runs: int) -> list[dict[str, float]]:
    """Each variant's figures, times as medians over `runs`, run in turn (A B C A B C ...)."""
    keys = ("first_s", "usable_s", "all_ids_s")
    times: list[dict[str, list[float]]] = [{key: [] for key in keys} for _ in variants]
    infos: list[dict[str, float]] = [{} for _ in variants]
    for _ in range(runs):
        for i, (args, src) in enumerate(variants):
            info = timed(args, src)
            for key, values in times[i].items():
                values.append(info[key])
            infos[i] = info
    for info, samples in zip(infos, times, strict=True):
        info.update({key: statistics.median(values) for key, values in samples.items()})
    return infos


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--against", type=Path, help="another checkout to time before/after")
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
        trees = [REPO] if args.against is None else [args.against.resolve(), REPO]
        variants: list[tuple[list[str], Path]] = [(["--child", "bare"], REPO)]
        for tree in trees:
            timed(["--child", "window", str(empty)], tree)  # warm the bytecode cache
            variants += [(["--child", "window", str(empty)], tree), (["--child", "window", str(full)], tree)]
        results = interleaved(variants, args.runs)
        scroll_info = timed(["--child", "scroll", str(full)])

    bare = results[0]
    print(f"start (median of {args.runs} runs, seconds from process start)")
    print("  first window: the main window painted; usable: its first rows of customers painted;")
    print("  all ids: the whole id list read (the scroll bar's full length)")
    print(f"{'':<44} {'first window':>12} {'x bare':>7} {'usable':>7} {'all ids':>8} {'RSS MB':>7}")
    print(
        f"{'bare PySide6 window':<44} {bare['first_s']:12.2f} {1:7.2f} {'':>7} {'':>8} {bare['rss_mb']:7.0f}"
    )
    for n in range(len(trees)):
        label = "" if len(trees) == 1 else ("before: " if n == 0 else "after: ")
        empty_info, full_info = results[1 + 2 * n], results[2 + 2 * n]
        for info, what in ((empty_info, "empty database"), (full_info, f"{args.customers:,} customers")):
            print(
                f"{label + 'CRM window, ' + what:<44} {info['first_s']:12.2f} {info['first_s'] / bare['first_s']:7.2f}"
                f" {info['usable_s']:7.2f} {info['all_ids_s']:8.2f} {info['rss_mb']:7.0f}"
            )
        print(
            f"{label}{args.customers:,} customers vs empty, usable: "
            f"{full_info['usable_s'] / empty_info['usable_s']:.2f}x (goal <= 1.2x)"
        )
        print(
            f"{label}first window vs bare PySide6: {empty_info['first_s'] / bare['first_s']:.2f}x (goal <= 2x)"
        )
    full_info = results[-1]
    print(f"rows read to show the first screen: {full_info['rows_read']:.0f} of {full_info['rows']:,.0f}")
    print(
        f"scrolled the whole table in {scroll_info['scroll_s']:.1f} s: RSS {scroll_info['rss_mb']:.0f} MB -> "
        f"{scroll_info['rss_after_scroll_mb']:.0f} MB ({scroll_info['rows_read_after_scroll']:,.0f} rows read, "
        "at most 30 pages of 200 kept)"
    )


if __name__ == "__main__":
    main()
