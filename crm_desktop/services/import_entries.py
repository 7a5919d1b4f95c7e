"""The import-batch entries of records that are deleted for good.

SQLite hands a deleted record's id to the next record of its table (no AUTOINCREMENT), and an
import's undo deletes the records its entries name. So when a record goes for good, its
entries go too: a later undo of that import must not delete a newer record that got the id.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Deal, FollowUp, ImportBatchItem, ServiceRecord

# import_batch_items.entity of each kind of record that belongs to a customer
RECORD_ENTITIES = (("follow_up", FollowUp), ("deal", Deal), ("service", ServiceRecord))


def forget_record_entries(s: Session, entity: str, record_ids: Sequence[int]) -> int:
    """Drop the entries of records of `entity` about to be deleted; returns how many."""
    if not record_ids:
        return 0
    stmt = delete(ImportBatchItem).where(
        ImportBatchItem.entity == entity, ImportBatchItem.record_id.in_(list(record_ids))
    )
    return int(s.execute(stmt, execution_options={"synchronize_session": False}).rowcount or 0)  # type: ignore[attr-defined]


def forget_customer_entries(s: Session, customer_ids: Sequence[int]) -> int:
    """Drop the entries of customers about to be deleted and of their records; returns how many.

    Call it before the delete: the customers' records are found through their customer_id.
    """
    if not customer_ids:
        return 0
    ids = list(customer_ids)
    removed = 0
    for entity, model in RECORD_ENTITIES:
        owned = select(model.id).where(model.customer_id.in_(ids))
        stmt = delete(ImportBatchItem).where(
            ImportBatchItem.entity == entity, ImportBatchItem.record_id.in_(owned)
        )
        removed += int(s.execute(stmt, execution_options={"synchronize_session": False}).rowcount or 0)  # type: ignore[attr-defined]
    return removed + forget_record_entries(s, "customer", ids)
