"""Customer insight for the dashboard: key figures, breakdowns, sales, pipeline, satisfaction.

Every figure is computed in the database (never a Python loop over customers or deals), and
comes back as a small frozen dataclass the UI and the reports render. Archived customers (the
trash) and their records are left out everywhere (the rule: `sales_scope.py`).

Definitions (a period is a range of whole days, `start` to `end` inclusive):

- new customers: customers created in the period;
- active customers: customers with a follow-up done, a deal created or closed, or a service
  record opened in the period;
- sales / won deals: the amount / number of deals won (closed as won) in the period;
- conversion rate: won deals / deals closed (won or lost) in the period; None when none closed;
- open service records: records open or in progress at the end of the period (opened by then,
  and still open now or resolved after it);
- average satisfaction: mean score (1-5) of the records rated in the period (the rating time
  is when the record was resolved, else when it was last changed).

Each key figure also carries the same figure for the previous period of the same length.
RFM segments live in `rfm.py`; retention, value and care lists in `retention.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.services.insight_sql import RATED_AT, cents, day_text, deal_ranges
from crm_desktop.services.sales_scope import LIVE_PLAIN, TRASH_DEALS, TRASH_IDS_SQL, live


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def bounds(self) -> tuple[str, str]:
        """Half-open text bounds [start, day after end) for SQL comparisons."""
        return day_text(self.start), day_text(self.end + timedelta(days=1))

    @classmethod
    def month_of(cls, day: date) -> Period:
        """The calendar month containing `day`."""
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return cls(first, nxt - timedelta(days=1))

    @classmethod
    def last_days(cls, today: date, days: int) -> Period:
        """The `days` days ending with `today`."""
        return cls(today - timedelta(days=days - 1), today)


@dataclass(frozen=True)
class KeyFigure:
    """One dashboard tile: its value in the period and in the previous period."""

    key: str
    value: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        """Value minus previous value; None when either is unknown."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_ratio(self) -> float | None:
        """Relative change (0.25 = +25 %); None when the previous value is unknown or zero."""
        if self.change is None or not self.previous:
            return None
        return self.change / abs(self.previous)


KEY_FIGURES = (
    "new_customers",
    "active_customers",
    "sales",
    "won_deals",
    "conversion_rate",
    "open_service",
    "avg_satisfaction",
)


@dataclass(frozen=True)
class Count:
    """One bar or slice: a code (lifecycle code, source text, grade, stage id …) and its count."""

    code: str | None
    count: int
    amount: float = 0.0


@dataclass(frozen=True)
class MonthValue:
    """A month ("YYYY-MM") with an amount (sales, mean score …) and how many records made it."""

    month: str
    value: float | None
    count: int


@dataclass(frozen=True)
class StageFigure:
    """Open deals in one pipeline stage (the funnel)."""

    stage_id: int
    code: str
    name_zh: str
    name_en: str
    count: int
    amount: float

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


def _both(period: Period) -> dict[str, str]:
    a, b = period.bounds()
    pa, pb = period.previous().bounds()
    return {"a": a, "b": b, "pa": pa, "pb": pb}


def _scalar_pair(s: Session, sql: str, params: dict[str, Any]) -> tuple[Any, Any]:
    row = s.execute(text(sql), params).one()
    return row[0], row[1]


