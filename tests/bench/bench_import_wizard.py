"""Benchmark the import wizard and the export button on a large file. Prints figures, asserts nothing.

    .venv/bin/python tests/bench/bench_import_wizard.py [--rows 100000]

Drives the real wizard with real workers (not the synchronous test mode) over an .xlsx of
`--rows` customers: read, match, check, import, then exports the customer list. For each phase
it prints the wall time and the longest the GUI thread went without handling an event (a
10 ms timer measures it): that stall is what a user feels as a frozen window.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from crm_desktop.ui import file_dialogs


def make_xlsx(path: Path, rows: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("客户")
    sheet.write_row(0, 0, ["客户姓名", "手机", "邮箱", "城市", "会员卡号"])
    cities = ("上海", "北京", "深圳", "杭州")
    for i in range(rows):
        sheet.write_row(
            i + 1, 0, [f"客户{i:06d}", 13800000000 + i, f"c{i}@example.com", cities[i % 4], f"V{i}"]
        )
    book.close()


class StallMeter:
    """The longest gap between two ticks of a 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.longest = 0

    def _tick(self) -> None:
        self.longest = max(self.longest, self.clock.restart())

    def start(self) -> None:
        self.longest = 0
        self.clock.start()
        self.timer.start()

    def stop(self) -> int:
        self.timer.stop()
        return self.longest


def wait(app: QApplication, done: Callable[[], bool], limit_s: float = 600) -> None:
    end = time.monotonic() + limit_s
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.002)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    app = QApplication([])
    from crm_desktop.db.engine import open_database
    from crm_desktop.services.presets import apply_preset
    from crm_desktop.ui.dialogs.import_wizard import CHECK, MAPPING, RESULT, TABLE, ImportWizard
    from crm_desktop.ui.export_actions import export_rows

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        source = tmp / "customers.xlsx"
        t0 = time.perf_counter()
        make_xlsx(source, args.rows)
        print(
            f"made {args.rows} rows in {time.perf_counter() - t0:.1f} s ({source.stat().st_size // 1024} KB)"
        )
        db = open_database(tmp / "crm.db")
        with db.session() as s:
            apply_preset(s, "shop")
        wizard = ImportWizard(db, "customers", source)
        wizard.show()
        meter = StallMeter()

        def phase(name: str, action: Callable[[], None], done: Callable[[], bool]) -> None:
            meter.start()
            t = time.perf_counter()
            action()
            wait(app, lambda: done() and not wizard._busy)
            print(f"{name:<28} {time.perf_counter() - t:7.2f} s   longest GUI stall {meter.stop():5d} ms")

        phase("read file", wizard.next_button.click, lambda: wizard.step() == TABLE)
        phase("match columns", wizard.next_button.click, lambda: wizard.step() == MAPPING)
        phase("check every row", wizard.next_button.click, lambda: wizard.plan is not None)
        assert wizard.step() == CHECK, wizard.error.text()
        phase("import (one transaction)", wizard.import_button.click, lambda: wizard.step() == RESULT)
        print(f"  {wizard.result_step.summary.text()}")

        out = tmp / "export.xlsx"
        file_dialogs.get_save_file_name = lambda *a, **k: (str(out), "")  # type: ignore[assignment]
        with db.session() as s:
            from crm_desktop.services.customer_query import CustomerQuery, customer_ids

            ids = customer_ids(s, CustomerQuery())
        task: list = []
        phase(
            "export list to .xlsx",
            lambda: task.append(
                export_rows(wizard, db, "customers", ids, ["name", "phone", "email", "city"])
            ),
            lambda: bool(task) and task[0].done,
        )
        print(f"  {out.stat().st_size // 1024} KB written")
        wizard.close()
        db.close()


if __name__ == "__main__":
    main()
