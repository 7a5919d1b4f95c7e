"""Follow-ups: plan, complete (and plan the next in the same step), snooze, reopen, delete, lists.

Lists return `FollowUpRow`, small frozen rows with the customer's name and phone, so views
never hold live ORM objects. Follow-ups of archived customers are left out of every list.
"Today" is the calendar day of `now`; "overdue" is everything still open from before today,
so a follow-up appears in one list only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple, TypeAlias

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, FollowUp, KindOption
from crm_desktop.errors import CrmError, NotFound, ValidationError
from crm_desktop.services.customers import get_customer
from crm_desktop.services.figures import now as _now
from crm_desktop.services.figures import refresh_figures
from crm_desktop.services.import_entries import forget_record_entries
from crm_desktop.services.validation import as_datetime

AnySelect: TypeAlias = Select[*tuple[Any, ...]]
SUBJECT_MAX = 200
_EDITABLE = ("kind", "subject", "due_at", "notes")


@dataclass(frozen=True)
class FollowUpRow:
    """One follow-up as a view shows it."""

    id: int
    customer_id: int
    customer_name: str
    customer_phone: str | None
    kind: str
    subject: str
    due_at: datetime
    done_at: datetime | None
    outcome: str | None


def require_kind(s: Session, category: str, code: str) -> str:
    """`code` if it is a KindOption of `category` (`follow_up`, `service`), else `CrmError("kind.unknown")`."""
    found = s.scalar(select(KindOption.id).where(KindOption.category == category, KindOption.code == code))
    if found is None:
        raise CrmError("kind.unknown", value=code, category=category)
    return code


def _subject(value: str | None) -> str:
    subject = (value or "").strip()
    if len(subject) > SUBJECT_MAX:
        raise ValidationError("value.too_long", "subject", max=SUBJECT_MAX)
    return subject


def get_follow_up(s: Session, follow_up_id: int) -> FollowUp:
    """The follow-up `follow_up_id`, or `NotFound("follow_up.not_found")`."""
    fu = s.get(FollowUp, follow_up_id)
    if fu is None:
        raise NotFound("follow_up.not_found", id=follow_up_id)
    return fu


def plan_follow_up(
    s: Session,
    customer_id: int,
    due_at: datetime | date | str,
    kind: str = "call",
    subject: str = "",
    notes: str | None = None,
    *,
    previous_id: int | None = None,
) -> FollowUp:
    """Plan a follow-up of `kind` (a follow-up KindOption code) for a customer, due at `due_at`."""
    get_customer(s, customer_id)
    due = as_datetime(due_at, "due_at")
    require_kind(s, "follow_up", kind)
    fu = FollowUp(
        customer_id=customer_id,
        kind=kind,
        subject=_subject(subject),
        due_at=due,
        notes=notes or None,
        previous_id=previous_id,
        created_at=_now(),
    )
    s.add(fu)
    refresh_figures(s, [customer_id])
    return fu


def update_follow_up(s: Session, follow_up_id: int, changes: Mapping[str, Any]) -> FollowUp:
    """Change a follow-up's kind, subject, due time or notes."""
    fu = get_follow_up(s, follow_up_id)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"not editable on a follow-up: {sorted(unknown)}")
    clean: dict[str, Any] = {}
    if "kind" in changes:
        clean["kind"] = require_kind(s, "follow_up", changes["kind"])
    if "subject" in changes:
        clean["subject"] = _subject(changes["subject"])
    if "due_at" in changes:
        clean["due_at"] = as_datetime(changes["due_at"], "due_at")
    if "notes" in changes:
        clean["notes"] = changes["notes"] or None
    for key, value in clean.items():
        setattr(fu, key, value)
    refresh_figures(s, [fu.customer_id])
    return fu