def key_figures(s: Session, period: Period, *, rated: SatisfactionFigures | None = None) -> list[KeyFigure]:
    """The seven key figures of `period` with their values in the previous period (see module doc).

    `rated`: `satisfaction_figures(s, period)` when the caller has it already (the dashboard).
    """
    p = _both(period)
    out: dict[str, tuple[Any, Any]] = {}
    # All customers created in each period (an index-only count of ix_customers_created) minus
    # the trash customers created then (read by id): measured 33 -> 6 ms at 100,000 customers
    # for a year, against a NOT IN probe and two sums per customer.
    count = "(SELECT COUNT(*) FROM customers WHERE created_at >= :{lo} AND created_at < :{hi})"
    trash = "COALESCE(SUM(created_at >= :{lo} AND created_at < :{hi}), 0)"
    out["new_customers"] = _scalar_pair(
        s,
        f"SELECT {count.format(lo='a', hi='b')} - {trash.format(lo='a', hi='b')}, "
        f"{count.format(lo='pa', hi='pb')} - {trash.format(lo='pa', hi='pb')} "
        f"FROM customers WHERE id IN ({TRASH_IDS_SQL})",
        p,
    )
    # Who did something in [lo, hi): UNION keeps each customer once. Each branch reads one
    # covering index; one UNION per period keyed by the customer id alone is 25-30 % faster than
    # one UNION of (customer, period flag) pairs over both periods (smaller temporary b-trees).
    act = (
        "SELECT COUNT(*) FROM (SELECT customer_id AS cid FROM follow_ups WHERE done_at >= :{lo} AND done_at < :{hi} "
        "UNION SELECT customer_id FROM deals WHERE created_at >= :{lo} AND created_at < :{hi} "
        "UNION SELECT customer_id FROM deals "
        "WHERE status IN ('won', 'lost') AND closed_at >= :{lo} AND closed_at < :{hi} "
        "UNION SELECT customer_id FROM service_records WHERE opened_at >= :{lo} AND opened_at < :{hi}) "
        f"WHERE {live('cid')}"
    )
    out["active_customers"] = _scalar_pair(
        s, f"SELECT ({act.format(lo='a', hi='b')}), ({act.format(lo='pa', hi='pb')})", p
    )
    (won, won_amount), (lost, _), (pwon, pwon_amount), (plost, _) = deal_ranges(
        s,
        [
            ("won", p["a"], p["b"]),
            ("lost", p["a"], p["b"]),
            ("won", p["pa"], p["pb"]),
            ("lost", p["pa"], p["pb"]),
        ],
    )
    out["sales"] = (cents(won_amount), cents(pwon_amount))
    out["won_deals"] = (won, pwon)
    out["conversion_rate"] = (
        won / (won + lost) if won + lost else None,
        pwon / (pwon + plost) if pwon + plost else None,
    )
    # Open at the end of a period: opened before it ended and not finished by then. `+opened_at`
    # keeps this one plain scan even if ANALYZE ever runs (with statistics SQLite picks a skip
    # scan of ix_service_status, measured 5x slower).
    out["open_service"] = _scalar_pair(
        s,
        "SELECT COALESCE(SUM(r.opened_at < :b AND (r.status IN ('open', 'in_progress') OR r.resolved_at >= :b)), 0), "
        "COALESCE(SUM(r.opened_at < :pb AND (r.status IN ('open', 'in_progress') OR r.resolved_at >= :pb)), 0) "
        f"FROM service_records r WHERE +r.opened_at < :b AND {live('r.customer_id')}",
        p,
    )
    if rated is None:
        rated = satisfaction_figures(s, period)
    out["avg_satisfaction"] = (rated.average, rated.previous)
    return [KeyFigure(k, out[k][0], out[k][1]) for k in KEY_FIGURES]


BREAKDOWNS = ("category", "source", "grade")


def _blank(column: str) -> str:
    return f"NULLIF(TRIM({column}), '')"


def _clean(value: str | None) -> str | None:
    return (value.strip() or None) if value else None


def customer_breakdowns(s: Session) -> dict[str, list[Count]]:
    """Live customers counted by category, by source and by grade in one scan, largest first.

    None stands for "not set" (missing or blank).
    """
    rows = s.execute(
        text(f"SELECT category, source, grade, COUNT(*) FROM customers WHERE {LIVE_PLAIN} GROUP BY 1, 2, 3")
    )
    combos = rows.all()
    out: dict[str, list[Count]] = {}
    for i, key in enumerate(BREAKDOWNS):
        totals: dict[str | None, int] = {}
        for r in combos:  # one row per combination of the three values: a few dozen, not per customer
            code = _clean(r[i])
            totals[code] = totals.get(code, 0) + r[3]
        ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0] is not None, kv[0] or ""))
        out[key] = [Count(k, n) for k, n in ordered]
    return out


