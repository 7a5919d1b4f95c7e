"""Exporting records to .xlsx or .csv: exactly the rows and columns asked for, re-importable without loss.

Rows are read with plain SQL in id batches (100,000 customers as ORM objects would take
seconds and hundreds of MB); choices are written as display names in the user's language,
which the importer reads back to the same codes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop import messages
from crm_desktop.db.models import stored_date, stored_datetime
from crm_desktop.errors import CrmError
from crm_desktop.exchange.dbwrite import sqlite_of
from crm_desktop.exchange.writers import CutWarning, write_table
from crm_desktop.fields import CATALOGUES, CHOICES, CUSTOM_PREFIX, Field, choice_label
from crm_desktop.services.customer_query import custom_field_names
from crm_desktop.services.progress import Progress

BATCH = 1000
# Keys that are not plain columns of the customers table.
_COMPUTED = {"tags"}


@dataclass
class ExportResult:
    """What an export wrote."""

    path: Path
    count: int
    warnings: list[CutWarning] = field(default_factory=list)


def default_keys(s: Session, kind: str) -> list[str]:
    """Every catalogue key of `kind`, plus the custom fields customers have."""
    keys = [f.key for f in CATALOGUES[kind]]
    if kind == "customers":
        keys += [CUSTOM_PREFIX + n for n in sorted(custom_field_names(s))]
    return keys


def header_for(kind: str, key: str, lang: str) -> str:
    """The column header of `key`: its display name in `lang` (custom fields by their own name)."""
    if key.startswith(CUSTOM_PREFIX):
        return key[len(CUSTOM_PREFIX) :]
    f = {f.key: f for f in CATALOGUES[kind]}[key]
    return f.label(lang)


def export_records(
    s: Session,
    kind: str,
    path: str | Path,
    ids: Sequence[int] | None = None,
    keys: Sequence[str] | None = None,
    progress: Progress | None = None,
    lang: str | None = None,
) -> ExportResult:
    """Write records of `kind` (all, or `ids` in that order) with columns `keys` to `path` (.xlsx or .csv).

    Customers in the trash are left out unless their ids are given. Text too long for a cell
    is cut and listed in `warnings`.
    """
    path = Path(path)
    if kind not in CATALOGUES:
        raise CrmError("import.unknown_kind", kind=kind)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise CrmError("export.bad_format", path=path)
    lang = lang if lang in messages.LANGS else messages.default_lang()
    keys = list(keys) if keys is not None else default_keys(s, kind)
    if ids is None:
        ids = _all_ids(s, kind)
    headers = [header_for(kind, k, lang) for k in keys]
    if kind == "customers":
        rows: Iterator[list[Any]] = _customer_rows(s, ids, keys, lang)
    else:
        from crm_desktop.exchange.records import record_rows

        rows = record_rows(s, kind, ids, keys, lang)
    sheet = {"customers": "客户" if lang == "zh" else "Customers"}.get(kind, kind)
    warnings = write_table(path, headers, rows, total=len(ids), progress=progress, sheet_name=sheet)
    return ExportResult(path, len(ids), warnings)


def _all_ids(s: Session, kind: str) -> list[int]:
    raw = sqlite_of(s)
    if kind == "customers":
        return [r[0] for r in raw.execute("SELECT id FROM customers WHERE archived_at IS NULL ORDER BY id")]
    from crm_desktop.exchange.records import TABLES

    return [r[0] for r in raw.execute(f"SELECT id FROM {TABLES[kind]} ORDER BY id")]


def _cell_maker(f: Field, lang: str) -> Any:
    """How a stored value of `f` becomes a cell, decided once per column rather than once per cell."""
    # a damaged stored date ("1990-13-45") is exported as the text it is, not a stop
    if f.type == "date":
        return lambda v: (stored_date(v) or v) if v else None
    if f.type == "datetime":
        return lambda v: (stored_datetime(v) or v) if v else None
    if f.type == "choice" and f.key in CHOICES:
        labels = {code: choice_label(f.key, code, lang) for code in CHOICES[f.key]}
        return lambda v: labels.get(v, v)
    return None


def _customer_rows(s: Session, ids: Sequence[int], keys: Sequence[str], lang: str) -> Iterator[list[Any]]:
    raw = sqlite_of(s)
    fields = {f.key: f for f in CATALOGUES["customers"]}
    columns = [k for k in keys if k in fields and k not in _COMPUTED]
    select = ", ".join(["id", "custom", *columns])
    want_tags = "tags" in keys
    position = {k: i + 2 for i, k in enumerate(columns)}
    # per key: ("col", index, maker) for table columns, ("tags", ..) or ("custom", name)
    plans: list[tuple[str, Any, Any]] = []
    for key in keys:
        if key == "tags":
            plans.append(("tags", None, None))
        elif key.startswith(CUSTOM_PREFIX):
            plans.append(("custom", key[len(CUSTOM_PREFIX) :], None))
        else:
            plans.append(("col", position[key], _cell_maker(fields[key], lang)))
    want_custom = any(p[0] == "custom" for p in plans)
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        marks = ",".join("?" * len(chunk))
        found = {
            row[0]: row for row in raw.execute(f"SELECT {select} FROM customers WHERE id IN ({marks})", chunk)
        }
        tags: dict[int, list[str]] = {}
        if want_tags:
            for cid, name in raw.execute(
                "SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
                f"WHERE ct.customer_id IN ({marks}) ORDER BY t.name",
                chunk,
            ):
                tags.setdefault(cid, []).append(name)
        for cid in chunk:
            row = found.get(cid)
            if row is None:
                continue
            custom = json.loads(row[1]) if want_custom and row[1] else {}
            out: list[Any] = []
            append = out.append
            for what, where, make in plans:
                if what == "col":
                    append(make(row[where]) if make is not None else row[where])
                elif what == "tags":
                    append(", ".join(tags.get(cid, ())) or None)
                else:
                    append(custom.get(where))
            yield out
