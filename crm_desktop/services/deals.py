"""Deals: create, edit, move between stages (with history), win or lose, reopen, quick sale.

Every stage change writes a `DealStageChange` row (creation included, from no stage). Moving
a deal into a won or lost stage closes it: status, `closed_at` and the reason are set; a
closed deal must be reopened before it moves again. Lists are in `deal_lists`; the per-stage
forecast is `crm_desktop.services.pipeline.forecast`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop import messages
from crm_desktop.db.models import Deal, DealStageChange, PipelineStage
from crm_desktop.errors import CrmError, NotFound, ValidationError
from crm_desktop.fields import get_field
from crm_desktop.services.customers import get_customer
from crm_desktop.services.figures import now as _now
from crm_desktop.services.figures import refresh_figures
from crm_desktop.services.import_entries import forget_record_entries
from crm_desktop.services.pipeline import first_stage, get_stage
from crm_desktop.services.validation import as_date, as_datetime, clean_money

TITLE_MAX = 200
REASON_MAX = 500
_EDITABLE = ("title", "amount", "expected_close", "products", "notes", "close_reason")


def clean_amount(value: Any, field: str = "amount") -> float:
    """A money amount rounded to cents, read as an import reads it (`1,200`, `¥1200`, `1200元`);
    blank is 0, negative is refused."""
    if value is None or value == "":
        return 0.0
    number = clean_money(get_field("deals", "amount"), value)  # ValidationError("value.number")
    if number < 0:
        raise ValidationError("value.negative", field, value=value)
    return number


def _clean_title(value: str | None) -> str:
    title = (value or "").strip()
    if not title:
        raise ValidationError("value.required", "title")
    if len(title) > TITLE_MAX:
        raise ValidationError("value.too_long", "title", max=TITLE_MAX)
    return title


def _clean_reason(value: str | None) -> str | None:
    reason = (value or "").strip() or None
    if reason is not None and len(reason) > REASON_MAX:
        raise ValidationError("value.too_long", "close_reason", max=REASON_MAX)
    return reason


def _clean_date(value: Any, field: str) -> date | None:
    """None for a blank value, else the day as the services read a date (see `as_date`)."""
    return None if value is None or value == "" else as_date(value, field)


def get_deal(s: Session, deal_id: int) -> Deal:
    """The deal `deal_id`, or `NotFound("deal.not_found")`."""
    deal = s.get(Deal, deal_id)
    if deal is None:
        raise NotFound("deal.not_found", id=deal_id)
    return deal


def _enter(deal: Deal, stage: PipelineStage, at: datetime, reason: str | None, note: str | None) -> None:
    """Put `deal` into `stage` with a history row; won/lost stages close it."""
    deal.history.append(
        DealStageChange(from_stage_id=deal.stage_id, to_stage_id=stage.id, changed_at=at, note=note)
    )
    deal.stage_id = stage.id
    deal.status = stage.outcome
    if stage.outcome == "open":
        deal.closed_at = None
        deal.close_reason = None
    else:
        deal.closed_at = at
        deal.close_reason = reason


def create_deal(
    s: Session,
    customer_id: int,
    title: str,
    amount: Any = 0.0,
    stage_id: int | None = None,
    *,
    expected_close: date | str | None = None,
    products: str | None = None,
    notes: str | None = None,
    reason: str | None = None,
    created_at: datetime | None = None,
) -> Deal:
    """Create a deal in `stage_id` (default: the first open stage); a won/lost stage closes it at once."""
    get_customer(s, customer_id)
    clean_title = _clean_title(title)
    clean = clean_amount(amount)
    close = _clean_date(expected_close, "expected_close")
    why = _clean_reason(reason)
    stage = get_stage(s, stage_id) if stage_id is not None else first_stage(s, "open")
    at = as_datetime(created_at, "created_at") if created_at is not None else _now()
    deal = Deal(
        customer_id=customer_id,
        title=clean_title,
        amount=clean,
        expected_close=close,
        products=products or None,
        notes=notes or None,
        created_at=at,
        updated_at=at,
        stage_id=None,
    )
    s.add(deal)
    _enter(deal, stage, at, why, None)
    refresh_figures(s, [customer_id])
    return deal


def update_deal(s: Session, deal_id: int, changes: Mapping[str, Any]) -> Deal:
    """Change a deal's title, amount, expected close, products, notes or close reason.

    The stage and status change only through `move_deal`, `close_deal` and `reopen_deal`.
    """
    deal = get_deal(s, deal_id)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"not editable on a deal: {sorted(unknown)}")
    clean: dict[str, Any] = {}
    if "title" in changes:
        clean["title"] = _clean_title(changes["title"])
    if "amount" in changes:
        clean["amount"] = clean_amount(changes["amount"])
    if "expected_close" in changes:
        clean["expected_close"] = _clean_date(changes["expected_close"], "expected_close")
    if "close_reason" in changes:
        clean["close_reason"] = _clean_reason(changes["close_reason"])
    for key in ("products", "notes"):
        if key in changes:
            clean[key] = changes[key] or None
    for key, value in clean.items():
        setattr(deal, key, value)
    refresh_figures(s, [deal.customer_id])
    return deal


def move_deal(
    s: Session,
    deal_id: int,
    stage_id: int,
    note: str | None = None,
    *,
    reason: str | None = None,
    at: datetime | None = None,
) -> Deal:
    """Move an open deal to another stage, with a history entry; a won/lost stage closes it with `reason`."""
    deal = get_deal(s, deal_id)
    stage = get_stage(s, stage_id)
    if deal.status != "open":
        raise CrmError("deal.closed", id=deal_id, status=deal.status)
    why = _clean_reason(reason)
    if stage.id == deal.stage_id:
        return deal
    when = as_datetime(at, "at") if at is not None else _now()
    _enter(deal, stage, when, why, (note or "").strip()[:500] or None)
    refresh_figures(s, [deal.customer_id])
    return deal


def close_deal(
    s: Session, deal_id: int, won: bool, reason: str | None = None, *, at: datetime | None = None
) -> Deal:
    """Win or lose an open deal: it moves into the first won (or lost) stage."""
    deal = get_deal(s, deal_id)
    if deal.status != "open":
        raise CrmError("deal.closed", id=deal_id, status=deal.status)
    stage = first_stage(s, "won" if won else "lost")
    return move_deal(s, deal_id, stage.id, reason=reason, at=at)


def reopen_deal(s: Session, deal_id: int, stage_id: int | None = None, *, note: str | None = None) -> Deal:
    """Reopen a won or lost deal into `stage_id` (default: the open stage it was last in, else the first)."""
    deal = get_deal(s, deal_id)
    if deal.status == "open":
        raise CrmError("deal.not_closed", id=deal_id)
    if stage_id is not None:
        stage = get_stage(s, stage_id)
        if stage.outcome != "open":
            open_names = ", ".join(
                st.name_zh for st in s.scalars(select(PipelineStage).where(PipelineStage.outcome == "open"))
            )
            raise ValidationError("value.choice", "stage", value=stage.name_zh, choices=open_names)
    else:
        last_open = s.scalar(
            select(DealStageChange.to_stage_id)
            .join(PipelineStage, PipelineStage.id == DealStageChange.to_stage_id)
            .where(DealStageChange.deal_id == deal.id, PipelineStage.outcome == "open")
            .order_by(DealStageChange.changed_at.desc(), DealStageChange.id.desc())
            .limit(1)
        )
        stage = get_stage(s, last_open) if last_open is not None else first_stage(s, "open")
    _enter(deal, stage, _now(), None, (note or "").strip()[:500] or None)
    refresh_figures(s, [deal.customer_id])
    return deal


def quick_sale(
    s: Session,
    customer_id: int,
    amount: Any,
    title: str | None = None,
    products: str | None = None,
    *,
    at: datetime | None = None,
    reason: str | None = None,
    lang: str | None = None,
) -> Deal:
    """Record a sale in one step: a deal created straight into the first won stage.

    Without a title the deal is named after its products (first line), else "Quick sale" in
    `lang` (default: the user's language), so the sales list still says what was sold.
    """
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        raise ValidationError("value.required", "amount")
    if not (title or "").strip():
        first_line = (products or "").strip().splitlines()[0].strip() if (products or "").strip() else ""
        title = first_line[:TITLE_MAX] or messages.text("deal.quick_sale_title", lang)
    stage = first_stage(s, "won")
    return create_deal(
        s, customer_id, title or "", amount, stage.id, products=products, reason=reason, created_at=at
    )


def delete_deal(s: Session, deal_id: int) -> None:
    """Delete a deal and its history for good."""
    deal = get_deal(s, deal_id)
    customer_id = deal.customer_id
    forget_record_entries(s, "deal", [deal.id])  # its id may come again
    s.delete(deal)
    refresh_figures(s, [customer_id])
