"""Writing an import plan: one transaction, bulk `executemany`, an undoable batch.

The rows go in through the session's own sqlite3 connection so that the batch, the records,
their tags, the search index (kept by triggers) and the figures all commit together or not
at all: a crash, a kill or a cancel leaves the database exactly as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.keys import name_keys, normalise_email, normalise_phone
from crm_desktop.errors import CrmError
from crm_desktop.exchange.importer import WRITABLE
from crm_desktop.exchange.plan import CREATE, DUPLICATE, ERROR, UNCHANGED, UPDATE, ImportPlan, ImportResult
from crm_desktop.fields import HISTORY_KEYS
from crm_desktop.services.progress import Progress, cancelled, report

CHUNK = 2000
# From this many new customers on, the search index is filled in bulk (see _suspend_fts_insert_trigger).
FTS_BULK_MIN = 200
FTS_TRIGGER = "customers_fts_ai"
IMPORT_CACHE_KIB = -32768  # negative: KiB, i.e. 32 MB of page cache while an import writes
_INSERT_COLUMNS = (
    *WRITABLE,
    "custom",
    "updated_at",
    "phone_norm",
    "alt_phone_norm",
    "email_norm",
    "name_pinyin",
    "name_initials",
    "name_sort",
    "total_spent",
    "purchase_count",
    "open_service_count",
    "name_missing",
)
_DEFAULTS = {"kind": "person", "category": "prospect"}


def sql_value(value: Any) -> Any:
    """A Python value as SQLAlchemy stores it in SQLite (dates as text, JSON as text)."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def refuse_if_any_problem(plan: ImportPlan) -> None:
    """`--strict`: CrmError `import.invalid_rows` naming the first problem, when there is one
    (a strict dry run says it too, as the real run would)."""
    invalid = plan.invalid_rows
    if invalid:
        first = invalid[0].errors[0]
        raise CrmError(
            "import.invalid_rows",
            count=len(invalid),
            row=first.row,
            column=first.column,
            # rendered in the language the message is shown in, the column named once
            reason=lambda lang: first.describe(lang).rstrip(".。"),
        )


def run_import(
    db: Database,
    plan: ImportPlan,
    progress: Progress | None = None,
    *,
    strict: bool = False,
    problems_path: Path | None = None,
    skip_invalid: bool | None = None,
    rejected_path: Path | None = None,
) -> ImportResult:
    """Write `plan` in one transaction and record it as an undoable batch.

    Every row that identifies someone is written (values that could not be used are kept aside
    in its notes, see `plan_import`); the rows that identify no one are left out. With `strict`
    (plan it with `strict=True` too), any problem raises `CrmError` and writes nothing. Every
    problem (row, column, value, reason) goes to `problems_path` when given (an .xlsx file).
    `skip_invalid` and `rejected_path` are the former names: `skip_invalid=False` is `strict`.
    A cancel through `progress` rolls everything back and raises `CrmError('import.cancelled')`.
    """
    if db.read_only:
        raise CrmError("db.readonly", path=db.path)
    strict = strict or skip_invalid is False
    problems_path = problems_path or rejected_path
    invalid = plan.invalid_rows
    if strict:
        refuse_if_any_problem(plan)
    if invalid and len(invalid) == len(plan.rows):
        raise CrmError("import.nothing_valid", count=len(plan.rows), path=plan.path)
    written: Path | None = None
    # BEGIN IMMEDIATE: the write lock first, then duplicates are decided again if another
    # program changed the customers since the plan, so two imports at once never both create
    with db.session(immediate=True) as s, _large_cache(sqlite_of(s)):
        if plan.kind == "customers":
            from crm_desktop.exchange.importer import recheck_duplicates

            recheck_duplicates(s, plan)
            result = _write_customers(s, plan, progress)
        else:
            from crm_desktop.exchange.records import write_records

            result = write_records(s, plan, progress)
        if problems_path is not None:
            written = _write_problems(plan, problems_path)
        if cancelled(progress):
            raise CrmError("import.cancelled")
    result.rejected = len(invalid)
    result.rejected_path = written
    result.notes = plan.notes
    return result


@contextmanager
def _large_cache(raw: sqlite3.Connection) -> Iterator[None]:
    """A page cache that holds the customers table's indexes while a large import writes them.

    SQLite's default 2 MB cache makes every index insert of a 100,000-row import evict and
    re-read pages; with 32 MB it writes about 40% faster. The cache is handed back afterwards,
    so a connection that goes back to the pool does not keep the memory.
    """
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(before)}")


def _write_problems(plan: ImportPlan, chosen: Path) -> Path:
    """Write every problem of the import (row, column, value, what was done, reason) to `chosen`."""
    from crm_desktop.exchange.writers import write_problems

    write_problems(chosen, plan, plan.lang)
    return chosen


