"""Small hand-made records for the insight tests; every expected figure is worked out by hand."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, Deal, FollowUp, PipelineStage, ServiceRecord
from crm_desktop.services.figures import refresh_all_figures


def dt(text: str) -> datetime:
    """ "2026-03-05" or "2026-03-05 10:30" as a datetime."""
    return datetime.fromisoformat(text)


def stage_id(s: Session, code: str) -> int:
    return s.scalars(select(PipelineStage.id).where(PipelineStage.code == code)).one()


def customer(s: Session, name: str, created: str = "2025-01-01", **values: object) -> int:
    c = Customer(name=name, created_at=dt(created), **values)
    s.add(c)
    s.flush()
    return c.id


def deal(
    s: Session,
    cid: int,
    amount: float,
    status: str = "won",
    closed: str | None = None,
    created: str | None = None,
    stage: str | None = None,
) -> int:
    code = stage or {"won": "won", "lost": "lost"}.get(status, "enquiry")
    created = created or closed or "2025-01-01"
    d = Deal(
        customer_id=cid,
        title="deal",
        amount=amount,
        status=status,
        stage_id=stage_id(s, code),
        closed_at=dt(closed) if closed else None,
        created_at=dt(created),
    )
    s.add(d)
    s.flush()
    return d.id


def follow_up(s: Session, cid: int, due: str, done: str | None = None) -> None:
    s.add(
        FollowUp(
            customer_id=cid, kind="call", subject="call", due_at=dt(due), done_at=dt(done) if done else None
        )
    )
    s.flush()


def service(
    s: Session,
    cid: int,
    opened: str,
    *,
    kind: str = "repair",
    status: str = "open",
    resolved: str | None = None,
    satisfaction: int | None = None,
) -> None:
    s.add(
        ServiceRecord(
            customer_id=cid,
            kind=kind,
            subject=f"{kind} {opened}",
            status=status,
            opened_at=dt(opened),
            resolved_at=dt(resolved) if resolved else None,
            updated_at=dt(resolved or opened),
            satisfaction=satisfaction,
        )
    )
    s.flush()


def finish(s: Session) -> None:
    refresh_all_figures(s)
    s.flush()


def ladder(s: Session) -> dict[str, int]:
    """Five buyers P1..P5: P_i won i deals of 10*i each, the last on the 10th of month i (2026).

    P5's last is on 10 June. Scored on 30 June 2026 every R, F and M score of P_i is i.
    """
    ids: dict[str, int] = {}
    cats = {1: "loyal", 2: "loyal", 3: "lead", 4: "advocate", 5: "customer"}
    for i in range(1, 6):
        cid = customer(s, f"P{i}", category=cats[i])
        ids[f"P{i}"] = cid
        month = 6 if i == 5 else i
        deal(s, cid, 10 * i, closed=f"2026-{month:02d}-10 12:00")
        for k in range(1, i):
            deal(s, cid, 10 * i, closed=f"2025-{k:02d}-15 09:00")
    finish(s)
    return ids


RFM_DAY = date(2026, 6, 30)
