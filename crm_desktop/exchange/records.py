"""Importing and exporting follow-ups, deals and service records.

Each row names its customer by id, or by phone, or by name (an ambiguous name is an error that
asks for the id or phone). Kinds and stages are matched by code or by their Chinese or English
name. A row equal to an existing record (same customer, same date, same subject/title) is a
duplicate. The customers' figures are refreshed in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.db.keys import normalise_name, normalise_phone
from crm_desktop.errors import CrmError, ValidationError
from crm_desktop.exchange.dbwrite import finish_batch, next_id, now, sql_value, sqlite_of, start_batch
from crm_desktop.exchange.matching import Mapping, fields_by_key
from crm_desktop.exchange.plan import CREATE, DUPLICATE, ERROR, ImportPlan, ImportResult, RowError, RowResult
from crm_desktop.exchange.table import Table
from crm_desktop.exchange.values import converter, cut_to_fit
from crm_desktop.fields import CATALOGUES, CHOICES
from crm_desktop.services.progress import Progress, cancelled, report

TABLES = {"follow-ups": "follow_ups", "deals": "deals", "service": "service_records"}
ENTITIES = {"follow-ups": "follow_up", "deals": "deal", "service": "service"}
_REFS = ("customer_id", "customer", "customer_phone")
# Columns resolved here rather than by `clean_value` (their choices live in the database).
_OPTION_KEYS = {"follow-ups": {"kind"}, "deals": {"stage", "status"}, "service": {"kind", "status"}}
_FALLBACK_KIND = {"follow-ups": "call", "service": "consultation"}
_STATUS_CHOICES = {"deals": "deal_status", "service": "service_status"}
# The date and text that make two records the same, for duplicates.
_IDENTITY = {
    "follow-ups": ("due_at", "subject"),
    "deals": ("created_at", "title"),
    "service": ("opened_at", "subject"),
}
# table columns written, per kind (besides id and customer_id)
_COLUMNS = {
    "follow-ups": ("kind", "subject", "due_at", "done_at", "outcome", "notes", "created_at"),
    "deals": (
        "title", "amount", "stage_id", "status", "expected_close", "closed_at", "close_reason", "products",
        "notes", "created_at", "updated_at",
    ),
    "service": (
        "kind", "subject", "description", "status", "opened_at", "resolved_at", "resolution", "satisfaction",
        "updated_at",
    ),
}  # fmt: skip


class _Options:
    """Kinds, stages and customers of the database, looked up by code, name or phone."""

    def __init__(self, s: Session, kind: str) -> None:
        raw = sqlite_of(s)
        category = {"follow-ups": "follow_up", "service": "service"}.get(kind)
        self.kinds: dict[str, str] = {}
        self.default_kind: str | None = None
        if category:
            for code, zh, en in raw.execute(
                "SELECT code, name_zh, name_en FROM kind_options WHERE category = ? ORDER BY position",
                (category,),
            ):
                self.default_kind = self.default_kind or code
                for word in (code, zh, en):
                    self.kinds.setdefault(word.casefold(), code)
        self.stages: dict[str, tuple[int, str]] = {}
        self.first_stage: dict[str, tuple[int, str]] = {}
        for sid, code, zh, en, outcome in raw.execute(
            "SELECT id, code, name_zh, name_en, outcome FROM pipeline_stages ORDER BY position, id"
        ):
            for word in (code, zh, en):
                self.stages.setdefault(word.casefold(), (sid, outcome))
            self.first_stage.setdefault(outcome, (sid, outcome))
        self.ids: set[int] = set()
        self.phones: dict[str, int] = {}
        self.names: dict[str, list[int]] = {}
        for cid, name, phone, alt in raw.execute(
            "SELECT id, name, phone_norm, alt_phone_norm FROM customers"
        ):
            self.ids.add(cid)
            for p in (phone, alt):
                if p:
                    self.phones.setdefault(p, cid)
            self.names.setdefault(normalise_name(name), []).append(cid)

    def customer(self, values: dict[str, Any]) -> int:
        cid = values.get("customer_id")
        if cid is not None:
            if cid not in self.ids:
                raise CrmError("import.no_customer", ref=cid)
            return int(cid)
        phone = normalise_phone(values.get("customer_phone"))
        if phone:
            if phone in self.phones:
                return self.phones[phone]
            if not values.get("customer"):
                raise CrmError("import.no_customer", ref=values.get("customer_phone"))
        name = values.get("customer")
        found = self.names.get(normalise_name(name), []) if name else []
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CrmError("import.ambiguous_customer", ref=name, count=len(found))
        raise CrmError("import.no_customer", ref=name or "")


def _choice(mapping: dict[str, Any], value: Any) -> Any:
    text_value = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text_value = str(int(value))
    return mapping.get(text_value.casefold())


def plan_records(s: Session, kind: str, table: Table, mapping: Mapping, policy: str) -> ImportPlan:
    """The plan of a follow-ups, deals or service import (see `importer.plan_import`)."""
    if not any(t in _REFS for t in mapping.targets):
        raise CrmError("import.no_customer_column", path=table.path)
    fields = fields_by_key(kind)
    options = _Options(s, kind)
    converters = [
        (i, t, None if t in _OPTION_KEYS[kind] else converter(fields[t], table.column(i)))
        for i, t in enumerate(mapping.targets)
        if t is not None and t != "id"
    ]
    status_codes = {}
    if kind in _STATUS_CHOICES:
        for code, (en, zh) in CHOICES[_STATUS_CHOICES[kind]].items():
            for word in (code, en, zh):
                status_codes[word.casefold()] = code
    rows: list[RowResult] = []
    for row, cells in table.rows:
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        notes: list[RowError] = []
        for i, target, convert in converters:
            raw = cells[i]
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                if convert is not None:
                    value = convert(raw)
                elif target == "kind":
                    value = _choice(options.kinds, raw)
                    if value is None:
                        raise ValidationError("kind.unknown", target, value=raw)
                elif target == "stage":
                    value = _choice(options.stages, raw)
                    if value is None:
                        names = ", ".join(sorted({k for k in options.stages}))
                        raise ValidationError("import.unknown_stage", target, value=raw, choices=names)
                else:  # status
                    value = _choice(status_codes, raw)
                    if value is None:
                        raise ValidationError(
                            "value.choice", target, value=raw, choices=", ".join(status_codes)
                        )
            except ValidationError as exc:
                cut = cut_to_fit(target, fields.get(target), raw, exc)
                if cut is None:
                    errors.append(RowError(row, table.headers[i], exc))
                    continue
                value = cut[0]  # a text too long keeps what fits, and says so
                notes.append(RowError(row, table.headers[i], cut[1]))
            if value is not None:
                values[target] = value
        for key in ("subject", "title", "due_at"):
            if key in fields and fields[key].required and key not in values and not errors:
                header = next((table.headers[i] for i, t in enumerate(mapping.targets) if t == key), key)
                errors.append(RowError(row, header, ValidationError("value.required", key, value="")))
        if not errors:
            try:
                values["customer_id"] = options.customer(values)
            except CrmError as exc:
                header = next(
                    (table.headers[i] for i, t in enumerate(mapping.targets) if t in _REFS), "customer"
                )
                errors.append(RowError(row, header, exc))
        if "kind" in fields:
            values.setdefault("kind", options.default_kind or _FALLBACK_KIND[kind])
        rows.append(RowResult(row, ERROR if errors else CREATE, values, errors, cells=cells, notes=notes))
    plan = ImportPlan(kind, table.path, table.sheet, table.header_row, table.headers, mapping, policy, rows)
    if policy != "add":
        _mark_duplicates(s, plan)
    return plan


def _identity(kind: str, customer_id: int, when: Any, label: Any) -> tuple[int, str, str]:
    stamp = sql_value(when) if when is not None else ""
    return customer_id, str(stamp)[:16], normalise_name(label)


def _mark_duplicates(s: Session, plan: ImportPlan) -> None:
    date_key, label_key = _IDENTITY[plan.kind]
    raw = sqlite_of(s)
    existing = {
        _identity(plan.kind, cid, when, label): rid
        for rid, cid, when, label in raw.execute(
            f"SELECT id, customer_id, {date_key}, {label_key} FROM {TABLES[plan.kind]}"
        )
    }
    # without a date column in the file, the date cannot tell records apart: compare the rest
    dated = date_key in plan.mapping.targets
    if not dated:
        existing = {(cid, "", label): rid for (cid, _when, label), rid in existing.items()}
    seen: dict[tuple[int, str, str], int] = {}
    for result in plan.rows:
        if result.action == ERROR:
            continue
        when = result.values.get(date_key) if dated else None
        key = _identity(plan.kind, result.values["customer_id"], when, result.values.get(label_key))

        if key in existing:
            # "update" is not offered for these records: a matching record is left as it is
            result.action, result.record_id = DUPLICATE, existing[key]
        elif key in seen:
            result.action, result.duplicate_of_row = DUPLICATE, seen[key]
        else:
            seen[key] = result.row


def write_records(s: Session, plan: ImportPlan, progress: Progress | None) -> ImportResult:
    """Insert the planned records in the session's transaction, then refresh their customers' figures."""
    raw, batch_id = start_batch(s, plan)
    stamp = now()
    table = TABLES[plan.kind]
    columns = _COLUMNS[plan.kind]
    first = next_id(raw, table)
    creates = [r for r in plan.rows if r.action == CREATE]
    insert = f"INSERT INTO {table} (id, customer_id, {', '.join(columns)}) VALUES ({','.join('?' * (len(columns) + 2))})"
    stages = {
        sid: outcome
        for sid, outcome in raw.execute("SELECT id, outcome FROM pipeline_stages ORDER BY position, id")
    }
    if plan.kind == "deals" and not stages:
        raise CrmError("stage.no_open")
    ids: list[int] = []
    history: list[tuple[Any, ...]] = []
    for start in range(0, len(creates), 2000):
        if cancelled(progress):
            raise CrmError("import.cancelled")
        chunk = creates[start : start + 2000]
        params = []
        for offset, result in enumerate(chunk):
            rid = first + start + offset
            result.record_id = rid
            ids.append(rid)
            values = _complete(plan.kind, dict(result.values), stamp, stages)
            params.append([rid, values["customer_id"], *(sql_value(values.get(c)) for c in columns)])
            if plan.kind == "deals":
                history.append((rid, values["stage_id"], sql_value(values["created_at"])))
        raw.executemany(insert, params)
        raw.executemany(
            "INSERT INTO import_batch_items (batch_id, entity, record_id, action) VALUES (?, ?, ?, 'created')",
            [(batch_id, ENTITIES[plan.kind], r.record_id) for r in chunk],
        )
        report(progress, start + len(chunk), len(creates))
    if history:
        raw.executemany(
            "INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, changed_at) VALUES (?, NULL, ?, ?)",
            history,
        )
    skipped = len(plan.rows) - len(creates)
    finish_batch(raw, batch_id, len(creates), 0, skipped)
    from crm_desktop.services.figures import refresh_figures

    refresh_figures(s, sorted({r.values["customer_id"] for r in creates}))
    return ImportResult(
        batch_id, len(creates), 0, sum(1 for r in plan.rows if r.action == DUPLICATE), 0, record_ids=ids
    )


def _complete(kind: str, v: dict[str, Any], stamp: datetime, stages: dict[int, str]) -> dict[str, Any]:
    """Fill what a row left out the way the services would: defaults, stage and status agreeing."""
    if kind == "follow-ups":
        v.setdefault("subject", "")
        v.setdefault("created_at", stamp)
    elif kind == "deals":
        stage = v.pop("stage", None)
        status = v.get("status")
        if stage is None:
            wanted = status or "open"
            sid = next((i for i, o in stages.items() if o == wanted), next(iter(stages)))
        else:
            sid = stage[0]
            if status is None or status != stage[1]:
                status = stage[1]
        v["stage_id"] = sid
        v["status"] = status or stages[sid]
        v.setdefault("amount", 0.0)
        v.setdefault("created_at", stamp)
        v["updated_at"] = stamp
        if v["status"] != "open":
            v.setdefault("closed_at", v["created_at"])
    else:
        v.setdefault("status", "resolved" if v.get("resolved_at") else "open")
        v.setdefault("opened_at", stamp)
        v["updated_at"] = stamp
    return v


def record_rows(
    s: Session, kind: str, ids: Sequence[int], keys: Sequence[str], lang: str
) -> Iterator[list[Any]]:
    """Rows of follow-ups, deals or service records for export, with their customer's name and phone."""
    raw = sqlite_of(s)
    fields = {f.key: f for f in CATALOGUES[kind]}
    table = TABLES[kind]
    names = _option_names(raw, kind, lang)
    status_choices = _STATUS_CHOICES.get(kind)
    for start in range(0, len(ids), 1000):
        chunk = list(ids[start : start + 1000])
        marks = ",".join("?" * len(chunk))
        cur = raw.execute(
            f"SELECT r.*, c.name AS customer, c.phone AS customer_phone FROM {table} r "
            f"JOIN customers c ON c.id = r.customer_id WHERE r.id IN ({marks})",
            chunk,
        )
        cols = [d[0] for d in cur.description]
        found = {row[0]: dict(zip(cols, row, strict=True)) for row in cur}
        for rid in chunk:
            rec = found.get(rid)
            if rec is None:
                continue
            out: list[Any] = []
            for key in keys:
                if key == "stage":
                    out.append(names.get(rec.get("stage_id")))
                    continue
                value = rec.get(key)
                f = fields[key]
                if value is not None and f.type == "date":
                    value = datetime.fromisoformat(value).date()
                elif value is not None and f.type == "datetime":
                    value = datetime.fromisoformat(value)
                elif key == "kind":
                    value = names.get(value, value)
                elif key == "status" and status_choices:
                    label = CHOICES[status_choices].get(str(value))
                    value = (label[1] if lang == "zh" else label[0]) if label else value
                out.append(value)
            yield out


def _option_names(raw: Any, kind: str, lang: str) -> dict[Any, str]:
    col = "name_zh" if lang == "zh" else "name_en"
    if kind == "deals":
        return {sid: name for sid, name in raw.execute(f"SELECT id, {col} FROM pipeline_stages")}
    category = "follow_up" if kind == "follow-ups" else "service"
    return {
        code: name
        for code, name in raw.execute(f"SELECT code, {col} FROM kind_options WHERE category = ?", (category,))
    }


def search_record_ids(s: Session, kind: str, search: str) -> list[int]:
    """Records whose customer name or phone, or whose subject/title, contains `search`."""
    label = _IDENTITY[kind][1]
    like = f"%{search.strip()}%"
    rows = s.execute(
        text(
            f"SELECT r.id FROM {TABLES[kind]} r JOIN customers c ON c.id = r.customer_id "
            f"WHERE c.name LIKE :q OR c.phone LIKE :q OR r.{label} LIKE :q ORDER BY r.id"
        ),
        {"q": like},
    )
    return [r[0] for r in rows]
