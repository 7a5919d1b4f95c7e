"""Customers: create, edit, archive (trash) and restore, delete for good, tags, lifecycle and grade.

Every value goes through `services.validation` first, so a bad value raises `ValidationError`
before anything is written. Derived keys (normalised phone/email, pinyin) are set by the ORM
hooks in `db.events`, and the search index by triggers, so both are current after each call.
The list side (ids, rows, counts) lives in `customer_query` and is re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, Tag, customer_tags
from crm_desktop.errors import NotFound, ValidationError
from crm_desktop.fields import customer_field
from crm_desktop.services.customer_query import (
    CustomerQuery,
    chunks,
    count_customers,
    custom_field_names,
    customer_ids,
    customer_rows,
    customer_to_dict,
    distinct_values,
)
from crm_desktop.services.import_entries import forget_customer_entries
from crm_desktop.services.validation import clean_customer_values, clean_tags, clean_value

__all__ = [
    "CustomerQuery",
    "add_tags",
    "archive_customers",
    "count_customers",
    "create_customer",
    "custom_field_names",
    "customer_ids",
    "customer_rows",
    "customer_to_dict",
    "delete_customers",
    "distinct_values",
    "get_customer",
    "remove_tags",
    "restore_customers",
    "set_category",
    "set_grade",
    "update_customer",
]

# Columns that may not be NULL: a blank value means "back to the default".
_DEFAULTS = {"kind": "person", "category": "prospect"}


def now() -> datetime:
    """The local time to the second, as the services stamp it."""
    return datetime.now().replace(microsecond=0)


def get_customer(s: Session, customer_id: int) -> Customer:
    """The customer with this id; raises NotFound."""
    customer = s.get(Customer, customer_id)
    if customer is None:
        raise NotFound("customer.not_found", id=customer_id)
    return customer


def tags_by_name(s: Session, names: Iterable[str], *, create: bool = True) -> list[Tag]:
    """Tag rows for these names, matched ignoring case (`VIP` is `vip`); new ones created if `create`."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return []
    folded = {n.casefold() for n in wanted}
    existing: dict[str, Tag] = {}
    for tag in s.scalars(select(Tag).where(func.lower(Tag.name).in_({n.lower() for n in wanted}))):
        if tag.name.casefold() in folded:
            existing.setdefault(tag.name.casefold(), tag)
    # lower() in SQLite folds ASCII only: compare the rest here
    if len(existing) < len(folded):
        for tag in s.scalars(select(Tag).where(Tag.name.in_(wanted))):
            existing.setdefault(tag.name.casefold(), tag)
    result: list[Tag] = []
    for name in wanted:
        found = existing.get(name.casefold())
        if found is None and create:
            found = Tag(name=name)
            s.add(found)
            existing[name.casefold()] = found
        if found is not None and found not in result:
            result.append(found)
    return result


def apply_values(s: Session, customer: Customer, cleaned: dict[str, Any]) -> None:
    """Set cleaned values (from `clean_customer_values`) on a customer: tags replaced, custom merged."""
    tags = cleaned.pop("tags", None)
    custom = cleaned.pop("custom", None)
    for key, value in cleaned.items():
        if value is None and key in _DEFAULTS:
            value = _DEFAULTS[key]
        if value is None and key == "created_at":
            continue
        setattr(customer, key, value)
    if tags is not None:
        customer.tags = tags_by_name(s, tags)
    if custom is not None:
        merged = dict(customer.custom or {})
        for name, value in custom.items():
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = value
        # a new dict, so that SQLAlchemy sees the JSON column change
        customer.custom = merged or None


def create_customer(s: Session, values: Mapping[str, Any]) -> Customer:
    """A new customer from values keyed by catalogue keys.

    `tags` is a list or text such as "VIP, 老客户"; custom fields come as `custom.<name>` keys
    or a `custom` dict. Raises ValidationError (nothing written) for a bad value.
    """
    cleaned = clean_customer_values(values)
    customer = Customer(kind="person", category="prospect")
    apply_values(s, customer, cleaned)
    s.add(customer)
    s.flush()
    return customer


def update_customer(s: Session, customer_id: int, changes: Mapping[str, Any]) -> Customer:
    """Change some fields of a customer; `tags` replaces the tags, custom keys set to None are removed.

    Raises NotFound, or ValidationError with nothing changed.
    """
    customer = get_customer(s, customer_id)
    cleaned = clean_customer_values(changes, partial=True)
    if not cleaned:
        return customer
    apply_values(s, customer, cleaned)
    # a change of tags or custom fields alone must also count as an edit
    customer.updated_at = now()
    s.flush()
    return customer


def _unique_ids(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(int(i) for i in ids))


