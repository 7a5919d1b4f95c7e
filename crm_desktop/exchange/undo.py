"""Listing imports and undoing one: created records removed, updated fields put back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import ImportBatch
from crm_desktop.errors import CrmError
from crm_desktop.exchange.dbwrite import derived_keys, now, sql_value, sqlite_of, tag_ids
from crm_desktop.exchange.history import restore_deal
from crm_desktop.fields import CUSTOMER_FIELDS

# entity of an ImportBatchItem -> its table
ENTITY_TABLES = {
    "customer": "customers",
    "follow_up": "follow_ups",
    "deal": "deals",
    "service": "service_records",
}
_TYPES = {f.key: f.type for f in CUSTOMER_FIELDS}


@dataclass
class BatchInfo:
    """One import as `imports list` shows it."""

    id: int
    kind: str
    file_name: str
    created_at: datetime
    created: int
    updated: int
    skipped: int
    undone_at: datetime | None


def list_imports(s: Session) -> list[BatchInfo]:
    """Every import, newest first."""
    batches = s.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))
    return [
        BatchInfo(
            b.id,
            b.kind,
            b.file_name,
            b.created_at,
            b.created_count,
            b.updated_count,
            b.skipped_count,
            b.undone_at,
        )
        for b in batches
    ]


def undo_import_keeping_backup(db: Database, batch_id: int) -> tuple[dict[str, int], Path | None]:
    """Undo import `batch_id` after a `before-undo` backup of the whole file (never rotated
    away): an undo removes what the import created, and whatever was done to those records
    since goes with them. Returns the undo's counts and the backup (None for a read-only
    file, where the undo is refused anyway). Nothing is backed up for an undo that is refused."""
    from crm_desktop.services.autobackup import make_backup

    with db.session() as s:
        _undoable(s, batch_id)
    made = make_backup(db.path, kind="before-undo", full_check=False) if not db.read_only else None
    with db.session() as s:
        return undo_import(s, batch_id), (made.path if made is not None else None)


def _undoable(s: Session, batch_id: int) -> ImportBatch:
    batch = s.get(ImportBatch, batch_id)
    if batch is None:
        raise CrmError("import.batch_not_found", id=batch_id)
    if batch.undone_at is not None:
        raise CrmError("import.batch_undone", id=batch_id, when=f"{batch.undone_at:%Y-%m-%d %H:%M}")
    return batch


def undo_import(s: Session, batch_id: int) -> dict[str, int]:
    """Undo import `batch_id` in the session's transaction; returns {'removed': n, 'restored': m}.

    Records the import created are deleted (with what hangs off them); customers it updated get
    their earlier values back. Records deleted since are passed over. Undoing twice is refused.
    """
    _undoable(s, batch_id)
    raw = sqlite_of(s)
    items = raw.execute(
        "SELECT entity, record_id, action, before FROM import_batch_items WHERE batch_id = ? ORDER BY id DESC",
        (batch_id,),
    ).fetchall()
    created: dict[str, list[int]] = {}
    touched: set[int] = set()
    restored = 0
    for entity, record_id, action, before in items:
        if action == "created":
            created.setdefault(entity, []).append(record_id)
        elif action == "updated" and entity == "customer" and before:
            restored += _restore_customer(raw, record_id, json.loads(before))
        elif action == "updated" and entity == "deal" and before:
            # an opening deal of imported purchase history that this import replaced
            owner = restore_deal(raw, record_id, json.loads(before))
            if owner is not None:
                touched.add(owner)
                restored += 1
    removed = 0
    # dependants first, customers last (their own dependants go with them by cascade)
    for entity in ("follow_up", "deal", "service", "customer"):
        ids = created.get(entity, [])
        table = ENTITY_TABLES[entity]
        if entity != "customer" and ids:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                touched.update(
                    r[0] for r in raw.execute(f"SELECT customer_id FROM {table} WHERE id IN ({marks})", chunk)
                )
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            if entity == "customer":
                _forget_other_entries(raw, batch_id, chunk)
            removed += raw.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk).rowcount
    raw.execute("UPDATE import_batches SET undone_at = ? WHERE id = ?", (sql_value(now()), batch_id))
    s.expire_all()
    if touched:
        from crm_desktop.services.figures import refresh_figures

        refresh_figures(s, sorted(touched))
    return {"removed": removed, "restored": restored}


def _forget_other_entries(raw: Any, batch_id: int, customer_ids: list[int]) -> None:
    """Other imports' entries of these customers and of their records, which go with them.

    SQLite hands a deleted record's id out again: undoing those imports later must not delete
    or overwrite the newer record that got it.
    """
    marks = ",".join("?" * len(customer_ids))
    for entity, table in ENTITY_TABLES.items():
        owner = "id" if entity == "customer" else "customer_id"
        raw.execute(
            f"DELETE FROM import_batch_items WHERE batch_id <> ? AND entity = ? AND record_id IN "
            f"(SELECT id FROM {table} WHERE {owner} IN ({marks}))",
            [batch_id, entity, *customer_ids],
        )


def _restore_customer(raw: Any, cid: int, before: dict[str, Any]) -> int:
    if raw.execute("SELECT 1 FROM customers WHERE id = ?", (cid,)).fetchone() is None:
        return 0
    tags = before.pop("tags", None)
    columns = list(before)
    if columns:
        params = [sql_value(_from_json(k, before[k])) for k in columns]
        raw.execute(
            f"UPDATE customers SET {', '.join(f'{k} = ?' for k in columns)} WHERE id = ?", [*params, cid]
        )
        row = raw.execute(
            "SELECT name, kind, phone, alt_phone, email FROM customers WHERE id = ?", (cid,)
        ).fetchone()
        values = dict(zip(("name", "kind", "phone", "alt_phone", "email"), row, strict=True))
        raw.execute(
            "UPDATE customers SET phone_norm = ?, alt_phone_norm = ?, email_norm = ?, name_pinyin = ?, "
            "name_initials = ?, name_sort = ? WHERE id = ?",
            [*derived_keys(values), cid],
        )
    if tags is not None:
        ids = tag_ids(raw, tags)
        raw.execute("DELETE FROM customer_tags WHERE customer_id = ?", (cid,))
        raw.executemany(
            "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id) VALUES (?, ?)",
            [(cid, ids[t.casefold()]) for t in tags],
        )
    return 1


def _from_json(key: str, value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    if _TYPES.get(key) == "date":
        return date.fromisoformat(value)
    if _TYPES.get(key) == "datetime":
        return datetime.fromisoformat(value)
    return value
