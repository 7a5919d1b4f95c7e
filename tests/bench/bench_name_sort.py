"""The cost of the phone-book name sort at 100,000 customers (figures, never pass/fail).

Times, on a demo database: the sorted id list by name (the Customers page's name column) with
the new `name_sort` key and with the joined pinyin it replaced, a few searches (ranked, then in
name order), computing the key for every customer (what revision 0004 does on upgrade) and the
upgrade itself from a copy at 0003.

    .venv/bin/python tests/bench/bench_name_sort.py --customers 100000
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from crm_desktop.db.engine import open_database
from crm_desktop.db.keys import name_sort_key
from crm_desktop.db.models import Customer
from crm_desktop.db.search import ids_of, not_archived
from crm_desktop.services.customer_query import CustomerQuery, customer_ids
from crm_desktop.services.demo import generate_demo

SEARCHES = ("李", "ch", "138", "张伟")


def _median_ms(fn: object, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-name-sort-"))
    path = folder / "crm.db"
    db = open_database(path)
    start = time.perf_counter()
    generate_demo(db, customers=args.customers, lang="zh")
    print(f"demo data: {args.customers:,} customers in {time.perf_counter() - start:.1f} s")
    with db.session() as s:
        new = _median_ms(lambda: customer_ids(s, CustomerQuery(sort_key="name")))
        old_stmt = (
            select(Customer.id)
            .where(not_archived())
            .order_by(func.coalesce(Customer.name_pinyin, Customer.name).asc().nulls_last(), Customer.id)
        )
        old = _median_ms(lambda: ids_of(s, old_stmt))
        names = s.execute(select(Customer.name, Customer.kind)).all()
        # a search's results are ranked, then in name order (read from the covering index)
        searches = {q: _median_ms(lambda q=q: customer_ids(s, CustomerQuery(search=q))) for q in SEARCHES}
    print(f"all ids sorted by name, phone-book key (name_sort): {new:.0f} ms (median of 5)")
    print(f"all ids sorted by name, joined pinyin (before):      {old:.0f} ms (median of 5)")
    for q, ms in searches.items():
        print(f"search {q!r}, every match ranked then by name: {ms:.0f} ms (median of 5)")
    start = time.perf_counter()
    for name, kind in names:
        name_sort_key(name, kind)
    print(f"name_sort_key for {len(names):,} names: {time.perf_counter() - start:.2f} s")
    db.close()
    # the upgrade: the same file taken back to 0003's schema, then opened
    old_file = folder / "old.db"
    shutil.copy(path, old_file)
    conn = sqlite3.connect(old_file)
    conn.execute("DROP INDEX ix_customers_name_sort")
    conn.execute("DROP INDEX ix_customers_search_scan")
    conn.execute(
        "CREATE INDEX ix_customers_search_scan ON customers (archived_at, name, company, email_norm,"
        " phone_norm, alt_phone_norm, name_pinyin, name_initials, notes)"
    )
    conn.execute("ALTER TABLE customers DROP COLUMN name_sort")
    conn.execute("UPDATE alembic_version SET version_num = '0003'")
    conn.commit()
    conn.close()
    start = time.perf_counter()
    open_database(old_file).close()
    print(f"opening a 0003 file (copy aside + upgrade to the name sort): {time.perf_counter() - start:.1f} s")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
