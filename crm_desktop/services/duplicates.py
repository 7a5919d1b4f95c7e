"""Duplicate customers: find suspected pairs, and merge two customers into one.

Finding groups in SQL by a normalised key (phone digits, lower-case email) and, for names, in
one pass over the names folded by `db.keys.normalise_name`: never a comparison of every pair,
so it stays linear at 100,000 customers. A group of n customers sharing a key gives n-1 pairs,
each with the group's oldest customer (the natural survivor), not n(n-1)/2.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, delete, null, or_, select, text, update
from sqlalchemy.orm import Session

from crm_desktop.db.keys import normalise_email, normalise_name, normalise_phone
from crm_desktop.db.models import (
    Customer,
    Deal,
    FollowUp,
    ImportBatchItem,
    Note,
    ServiceRecord,
    customer_tags,
)
from crm_desktop.db.search import not_archived
from crm_desktop.errors import CrmError
from crm_desktop.fields import CUSTOM_PREFIX, CUSTOMER_FIELDS, LIFECYCLE
from crm_desktop.services.customers import apply_values, get_customer, now
from crm_desktop.services.validation import clean_customer_values

# Shorter phone keys (`110`, an extension typed alone) say nothing about identity.
MIN_PHONE_DIGITS = 6
REASONS = ("phone", "email", "name")  # strongest first

_PHONE_GROUPS = """
WITH k AS (
    SELECT id, phone_norm AS key FROM customers
    WHERE archived_at IS NULL AND length(phone_norm) >= :min_len
    UNION
    SELECT id, alt_phone_norm FROM customers
    WHERE archived_at IS NULL AND length(alt_phone_norm) >= :min_len
),
g AS (SELECT key, MIN(id) AS first_id FROM k GROUP BY key HAVING COUNT(DISTINCT id) > 1)
SELECT g.first_id, k.id, k.key FROM k JOIN g ON g.key = k.key
WHERE k.id <> g.first_id ORDER BY g.first_id, k.id
"""

_EMAIL_GROUPS = """
WITH g AS (
    SELECT email_norm AS key, MIN(id) AS first_id FROM customers
    WHERE archived_at IS NULL AND email_norm IS NOT NULL
    GROUP BY email_norm HAVING COUNT(*) > 1
)
SELECT g.first_id, c.id, g.key FROM customers AS c JOIN g ON g.key = c.email_norm
WHERE c.archived_at IS NULL AND c.id <> g.first_id ORDER BY g.first_id, c.id
"""


@dataclass
class DuplicatePair:
    """Two customers that look like the same person; `first_id` is the older one."""

    first_id: int
    second_id: int
    reason: str  # the strongest reason: phone | email | name
    value: str  # the shared phone digits, email or folded name
    reasons: list[str] = field(default_factory=list)


def _pairs_by_key(s: Session) -> Iterator[tuple[str, int, int, str]]:
    for first, second, key in s.execute(text(_PHONE_GROUPS), {"min_len": MIN_PHONE_DIGITS}):
        yield "phone", first, second, key
    for first, second, key in s.execute(text(_EMAIL_GROUPS)):
        yield "email", first, second, key
    groups: dict[str, list[int]] = {}
    for cid, name in s.execute(
        select(Customer.id, Customer.name).where(not_archived()).order_by(Customer.id)
    ):
        key = normalise_name(name)
        if key:
            groups.setdefault(key, []).append(cid)
    # Smallest groups first: two customers called 李晓梅 are likelier one person than two of
    # the three hundred 张伟 in a big list.
    for key, ids in sorted(groups.items(), key=lambda item: (len(item[1]), item[1][0])):
        for other in ids[1:]:
            yield "name", ids[0], other, key


def find_duplicates(s: Session, limit: int | None = None) -> list[DuplicatePair]:
    """Suspected duplicates among customers not in the trash, strongest reasons first.

    Customers share a normalised phone (either phone column) or email, or their names are the
    same once width, case and spacing are folded (`张 伟` = `张伟`, `ＪＯＨＮ` = `john`).
    A pair found for several reasons is listed once, with all of them. Name-only pairs come
    last, those of rarer names first.
    """
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for reason, first, second, key in _pairs_by_key(s):
        ids = (min(first, second), max(first, second))
        pair = pairs.get(ids)
        if pair is None:
            if limit is not None and len(pairs) >= limit:
                break
            pairs[ids] = DuplicatePair(ids[0], ids[1], reason, key, [reason])
        elif reason not in pair.reasons:
            pair.reasons.append(reason)
    return list(pairs.values())


@dataclass
class ContactMatch:
    """A live customer who already has a phone number or email being entered for another one."""

    id: int
    name: str
    reason: str  # phone | email


def _contact_query(
    phones: list[str], email: str | None, exclude_id: int | None, limit: int
) -> Select[int, str, str | None, str | None, str | None]:
    # Each term is an indexed equality (ix_customers_phone_norm, _alt_phone_norm, _email_norm),
    # so SQLite answers it with a multi-index OR: a few index lookups, never a table scan.
    terms: list[ColumnElement[bool]] = []
    if phones:
        terms += [Customer.phone_norm.in_(phones), Customer.alt_phone_norm.in_(phones)]
    if email:
        terms.append(Customer.email_norm == email)
    query = select(
        Customer.id, Customer.name, Customer.phone_norm, Customer.alt_phone_norm, Customer.email_norm
    ).where(or_(*terms), not_archived())
    if exclude_id is not None:
        query = query.where(Customer.id != exclude_id)
    return query.limit(limit)


def customers_with_contact(
    s: Session,
    phones: list[str | None] | tuple[str | None, ...] = (),
    email: str | None = None,
    *,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[ContactMatch]:
    """Live customers (not in the trash) who have one of `phones` (either phone column) or `email`.

    Values are compared normalised (`db.keys`): `+86 138-0013-8000` finds `13800138000`, and
    phone keys shorter than MIN_PHONE_DIGITS match nothing. Phone matches come before email
    matches, each oldest customer first; `exclude_id` leaves out the customer being edited.
    """
    keys = {normalise_phone(p) for p in phones if p}
    phone_keys = sorted(k for k in keys if k and len(k) >= MIN_PHONE_DIGITS)
    email_key = normalise_email(email) if email else None
    if not phone_keys and not email_key:
        return []
    matches = []
    for cid, name, phone, alt_phone, _email in s.execute(
        _contact_query(phone_keys, email_key, exclude_id, limit)
    ):
        reason = "phone" if phone in phone_keys or alt_phone in phone_keys else "email"
        matches.append(ContactMatch(cid, name, reason))
    matches.sort(key=lambda m: (m.reason != "phone", m.id))
    return matches


_MERGEABLE = [f.key for f in CUSTOMER_FIELDS if not f.readonly and f.key != "tags"]


def _merged_values(survivor: Customer, other: Customer, chosen: Mapping[str, Any]) -> dict[str, Any]:
    """What the survivor becomes: the user's choices; else its own value, else the other's."""
    values: dict[str, Any] = {}
    for key in _MERGEABLE:
        if key in chosen:
            values[key] = chosen[key]
            continue
        mine, theirs = getattr(survivor, key), getattr(other, key)
        if key == "created_at" and theirs is not None and mine is not None:
            values[key] = min(mine, theirs)  # a customer since the earlier of the two
        elif key == "category" and theirs in LIFECYCLE and mine in LIFECYCLE:
            values[key] = max(mine, theirs, key=LIFECYCLE.index)  # a merge never demotes
        elif key == "grade" and theirs and mine:
            values[key] = min(mine, theirs)  # A is the best grade
        elif key == "notes" and mine and theirs and theirs.strip() not in mine:
            values[key] = f"{mine}\n{theirs}"  # never lose a note
        elif mine in (None, "") and theirs not in (None, ""):
            values[key] = theirs
    tags = chosen.get("tags")
    if tags is None:
        tags = [t.name for t in survivor.tags] + [t.name for t in other.tags]
    values["tags"] = tags
    custom = {**(other.custom or {}), **(survivor.custom or {})}
    custom.update({k[len(CUSTOM_PREFIX) :]: v for k, v in chosen.items() if k.startswith(CUSTOM_PREFIX)})
    if custom:
        values["custom"] = custom
    return values


def merge_customers(
    s: Session, survivor_id: int, other_id: int, chosen: Mapping[str, Any] | None = None
) -> Customer:
    """Merge customer `other_id` into `survivor_id` in one transaction; returns the survivor.

    `chosen` maps catalogue keys to the values the user picked; for other keys the survivor
    keeps its value and takes the other's where it has none (notes are joined, tags united,
    the earlier created_at, the further lifecycle stage and the better grade kept). Every
    follow-up, deal, service record, note, tag and import-batch entry of the other moves to
    the survivor; the other is deleted and the survivor's figures recomputed. Raises
    CrmError (nothing changed) for the same id twice, an unknown id or an invalid value.
    """
    if survivor_id == other_id:
        raise CrmError("merge.same")
    survivor = get_customer(s, survivor_id)
    other = get_customer(s, other_id)
    cleaned = clean_customer_values(_merged_values(survivor, other, chosen or {}), partial=True)

    with s.begin_nested():
        for model in (FollowUp, Deal, ServiceRecord, Note):
            s.execute(
                update(model).where(model.customer_id == other_id).values(customer_id=survivor_id),
                execution_options={"synchronize_session": False},
            )
        _merge_import_entries(s, survivor_id, other_id)
        s.execute(delete(customer_tags).where(customer_tags.c.customer_id == other_id))
        s.expunge(other)
        s.execute(
            delete(Customer).where(Customer.id == other_id), execution_options={"synchronize_session": False}
        )
        apply_values(s, survivor, cleaned)
        survivor.updated_at = now()
        s.flush()
        _forget_moved(s, other_id)
        from crm_desktop.services.figures import refresh_figures

        refresh_figures(s, [survivor_id])
    return survivor


def _merge_import_entries(s: Session, survivor_id: int, other_id: int) -> None:
    """Point the other's import entries at the survivor, so its history stays complete.

    The merged customer holds records of both, so undoing an import may delete it only when
    that import created both of them; any other "created" entry of either becomes a plain
    "updated" one without stored values (undo passes over it). The other's "updated" entries
    lose their stored values too: they are the other's old values, not the survivor's.
    """
    entries = cast(Table, ImportBatchItem.__table__)
    customer = entries.c.entity == "customer"
    both_created = (
        select(entries.c.batch_id)
        .where(customer, entries.c.record_id == other_id, entries.c.action == "created")
        .intersect(
            select(entries.c.batch_id).where(
                customer, entries.c.record_id == survivor_id, entries.c.action == "created"
            )
        )
    )
    shared = set(s.scalars(both_created))
    s.execute(
        update(entries)
        .where(customer, entries.c.record_id == survivor_id, entries.c.action == "created")
        .where(entries.c.batch_id.not_in(shared))
        .values(action="updated", before=null())
    )
    s.execute(
        delete(entries).where(customer, entries.c.record_id == other_id, entries.c.batch_id.in_(shared))
    )
    s.execute(
        update(entries)
        .where(customer, entries.c.record_id == other_id)
        .values(record_id=survivor_id, action="updated", before=null())
    )


def _forget_moved(s: Session, other_id: int) -> None:
    """Loaded records of the merged-away customer re-read their new owner on next access."""
    for obj in list(s.identity_map.values()):
        if isinstance(obj, FollowUp | Deal | ServiceRecord | Note) and obj.customer_id == other_id:
            s.expire(obj, ["customer_id"])
