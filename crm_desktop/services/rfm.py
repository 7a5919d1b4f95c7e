"""Value segments (RFM) from won deals, and updating lifecycle categories from them.

Who is scored: every live customer with at least one won deal (read from the customer's
purchase figures, which `services.figures` keeps equal to their won deals); `today` is the day
recency is counted to.

- R (recency): the day of the latest won deal; F (frequency): the number of won deals;
  M (monetary): their total amount.
- Each is scored 1-5 by quintile: score = ceil(5 x share of scored customers whose value is
  the same or worse), i.e. ``ceil(5 * CUME_DIST())``, computed in SQL as the four quintile cut
  values (window functions over the sorted values) and one pass comparing each customer with
  them. Customers with equal values share a score (NTILE would split them across two scores at random, which makes
  no sense when most customers of a shop bought exactly once). More recent, more often and
  more money score higher. With five customers and all values different the scores are 1..5.

Segments, first rule that matches wins (F+M is the sum of the two scores, 2-10):

===========  ===========  ===================================================
code         name         rule
===========  ===========  ===================================================
champions    重要价值客户  R >= 4 and F+M >= 8: bought recently, often, much
new          新客户        R >= 4 and exactly one purchase: first purchase lately
potential    潜力客户      R >= 3: recent buyers who can be grown
at_risk      需唤回        F+M >= 6 (R <= 2): used to buy well, not lately
hibernating  沉睡客户      R = 2: low value and not lately
lost         流失客户      R = 1: low value, longest ago
===========  ===========  ===================================================

`apply_segments_to_lifecycle` moves lifecycle categories as follows, never touching
advocates (a category only people can judge): champions become loyal; every other buyer still
a prospect or lead becomes a customer; loyal customers who are hibernating or lost fall back
to customer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer
from crm_desktop.services.insight_sql import day_text
from crm_desktop.services.sales_scope import LIVE

SEGMENTS = ("champions", "potential", "new", "at_risk", "hibernating", "lost")
SEGMENT_NAMES: dict[str, tuple[str, str]] = {
    "champions": ("Champions", "重要价值客户"),
    "potential": ("Potential", "潜力客户"),
    "new": ("New", "新客户"),
    "at_risk": ("At risk", "需唤回"),
    "hibernating": ("Hibernating", "沉睡客户"),
    "lost": ("Lost", "流失客户"),
}


def segment_name(code: str, lang: str) -> str:
    """The display name of a segment code in `lang` ("zh" or "en")."""
    en, zh = SEGMENT_NAMES[code]
    return zh if lang == "zh" else en


# `archived_at IS NULL` and `purchase_count > 0` select the partial covering index
# ix_customers_buyers (db/models.py), so every pass over the buyers reads that narrow index
# instead of the wide customer rows.
_BUYERS = f"{LIVE} AND c.purchase_count > 0 AND c.last_purchase_at IS NOT NULL"
_DAY = "substr(c.last_purchase_at, 1, 10)"


def _score(col: str, key: str) -> str:
    # 1 + the number of quintile cut values reached (see `_cuts`)
    return f"(1 + ({col} >= :{key}2) + ({col} >= :{key}3) + ({col} >= :{key}4) + ({col} >= :{key}5))"


# Input: the purchase figures every customer carries (services/figures.py keeps them equal to
# the count, sum and latest closing time of the customer's won deals), so scoring is one pass
# over customers with the quintile cut values bound as parameters. The R cut values are days
# ("YYYY-MM-DD"); comparing the stored moment with them directly is the same as comparing its
# day, without a substr() per customer. total_spent is stored rounded to cents, and ROUND() per
# row would cost more than the whole scoring (SQLite rounds by printing).
_SCORES = (
    "SELECT c.id AS cid, c.last_purchase_at AS last_at, c.purchase_count AS f, c.total_spent AS m, "
    f"{_score('c.last_purchase_at', 'r')} AS rs, {_score('c.purchase_count', 'f')} AS fs, "
    f"{_score('c.total_spent', 'm')} AS ms FROM customers c WHERE {_BUYERS}"
)
_SEGMENT = (
    "CASE WHEN rs >= 4 AND fs + ms >= 8 THEN 'champions' "
    "WHEN rs >= 4 AND f = 1 THEN 'new' WHEN rs >= 3 THEN 'potential' "
    "WHEN fs + ms >= 6 THEN 'at_risk' WHEN rs = 2 THEN 'hibernating' ELSE 'lost' END"
)
_SCORED = f"WITH sc AS ({_SCORES}), seg AS (SELECT *, {_SEGMENT} AS segment FROM sc) "

# The same segments for counting only, as one CASE over the customer's columns: the rules need
# R only as "R >= k", which is "last purchase on or after the k-th cut day", and the nesting
# works F+M out at most once per customer. The segment is a small integer (its index in
# `SEGMENTS`): grouping by it sorts less than by its name. Measured 50 -> 37 ms at 62,000 buyers
# against naming the columns in a subquery first (LIMIT -1 kept it a co-routine that copied
# every column of every buyer).
_FM = f"{_score('c.purchase_count', 'f')} + {_score('c.total_spent', 'm')}"
_SEGMENT_INDEX = (
    f"CASE WHEN c.last_purchase_at >= :r4 THEN CASE WHEN {_FM} >= 8 THEN 0 "
    "WHEN c.purchase_count = 1 THEN 2 ELSE 1 END "
    f"WHEN c.last_purchase_at >= :r3 THEN 1 WHEN {_FM} >= 6 THEN 3 "
    "WHEN c.last_purchase_at >= :r2 THEN 4 ELSE 5 END"
)


def _positions(n: int) -> list[int]:
    # score(x) = ceil(5 * le(x) / n), le(x) = how many values are <= x; so score(x) >= s exactly
    # when x >= the j-th smallest value, j = floor((s - 1) * n / 5) + 1 (s = 2..5).
    return [(k * n) // 5 + 1 for k in range(1, 5)]


def _grouped(s: Session, expr: str) -> list[tuple[Any, int]]:
    """(value, cumulative count) of a column with few distinct values, smallest first: one row
    per distinct value (days, purchase counts), not per customer."""
    rows = s.execute(
        text(
            f"SELECT v, SUM(k) OVER (ORDER BY v) FROM (SELECT {expr} AS v, COUNT(*) AS k FROM customers c "
            f"WHERE {_BUYERS} GROUP BY v)"
        )
    ).all()
    return [(v, int(cum)) for v, cum in rows]


def _cuts_grouped(rows: list[tuple[Any, int]], n: int) -> list[Any]:
    """Cut values from the cumulative counts of `_grouped`."""
    return [next(v for v, cum in rows if cum >= j) for j in _positions(n)]


def _cuts_sorted(s: Session, expr: str, n: int) -> list[Any]:
    """Cut values of a column with many distinct values (money): the value at each cut position
    with LIMIT 1 OFFSET, which walks ix_customers_buyers (sorted by money) without sorting
    (measured 33 -> 3 ms at 62,000 buyers; a ROW_NUMBER() window costs 1 us a row). Positions
    past the middle are walked from the top end (ORDER BY ... DESC), which walks 1.2 n index
    entries in all instead of 2 n."""
    one = "(SELECT {expr} FROM customers c WHERE {where} ORDER BY {expr}{desc} LIMIT 1 OFFSET :o{i})"
    parts, params = [], {}
    for i, p in enumerate(_positions(n)):
        desc = 2 * p > n + 1  # the p-th smallest of n is the (n - p + 1)-th largest
        parts.append(one.format(expr=expr, where=_BUYERS, desc=" DESC" if desc else "", i=i))
        params[f"o{i}"] = n - p if desc else p - 1
    return list(s.execute(text("SELECT " + ", ".join(parts)), params).one())


def _params(s: Session, today: date) -> dict[str, Any]:
    """The day recency is counted to and the quintile cut values of R, F and M."""
    params: dict[str, Any] = {"today": day_text(today)}
    counts = _grouped(s, "c.purchase_count")
    n = int(counts[-1][1]) if counts else 0  # the last cumulative count is the number of buyers
    if n == 0:
        return {**params, **{f"{k}{i}": None for k in "rfm" for i in range(2, 6)}}
    for key, cuts in (
        ("r", _cuts_grouped(_grouped(s, _DAY), n)),
        ("f", _cuts_grouped(counts, n)),
        ("m", _cuts_sorted(s, "c.total_spent", n)),
    ):
        params.update({f"{key}{i}": v for i, v in zip(range(2, 6), cuts, strict=True)})
    return params


@dataclass(frozen=True)
class RfmRow:
    """One scored customer."""

    customer_id: int
    name: str
    phone: str | None
    category: str
    last_purchase_at: datetime
    recency_days: int
    frequency: int
    monetary: float
    r: int
    f: int
    m: int
    segment: str


@dataclass(frozen=True)
class SegmentCount:
    """How many customers a segment holds and what they spent in total."""

    segment: str
    count: int
    amount: float


@dataclass(frozen=True)
class LifecycleChange:
    """One customer whose lifecycle category the analysis changes (or would change)."""

    customer_id: int
    name: str
    segment: str
    old: str
    new: str


def _as_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def rfm_rows(s: Session, today: date, segment: str | None = None, limit: int | None = None) -> list[RfmRow]:
    """Scored customers (all, or one segment), biggest spenders first."""
    if segment is not None and segment not in SEGMENTS:
        raise ValueError(f"unknown segment {segment!r}")
    sql = (
        _SCORED + "SELECT seg.cid, c.name, c.phone, c.category, seg.last_at, "
        "CAST(julianday(:today) - julianday(substr(seg.last_at, 1, 10)) AS INTEGER), seg.f, seg.m, "
        "seg.rs, seg.fs, seg.ms, seg.segment FROM seg JOIN customers c ON c.id = seg.cid"
        + (" WHERE seg.segment = :segment" if segment else "")
        + " ORDER BY seg.m DESC, seg.cid"
        + (" LIMIT :limit" if limit is not None else "")
    )
    params = {**_params(s, today), "segment": segment, "limit": limit}
    rows = s.execute(text(sql), params)
    return [
        RfmRow(r[0], r[1], r[2], r[3], _as_datetime(r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11])
        for r in rows
    ]


def segment_counts(s: Session, today: date) -> list[SegmentCount]:
    """Customers and total amount per segment, every segment listed in `SEGMENTS` order."""
    rows = s.execute(
        text(
            f"SELECT {_SEGMENT_INDEX} AS segment, COUNT(*), ROUND(SUM(c.total_spent), 2) "
            f"FROM customers c WHERE {_BUYERS} GROUP BY segment"
        ),
        _params(s, today),
    )
    found = {SEGMENTS[k]: (n, amount) for k, n, amount in rows}
    return [SegmentCount(code, *found.get(code, (0, 0.0))) for code in SEGMENTS]


def segment_customer_ids(s: Session, today: date, segment: str) -> list[int]:
    """Ids of the customers in `segment`, biggest spenders first."""
    if segment not in SEGMENTS:
        raise ValueError(f"unknown segment {segment!r}")
    sql = _SCORED + "SELECT cid FROM seg WHERE segment = :segment ORDER BY m DESC, cid"
    return [r[0] for r in s.execute(text(sql), {**_params(s, today), "segment": segment})]


_PLAN = (
    "plan AS (SELECT seg.cid, seg.segment, c.name, c.category AS old, "
    "CASE WHEN seg.segment = 'champions' THEN 'loyal' "
    "WHEN c.category IN ('prospect', 'lead') OR c.category IS NULL THEN 'customer' "
    "WHEN c.category = 'loyal' AND seg.segment IN ('hibernating', 'lost') THEN 'customer' "
    "ELSE c.category END AS new FROM seg JOIN customers c ON c.id = seg.cid "
    "WHERE COALESCE(c.category, '') <> 'advocate'{only}) "
)


def _plan_sql(segments: Iterable[str] | None) -> tuple[str, dict[str, Any]]:
    if segments is None:
        return _PLAN.format(only=""), {}
    codes = list(segments)
    unknown = [c for c in codes if c not in SEGMENTS]
    if unknown:
        raise ValueError(f"unknown segments {unknown!r}")
    names = ", ".join(f":s{i}" for i in range(len(codes))) or "NULL"
    return _PLAN.format(only=f" AND seg.segment IN ({names})"), {f"s{i}": c for i, c in enumerate(codes)}


def plan_lifecycle_changes(
    s: Session, today: date, segments: Iterable[str] | None = None
) -> list[LifecycleChange]:
    """What `apply_segments_to_lifecycle` would change, without changing anything."""
    plan, extra = _plan_sql(segments)
    sql = _SCORED.rstrip() + ", " + plan + "SELECT cid, name, segment, COALESCE(old, ''), new FROM plan "
    sql += "WHERE new IS NOT COALESCE(old, '') ORDER BY cid"
    return [LifecycleChange(*r) for r in s.execute(text(sql), {**_params(s, today), **extra})]


def apply_segments_to_lifecycle(
    s: Session, today: date, segments: Iterable[str] | None = None, *, now: datetime | None = None
) -> list[LifecycleChange]:
    """Update lifecycle categories from the RFM analysis (rules in the module doc).

    Only customers in `segments` (default: all) are considered. Returns what changed; runs as
    one UPDATE in the caller's transaction.
    """
    codes = None if segments is None else list(segments)
    changes = plan_lifecycle_changes(s, today, codes)
    if not changes:
        return []
    plan, extra = _plan_sql(codes)
    stamp = (now or datetime.now()).replace(microsecond=0)
    s.flush()
    s.execute(
        text(
            _SCORED.rstrip() + ", " + plan + "UPDATE customers SET category = plan.new, updated_at = :stamp "
            "FROM plan WHERE customers.id = plan.cid AND plan.new IS NOT COALESCE(plan.old, '')"
        ),
        {**_params(s, today), **extra, "stamp": stamp.isoformat(" ") + ".000000"},
    )
    # The UPDATE bypassed the ORM: loaded customers must read their new category.
    for obj in list(s.identity_map.values()):
        if isinstance(obj, Customer):
            s.expire(obj, ["category", "updated_at"])
    return changes
