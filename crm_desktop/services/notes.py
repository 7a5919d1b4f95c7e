"""Notes: short memos on a customer, shown in the customer's timeline.

Notes are internal and do not count as contact with the customer (see `figures`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Note
from crm_desktop.errors import NotFound, ValidationError
from crm_desktop.services.customers import get_customer
from crm_desktop.services.figures import now as _now
from crm_desktop.services.follow_ups import as_datetime

BODY_MAX = 20000


@dataclass(frozen=True)
class NoteRow:
    id: int
    customer_id: int
    body: str
    created_at: datetime


def _body(value: str | None) -> str:
    body = (value or "").strip()
    if not body:
        raise ValidationError("value.required", "body")
    if len(body) > BODY_MAX:
        raise ValidationError("value.too_long", "body", max=BODY_MAX)
    return body


def get_note(s: Session, note_id: int) -> Note:
    """The note `note_id`, or `NotFound("note.not_found")`."""
    note = s.get(Note, note_id)
    if note is None:
        raise NotFound("note.not_found", id=note_id)
    return note


def add_note(s: Session, customer_id: int, body: str, *, at: datetime | None = None) -> Note:
    """Add a note to a customer (empty text is refused)."""
    get_customer(s, customer_id)
    note = Note(
        customer_id=customer_id,
        body=_body(body),
        created_at=as_datetime(at, "created_at") if at is not None else _now(),
    )
    s.add(note)
    s.flush()
    return note


def edit_note(s: Session, note_id: int, body: str) -> Note:
    """Replace a note's text."""
    note = get_note(s, note_id)
    note.body = _body(body)
    s.flush()
    return note


def delete_note(s: Session, note_id: int) -> None:
    """Delete a note for good."""
    s.delete(get_note(s, note_id))
    s.flush()


def list_notes(s: Session, customer_id: int) -> list[NoteRow]:
    """A customer's notes, newest first."""
    stmt = (
        select(Note.id, Note.customer_id, Note.body, Note.created_at)
        .where(Note.customer_id == customer_id)
        .order_by(Note.created_at.desc(), Note.id.desc())
    )
    return [NoteRow(*row) for row in s.execute(stmt)]
