"""One customer's timeline: everything that happened with them, newest first.

Entries come from one query per record kind (follow-ups, deals, stage history, service
records, notes), never one per record. `kind` is a code the UI translates and draws an icon
for; `title` and `detail` are the user's own text (subjects, outcomes, stage names in `lang`).

| kind | at | title | detail |
|---|---|---|---|
| customer_created | created_at | name | |
| follow_up_planned / follow_up_done | created_at / done_at | subject (or kind name) | due time / outcome |
| deal_created | created_at | title | amount |
| deal_stage | changed_at | title | from stage → to stage |
| deal_won / deal_lost | closed_at | title | amount · reason |
| deal_history | closed_at | "imported purchase history" in `lang` | n purchases, amount in all |
| service_opened / service_resolved | opened_at / resolved_at | subject | description / resolution · n/5 |
| note | created_at | first line | the lines after it (a one-line note has no detail) |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from crm_desktop import messages
from crm_desktop.db.models import (
    Customer,
    Deal,
    DealStageChange,
    FollowUp,
    KindOption,
    Note,
    PipelineStage,
    ServiceRecord,
)
from crm_desktop.errors import NotFound

# Order of entries stamped with the same second, newest first: a sale's "won" above its creation.
_RANK = {
    "customer_created": 0,
    "follow_up_planned": 1,
    "deal_created": 1,
    "service_opened": 1,
    "note": 1,
    "deal_stage": 2,
    "follow_up_done": 2,
    "service_resolved": 2,
    "deal_won": 3,
    "deal_lost": 3,
    "deal_history": 3,
}
_SHORT = 200
_TITLE = 80  # a note's first line as its title
_S = TypeVar("_S", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened with a customer."""

    at: datetime
    kind: str
    title: str
    detail: str
    ref_kind: str  # customer | follow_up | deal | service | note
    ref_id: int


def _money(amount: float) -> str:
    return f"{amount:,.2f}"


