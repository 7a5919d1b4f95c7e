"""Search latency against an existing database: first 50 results, median and 95th percentile.

`bench_search(db_path)` builds nothing: it samples real query terms from the customers in the
file (a two-character Chinese name fragment, pinyin initials, a phone fragment, an email
fragment) and times `search_ids(..., limit=50)` for each. The core benchmark script prints its
rows; run alone it prints them too:

    .venv/bin/python tests/bench/bench_search.py PATH.db
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from crm_desktop.db.engine import open_database
from crm_desktop.db.search import search_ids

SAMPLES = 30  # distinct query terms per kind
FIRST = 50  # results a list shows first
_CJK2 = re.compile(r"^[\u3400-\u9fff]{2}")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _terms(rows: list[tuple[str, str | None, str | None, str | None]]) -> dict[str, list[str]]:
    """Query terms of each kind, taken from sampled customers."""
    kinds: dict[str, Callable[[tuple[str, str | None, str | None, str | None]], str | None]] = {
        "search: 2 Chinese chars (name start)": lambda r: r[0][:2] if _CJK2.match(r[0]) else None,
        "search: 2 Chinese chars (in a name)": lambda r: (
            r[0][1:3] if len(r[0]) >= 3 and _CJK2.match(r[0][1:3]) else None
        ),
        "search: pinyin initials": lambda r: (
            r[3][:2] if r[3] and len(r[3]) >= 2 and r[3][:2].isalpha() else None
        ),
        "search: phone fragment": lambda r: r[1][3:7] if r[1] and len(r[1]) >= 8 else None,
        "search: email fragment": lambda r: (
            r[2].split("@")[0][1:6] if r[2] and len(r[2].split("@")[0]) >= 6 else None
        ),
    }
    terms: dict[str, list[str]] = {}
    for label, pick in kinds.items():
        picked = [t for t in (pick(r) for r in rows) if t]
        terms[label] = list(dict.fromkeys(picked))[:SAMPLES]
    return terms


def bench_search(db_path: str | Path) -> list[tuple[str, float, float]]:
    """(label, median ms, p95 ms) of first-50 searches for each kind of query the file has terms for."""
    db = open_database(db_path, create=False)
    try:
        with db.session() as s:
            top = int(s.execute(text("SELECT max(id) FROM customers")).scalar() or 0)
            rnd = random.Random(20261123)
            ids = sorted({rnd.randint(1, top) for _ in range(SAMPLES * 20)}) if top else []
            rows = [
                (r[0], r[1], r[2], r[3])
                for r in s.execute(
                    text(
                        "SELECT name, phone_norm, email_norm, name_initials FROM customers "
                        "WHERE archived_at IS NULL AND id IN (SELECT value FROM json_each(:ids))"
                    ),
                    {"ids": "[" + ",".join(map(str, ids)) + "]"},
                )
            ]
            results: list[tuple[str, float, float]] = []
            for label, terms in _terms(rows).items():
                if not terms:
                    continue
                search_ids(s, terms[0], limit=FIRST)  # warm the page cache once
                timings = []
                for term in terms:
                    start = time.perf_counter()
                    search_ids(s, term, limit=FIRST)
                    timings.append((time.perf_counter() - start) * 1000)
                results.append((label, statistics.median(timings), _percentile(timings, 0.95)))
            return results
    finally:
        db.close()


if __name__ == "__main__":
    for label, median, p95 in bench_search(sys.argv[1]):
        print(f"{label:40} median {median:7.1f} ms   p95 {p95:7.1f} ms")