def archive_customers(s: Session, ids: Iterable[int]) -> int:
    """Move customers to the trash (restorable); returns how many were moved."""
    stamp = now()
    count = 0
    for chunk in chunks(_unique_ids(ids)):
        stmt = (
            update(Customer)
            .where(Customer.id.in_(chunk), Customer.archived_at.is_(None))
            .values(archived_at=stamp, updated_at=stamp)
        )
        count += s.execute(stmt).rowcount  # type: ignore[attr-defined]
    return count


def restore_customers(s: Session, ids: Iterable[int]) -> int:
    """Take customers out of the trash; returns how many were restored."""
    stamp = now()
    count = 0
    for chunk in chunks(_unique_ids(ids)):
        stmt = (
            update(Customer)
            .where(Customer.id.in_(chunk), Customer.archived_at.is_not(None))
            .values(archived_at=None, updated_at=stamp)
        )
        count += s.execute(stmt).rowcount  # type: ignore[attr-defined]
    return count


def archived_among(s: Session, ids: Iterable[int]) -> list[int]:
    """Those of `ids` that are still in the trash (not restored, not erased), in the order given."""
    wanted = _unique_ids(ids)
    found: set[int] = set()
    for chunk in chunks(wanted):
        found.update(
            s.scalars(select(Customer.id).where(Customer.id.in_(chunk), Customer.archived_at.is_not(None)))
        )
    return [i for i in wanted if i in found]


def delete_customers(s: Session, ids: Iterable[int]) -> int:
    """Delete customers for good, with their follow-ups, deals, service records and notes (FK cascade)."""
    count = 0
    for chunk in chunks(_unique_ids(ids)):
        forget_customer_entries(s, chunk)  # their ids may come again: no import undo may reach them
        count += s.execute(delete(Customer).where(Customer.id.in_(chunk))).rowcount  # type: ignore[attr-defined]
    return count


def _expire_tags(s: Session, ids: Sequence[int]) -> None:
    """Loaded customers forget their tags after a bulk change of the link table."""
    wanted = set(ids)
    for obj in list(s.identity_map.values()):
        if isinstance(obj, Customer) and obj.id in wanted:
            s.expire(obj, ["tags", "updated_at"])


def _touch(s: Session, ids: Sequence[int]) -> None:
    for chunk in chunks(list(ids)):
        s.execute(
            update(Customer).where(Customer.id.in_(chunk)).values(updated_at=now()),
            execution_options={"synchronize_session": False},
        )


def add_tags(s: Session, ids: Iterable[int], tags: Any) -> int:
    """Give customers these tags (list or "a,b" text); returns how many tag links were added."""
    names = clean_tags(customer_field("tags"), tags)
    id_list = _unique_ids(ids)
    if not names or not id_list:
        return 0
    tag_rows = tags_by_name(s, names)
    s.flush()
    added = 0
    for tag in tag_rows:
        for chunk in chunks(id_list):
            source = select(Customer.id, literal(tag.id)).where(Customer.id.in_(chunk))
            stmt = (
                insert(customer_tags).prefix_with("OR IGNORE").from_select(["customer_id", "tag_id"], source)
            )
            added += s.execute(stmt).rowcount  # type: ignore[attr-defined]
    if added:
        _touch(s, id_list)
    _expire_tags(s, id_list)
    return added


def remove_tags(s: Session, ids: Iterable[int], tags: Any) -> int:
    """Take these tags off customers; returns how many tag links were removed."""
    names = clean_tags(customer_field("tags"), tags)
    id_list = _unique_ids(ids)
    tag_ids = [t.id for t in tags_by_name(s, names, create=False)]
    if not tag_ids or not id_list:
        return 0
    removed = 0
    for chunk in chunks(id_list):
        stmt = delete(customer_tags).where(
            customer_tags.c.customer_id.in_(chunk), customer_tags.c.tag_id.in_(tag_ids)
        )
        removed += s.execute(stmt).rowcount  # type: ignore[attr-defined]
    if removed:
        _touch(s, id_list)
    _expire_tags(s, id_list)
    return removed


def _set_choice(s: Session, ids: Iterable[int], key: str, code: Any) -> int:
    field = customer_field(key)
    value = clean_value(field, code)
    if value is None and key in _DEFAULTS:
        raise ValidationError("value.required", key, value="")
    count = 0
    for chunk in chunks(_unique_ids(ids)):
        stmt = update(Customer).where(Customer.id.in_(chunk)).values({key: value, "updated_at": now()})
        count += s.execute(stmt).rowcount  # type: ignore[attr-defined]
    return count


def set_category(s: Session, ids: Iterable[int], code: Any) -> int:
    """Set the lifecycle stage (code or zh/en name) of customers; returns how many."""
    return _set_choice(s, ids, "category", code)


def set_grade(s: Session, ids: Iterable[int], code: Any) -> int:
    """Set (or with None clear) the value grade of customers; returns how many."""
    return _set_choice(s, ids, "grade", code)
