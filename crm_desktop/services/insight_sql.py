"""SQL pieces shared by the insight services (insight.py, rfm.py, retention.py).

Archived customers (the trash) are left out of every figure by the rule in `sales_scope.py`, in
one of two ways: `live()`, a NOT IN probe over the (few) archived ids, where a figure is not
additive; or, for counts and sums over deals, the figure over all deals minus the same over the trash customers' deals
(`TRASH_DEALS`, `deal_ranges`), which keeps each range an index-only scan with no probe per deal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.services.sales_scope import TRASH_DEALS

# Dates are compared as text: SQLAlchemy stores "YYYY-MM-DD HH:MM:SS..." so a bound
# "YYYY-MM-DD" is the start of that day.
RATED_AT = "COALESCE(r.resolved_at, r.updated_at, r.opened_at)"
# SQLite allows 500 terms in a compound SELECT; a few hundred ranges per statement is plenty.
_RANGES_PER_STATEMENT = 200


def day_text(day: date) -> str:
    """A day as the text that sorts before every moment of that day in the database."""
    return day.isoformat()


def cents(value: float | None) -> float:
    """A sum of money rounded to cents (never -0.0)."""
    return round(value or 0.0, 2) + 0.0


def deal_ranges(s: Session, ranges: list[tuple[str, str, str]]) -> list[tuple[int, float]]:
    """For each (status, from, to): how many deals of live customers with that status closed in
    [from, to), and their amount (not rounded).

    Each range is one index-only range scan of ix_deals_status_closed (no per-deal work beyond
    adding up); the trash customers' deals are then taken off (see `TRASH_DEALS`).
    """
    out: list[tuple[int, float]] = []
    for start in range(0, len(ranges), _RANGES_PER_STATEMENT):
        chunk = ranges[start : start + _RANGES_PER_STATEMENT]
        params: dict[str, Any] = {}
        branches, values = [], []
        for i, (status, lo, hi) in enumerate(chunk):
            params.update({f"s{i}": status, f"a{i}": lo, f"b{i}": hi})
            branches.append(
                f"SELECT {i}, COUNT(*), TOTAL(amount) FROM deals "
                f"WHERE status = :s{i} AND closed_at >= :a{i} AND closed_at < :b{i}"
            )
            values.append(f"({i}, :s{i}, :a{i}, :b{i})")
        trash = (
            "SELECT r.k, -COUNT(*), -TOTAL(d.amount) FROM "
            + TRASH_DEALS.replace(" WHERE ", " CROSS JOIN r WHERE ")
            + " AND d.status = r.status AND d.closed_at >= r.lo AND d.closed_at < r.hi GROUP BY r.k"
        )
        sql = f"WITH r(k, status, lo, hi) AS (VALUES {', '.join(values)}) " + " UNION ALL ".join(
            [*branches, trash]
        )
        totals = [[0, 0.0] for _ in chunk]
        for k, n, amount in s.execute(text(sql), params):
            totals[k][0] += n
            totals[k][1] += amount
        out.extend((int(n), float(amount)) for n, amount in totals)
    return out
