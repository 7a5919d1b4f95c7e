"""An import's undo never reaches a newer record that got the id of one deleted for good."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Deal, FollowUp, ImportBatch, ImportBatchItem, ServiceRecord
from crm_desktop.exchange.undo import undo_import
from crm_desktop.services.customers import archive_customers, create_customer, customer_rows, delete_customers
from crm_desktop.services.deals import create_deal, delete_deal
from crm_desktop.services.follow_ups import delete_follow_up, plan_follow_up
from crm_desktop.services.service_records import delete_service_record, open_service_record


def _batch(s: Session, entity: str, record_id: int) -> int:
    batch = ImportBatch(kind="customers", file_name="import.xlsx")
    s.add(batch)
    s.flush()
    s.add(ImportBatchItem(batch_id=batch.id, entity=entity, record_id=record_id, action="created"))
    return batch.id


def test_a_customer_deleted_for_good_leaves_no_entry_for_its_id(db: Database) -> None:
    with db.session() as s:
        imported = create_customer(s, {"name": "Imported"}).id
        fu = plan_follow_up(s, imported, "2030-01-01 09:00", "call", "x")
        s.flush()
        batch = _batch(s, "customer", imported)
        s.add(ImportBatchItem(batch_id=batch, entity="follow_up", record_id=fu.id, action="created"))
    with db.session() as s:
        archive_customers(s, [imported])
        assert delete_customers(s, [imported]) == 1
    with db.session() as s:
        newer = create_customer(s, {"name": "Newer"}).id
        assert newer == imported  # SQLite hands the id out again
        plan_follow_up(s, newer, "2030-02-01 09:00", "call", "y")
    with db.session() as s:
        assert undo_import(s, batch)["removed"] == 0
    with db.session() as s:
        assert [r["name"] for r in customer_rows(s, [newer])] == ["Newer"]
        assert s.scalars(select(FollowUp.subject)).all() == ["y"]


def test_a_deleted_record_leaves_no_entry_for_its_id(db: Database) -> None:
    with db.session() as s:
        cid = create_customer(s, {"name": "A"}).id
        fu = plan_follow_up(s, cid, "2030-01-01 09:00", "call", "old")
        deal = create_deal(s, cid, "old", 10)
        rec = open_service_record(s, cid, "repair", "old")
        s.flush()
        batches = {
            "follow_up": _batch(s, "follow_up", fu.id),
            "deal": _batch(s, "deal", deal.id),
            "service": _batch(s, "service", rec.id),
        }
        ids = (fu.id, deal.id, rec.id)
    with db.session() as s:
        delete_follow_up(s, ids[0])
        delete_deal(s, ids[1])
        delete_service_record(s, ids[2])
    with db.session() as s:
        assert plan_follow_up(s, cid, "2030-01-02 09:00", "call", "new").id is not None
        create_deal(s, cid, "new", 20)
        open_service_record(s, cid, "repair", "new")
    with db.session() as s:
        for batch in batches.values():
            undo_import(s, batch)
    with db.session() as s:
        assert s.scalars(select(FollowUp.subject)).all() == ["new"]
        assert s.scalars(select(Deal.title)).all() == ["new"]
        assert s.scalars(select(ServiceRecord.subject)).all() == ["new"]


def test_undoing_an_import_forgets_what_other_imports_hung_on_its_customers(db: Database) -> None:
    with db.session() as s:
        imported = create_customer(s, {"name": "Imported"}).id
        first = _batch(s, "customer", imported)
        fu = plan_follow_up(s, imported, "2030-01-01 09:00", "call", "old")
        s.flush()
        second = _batch(s, "follow_up", fu.id)  # a later import of follow-ups for that customer
    with db.session() as s:
        undo_import(s, first)  # the customer goes, and its follow-up with it
    with db.session() as s:
        newer = create_customer(s, {"name": "Newer"}).id
        assert plan_follow_up(s, newer, "2030-02-01 09:00", "call", "new").id == fu.id
    with db.session() as s:
        assert undo_import(s, second)["removed"] == 0
    with db.session() as s:
        assert s.scalars(select(FollowUp.subject)).all() == ["new"]
