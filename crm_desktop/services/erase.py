"""Erasing a customer for good, for a privacy request ("delete everything you hold on me").

Unlike the trash, this cannot be undone. It removes the customer and everything linked: their
follow-ups, deals with their stage history, service records, notes, tag links, search-index
entries (by the delete trigger) and every import-batch entry that refers to them or to their
records, including the values an import replaced (kept for its undo). SQLite's `secure_delete`
overwrites the freed space, the search index is rewritten in the same transaction and the
write-ahead log emptied after it, so the erased text is not left in the database file either.

Backups made earlier still hold the customer until rotation removes them; the caller says so.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import (
    Customer,
    Deal,
    DealStageChange,
    FollowUp,
    ImportBatchItem,
    Note,
    ServiceRecord,
    Tag,
    customer_tags,
)
from crm_desktop.errors import NotFound

# import_batch_items.entity for each kind of record an import can create or change
_ENTITIES = (("follow_up", FollowUp), ("deal", Deal), ("service", ServiceRecord))


@dataclass(frozen=True)
class Erased:
    """How many records of each kind an erase removed."""

    customers: int = 0
    follow_ups: int = 0
    deals: int = 0
    deal_history: int = 0
    service_records: int = 0
    notes: int = 0
    tag_links: int = 0
    import_entries: int = 0
    log_emptied: bool = True  # False: the erase stands, but the -wal may still hold the text

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "log_emptied"}

    def describe(self, lang: str = "en") -> str:
        """The counts in `lang`, kinds with none left out: `1 customer, 3 follow-ups, 2 deals`
        or `1 位客户、3 条跟进、2 个商机`."""
        if lang == "zh":
            return "、".join(f"{n} {_ZH_COUNTS[k]}" for k, n in self.as_dict().items() if n)
        return ", ".join(f"{n} {_EN_COUNTS[k][n != 1]}" for k, n in self.as_dict().items() if n)


# how describe() names each kind: English (one, more), Chinese with its measure word
_EN_COUNTS: dict[str, tuple[str, str]] = {
    "customers": ("customer", "customers"),
    "follow_ups": ("follow-up", "follow-ups"),
    "deals": ("deal", "deals"),
    "deal_history": ("stage change", "stage changes"),
    "service_records": ("service record", "service records"),
    "notes": ("note", "notes"),
    "tag_links": ("tag link", "tag links"),
    "import_entries": ("import entry", "import entries"),
}
_ZH_COUNTS: dict[str, str] = {
    "customers": "位客户",
    "follow_ups": "条跟进",
    "deals": "个商机",
    "deal_history": "条阶段记录",
    "service_records": "条服务记录",
    "notes": "条备注",
    "tag_links": "个标签关联",
    "import_entries": "条导入记录",
}


def _count(s: Session, stmt: object) -> int:
    return int(s.scalar(stmt) or 0)  # type: ignore[call-overload]


def erase_customer(s: Session, customer_id: int) -> Erased:
    """Remove customer `customer_id` and everything linked to them, in the caller's transaction.

    Works on customers in the trash as well. Raises NotFound (nothing changed) for an unknown id.
    """
    name = s.scalar(select(Customer.name).where(Customer.id == customer_id))
    if name is None:
        raise NotFound("customer.not_found", id=customer_id)
    # freed pages are overwritten with zeros instead of keeping the old text
    s.connection().exec_driver_sql("PRAGMA secure_delete = ON")

    deal_ids = select(Deal.id).where(Deal.customer_id == customer_id)
    counts = {
        "follow_ups": _count(s, select(func.count()).where(FollowUp.customer_id == customer_id)),
        "deals": _count(s, select(func.count()).where(Deal.customer_id == customer_id)),
        "deal_history": _count(s, select(func.count()).where(DealStageChange.deal_id.in_(deal_ids))),
        "service_records": _count(s, select(func.count()).where(ServiceRecord.customer_id == customer_id)),
        "notes": _count(s, select(func.count()).where(Note.customer_id == customer_id)),
        "tag_links": _count(
            s,
            select(func.count()).select_from(customer_tags).where(customer_tags.c.customer_id == customer_id),
        ),
    }
    # Import entries carry no foreign key (they outlive undone records), so they go by hand:
    # the customer's own and those of each of their records.
    import_entries = 0
    for entity, record in _ENTITIES:
        owned = select(record.id).where(record.customer_id == customer_id)
        import_entries += s.execute(
            delete(ImportBatchItem).where(
                ImportBatchItem.entity == entity, ImportBatchItem.record_id.in_(owned)
            ),
            execution_options={"synchronize_session": False},
        ).rowcount  # type: ignore[attr-defined]
    import_entries += s.execute(
        delete(ImportBatchItem).where(
            ImportBatchItem.entity == "customer", ImportBatchItem.record_id == customer_id
        ),
        execution_options={"synchronize_session": False},
    ).rowcount  # type: ignore[attr-defined]

    # Explicit deletes, child tables first: the result must not depend on foreign-key
    # enforcement being on for this connection.
    s.execute(
        delete(DealStageChange).where(DealStageChange.deal_id.in_(deal_ids)),
        execution_options={"synchronize_session": False},
    )
    for model in (FollowUp, Deal, ServiceRecord, Note):
        s.execute(
            delete(model).where(model.customer_id == customer_id),
            execution_options={"synchronize_session": False},
        )
    their_tags = select(customer_tags.c.tag_id).where(customer_tags.c.customer_id == customer_id)
    tag_ids = list(s.scalars(their_tags))
    s.execute(delete(customer_tags).where(customer_tags.c.customer_id == customer_id))
    # a tag only they had (it may carry their name) goes with them
    if tag_ids:
        s.execute(
            delete(Tag).where(Tag.id.in_(tag_ids), ~Tag.id.in_(select(customer_tags.c.tag_id).distinct())),
            execution_options={"synchronize_session": False},
        )
    removed = s.execute(
        delete(Customer).where(Customer.id == customer_id), execution_options={"synchronize_session": False}
    ).rowcount  # type: ignore[attr-defined]
    _forget(s, customer_id)
    return Erased(customers=removed, import_entries=import_entries, **counts)  # type: ignore[arg-type]


def _forget(s: Session, customer_id: int) -> None:
    """Objects of the erased customer loaded in this session are gone."""
    for obj in list(s.identity_map.values()):
        owner = obj.id if isinstance(obj, Customer) else getattr(obj, "customer_id", None)
        if owner == customer_id:
            s.expunge(obj)


def erase_customers_for_good(db: Database, customer_ids: list[int]) -> Erased:
    """Erase each customer and rewrite the search index in ONE transaction, then empty the
    write-ahead log; returns the totals.

    One unit, so that the outcome is all or nothing and the caller can say which: rewriting
    the search index reads every page of it, and on a damaged file (one byte short passes
    `check`) that failure now rolls the deletes back too -- before, the customer was gone and
    the command still said "nothing was changed". Emptying the log comes after the commit; if
    that alone fails, the erase stands and `Erased.log_emptied` is False (the erased text may
    stay in the -wal file until the next checkpoint), which the caller tells.
    """
    totals: dict[str, int] = {}
    with db.session() as s:
        for customer_id in dict.fromkeys(customer_ids):
            for key, n in erase_customer(s, customer_id).as_dict().items():
                totals[key] = totals.get(key, 0) + n
        s.flush()
        # the old segments of the search index still hold the erased text: rewritten
        s.connection().exec_driver_sql("INSERT INTO customer_fts(customer_fts) VALUES ('optimize')")
    counts = Erased(**totals)  # type: ignore[arg-type]  # totals holds the int counts only
    return replace(counts, log_emptied=db.checkpoint(truncate=True))