def customers_by(s: Session, key: str) -> list[Count]:
    """Live customers counted by `key` (category, source or grade), largest first; None = not set."""
    if key not in BREAKDOWNS:
        raise ValueError(f"cannot break customers down by {key!r}")
    rows = s.execute(
        text(
            f"SELECT {_blank(key)} AS k, COUNT(*) AS n FROM customers WHERE {LIVE_PLAIN} GROUP BY k ORDER BY n DESC, k"
        )
    )
    return [Count(k, n) for k, n in rows]


def customer_ids_by(s: Session, key: str, code: str | None) -> list[int]:
    """Ids of the live customers behind one bar or slice of `customers_by(key)`, newest first."""
    if key not in BREAKDOWNS:
        raise ValueError(f"cannot break customers down by {key!r}")
    cond = f"{_blank(key)} IS NULL" if code is None else f"{_blank(key)} = :code"
    rows = s.execute(
        text(f"SELECT id FROM customers WHERE {LIVE_PLAIN} AND {cond} ORDER BY id DESC"), {"code": code}
    )
    return [r[0] for r in rows]


def months_of(period: Period) -> list[str]:
    """Every month the period touches, "YYYY-MM", so months without data still show."""
    out: list[str] = []
    index = period.start.year * 12 + period.start.month - 1
    last = period.end.year * 12 + period.end.month - 1
    while index <= last:
        out.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
        index += 1
    return out


def _month_bounds(month: str) -> dict[str, str]:
    p = Period.month_of(date.fromisoformat(month + "-01"))
    a, b = p.bounds()
    return {"a": a, "b": b}


def sales_by_month(s: Session, period: Period) -> list[MonthValue]:
    """Won amount and number of won deals per month of `period` (every month listed)."""
    # One index range per month: no substr() and no GROUP BY sort over the deals.
    a, b = period.bounds()
    months = months_of(period)
    ranges = []
    for m in months:
        mb = _month_bounds(m)
        ranges.append(("won", max(mb["a"], a), min(mb["b"], b)))
    return [
        MonthValue(m, cents(amount), n) for m, (n, amount) in zip(months, deal_ranges(s, ranges), strict=True)
    ]


def customer_ids_bought_in(s: Session, month: str) -> list[int]:
    """Ids of the live customers who won a deal in `month` ("YYYY-MM"), biggest spenders first."""
    rows = s.execute(
        text(
            "SELECT customer_id FROM deals "
            f"WHERE status = 'won' AND closed_at >= :a AND closed_at < :b AND {live('customer_id')} "
            "GROUP BY customer_id ORDER BY SUM(amount) DESC, customer_id"
        ),
        _month_bounds(month),
    )
    return [r[0] for r in rows]


def pipeline_funnel(s: Session) -> list[StageFigure]:
    """Open deals per open stage in board order, with their amount; empty stages included."""
    # The open deals are one index-only range of ix_deals_status_closed, counted over all
    # customers minus the trash customers' deals (see `TRASH_DEALS`): measured 24 -> 14 ms at
    # 300,000 deals, against a NOT IN probe per deal. `GROUP BY +stage_id`: with statistics
    # (ANALYZE) SQLite would walk ix_deals_stage_id to avoid the small sort and read every
    # deal's row (measured 5x slower).
    rows = s.execute(
        text(
            "WITH x(stage_id, n, amount) AS (SELECT stage_id, COUNT(*), TOTAL(amount) FROM deals "
            "WHERE status = 'open' GROUP BY +stage_id "
            f"UNION ALL SELECT d.stage_id, -COUNT(*), -TOTAL(d.amount) FROM {TRASH_DEALS} "
            "AND d.status = 'open' GROUP BY d.stage_id) "
            "SELECT st.id, st.code, st.name_zh, st.name_en, COALESCE(SUM(x.n), 0), ROUND(COALESCE(SUM(x.amount), 0), 2) "
            "FROM pipeline_stages st LEFT JOIN x ON x.stage_id = st.id WHERE st.outcome = 'open' "
            "GROUP BY st.id ORDER BY st.position, st.id"
        )
    )
    return [StageFigure(*r) for r in rows]


