"""Reading customers for lists: ids first (filtered and sorted in one SQL query), rows on demand.

Measured at 100,000 customers (STYLE.md): all ids sorted 100-260 ms, one 200-row page by id
about 2 ms, every row as an ORM object 1.5 s. So a list asks `customer_ids` once and then
`customer_rows` for the page it shows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, select, text
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, Tag, customer_tags
from crm_desktop.db.search import ids_of, match_condition, not_archived, parse_query, rank_order
from crm_desktop.fields import CUSTOM_PREFIX, CUSTOMER_FIELDS, LIFECYCLE

# SQLite allows 32,766 parameters; a few hundred per IN list keeps statements small.
CHUNK = 500
COLUMN_KEYS: tuple[str, ...] = tuple(f.key for f in CUSTOMER_FIELDS if f.key != "tags")
ALL_KEYS: tuple[str, ...] = tuple(f.key for f in CUSTOMER_FIELDS)


@dataclass(frozen=True)
class CustomerQuery:
    """What a customer list shows: filters, an optional search text and a sort.

    `archived`: False for the active list, True for the trash, None for both.
    `sort_key`: a catalogue key, `custom.<name>`, or None (search rank, else newest first).
    """

    search: str | None = None
    category: str | None = None
    grade: str | None = None
    tag: str | None = None
    source: str | None = None
    city: str | None = None
    archived: bool | None = False
    sort_key: str | None = None
    descending: bool = False
    # only the customers imported without a name (listed by company, email or phone): 待补全姓名
    no_name: bool = False


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _custom_value(name: str) -> ColumnElement[Any]:
    """The value of custom field `name` in SQL.

    SQLAlchemy writes JSON with non-ASCII keys escaped (`卡号` as `\\u5361\\u53f7`) and SQLite
    before 3.45 matches path keys against the stored text, so both spellings are looked up.
    """
    plain = name.replace('"', '\\"')
    escaped = json.dumps(name)[1:-1]
    value = func.json_extract(Customer.custom, f'$."{plain}"')
    if escaped == plain:
        return value
    return func.coalesce(value, func.json_extract(Customer.custom, f'$."{escaped}"'))


def _sort_column(key: str) -> ColumnElement[Any]:
    """The SQL expression a list is sorted by for catalogue key `key`."""
    if key == "name":
        # Chinese readers expect names in phone-book order: surname, then given name, syllable
        # by syllable (db/keys.py name_sort_key), not in Unicode or joined-pinyin order
        return Customer.name_sort.expression
    if key == "category":
        return case({code: n for n, code in enumerate(LIFECYCLE)}, value=Customer.category)
    if key == "tags":
        # the alphabetically first tag of each customer
        return (
            select(func.min(Tag.name))
            .join(customer_tags, customer_tags.c.tag_id == Tag.id)
            .where(customer_tags.c.customer_id == Customer.id)
            .scalar_subquery()
        )
    if key.startswith(CUSTOM_PREFIX):
        return _custom_value(key[len(CUSTOM_PREFIX) :])
    if key in COLUMN_KEYS:
        return getattr(Customer, key)
    raise ValueError(f"cannot sort customers by {key!r}")


def _filtered(query: CustomerQuery, stmt: Select[Any] | None = None) -> Select[Any]:
    """`stmt` (by default the ids of customers) limited to the query's filters."""
    stmt = select(Customer.id) if stmt is None else stmt
    if query.archived is False:
        stmt = stmt.where(not_archived())
    elif query.archived is True:
        stmt = stmt.where(Customer.archived_at.is_not(None))
    for key in ("category", "grade", "source", "city"):
        value = getattr(query, key)
        if value is not None:
            stmt = stmt.where(getattr(Customer, key) == value)
    if query.no_name:
        stmt = stmt.where(Customer.name_missing.is_(True))
    if query.tag is not None:
        stmt = stmt.where(
            exists()
            .where(customer_tags.c.customer_id == Customer.id)
            .where(customer_tags.c.tag_id == Tag.id)
            .where(Tag.name == query.tag)
        )
    return stmt


