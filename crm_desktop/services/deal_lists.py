"""Deal lists: the filtered, sorted ids first (one SQL query), then rows for the ids a view shows.

Also a deal's stage history as plain rows. Deals of customers in the trash are left out unless
asked for (the rule of every sales figure: `sales_scope.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session, aliased

from crm_desktop.db.models import Customer, Deal, DealStageChange, PipelineStage
from crm_desktop.services.deals import get_deal
from crm_desktop.services.sales_scope import counted


@dataclass(frozen=True)
class DealQuery:
    """Filters and sort order of a deal list.

    `start`/`end` bound the `period` field (`created_at`, `closed_at` or `expected_close`); a
    `date` end includes that whole day, a `datetime` end is exclusive.
    """

    stage_id: int | None = None
    status: str | None = None  # open | won | lost
    start: date | datetime | None = None
    end: date | datetime | None = None
    period: str = "created_at"
    customer_id: int | None = None
    min_amount: float | None = None
    max_amount: float | None = None
    include_archived: bool = False
    sort_key: str | None = (
        None  # created_at, amount, title, customer, stage, status, closed_at, expected_close
    )
    descending: bool = False


@dataclass(frozen=True)
class DealRow:
    """One deal as a view shows it."""

    id: int
    customer_id: int
    customer_name: str
    customer_phone: str | None
    title: str
    amount: float
    stage_id: int
    stage_name_zh: str
    stage_name_en: str
    status: str
    expected_close: date | None
    closed_at: datetime | None
    close_reason: str | None
    products: str | None
    created_at: datetime


@dataclass(frozen=True)
class StageChangeRow:
    """One entry of a deal's stage history; names are empty for a stage removed since."""

    at: datetime
    from_stage_id: int | None
    from_name_zh: str
    from_name_en: str
    to_stage_id: int | None
    to_name_zh: str
    to_name_en: str
    note: str | None


_SORT: dict[str, Any] = {
    "created_at": Deal.created_at,
    "amount": Deal.amount,
    "title": Deal.title,
    "customer": Customer.name,
    "stage": PipelineStage.position,
    "status": Deal.status,
    "closed_at": Deal.closed_at,
    "expected_close": Deal.expected_close,
    "updated_at": Deal.updated_at,
}
_PERIODS = {"created_at": Deal.created_at, "closed_at": Deal.closed_at, "expected_close": Deal.expected_close}


def _bound(value: date | datetime, column_is_date: bool, end: bool) -> date | datetime:
    if column_is_date:
        day = value.date() if isinstance(value, datetime) else value
        return day + timedelta(days=1) if end and not isinstance(value, datetime) else day
    if isinstance(value, datetime):
        return value
    moment = datetime.combine(value, time())
    return moment + timedelta(days=1) if end else moment


def deal_ids(s: Session, query: DealQuery | None = None, *, limit: int | None = None) -> list[int]:
    """Ids of the deals matching `query`, in its sort order (newest first by default).

    `limit` keeps only the first ones (SQL LIMIT: the board's top cards of a big stage).
    """
    q = query or DealQuery()
    stmt = select(Deal.id)
    # Join only what the sort needs; the trash rule (sales_scope) is a short NOT IN list, far
    # cheaper than joining every deal to its customer.
    if q.sort_key == "customer":
        stmt = stmt.join(Customer, Customer.id == Deal.customer_id)
    elif q.sort_key == "stage":
        stmt = stmt.join(PipelineStage, PipelineStage.id == Deal.stage_id)
    if not q.include_archived:
        stmt = stmt.where(counted(Deal.customer_id))
    if q.stage_id is not None:
        stmt = stmt.where(Deal.stage_id == q.stage_id)
    if q.status is not None:
        # `+status` keeps SQLite off the status index: a third to a half of all deals share a
        # status, and a scan is 3x faster than that many random reads.
        stmt = stmt.where(literal_column("+deals.status") == q.status)
    if q.customer_id is not None:
        stmt = stmt.where(Deal.customer_id == q.customer_id)
    if q.min_amount is not None:
        stmt = stmt.where(Deal.amount >= q.min_amount)
    if q.max_amount is not None:
        stmt = stmt.where(Deal.amount <= q.max_amount)
    column = _PERIODS[q.period]
    is_date = q.period == "expected_close"
    if q.start is not None:
        stmt = stmt.where(column >= _bound(q.start, is_date, end=False))
    if q.end is not None:
        stmt = stmt.where(column < _bound(q.end, is_date, end=True))
    if q.sort_key is None:
        stmt = stmt.order_by(Deal.created_at.desc(), Deal.id.desc())
    else:
        key = _SORT[q.sort_key]
        stmt = stmt.order_by(key.desc() if q.descending else key, Deal.id.desc() if q.descending else Deal.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(s.scalars(stmt))


def deal_rows(s: Session, ids: Sequence[int]) -> list[DealRow]:
    """Rows for `ids`, in the order of `ids` (missing ids are skipped)."""
    found: dict[int, DealRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        stmt = (
            select(
                Deal.id,
                Deal.customer_id,
                Customer.name,
                Customer.phone,
                Deal.title,
                Deal.amount,
                Deal.stage_id,
                PipelineStage.name_zh,
                PipelineStage.name_en,
                Deal.status,
                Deal.expected_close,
                Deal.closed_at,
                Deal.close_reason,
                Deal.products,
                Deal.created_at,
            )
            .join(Customer, Customer.id == Deal.customer_id)
            .join(PipelineStage, PipelineStage.id == Deal.stage_id)
            .where(Deal.id.in_(chunk))
        )
        for row in s.execute(stmt):
            found[row[0]] = DealRow(*tuple(row))
    return [found[i] for i in ids if i in found]


def list_deals(s: Session, query: DealQuery | None = None, limit: int | None = None) -> list[DealRow]:
    """The rows of `deal_ids(query)`, at most `limit` of them."""
    ids = deal_ids(s, query)
    return deal_rows(s, ids if limit is None else ids[:limit])


def deal_history(s: Session, deal_id: int) -> list[StageChangeRow]:
    """A deal's stage changes, oldest first (the first entry is its creation, from no stage)."""
    get_deal(s, deal_id)
    src = aliased(PipelineStage)
    dst = aliased(PipelineStage)
    stmt = (
        select(
            DealStageChange.changed_at,
            DealStageChange.from_stage_id,
            func.coalesce(src.name_zh, ""),
            func.coalesce(src.name_en, ""),
            DealStageChange.to_stage_id,
            func.coalesce(dst.name_zh, ""),
            func.coalesce(dst.name_en, ""),
            DealStageChange.note,
        )
        .outerjoin(src, src.id == DealStageChange.from_stage_id)
        .outerjoin(dst, dst.id == DealStageChange.to_stage_id)
        .where(DealStageChange.deal_id == deal_id)
        .order_by(DealStageChange.changed_at, DealStageChange.id)
    )
    return [StageChangeRow(*row) for row in s.execute(stmt)]
