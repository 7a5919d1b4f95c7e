"""A customer's timeline (and the notes it shows) on a real database file."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import event

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, Note
from crm_desktop.errors import NotFound, ValidationError
from crm_desktop.services import deals, follow_ups, notes, pipeline, service_records
from crm_desktop.services.timeline import customer_timeline

T0 = datetime(2026, 1, 5, 9, 0)


def _customer(db: Database, name: str = "张伟") -> int:
    with db.session() as s:
        c = Customer(name=name, phone="13800138000", created_at=T0)
        s.add(c)
        s.flush()
        return c.id


def _history(db: Database, cid: int) -> None:
    """Two months with a customer, each step at a known time."""
    with db.session() as s:
        trial = next(st.id for st in pipeline.list_stages(s) if st.code == "trial")
        f = follow_ups.plan_follow_up(s, cid, T0 + timedelta(days=1), "call", "首次回访")
        f.created_at = T0 + timedelta(hours=1)
        _, nxt = follow_ups.complete_follow_up(
            s,
            f.id,
            "有兴趣，约到店",
            done_at=T0 + timedelta(days=1, hours=1),
            next_due_at=T0 + timedelta(days=30),
        )
        assert nxt is not None
        nxt.created_at = T0 + timedelta(days=1, hours=1)
        d = deals.create_deal(s, cid, "沙发", 4999, created_at=T0 + timedelta(days=2))
        deals.move_deal(s, d.id, trial, "到店试坐", at=T0 + timedelta(days=3))
        deals.close_deal(s, d.id, won=True, reason="质量满意", at=T0 + timedelta(days=4))
        deals.quick_sale(s, cid, 99, title="靠垫", at=T0 + timedelta(days=5))
        r = service_records.open_service_record(
            s, cid, "repair", "沙发脚松动", opened_at=T0 + timedelta(days=10)
        )
        service_records.resolve_service_record(s, r.id, "上门紧固", 5)
        r.resolved_at = T0 + timedelta(days=11)
        notes.add_note(s, cid, "喜欢深色\n家里有猫", at=T0 + timedelta(days=12))


def test_timeline_has_everything_newest_first(db: Database) -> None:
    cid = _customer(db)
    _history(db, cid)
    with db.session() as s:
        entries = customer_timeline(s, cid, lang="zh")
    got = [(e.at - T0, e.kind, e.title, e.detail) for e in entries]
    assert got == [
        (timedelta(days=12), "note", "喜欢深色", "家里有猫"),
        (timedelta(days=11), "service_resolved", "沙发脚松动", "上门紧固 · 5/5"),
        (timedelta(days=10), "service_opened", "沙发脚松动", ""),
        (timedelta(days=5), "deal_won", "靠垫", "99.00"),
        (timedelta(days=4), "deal_won", "沙发", "4,999.00 · 质量满意"),
        (timedelta(days=3), "deal_stage", "沙发", "询价 → 到店试用 · 到店试坐"),
        (timedelta(days=2), "deal_created", "沙发", "4,999.00"),
        (timedelta(days=1, hours=1), "follow_up_done", "首次回访", "有兴趣，约到店"),
        (
            timedelta(days=1, hours=1),
            "follow_up_planned",
            "首次回访",
            f"{T0 + timedelta(days=30):%Y-%m-%d %H:%M}",
        ),
        (timedelta(hours=1), "follow_up_planned", "首次回访", f"{T0 + timedelta(days=1):%Y-%m-%d %H:%M}"),
        (timedelta(0), "customer_created", "张伟", ""),
    ]
    assert {e.ref_kind for e in entries} == {"customer", "follow_up", "deal", "service", "note"}
    with db.session() as s:
        english = customer_timeline(s, cid, lang="en")
    assert next(e.detail for e in english if e.kind == "deal_stage") == "Enquiry → In-store trial · 到店试坐"


def test_timeline_limit_and_one_query_per_kind(db: Database) -> None:
    cid = _customer(db)
    _history(db, cid)
    with db.session() as s:
        for i in range(30):
            notes.add_note(s, cid, f"note {i}", at=T0 + timedelta(days=20, minutes=i))
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.session() as s:
            top = customer_timeline(s, cid, limit=5)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert [e.title for e in top[:4]] == ["note 29", "note 28", "note 27", "note 26"]
    assert len(top) == 5
    # customer, kind names, follow-ups, deals, stage history, service records, notes (+ BEGIN)
    selects = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 7


def test_a_note_shows_its_text_once(db: Database) -> None:
    """A one-line note is its title alone; a longer one is its first line, then the rest."""
    cid = _customer(db)
    long_line = "很长的备注" * 20  # 100 characters on one line
    with db.session() as s:
        notes.add_note(s, cid, "客户说下周再来看看", at=T0 + timedelta(days=1))
        notes.add_note(s, cid, "  第一行\n第二行\n\n第三行  ", at=T0 + timedelta(days=2))
        notes.add_note(s, cid, long_line, at=T0 + timedelta(days=3))
    with db.session() as s:
        got = [(e.title, e.detail) for e in customer_timeline(s, cid) if e.kind == "note"]
    assert got == [
        (long_line[:79] + "…", long_line[79:]),
        ("第一行", "第二行\n\n第三行"),
        ("客户说下周再来看看", ""),
    ]


def test_lost_deal_and_unknown_customer(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        d = deals.create_deal(s, cid, "冰箱", 3000, created_at=T0)
        deals.close_deal(s, d.id, won=False, reason="价格太高", at=T0 + timedelta(days=1))
    with db.session() as s:
        kinds = [(e.kind, e.detail) for e in customer_timeline(s, cid)]
    assert kinds[0] == ("deal_lost", "3,000.00 · 价格太高")
    with pytest.raises(NotFound), db.session() as s:
        customer_timeline(s, 4040)


def test_notes_add_edit_delete(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        nid = notes.add_note(s, cid, "  第一次来店  ").id
        notes.add_note(s, cid, "second", at=datetime(2020, 1, 1))
    with db.session() as s:
        assert [n.body for n in notes.list_notes(s, cid)] == ["第一次来店", "second"]
        notes.edit_note(s, nid, "改过的备注")
    with pytest.raises(ValidationError) as err, db.session() as s:
        notes.edit_note(s, nid, "   ")
    assert err.value.code == "value.required"
    with db.session() as s:
        assert s.get(Note, nid).body == "改过的备注"  # type: ignore[union-attr]
        notes.delete_note(s, nid)
    with db.session() as s:
        assert [n.body for n in notes.list_notes(s, cid)] == ["second"]
    with pytest.raises(NotFound) as nf, db.session() as s:
        notes.delete_note(s, nid)
    assert nf.value.code == "note.not_found"
    with pytest.raises(NotFound), db.session() as s:
        notes.add_note(s, 999, "x")