def sqlite_of(s: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection, inside its transaction: bulk SQL commits with the session."""
    return cast(sqlite3.Connection, s.connection().connection.driver_connection)


def start_batch(s: Session, plan: ImportPlan) -> tuple[Any, int]:
    """The raw connection inside the session's transaction, and a new batch row's id."""
    raw = sqlite_of(s)
    cur = raw.execute(
        "INSERT INTO import_batches (kind, file_name, created_at, created_count, updated_count, skipped_count) "
        "VALUES (?, ?, ?, 0, 0, 0)",
        (plan.kind, str(plan.path.name), sql_value(now())),
    )
    return raw, int(cur.lastrowid or 0)


def finish_batch(raw: Any, batch_id: int, created: int, updated: int, skipped: int) -> None:
    raw.execute(
        "UPDATE import_batches SET created_count = ?, updated_count = ?, skipped_count = ? WHERE id = ?",
        (created, updated, skipped, batch_id),
    )


def next_id(raw: Any, table: str) -> int:
    return int(raw.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])


def derived_keys(values: dict[str, Any], memo: _PinyinMemo | None = None) -> list[Any]:
    name = values.get("name")
    kind = values.get("kind") or _DEFAULTS["kind"]  # as the ORM hook does (db/events.py)
    pinyin, initials, sort = memo[name, kind] if memo is not None and name else name_keys(name, kind)
    return [
        normalise_phone(values.get("phone")),
        normalise_phone(values.get("alt_phone")),
        normalise_email(values.get("email")),
        pinyin,
        initials,
        sort,
    ]


def _write_customers(s: Session, plan: ImportPlan, progress: Progress | None) -> ImportResult:
    raw, batch_id = start_batch(s, plan)
    stamp = sql_value(now())
    creates = [r for r in plan.rows if r.action == CREATE]
    updates = [r for r in plan.rows if r.action == UPDATE]
    total = len(creates) + len(updates)
    tag_map = tag_ids(raw, (t for r in (*creates, *updates) for t in r.values.get("tags", ())))
    first = next_id(raw, "customers")
    marks = ",".join("?" * (len(_INSERT_COLUMNS) + 1))
    insert = f"INSERT INTO customers (id, {', '.join(_INSERT_COLUMNS)}) VALUES ({marks})"
    ids: list[int] = []
    done = 0
    fts = _suspend_fts_insert_trigger(raw) if len(creates) >= FTS_BULK_MIN else None
    pinyin = _PinyinMemo()
    for start in range(0, len(creates), CHUNK):
        if cancelled(progress):
            raise CrmError("import.cancelled")
        chunk = creates[start : start + CHUNK]
        params = []
        links: list[tuple[int, int]] = []
        for offset, result in enumerate(chunk):
            cid = first + start + offset
            result.record_id = cid
            ids.append(cid)
            v = result.values
            params.append(_customer_params(cid, v, stamp, pinyin))
            links.extend((cid, tag_map[t.casefold()]) for t in v.get("tags", ()))
        raw.executemany(insert, params)
        if links:
            raw.executemany("INSERT OR IGNORE INTO customer_tags (customer_id, tag_id) VALUES (?, ?)", links)
        raw.executemany(
            "INSERT INTO import_batch_items (batch_id, entity, record_id, action) VALUES (?, 'customer', ?, 'created')",
            [(batch_id, r.record_id) for r in chunk],
        )
        done += len(chunk)
        report(progress, done, total)
    if fts is not None:
        _index_new_customers(raw, fts, first)
    for result in updates:
        if cancelled(progress):
            raise CrmError("import.cancelled")
        _update_customer(raw, batch_id, result.record_id or 0, result.changes, tag_map, stamp)
        done += 1
        if done % CHUNK == 0:
            report(progress, done, total)
    _write_history(s, raw, batch_id, plan, [*creates, *updates])
    skipped = sum(1 for r in plan.rows if r.action in (DUPLICATE, UNCHANGED))
    finish_batch(
        raw, batch_id, len(creates), len(updates), skipped + sum(1 for r in plan.rows if r.action == ERROR)
    )
    report(progress, total, total)
    return ImportResult(batch_id, len(creates), len(updates), skipped, 0, record_ids=ids)


# From this many customers on, every customer's figures are worked out in one pass.
FIGURES_ALL_MIN = 20000


def _write_history(s: Session, raw: Any, batch_id: int, plan: ImportPlan, written: list[Any]) -> None:
    """The opening deals of the rows that bring past purchases, then their customers' figures."""
    rows = [(r.record_id, r.history) for r in written if r.history is not None and r.record_id is not None]
    if not rows:
        return
    from crm_desktop.exchange.history import write_history
    from crm_desktop.services.figures import refresh_all_figures, refresh_figures

    touched = write_history(raw, batch_id, rows, now(), plan.lang, plan.path.name)
    if len(touched) >= FIGURES_ALL_MIN:
        refresh_all_figures(s)
    else:
        refresh_figures(s, touched)


class _PinyinMemo(dict[tuple[str, str], tuple[str | None, str | None, str | None]]):
    """Name keys (pinyin, initials, sort key) per distinct (name, kind): customer lists repeat names a lot."""

    def __missing__(self, key: tuple[str, str]) -> tuple[str | None, str | None, str | None]:
        keys = self[key] = name_keys(*key)
        return keys


def _suspend_fts_insert_trigger(raw: Any) -> str | None:
    """Drop the search index's per-row insert trigger inside this transaction; returns its SQL.

    Filling the FTS5 index with one INSERT ... SELECT after the rows is about 3x faster than a
    trigger firing per row. The DROP is part of the transaction: a crash or cancel brings it back.
    """
    row = raw.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (FTS_TRIGGER,)
    ).fetchone()
    if row is None:
        return None
    raw.execute(f"DROP TRIGGER {FTS_TRIGGER}")
    return str(row[0])


