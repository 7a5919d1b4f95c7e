"""Follow-ups on a real database file: plan, complete and plan the next, snooze, reopen, lists."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, FollowUp
from crm_desktop.errors import CrmError, NotFound, ValidationError
from crm_desktop.services import follow_ups as fu

NOW = datetime(2026, 5, 13, 10, 30)


def _count(s: Session, model: type) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


def _customer(db: Database, name: str = "张伟", phone: str | None = "13800138000", **kw: object) -> int:
    with db.session() as s:
        c = Customer(name=name, phone=phone, **kw)
        s.add(c)
        s.flush()
        return c.id


def _figures(db: Database, cid: int) -> Customer:
    with db.session() as s:
        c = s.get(Customer, cid)
        assert c is not None
        return c


def test_plan_shows_in_today_with_customer_name_and_phone(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        f = fu.plan_follow_up(s, cid, NOW.replace(hour=15), "call", "回访报价")
        fid = f.id
    with db.session() as s:
        today = fu.follow_ups_due_today(s, NOW)
    assert [(r.id, r.customer_name, r.customer_phone, r.kind, r.subject) for r in today] == [
        (fid, "张伟", "13800138000", "call", "回访报价")
    ]
    assert today[0].due_at == NOW.replace(hour=15)
    assert _figures(db, cid).next_follow_up_at == NOW.replace(hour=15)


def test_today_overdue_upcoming_are_separate_lists(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        early_today = fu.plan_follow_up(s, cid, NOW.replace(hour=8), "call", "early").id
        yesterday = fu.plan_follow_up(s, cid, NOW - timedelta(days=1), "visit", "yesterday").id
        last_week = fu.plan_follow_up(s, cid, NOW - timedelta(days=7), "call", "last week").id
        tomorrow = fu.plan_follow_up(s, cid, NOW + timedelta(days=1), "message", "tomorrow").id
        in_7 = fu.plan_follow_up(s, cid, NOW + timedelta(days=7), "call", "in 7").id
        fu.plan_follow_up(s, cid, NOW + timedelta(days=9), "call", "in 9")
    with db.session() as s:
        assert [r.id for r in fu.follow_ups_due_today(s, NOW)] == [early_today]
        assert [r.id for r in fu.follow_ups_overdue(s, NOW)] == [last_week, yesterday]
        assert [r.id for r in fu.follow_ups_upcoming(s, NOW, days=7)] == [tomorrow, in_7]
        assert len(fu.follow_ups_upcoming(s, NOW, days=30)) == 3
    # the customer's next follow-up is the earliest open one, even when it is overdue
    assert _figures(db, cid).next_follow_up_at == NOW - timedelta(days=7)


def test_capped_lists_and_their_full_counts(db: Database) -> None:
    """A list read with `limit` keeps its most urgent rows; `count_open_follow_ups` says how many
    there are in all (done, upcoming and archived customers' follow-ups not counted)."""
    cid = _customer(db)
    gone = _customer(db, "王芳", archived_at=NOW)
    with db.session() as s:
        overdue = [fu.plan_follow_up(s, cid, NOW - timedelta(days=d), subject=f"{d}").id for d in range(1, 6)]
        fu.plan_follow_up(s, cid, NOW.replace(hour=9))
        fu.plan_follow_up(s, cid, NOW.replace(hour=17))
        fu.plan_follow_up(s, cid, NOW + timedelta(days=1))
        fu.plan_follow_up(s, gone, NOW - timedelta(days=2))
        fu.complete_follow_up(s, overdue[0], "done", done_at=NOW)
    with db.session() as s:
        assert [r.subject for r in fu.follow_ups_overdue(s, NOW, limit=2)] == ["5", "4"]
        assert len(fu.follow_ups_due_today(s, NOW, limit=1)) == 1
        counts = fu.count_open_follow_ups(s, NOW)
    assert counts == (4, 2) and (counts.overdue, counts.due_today) == (4, 2)


def test_complete_and_plan_next_in_one_step(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        first = fu.plan_follow_up(s, cid, NOW, "call", "报价").id
    with db.session() as s:
        _done, nxt = fu.complete_follow_up(
            s, first, "客户要再考虑", done_at=NOW, next_due_at=NOW + timedelta(days=3), next_kind="visit"
        )
        assert nxt is not None
        next_id = nxt.id
    with db.session() as s:
        old = s.get(FollowUp, first)
        new = s.get(FollowUp, next_id)
        assert old is not None and new is not None
        assert old.done_at == NOW and old.outcome == "客户要再考虑"
        assert new.previous_id == first and new.kind == "visit" and new.subject == "报价"
        assert new.done_at is None
        assert [r.id for r in fu.follow_ups_done(s)] == [first]
        assert fu.follow_ups_due_today(s, NOW) == []
        assert [r.id for r in fu.follow_ups_upcoming(s, NOW)] == [next_id]
    c = _figures(db, cid)
    assert c.last_contact_at == NOW
    assert c.next_follow_up_at == NOW + timedelta(days=3)


def test_complete_without_next_clears_next_follow_up(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        fid = fu.plan_follow_up(s, cid, NOW).id
        _done, nxt = fu.complete_follow_up(s, fid, "ok", done_at=NOW)
        assert nxt is None
    c = _figures(db, cid)
    assert c.next_follow_up_at is None and c.last_contact_at == NOW


def test_complete_twice_is_refused_and_changes_nothing(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        fid = fu.plan_follow_up(s, cid, NOW).id
        fu.complete_follow_up(s, fid, "first", done_at=NOW)
    with pytest.raises(CrmError) as err, db.session() as s:
        fu.complete_follow_up(s, fid, "second", next_due_at=NOW + timedelta(days=1))
    assert err.value.code == "follow_up.done"
    with db.session() as s:
        assert s.get(FollowUp, fid).outcome == "first"  # type: ignore[union-attr]
        assert _count(s, FollowUp) == 1


def test_unknown_kind_is_refused_and_nothing_is_written(db: Database) -> None:
    cid = _customer(db)
    with pytest.raises(CrmError) as err, db.session() as s:
        fu.plan_follow_up(s, cid, NOW, "fax")
    assert err.value.code == "kind.unknown"
    assert "fax" in err.value.message("en")
    with db.session() as s:
        fid = fu.plan_follow_up(s, cid, NOW).id
    # a bad kind for the next follow-up leaves the first one open
    with pytest.raises(CrmError), db.session() as s:
        fu.complete_follow_up(s, fid, "done", next_due_at=NOW + timedelta(days=1), next_kind="fax")
    with db.session() as s:
        assert s.get(FollowUp, fid).done_at is None  # type: ignore[union-attr]
        assert _count(s, FollowUp) == 1


def test_bad_date_and_unknown_customer(db: Database) -> None:
    cid = _customer(db)
    with pytest.raises(ValidationError) as err, db.session() as s:
        fu.plan_follow_up(s, cid, "next tuesday")
    assert err.value.code == "value.datetime"
    with pytest.raises(NotFound) as nf, db.session() as s:
        fu.plan_follow_up(s, 9999, NOW)
    assert nf.value.code == "customer.not_found"
    with db.session() as s:
        f = fu.plan_follow_up(s, cid, "2026-05-20 09:00")
        assert f.due_at == datetime(2026, 5, 20, 9, 0)
    # the ways people type a date here
    for typed, expected in (
        ("2026/5/20 9:30", datetime(2026, 5, 20, 9, 30)),
        ("2026年5月20日 14:05", datetime(2026, 5, 20, 14, 5)),
        ("２０２６－０５－２０", datetime(2026, 5, 20)),
        ("2026-05-20T09:00:15", datetime(2026, 5, 20, 9, 0, 15)),
    ):
        assert fu.as_datetime(typed, "due_at") == expected
    for bad in ("", "2026-02-30", "20/05/2026", "tomorrow"):
        with pytest.raises(ValidationError):
            fu.as_datetime(bad, "due_at")


def test_snooze_reopen_update_delete(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        fid = fu.plan_follow_up(s, cid, NOW - timedelta(days=2), "call", "old").id
    with db.session() as s:
        fu.snooze_follow_up(s, fid, NOW + timedelta(days=2))
    with db.session() as s:
        assert fu.follow_ups_overdue(s, NOW) == []
        assert [r.id for r in fu.follow_ups_upcoming(s, NOW)] == [fid]
    assert _figures(db, cid).next_follow_up_at == NOW + timedelta(days=2)

    with db.session() as s:
        fu.update_follow_up(s, fid, {"subject": "new subject", "kind": "visit"})
        fu.complete_follow_up(s, fid, "met", done_at=NOW)
    with pytest.raises(CrmError), db.session() as s:
        fu.snooze_follow_up(s, fid, NOW + timedelta(days=5))
    with db.session() as s:
        fu.reopen_follow_up(s, fid)
    with db.session() as s:
        row = fu.follow_up_row(s, fid)
        assert (row.subject, row.kind, row.done_at, row.outcome) == ("new subject", "visit", None, None)
    c = _figures(db, cid)
    assert c.last_contact_at is None and c.next_follow_up_at == NOW + timedelta(days=2)
    with pytest.raises(CrmError) as err, db.session() as s:
        fu.reopen_follow_up(s, fid)
    assert err.value.code == "follow_up.not_done"

    with db.session() as s:
        fu.delete_follow_up(s, fid)
    with db.session() as s:
        assert s.get(FollowUp, fid) is None
    assert _figures(db, cid).next_follow_up_at is None
    with pytest.raises(NotFound), db.session() as s:
        fu.delete_follow_up(s, fid)


def test_deleting_a_follow_up_keeps_the_next_one(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        fid = fu.plan_follow_up(s, cid, NOW).id
        _, nxt = fu.complete_follow_up(s, fid, "ok", next_due_at=NOW + timedelta(days=1))
        assert nxt is not None
        next_id = nxt.id
    with db.session() as s:
        fu.delete_follow_up(s, fid)
    with db.session() as s:
        kept = s.get(FollowUp, next_id)
        assert kept is not None and kept.previous_id is None


def test_archived_customers_are_left_out_of_lists(db: Database) -> None:
    keep = _customer(db, "李娜", "13900000000")
    gone = _customer(db, "王芳", "13700000000", archived_at=NOW)
    with db.session() as s:
        fu.plan_follow_up(s, keep, NOW)
        fu.plan_follow_up(s, gone, NOW)
        fu.plan_follow_up(s, gone, NOW - timedelta(days=3))
    with db.session() as s:
        assert [r.customer_name for r in fu.follow_ups_due_today(s, NOW)] == ["李娜"]
        assert fu.follow_ups_overdue(s, NOW) == []
        assert [r.customer_name for r in fu.follow_ups_due_today(s, NOW, customer_id=keep)] == ["李娜"]


def test_rows_are_plain_frozen_values_after_the_session_closed(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        fu.plan_follow_up(s, cid, NOW)
    with db.session() as s:
        rows = fu.follow_ups_due_today(s, NOW)
    assert rows[0].customer_name == "张伟"
    with pytest.raises(AttributeError):
        rows[0].subject = "x"  # type: ignore[misc]


def test_calendar_day_lists_and_counts(db: Database) -> None:
    cid = _customer(db)
    gone = _customer(db, "王芳", "13700000000", archived_at=NOW)
    day = NOW.date()
    with db.session() as s:
        due_today = fu.plan_follow_up(s, cid, NOW.replace(hour=16), "call", "due today").id
        done_today = fu.plan_follow_up(s, cid, NOW - timedelta(days=3), "visit", "done today").id
        fu.complete_follow_up(s, done_today, "ok", done_at=NOW.replace(hour=9))
        fu.plan_follow_up(s, cid, NOW + timedelta(days=2), "call", "later")
        done_before = fu.plan_follow_up(s, cid, NOW, "call", "due today, done yesterday").id
        fu.complete_follow_up(s, done_before, "early", done_at=NOW - timedelta(days=1))
        fu.plan_follow_up(s, gone, NOW, "call", "archived")
    with db.session() as s:
        assert [r.id for r in fu.follow_ups_on_day(s, day)] == [done_today, due_today]
        counts = fu.follow_up_day_counts(s, day - timedelta(days=5), day + timedelta(days=5))
    assert counts == {
        day - timedelta(days=1): (0, 1),
        day: (1, 1),
        day + timedelta(days=2): (1, 0),
    }