def customer_ids_in_stage(s: Session, stage_id: int) -> list[int]:
    """Ids of the live customers with an open deal in stage `stage_id`, biggest deal first."""
    rows = s.execute(
        text(
            f"SELECT customer_id FROM deals WHERE status = 'open' AND stage_id = :st AND {live('customer_id')} "
            "GROUP BY customer_id ORDER BY MAX(amount) DESC, customer_id"
        ),
        {"st": stage_id},
    )
    return [r[0] for r in rows]


@dataclass(frozen=True)
class SatisfactionFigures:
    """The ratings of a period: mean score (two decimals) in it and in the previous period, and
    mean score with the number of ratings per month (every month listed) and per service kind."""

    average: float | None
    previous: float | None
    by_month: tuple[MonthValue, ...]
    by_kind: tuple[Count, ...]


_MEAN = "ROUND(CAST(SUM(total) AS REAL) / SUM(n), 2)"  # = ROUND(AVG(score), 2) over the groups' records


def satisfaction_figures(s: Session, period: Period) -> SatisfactionFigures:
    """Every satisfaction figure of the dashboard from one scan of the rated records.

    The records rated in the period or the previous one are summed per day and kind once; the
    mean of the period, of the previous period, per month and per kind are then read from those
    few groups (an integer sum over a count is exactly what AVG computes). Measured 46 -> 31 ms
    for a year at 36,000 records against a scan per figure.
    """
    rows = s.execute(
        text(
            f"WITH x AS (SELECT substr({RATED_AT}, 1, 10) AS day, r.kind AS kind, "
            "SUM(r.satisfaction) AS total, COUNT(*) AS n FROM service_records r "
            f"WHERE r.satisfaction IS NOT NULL AND {RATED_AT} >= :pa AND {RATED_AT} < :b "
            f"AND {live('r.customer_id')} GROUP BY 1, 2) "
            f"SELECT 'month', substr(day, 1, 7), {_MEAN}, SUM(n) FROM x WHERE day >= :a GROUP BY 2 "
            f"UNION ALL SELECT 'kind', kind, {_MEAN}, SUM(n) FROM x WHERE day >= :a GROUP BY 2 "
            f"UNION ALL SELECT 'period', day >= :a, {_MEAN}, SUM(n) FROM x GROUP BY 2 ORDER BY 1, 2"
        ),
        _both(period),
    )
    months: dict[str, tuple[float, int]] = {}
    kinds: list[Count] = []
    means: dict[int, float] = {}
    for part, key, mean, n in rows:
        if part == "month":
            months[key] = (mean, n)
        elif part == "kind":
            kinds.append(Count(key, n, mean))
        else:
            means[key] = mean
    return SatisfactionFigures(
        means.get(1),
        means.get(0),
        tuple(MonthValue(m, *months.get(m, (None, 0))) for m in months_of(period)),
        tuple(kinds),
    )


def satisfaction_by_month(s: Session, period: Period) -> list[MonthValue]:
    """Mean satisfaction (two decimals) and number of ratings per month of `period`."""
    return list(satisfaction_figures(s, period).by_month)


def customer_ids_rated_in(s: Session, month: str) -> list[int]:
    """Ids of the live customers who gave a rating in `month`, lowest score first."""
    rows = s.execute(
        text(
            "SELECT r.customer_id FROM service_records r "
            f"WHERE r.satisfaction IS NOT NULL AND {RATED_AT} >= :a AND {RATED_AT} < :b AND {live('r.customer_id')} "
            "GROUP BY r.customer_id ORDER BY MIN(r.satisfaction), r.customer_id"
        ),
        _month_bounds(month),
    )
    return [r[0] for r in rows]


def satisfaction_by_kind(s: Session, period: Period | None = None) -> list[Count]:
    """Mean satisfaction per service kind (in `amount`, two decimals) with the number of ratings."""
    if period is not None:
        return list(satisfaction_figures(s, period).by_kind)
    rows = s.execute(
        text(
            "SELECT r.kind, COUNT(*), ROUND(AVG(r.satisfaction), 2) FROM service_records r "
            f"WHERE r.satisfaction IS NOT NULL AND {live('r.customer_id')} GROUP BY r.kind ORDER BY r.kind"
        )
    )
    return [Count(k, n, v) for k, n, v in rows]
