"""Service records: consultations, repairs, complaints, classes, returns, tracked to resolution.

Status runs open -> in_progress -> resolved -> closed; `resolved_at` is stamped when a record
is resolved or closed and cleared when it is reopened. Satisfaction is a whole score 1-5.
Lists return `ServiceRow`s; archived customers' records are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, ServiceRecord
from crm_desktop.errors import CrmError, NotFound, ValidationError
from crm_desktop.services.customers import get_customer
from crm_desktop.services.figures import now as _now
from crm_desktop.services.figures import refresh_figures
from crm_desktop.services.follow_ups import as_datetime, require_kind
from crm_desktop.services.import_entries import forget_record_entries

STATUSES = ("open", "in_progress", "resolved", "closed")
OPEN_STATUSES = ("open", "in_progress")
SUBJECT_MAX = 200
TEXT_MAX = 20000
_EDITABLE = ("kind", "subject", "description", "opened_at", "resolution", "satisfaction")


@dataclass(frozen=True)
class ServiceRow:
    """One service record as a view shows it."""

    id: int
    customer_id: int
    customer_name: str
    customer_phone: str | None
    kind: str
    subject: str
    status: str
    opened_at: datetime
    resolved_at: datetime | None
    resolution: str | None
    satisfaction: int | None


def clean_satisfaction(value: Any) -> int | None:
    """A satisfaction score: None (not rated) or a whole number 1-5."""
    if value is None or value == "":
        return None
    number: float
    try:
        number = float(value) if not isinstance(value, bool) else float("nan")
    except (TypeError, ValueError):
        raise ValidationError("value.range", "satisfaction", value=value, min=1, max=5) from None
    if not (1 <= number <= 5 and number == int(number)):
        raise ValidationError("value.range", "satisfaction", value=value, min=1, max=5)
    return int(number)


def _subject(value: str | None) -> str:
    subject = (value or "").strip()
    if not subject:
        raise ValidationError("value.required", "subject")
    if len(subject) > SUBJECT_MAX:
        raise ValidationError("value.too_long", "subject", max=SUBJECT_MAX)
    return subject


def _long_text(value: str | None, field: str) -> str | None:
    text = (value or "").strip() or None
    if text is not None and len(text) > TEXT_MAX:
        raise ValidationError("value.too_long", field, max=TEXT_MAX)
    return text


def get_service_record(s: Session, record_id: int) -> ServiceRecord:
    """The service record `record_id`, or `NotFound("service.not_found")`."""
    record = s.get(ServiceRecord, record_id)
    if record is None:
        raise NotFound("service.not_found", id=record_id)
    return record


def open_service_record(
    s: Session,
    customer_id: int,
    kind: str,
    subject: str,
    description: str | None = None,
    *,
    opened_at: datetime | None = None,
) -> ServiceRecord:
    """Log a new service record of `kind` (a service KindOption code), status open."""
    get_customer(s, customer_id)
    require_kind(s, "service", kind)
    record = ServiceRecord(
        customer_id=customer_id,
        kind=kind,
        subject=_subject(subject),
        description=_long_text(description, "description"),
        status="open",
        opened_at=as_datetime(opened_at, "opened_at") if opened_at is not None else _now(),
    )
    s.add(record)
    refresh_figures(s, [customer_id])
    return record


def update_service_record(s: Session, record_id: int, changes: Mapping[str, Any]) -> ServiceRecord:
    """Change a record's kind, subject, description, opening time, resolution or satisfaction."""
    record = get_service_record(s, record_id)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"not editable on a service record: {sorted(unknown)}")
    clean: dict[str, Any] = {}
    if "kind" in changes:
        clean["kind"] = require_kind(s, "service", changes["kind"])
    if "subject" in changes:
        clean["subject"] = _subject(changes["subject"])
    for key in ("description", "resolution"):
        if key in changes:
            clean[key] = _long_text(changes[key], key)
    if "opened_at" in changes:
        clean["opened_at"] = as_datetime(changes["opened_at"], "opened_at")
    if "satisfaction" in changes:
        clean["satisfaction"] = clean_satisfaction(changes["satisfaction"])
    for key, value in clean.items():
        setattr(record, key, value)
    refresh_figures(s, [record.customer_id])
    return record


