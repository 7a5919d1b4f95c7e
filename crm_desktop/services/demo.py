"""Demo data: a believable database for trying the app, for screenshots and for benchmarks.

`generate_demo` fills an empty database with customers and two years of their history:
follow-ups (done ones with outcomes, open ones overdue, due today and upcoming), deals in
every stage with stage history and won/lost reasons, service records with satisfaction
scores, notes and tags. It is deterministic for a given seed (and `now`).

Speed matters (100,000 customers in well under a minute of CPU), so rows are built as tuples
(`services.demo_records`) and written with sqlite3 `executemany`; the derived keys come from
`crm_desktop.db.keys`; indexes are built after the rows and the search index is rebuilt once
at the end instead of row by row (measured faster, see `_BulkMode`). Everything, the
business preset included, happens in ONE transaction: a cancel or an error changes nothing.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, KindOption, PipelineStage
from crm_desktop.errors import CrmError
from crm_desktop.services.demo_records import CUSTOMER_COLUMNS, Lookups, RecordMaker, Rows
from crm_desktop.services.presets import BUSINESS_TYPES, apply_preset, business_type
from crm_desktop.services.progress import Progress, cancelled, report

MAX_CUSTOMERS = 1_000_000
CHUNK = 5000  # customers per executemany batch: bounds memory, paces progress and cancel


@dataclass
class DemoSummary:
    """What `generate_demo` wrote, and where the time went."""

    customers: int = 0
    follow_ups: int = 0
    deals: int = 0
    stage_changes: int = 0
    service_records: int = 0
    notes: int = 0
    seconds: float = 0.0
    # seconds per phase: generate, insert, indexes, search index, figures, commit
    phases: dict[str, float] = field(default_factory=dict)


def generate_demo(
    db: Database,
    customers: int = 200,
    lang: str = "zh",
    business: str = "shop",
    seed: int | None = 1,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill the empty database `db` with `customers` demo customers and their history.

    Sets the database up for `business` (the preset's stages and option lists). Raises
    CrmError if the database already holds customers (demo data never mixes with real data),
    if `customers` is out of range or if another program is writing to the file. Reports to
    `progress` after every batch; a cancel through it rolls everything back and raises
    CrmError('demo.cancelled').
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}")
    if business not in BUSINESS_TYPES:
        raise ValueError(f"unknown business type {business!r}")
    if not 0 <= customers <= MAX_CUSTOMERS:
        raise CrmError("demo.bad_count", value=customers, max=MAX_CUSTOMERS)
    started = time.perf_counter()
    now = (now or datetime.now()).replace(microsecond=0)
    summary = DemoSummary()
    try:
        with db.session() as s:
            if s.scalar(select(func.count()).select_from(Customer)):
                raise CrmError("demo.not_empty", path=db.path)
            apply_preset(s, business, replace=business_type(s) != business)
            maker = RecordMaker(random.Random(seed), lang, business, now, _lookups(s, lang))
            s.flush()
            # the session's own sqlite3 connection, inside the session's transaction
            conn: sqlite3.Connection = s.connection().connection.driver_connection  # type: ignore[assignment]
            _fill(conn, maker, customers, summary, progress)
            tick = time.perf_counter()
            _refresh_figures(s)
            _add(summary.phases, "figures", time.perf_counter() - tick)
            tick = time.perf_counter()
        _add(summary.phases, "commit", time.perf_counter() - tick)
    except (OperationalError, sqlite3.OperationalError) as exc:
        text = str(getattr(exc, "orig", exc)).lower()
        if "locked" in text or "busy" in text:
            raise CrmError("db.locked", path=db.path) from exc
        if "readonly" in text or "read-only" in text:
            raise CrmError("db.readonly", path=db.path) from exc
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def _fill(
    conn: sqlite3.Connection,
    maker: RecordMaker,
    customers: int,
    summary: DemoSummary,
    progress: Progress | None,
) -> None:
    first_ids = _next_ids(conn)
    done = 0
    with _BulkMode(conn, tuple(_INSERTS), summary.phases):
        while done < customers:
            if cancelled(progress):
                raise CrmError("demo.cancelled")
            n = min(CHUNK, customers - done)
            tick = time.perf_counter()
            rows = maker.make(first_ids, n)
            tock = time.perf_counter()
            _write(conn, rows, summary)
            _add(summary.phases, "generate", tock - tick)
            _add(summary.phases, "insert", time.perf_counter() - tock)
            done += n
            report(progress, done, customers)


def _add(phases: dict[str, float], name: str, seconds: float) -> None:
    phases[name] = phases.get(name, 0.0) + seconds


def _lookups(s: Session, lang: str) -> Lookups:
    """Stages and option lists of the database, in the order the user sees them."""
    stages = s.execute(
        select(PipelineStage.id, PipelineStage.outcome).order_by(PipelineStage.position, PipelineStage.id)
    ).all()
    options: dict[str, list[tuple[str, str]]] = {}
    for category, code, zh, en in s.execute(
        select(KindOption.category, KindOption.code, KindOption.name_zh, KindOption.name_en).order_by(
            KindOption.category, KindOption.position
        )
    ):
        options.setdefault(category, []).append((code, zh if lang == "zh" else en))
    return Lookups(
        open_stages=[sid for sid, outcome in stages if outcome == "open"],
        won_stages=[sid for sid, outcome in stages if outcome == "won"],
        lost_stages=[sid for sid, outcome in stages if outcome == "lost"],
        options=options,
    )


def _next_ids(conn: sqlite3.Connection) -> dict[str, int]:
    """The first free id of every table we write, so rows can point at each other."""
    tables = ("customers", "follow_ups", "deals", "deal_stage_history", "service_records", "notes", "tags")
    return {t: (conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0] + 1) for t in tables}


_INSERTS: dict[str, str] = {
    "customers": f"INSERT INTO customers ({', '.join(CUSTOMER_COLUMNS)}) VALUES ({', '.join('?' * len(CUSTOMER_COLUMNS))})",
    "tags": "INSERT INTO tags (id, name) VALUES (?, ?)",
    "customer_tags": "INSERT INTO customer_tags (customer_id, tag_id) VALUES (?, ?)",
    "follow_ups": "INSERT INTO follow_ups (id, customer_id, kind, subject, due_at, done_at, outcome, notes, "
    "previous_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "deals": "INSERT INTO deals (id, customer_id, title, amount, stage_id, status, expected_close, closed_at, "
    "close_reason, products, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "deal_stage_history": "INSERT INTO deal_stage_history (id, deal_id, from_stage_id, to_stage_id, changed_at, note) "
    "VALUES (?, ?, ?, ?, ?, ?)",
    "service_records": "INSERT INTO service_records (id, customer_id, kind, subject, description, status, opened_at, "
    "resolved_at, resolution, satisfaction, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "notes": "INSERT INTO notes (id, customer_id, body, created_at) VALUES (?, ?, ?, ?)",
}


def _write(conn: sqlite3.Connection, rows: Rows, summary: DemoSummary) -> None:
    for table, sql in _INSERTS.items():
        data = getattr(rows, table)
        if data:
            conn.executemany(sql, data)
    summary.customers += len(rows.customers)
    summary.follow_ups += len(rows.follow_ups)
    summary.deals += len(rows.deals)
    summary.stage_changes += len(rows.deal_stage_history)
    summary.service_records += len(rows.service_records)
    summary.notes += len(rows.notes)


class _BulkMode:
    """Inside the caller's transaction: drop the secondary indexes of `tables` and the
    customers' AFTER INSERT triggers that feed full-text indexes; on a clean exit recreate
    them from their own SQL (read from sqlite_master, so later migrations are honoured) and
    rebuild the full-text indexes once.

    Measured at 50,000 demo customers on this machine: inserting with every index and the
    trigram trigger live took 13.9 s; without them 5.3 s, plus 2.9 s to build the indexes
    afterwards. On an error the caller rolls back, which restores the schema as it was.
    """

    def __init__(self, conn: sqlite3.Connection, tables: tuple[str, ...], phases: dict[str, float]) -> None:
        self.conn = conn
        self.tables = tables
        self.phases = phases
        self.dropped: list[tuple[str, str, str]] = []  # (type, name, sql)
        self.fts_tables: list[str] = []

    def __enter__(self) -> _BulkMode:
        conn = self.conn
        schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        self.fts_tables = [
            name
            for kind, name, _tbl, sql in schema
            if kind == "table" and sql and "USING FTS5" in sql.upper() and "'customers'" in sql
        ]
        for kind, name, tbl, sql in schema:
            if not sql or tbl not in self.tables:
                continue
            is_index = kind == "index"
            is_fts_trigger = (
                kind == "trigger" and "AFTER INSERT" in sql.upper() and any(f in sql for f in self.fts_tables)
            )
            if is_index or is_fts_trigger:
                self.dropped.append((kind, name, sql))
        for kind, name, _sql in self.dropped:
            conn.execute(f'DROP {kind.upper()} "{name}"')
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is not None:
            return
        tick = time.perf_counter()
        for kind, _name, sql in self.dropped:
            if kind == "index":
                self.conn.execute(sql)
        _add(self.phases, "indexes", time.perf_counter() - tick)
        tick = time.perf_counter()
        for kind, _name, sql in self.dropped:
            if kind == "trigger":
                self.conn.execute(sql)
        if any(kind == "trigger" for kind, _n, _s in self.dropped):
            for table in self.fts_tables:
                self.conn.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'rebuild\')')
        _add(self.phases, "search index", time.perf_counter() - tick)


def _refresh_figures(s: Session) -> None:
    """Recompute the read-only figures with the figures service when it exists.

    The generator already wrote figures computed from the rows it made, so a build without
    `services.figures` still shows correct totals.
    """
    refresh: Callable[[Session], object] | None
    try:
        from crm_desktop.services.figures import refresh_all_figures as refresh
    except ImportError:
        refresh = None
    if refresh is not None:
        refresh(s)