def complete_follow_up(
    s: Session,
    follow_up_id: int,
    outcome: str | None,
    *,
    done_at: datetime | None = None,
    next_due_at: datetime | date | str | None = None,
    next_kind: str | None = None,
    next_subject: str | None = None,
) -> tuple[FollowUp, FollowUp | None]:
    """Mark a follow-up done with its outcome and, if `next_due_at` is given, plan the next one.

    The next follow-up keeps the kind and subject unless others are given, and points back to
    this one (`previous_id`). Everything is checked before anything changes.
    """
    fu = get_follow_up(s, follow_up_id)
    if fu.done_at is not None:
        raise CrmError("follow_up.done", id=follow_up_id)
    finished = as_datetime(done_at, "done_at") if done_at is not None else _now()
    next_due = as_datetime(next_due_at, "due_at") if next_due_at is not None else None
    kind = require_kind(s, "follow_up", next_kind) if next_kind else fu.kind
    subject = _subject(next_subject) if next_subject is not None else fu.subject
    fu.done_at = finished
    fu.outcome = (outcome or "").strip() or None
    nxt: FollowUp | None = None
    if next_due is not None:
        nxt = FollowUp(
            customer_id=fu.customer_id,
            kind=kind,
            subject=subject,
            due_at=next_due,
            previous_id=fu.id,
            created_at=_now(),
        )
        s.add(nxt)
    refresh_figures(s, [fu.customer_id])
    return fu, nxt


def snooze_follow_up(s: Session, follow_up_id: int, until: datetime | date | str) -> FollowUp:
    """Move an open follow-up's due time to `until`."""
    fu = get_follow_up(s, follow_up_id)
    if fu.done_at is not None:
        raise CrmError("follow_up.done", id=follow_up_id)
    fu.due_at = as_datetime(until, "due_at")
    refresh_figures(s, [fu.customer_id])
    return fu


def reopen_follow_up(s: Session, follow_up_id: int) -> FollowUp:
    """Undo a completion: the follow-up is open again and its outcome cleared."""
    fu = get_follow_up(s, follow_up_id)
    if fu.done_at is None:
        raise CrmError("follow_up.not_done", id=follow_up_id)
    fu.done_at = None
    fu.outcome = None
    refresh_figures(s, [fu.customer_id])
    return fu


def delete_follow_up(s: Session, follow_up_id: int) -> None:
    """Delete a follow-up for good (a follow-up planned after it keeps existing, unlinked)."""
    fu = get_follow_up(s, follow_up_id)
    customer_id = fu.customer_id
    forget_record_entries(s, "follow_up", [fu.id])  # its id may come again
    s.delete(fu)
    refresh_figures(s, [customer_id])


def _rows_query(customer_id: int | None, *, include_archived: bool = False) -> AnySelect:
    stmt: AnySelect = select(
        FollowUp.id,
        FollowUp.customer_id,
        Customer.name,
        Customer.phone,
        FollowUp.kind,
        FollowUp.subject,
        FollowUp.due_at,
        FollowUp.done_at,
        FollowUp.outcome,
    ).join(Customer, Customer.id == FollowUp.customer_id)
    if not include_archived:
        # NOT IN the few archived ids, not a filter on the join: without ANALYZE statistics SQLite
        # may otherwise walk every customer first.
        archived = select(Customer.id).where(Customer.archived_at.is_not(None))
        stmt = stmt.where(FollowUp.customer_id.not_in(archived))
    if customer_id is not None:
        stmt = stmt.where(FollowUp.customer_id == customer_id)
    return stmt


def _fetch(s: Session, stmt: AnySelect) -> list[FollowUpRow]:
    return [FollowUpRow(*row) for row in s.execute(stmt)]


def _day_start(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), time())


def _open_query(start: datetime | None, end: datetime, customer_id: int | None) -> AnySelect:
    stmt = _rows_query(customer_id).where(FollowUp.done_at.is_(None), FollowUp.due_at < end)
    if start is not None:
        stmt = stmt.where(FollowUp.due_at >= start)
    return stmt


def _open_between(
    s: Session, start: datetime | None, end: datetime, customer_id: int | None, limit: int | None
) -> list[FollowUpRow]:
    stmt = _open_query(start, end, customer_id).order_by(FollowUp.due_at, FollowUp.id)
    return _fetch(s, stmt if limit is None else stmt.limit(limit))