def set_service_status(s: Session, record_id: int, status: str) -> ServiceRecord:
    """Set the status; resolving or closing stamps `resolved_at`, going back to open clears it."""
    record = get_service_record(s, record_id)
    if status not in STATUSES:
        raise ValidationError("value.choice", "status", value=status, choices=", ".join(STATUSES))
    if status in OPEN_STATUSES:
        record.resolved_at = None
    elif record.resolved_at is None:
        record.resolved_at = _now()
    record.status = status
    refresh_figures(s, [record.customer_id])
    return record


def resolve_service_record(
    s: Session, record_id: int, resolution: str | None, satisfaction: Any = None
) -> ServiceRecord:
    """Resolve a record with what was done and the customer's satisfaction (1-5, or None)."""
    record = get_service_record(s, record_id)
    if record.status == "closed":
        raise CrmError("service.closed", id=record_id)
    score = clean_satisfaction(satisfaction)
    text = _long_text(resolution, "resolution")
    record.status = "resolved"
    record.resolved_at = _now()
    record.resolution = text
    record.satisfaction = score
    refresh_figures(s, [record.customer_id])
    return record


def close_service_record(s: Session, record_id: int) -> ServiceRecord:
    """Close a record (resolved or not); closing twice changes nothing."""
    return set_service_status(s, record_id, "closed")


def reopen_service_record(s: Session, record_id: int) -> ServiceRecord:
    """Open a resolved or closed record again; its old satisfaction score no longer counts."""
    record = get_service_record(s, record_id)
    if record.status in OPEN_STATUSES:
        raise CrmError("service.not_finished", id=record_id)
    record.satisfaction = None
    return set_service_status(s, record_id, "open")


def delete_service_record(s: Session, record_id: int) -> None:
    """Delete a service record for good."""
    record = get_service_record(s, record_id)
    customer_id = record.customer_id
    forget_record_entries(s, "service", [record.id])  # its id may come again
    s.delete(record)
    refresh_figures(s, [customer_id])


def list_service_records(
    s: Session,
    *,
    status: str | tuple[str, ...] | None = None,
    kind: str | None = None,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    customer_id: int | None = None,
    opened_before: datetime | None = None,
    limit: int | None = None,
) -> list[ServiceRow]:
    """Service records filtered by status (one or several), kind, opening period and customer.

    A `date` end includes that whole day; a `datetime` end is exclusive. Newest first.
    """
    stmt = (
        select(
            ServiceRecord.id,
            ServiceRecord.customer_id,
            Customer.name,
            Customer.phone,
            ServiceRecord.kind,
            ServiceRecord.subject,
            ServiceRecord.status,
            ServiceRecord.opened_at,
            ServiceRecord.resolved_at,
            ServiceRecord.resolution,
            ServiceRecord.satisfaction,
        )
        .join(Customer, Customer.id == ServiceRecord.customer_id)
        .where(ServiceRecord.customer_id.not_in(select(Customer.id).where(Customer.archived_at.is_not(None))))
    )
    if isinstance(status, str):
        stmt = stmt.where(ServiceRecord.status == status)
    elif status is not None:
        stmt = stmt.where(ServiceRecord.status.in_(status))
    if kind is not None:
        stmt = stmt.where(ServiceRecord.kind == kind)
    if customer_id is not None:
        stmt = stmt.where(ServiceRecord.customer_id == customer_id)
    if start is not None:
        low = start if isinstance(start, datetime) else datetime.combine(start, time())
        stmt = stmt.where(ServiceRecord.opened_at >= low)
    if end is not None:
        high = end if isinstance(end, datetime) else datetime.combine(end, time()) + timedelta(days=1)
        stmt = stmt.where(ServiceRecord.opened_at < high)
    if opened_before is not None:
        stmt = stmt.where(ServiceRecord.opened_at < opened_before)
    stmt = stmt.order_by(ServiceRecord.opened_at.desc(), ServiceRecord.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return [ServiceRow(*row) for row in s.execute(stmt)]


def stale_service_records(s: Session, now: datetime, days: int) -> list[ServiceRow]:
    """Records still open or in progress that were opened more than `days` days before `now`."""
    return list_service_records(s, status=OPEN_STATUSES, opened_before=now - timedelta(days=days))