def _join(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def _short(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _note_parts(body: str | None) -> tuple[str, str]:
    """A note as (title, detail): its first line, then the rest, so no text shows twice.

    A first line longer than `_TITLE` is cut with "…" and its remainder starts the detail.
    """
    first, _, rest = (body or "").strip().partition("\n")
    first, rest = first.strip(), rest.strip()
    if len(first) > _TITLE:
        cut = _TITLE - 1
        first, rest = first[:cut] + "…", "\n".join(p for p in (first[cut:], rest) if p)
    return first, _short(rest)


def customer_timeline(
    s: Session, customer_id: int, limit: int | None = None, *, lang: str | None = None
) -> list[TimelineEntry]:
    """Everything that happened with customer `customer_id`, newest first (at most `limit` entries)."""
    # Only the columns needed: loading the ORM object would also load its tags.
    customer = s.execute(
        select(Customer.id, Customer.name, Customer.created_at).where(Customer.id == customer_id)
    ).first()
    if customer is None:
        raise NotFound("customer.not_found", id=customer_id)
    lang = lang if lang in messages.LANGS else messages.default_lang()
    name_col = KindOption.name_zh if lang == "zh" else KindOption.name_en
    kind_names = {
        (cat, code): name
        for cat, code, name in s.execute(select(KindOption.category, KindOption.code, name_col))
    }
    entries: list[TimelineEntry] = [
        TimelineEntry(customer.created_at, "customer_created", customer.name, "", "customer", customer.id)
    ]

    def capped(stmt: _S, *order: Any) -> _S:
        stmt = stmt.order_by(*order)
        return stmt.limit(limit) if limit is not None else stmt

    fu_rows = s.execute(
        capped(
            select(
                FollowUp.id, FollowUp.kind, FollowUp.subject, FollowUp.due_at, FollowUp.done_at,
                FollowUp.outcome, FollowUp.created_at,
            ).where(FollowUp.customer_id == customer_id),
            func.coalesce(FollowUp.done_at, FollowUp.created_at).desc(),
        )
    )  # fmt: skip
    for fid, kind, subject, due_at, done_at, outcome, created_at in fu_rows:
        title = subject or kind_names.get(("follow_up", kind), kind)
        entries.append(
            TimelineEntry(
                created_at, "follow_up_planned", title, f"{due_at:%Y-%m-%d %H:%M}", "follow_up", fid
            )
        )
        if done_at is not None:
            entries.append(TimelineEntry(done_at, "follow_up_done", title, outcome or "", "follow_up", fid))

    deal_rows = s.execute(
        capped(
            select(
                Deal.id, Deal.title, Deal.amount, Deal.status, Deal.created_at, Deal.closed_at, Deal.close_reason,
                Deal.history_purchases,
            ).where(Deal.customer_id == customer_id),
            func.coalesce(Deal.closed_at, Deal.created_at).desc(),
        )
    )  # fmt: skip
    for did, title, amount, status, created_at, closed_at, reason, purchases in deal_rows:
        if purchases is not None:
            # past purchases brought in by an import: one entry that says what it stands for
            entries.append(
                TimelineEntry(
                    closed_at or created_at,
                    "deal_history",
                    messages.text("deal.history_title", lang),
                    messages.text("deal.history_detail", lang, count=purchases, amount=_money(amount)),
                    "deal",
                    did,
                )
            )
            continue
        closed_on = closed_at if status in ("won", "lost") else None
        if closed_on != created_at:
            # A quick sale is created and won at once: its "won" entry says it all.
            entries.append(TimelineEntry(created_at, "deal_created", title, _money(amount), "deal", did))
        if closed_on is not None:
            entries.append(
                TimelineEntry(closed_on, f"deal_{status}", title, _join(_money(amount), reason), "deal", did)
            )

    src, dst = aliased(PipelineStage), aliased(PipelineStage)
    src_name, dst_name = (src.name_zh, dst.name_zh) if lang == "zh" else (src.name_en, dst.name_en)
    moves = s.execute(
        capped(
            select(DealStageChange.deal_id, DealStageChange.changed_at, Deal.title, src_name, dst_name,
                   DealStageChange.note)
            .join(Deal, Deal.id == DealStageChange.deal_id)
            .outerjoin(src, src.id == DealStageChange.from_stage_id)
            .outerjoin(dst, dst.id == DealStageChange.to_stage_id)
            # creation (from no stage) and moves into won/lost have their own entries above
            .where(Deal.customer_id == customer_id, DealStageChange.from_stage_id.is_not(None),
                   func.coalesce(dst.outcome, "open") == "open"),
            DealStageChange.changed_at.desc(),
        )
    )  # fmt: skip
    for did, changed_at, title, from_name, to_name, note in moves:
        detail = _join(f"{from_name or '?'} → {to_name or '?'}", note)
        entries.append(TimelineEntry(changed_at, "deal_stage", title, detail, "deal", did))

    services = s.execute(
        capped(
            select(
                ServiceRecord.id, ServiceRecord.subject, ServiceRecord.description, ServiceRecord.opened_at,
                ServiceRecord.resolved_at, ServiceRecord.resolution, ServiceRecord.satisfaction,
            ).where(ServiceRecord.customer_id == customer_id),
            func.coalesce(ServiceRecord.resolved_at, ServiceRecord.opened_at).desc(),
        )
    )  # fmt: skip
    for sid, subject, description, opened_at, resolved_at, resolution, score in services:
        entries.append(
            TimelineEntry(opened_at, "service_opened", subject, _short(description), "service", sid)
        )
        if resolved_at is not None:
            detail = _join(_short(resolution), f"{score}/5" if score else None)
            entries.append(TimelineEntry(resolved_at, "service_resolved", subject, detail, "service", sid))

    notes = s.execute(
        capped(
            select(Note.id, Note.body, Note.created_at).where(Note.customer_id == customer_id),
            Note.created_at.desc(),
        )
    )
    for nid, body, created_at in notes:
        title, detail = _note_parts(body)
        entries.append(TimelineEntry(created_at, "note", title, detail, "note", nid))

    entries.sort(key=lambda e: (e.at, _RANK[e.kind], e.ref_id), reverse=True)
    return entries if limit is None else entries[:limit]