def _index_new_customers(raw: Any, trigger_sql: str, first_id: int) -> None:
    """Index the customers from `first_id` on in one statement, then put the trigger back as it was."""
    # the index's own columns, as the migration that made it defined them
    cols = ", ".join(r[1] for r in raw.execute("PRAGMA table_info(customer_fts)"))
    raw.execute(
        f"INSERT INTO customer_fts (rowid, {cols}) SELECT id, {cols} FROM customers WHERE id >= ?",
        (first_id,),
    )
    raw.execute(trigger_sql)


# each writable column's place in an INSERT row (after the id) and its value when the file has none
_POSITION = {k: i + 1 for i, k in enumerate(WRITABLE)}
_BLANK_ROW: list[Any] = [None, *(_DEFAULTS.get(k) for k in WRITABLE)]
_CREATED_AT = _POSITION["created_at"]


def _customer_params(cid: int, v: dict[str, Any], stamp: str, pinyin: _PinyinMemo | None = None) -> list[Any]:
    # the hottest loop of a large import: a row holds a dozen values of some thirty columns, so
    # only those are placed; plain text and numbers go in as they are
    row = _BLANK_ROW.copy()
    row[0] = cid
    row[_CREATED_AT] = stamp
    position = _POSITION.get
    for k, value in v.items():
        i = position(k)
        if i is not None and value is not None:
            row[i] = value if type(value) is str else sql_value(value)
    row.append(sql_value(v["custom"]) if v.get("custom") else None)
    row.append(stamp)
    row.extend(derived_keys(v, pinyin))
    row.extend((0.0, 0, 0, 1 if v.get("name_missing") else 0))
    return row


def tag_ids(raw: Any, names: Iterable[str]) -> dict[str, int]:
    """casefolded tag name -> id, creating the tags that do not exist yet (an existing spelling wins)."""
    existing = {name.casefold(): tid for tid, name in raw.execute("SELECT id, name FROM tags")}
    new: dict[str, str] = {}
    for name in names:
        key = name.casefold()
        if key not in existing and key not in new:
            new[key] = name
    if new:
        raw.executemany("INSERT INTO tags (name) VALUES (?)", [(n,) for n in new.values()])
        existing = {name.casefold(): tid for tid, name in raw.execute("SELECT id, name FROM tags")}
    return existing


def _update_customer(
    raw: Any,
    batch_id: int,
    cid: int,
    changes: dict[str, tuple[Any, Any]],
    tag_map: dict[str, int],
    stamp: str,
) -> None:
    if all(k in HISTORY_KEYS for k in changes):
        return  # only past purchases: the opening deal and its own batch entry carry them
    # past-purchase figures are not columns written here: the opening deal carries them
    before = {k: _jsonable(old) for k, (old, _new) in changes.items() if k not in HISTORY_KEYS}
    columns = [k for k in changes if k in WRITABLE or k == "custom"]
    if columns:
        current = dict(
            zip(
                ("name", "kind", "phone", "alt_phone", "email"),
                raw.execute(
                    "SELECT name, kind, phone, alt_phone, email FROM customers WHERE id = ?", (cid,)
                ).fetchone(),
                strict=True,
            )
        )
        for k in columns:
            if k in current:
                current[k] = changes[k][1]
        sets = [*(f"{k} = ?" for k in columns), "updated_at = ?"]
        if "name" in columns:
            sets.append("name_missing = 0")  # the file gave the name a contact was missing
            missing = raw.execute("SELECT name_missing FROM customers WHERE id = ?", (cid,)).fetchone()
            if missing and missing[0]:
                before["name_missing"] = True  # an undo marks it "no name yet" again
        sets += [
            "phone_norm = ?",
            "alt_phone_norm = ?",
            "email_norm = ?",
            "name_pinyin = ?",
            "name_initials = ?",
            "name_sort = ?",
        ]
        params = [sql_value(changes[k][1]) for k in columns] + [stamp, *derived_keys(current), cid]
        raw.execute(f"UPDATE customers SET {', '.join(sets)} WHERE id = ?", params)
    if "tags" in changes:
        raw.execute("DELETE FROM customer_tags WHERE customer_id = ?", (cid,))
        raw.executemany(
            "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id) VALUES (?, ?)",
            [(cid, tag_map[t.casefold()]) for t in changes["tags"][1]],
        )
        if not columns:
            raw.execute("UPDATE customers SET updated_at = ? WHERE id = ?", (stamp, cid))
    raw.execute(
        "INSERT INTO import_batch_items (batch_id, entity, record_id, action, before) VALUES (?, 'customer', ?, 'updated', ?)",
        (batch_id, cid, json.dumps(before, ensure_ascii=False)),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def sequence_chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
