"""Data-safety benchmark: prints figures for a database of your choice (never fails on timing).

Run: .venv/bin/python tests/bench/bench_safety.py PATH   (e.g. a `crm-desktop demo` file of
100,000 customers; PATH is copied, never changed)

Rows: file size; automatic backup (online copy + quick check, then the full integrity and
foreign-key check), listing and rotating the backups, taking the writer lock, and erasing one
customer for good (one transaction with the search-index rewrite, then the log truncation).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from crm_desktop.db.engine import open_database  # noqa: E402
from crm_desktop.services.autobackup import BackupPolicy, list_backups, make_backup, rotate  # noqa: E402
from crm_desktop.services.backup import backup_database, check_database  # noqa: E402
from crm_desktop.services.erase import erase_customers_for_good  # noqa: E402
from crm_desktop.services.lock import writer_lock  # noqa: E402


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> int:
    source = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "crm.db"
        shutil.copyfile(source, path)
        conn = sqlite3.connect(path)
        (customers,) = conn.execute("SELECT count(*) FROM customers").fetchone()
        conn.close()
        print(f"{'customers':<48} {customers:8d}")
        print(f"{'file size':<48} {path.stat().st_size / 1e6:8.1f} MB")
        timed(
            "online copy + full check (backup_database: CLI backup)",
            lambda: backup_database(path, Path(tmp) / "b.db"),
        )
        timed("full integrity + foreign-key check of a copy", lambda: check_database(Path(tmp) / "b.db"))
        timed("make_backup (copy + both checks)", lambda: make_backup(path))
        timed("make_backup at close (quick check only)", lambda: make_backup(path, full_check=False))
        for _ in range(8):
            make_backup(path)
        timed("list_backups (10 backups)", lambda: list_backups(path))
        timed("rotate (keep 1 daily, 0 weekly)", lambda: rotate(path, BackupPolicy(1, 0)))
        lock = timed("writer lock", lambda: writer_lock(path))
        db = open_database(path)
        conn = sqlite3.connect(path)
        (busiest,) = conn.execute(
            "SELECT customer_id FROM deals GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        conn.close()

        erased = timed(
            "erase the customer with most deals (one transaction with the index rewrite, then WAL truncate)",
            lambda: erase_customers_for_good(db, [busiest]),
        )
        print(f"{'  removed':<48} {erased.describe()}")  # type: ignore[attr-defined]
        db.close()
        if lock is not None:
            lock.release()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