class OpenCounts(NamedTuple):
    """How many open follow-ups the overdue and due-today lists hold in all."""

    overdue: int
    due_today: int


def count_open_follow_ups(s: Session, now: datetime) -> OpenCounts:
    """The length of `follow_ups_overdue` and `follow_ups_due_today` without a limit, counted in SQL:
    what a list capped with `limit` leaves out."""
    start = _day_start(now)

    def count(first: datetime | None, end: datetime) -> int:
        return int(s.scalar(select(func.count()).select_from(_open_query(first, end, None).subquery())) or 0)

    return OpenCounts(overdue=count(None, start), due_today=count(start, start + timedelta(days=1)))


def follow_ups_due_today(
    s: Session, now: datetime, *, customer_id: int | None = None, limit: int | None = None
) -> list[FollowUpRow]:
    """Open follow-ups due on the calendar day of `now` (earlier hours included), by due time."""
    start = _day_start(now)
    return _open_between(s, start, start + timedelta(days=1), customer_id, limit)


def follow_ups_overdue(
    s: Session, now: datetime, *, customer_id: int | None = None, limit: int | None = None
) -> list[FollowUpRow]:
    """Open follow-ups due before today, oldest first."""
    return _open_between(s, None, _day_start(now), customer_id, limit)


def follow_ups_upcoming(
    s: Session, now: datetime, days: int = 7, *, customer_id: int | None = None, limit: int | None = None
) -> list[FollowUpRow]:
    """Open follow-ups due after today and within the next `days` days, by due time."""
    tomorrow = _day_start(now) + timedelta(days=1)
    return _open_between(s, tomorrow, tomorrow + timedelta(days=days), customer_id, limit)


def follow_ups_done(
    s: Session, limit: int | None = 100, *, customer_id: int | None = None
) -> list[FollowUpRow]:
    """Done follow-ups, most recently done first."""
    stmt = _rows_query(customer_id).where(FollowUp.done_at.is_not(None))
    stmt = stmt.order_by(FollowUp.done_at.desc(), FollowUp.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return _fetch(s, stmt)


def follow_up_row(s: Session, follow_up_id: int) -> FollowUpRow:
    """One follow-up as a row (archived customers included), or `NotFound`."""
    stmt = _rows_query(None, include_archived=True).where(FollowUp.id == follow_up_id)
    rows = _fetch(s, stmt)
    if not rows:
        raise NotFound("follow_up.not_found", id=follow_up_id)
    return rows[0]


def _day_range(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())


def follow_ups_on_day(s: Session, day: date) -> list[FollowUpRow]:
    """A calendar day's follow-ups: open ones due that day and ones done that day, by time."""
    start, end = _day_range(day, day)
    stmt = _rows_query(None).where(
        or_(
            and_(FollowUp.done_at.is_(None), FollowUp.due_at >= start, FollowUp.due_at < end),
            and_(FollowUp.done_at >= start, FollowUp.done_at < end),
        )
    )
    return sorted(_fetch(s, stmt), key=lambda r: (r.done_at or r.due_at, r.id))


def follow_up_day_counts(s: Session, first: date, last: date) -> dict[date, tuple[int, int]]:
    """Per day from `first` to `last` (inclusive): (open follow-ups due, follow-ups done) that day.

    Days with neither are left out. Two grouped queries over the (done_at, due_at) index.
    """
    start, end = _day_range(first, last)
    archived = select(Customer.id).where(Customer.archived_at.is_not(None))
    counts: dict[date, list[int]] = {}
    for column, slot in ((FollowUp.due_at, 0), (FollowUp.done_at, 1)):
        day = func.date(column)
        stmt = select(day, func.count()).where(
            column >= start, column < end, FollowUp.customer_id.not_in(archived)
        )
        if slot == 0:
            stmt = stmt.where(FollowUp.done_at.is_(None))
        for text, n in s.execute(stmt.group_by(day)):
            counts.setdefault(date.fromisoformat(text), [0, 0])[slot] = int(n)
    return {d: (n_open, n_done) for d, (n_open, n_done) in sorted(counts.items())}