def customer_ids(s: Session, query: CustomerQuery | None = None, *, limit: int | None = None) -> list[int]:
    """Every matching id in display order, from one SQL query; only the first `limit` if given.

    Sorted by `query.sort_key` (NULLs last either way, id breaks ties); with a search text and
    no sort key, in search rank order; otherwise newest first. A list's first screen asks for
    a `limit` (~1 ms at 100,000 customers, newest first) before the whole list (~100 ms).
    """
    query = query or CustomerQuery()
    stmt = _filtered(query)
    terms = parse_query(query.search)
    if not terms.empty:
        stmt = stmt.where(match_condition(terms))
    if query.sort_key is not None:
        column = _sort_column(query.sort_key)
        if query.descending:
            stmt = stmt.order_by(column.desc().nulls_last(), Customer.id.desc())
        else:
            stmt = stmt.order_by(column.asc().nulls_last(), Customer.id)
    elif not terms.empty:
        stmt = stmt.order_by(*rank_order(terms))
    else:
        stmt = stmt.order_by(Customer.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return ids_of(s, stmt)


def _tags_of(s: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    for chunk in chunks(ids):
        stmt = (
            select(customer_tags.c.customer_id, Tag.name)
            .join(Tag, Tag.id == customer_tags.c.tag_id)
            .where(customer_tags.c.customer_id.in_(chunk))
            .order_by(Tag.name)
        )
        for cid, name in s.execute(stmt):
            tags.setdefault(cid, []).append(name)
    return tags


def customer_rows(s: Session, ids: Sequence[int], keys: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Plain dicts keyed by catalogue keys (and `custom.<name>`), in the order of `ids`.

    `keys` limits the keys (id is always there); without it every catalogue key and each
    customer's own custom fields. Tags are a list; ids that no longer exist are left out.
    """
    wanted = list(keys) if keys is not None else [*ALL_KEYS]
    columns = [k for k in wanted if k in COLUMN_KEYS and k != "id"]
    want_custom = keys is None or any(k.startswith(CUSTOM_PREFIX) for k in wanted)
    unknown = [k for k in wanted if k not in ALL_KEYS and not k.startswith(CUSTOM_PREFIX)]
    if unknown:
        raise ValueError(f"not customer keys: {unknown}")
    selected = [Customer.id, *(getattr(Customer, k) for k in columns)]
    if want_custom:
        selected.append(Customer.custom)
    found: dict[int, dict[str, Any]] = {}
    for chunk in chunks(ids):
        for row in s.execute(select(*selected).where(Customer.id.in_(chunk))):
            record = {"id": row[0], **dict(zip(columns, row[1 : 1 + len(columns)], strict=True))}
            if want_custom:
                for name, value in sorted((row[-1] or {}).items()):
                    key = CUSTOM_PREFIX + name
                    if keys is None or key in wanted:
                        record[key] = value
            found[row[0]] = record
    if "tags" in wanted:
        tags = _tags_of(s, list(found))
        for cid, record in found.items():
            record["tags"] = tags.get(cid, [])
    return [found[i] for i in ids if i in found]


def customer_to_dict(c: Customer) -> dict[str, Any]:
    """One customer as a plain dict keyed by the catalogue (tags a list, custom.<name> keys)."""
    record: dict[str, Any] = {key: getattr(c, key) for key in COLUMN_KEYS}
    record["tags"] = [t.name for t in c.tags]
    for name, value in sorted((c.custom or {}).items()):
        record[CUSTOM_PREFIX + name] = value
    return record


def customers_state(s: Session) -> tuple[Any, ...]:
    """A fingerprint of the customers table that any write changes (rows, newest id, newest
    edit): cheap to compare (2 ms at 100,000), so that an import decides duplicates again and
    the window refreshes only when another program changed something."""
    row = s.execute(text("SELECT count(*), max(id), max(updated_at) FROM customers")).one()
    return tuple(row)


def count_customers(s: Session, archived: bool | None = False) -> int:
    """How many customers are active (False), in the trash (True) or either (None)."""
    stmt = _filtered(CustomerQuery(archived=archived), select(func.count()).select_from(Customer))
    return int(s.scalar(stmt) or 0)


def distinct_values(s: Session, key: str) -> list[str]:
    """The values a field has among all customers, sorted: for filter lists (city, source, tags...)."""
    if key == "tags":
        stmt = select(Tag.name).where(exists().where(customer_tags.c.tag_id == Tag.id)).order_by(Tag.name)
        return list(s.scalars(stmt))
    column = _custom_value(key[len(CUSTOM_PREFIX) :]) if key.startswith(CUSTOM_PREFIX) else None
    if column is None:
        if key not in COLUMN_KEYS:
            raise ValueError(f"not a customer key: {key!r}")
        column = getattr(Customer, key)
    stmt = select(column).where(column.is_not(None)).distinct().order_by(column)
    return [v for v in s.scalars(stmt) if v != ""]


def custom_field_names(s: Session) -> list[str]:
    """Names of the custom fields any customer has, sorted (their keys are `custom.<name>`)."""
    rows = s.execute(
        text(
            "SELECT DISTINCT j.key FROM customers, json_each(customers.custom) AS j "
            "WHERE customers.custom IS NOT NULL ORDER BY j.key"
        )
    )
    return [r[0] for r in rows]


def display_phone_region(s: Session) -> str:
    """The region phone numbers are shown in: the business profile's country (an ISO code such
    as `US`), else that of the business's own phone, else China (`db.keys.phone_region`)."""
    from crm_desktop.db.keys import phone_region
    from crm_desktop.services.presets import get_setting

    profile = get_setting(s, "business_profile") or {}
    if not isinstance(profile, dict):
        profile = {}
    return phone_region(str(profile.get("country") or ""), str(profile.get("phone") or ""))
