"""Erasing a customer for good: the customer and everything linked is gone, others untouched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter

from crm_desktop.db.engine import Database
from crm_desktop.db.search import search_ids
from crm_desktop.errors import NotFound
from crm_desktop.services.backup import check_database
from crm_desktop.services.customers import archive_customers, create_customer
from crm_desktop.services.deals import create_deal, move_deal
from crm_desktop.services.erase import Erased, erase_customer, erase_customers_for_good
from crm_desktop.services.follow_ups import plan_follow_up
from crm_desktop.services.notes import add_note
from crm_desktop.services.pipeline import list_stages
from crm_desktop.services.service_records import open_service_record

SECRET = "Zebulon Quaggafeather"
SECRET_PHONE = "13912345678"
TABLES = (
    "customers",
    "follow_ups",
    "deals",
    "deal_stage_history",
    "service_records",
    "notes",
    "customer_tags",
)


def _counts(db_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (*TABLES, "import_batch_items")
        }
    finally:
        conn.close()


def _person(db: Database, name: str, phone: str) -> int:
    with db.session() as s:
        c = create_customer(
            s, {"name": name, "phone": phone, "tags": "vip,regular", "notes": f"{name} likes tea"}
        )
        cid = c.id
        plan_follow_up(s, cid, datetime(2026, 6, 1, 9), subject=f"call {name}")
        plan_follow_up(s, cid, datetime(2026, 6, 8, 9), subject="again")
        stages = [st for st in list_stages(s) if st.outcome == "open"]
        deal = create_deal(s, cid, f"order for {name}", 500)
        move_deal(s, deal.id, stages[1].id, note="moving on")
        create_deal(s, cid, "second order", 80)
        open_service_record(s, cid, "consultation", f"{name} asked about sizes")
        add_note(s, cid, f"{name} prefers mornings")
    return cid


def test_erase_removes_everything_linked_and_says_what(db: Database) -> None:
    keep = _person(db, "Other Person", "13800000001")
    gone = _person(db, SECRET, SECRET_PHONE)
    before = _counts(db.path)
    with db.session() as s:
        erased = erase_customer(s, gone)
    assert erased == Erased(
        customers=1,
        follow_ups=2,
        deals=2,
        deal_history=erased.deal_history,
        service_records=1,
        notes=1,
        tag_links=2,
    )
    assert erased.deal_history >= 1
    assert erased.describe().startswith("1 customer, 2 follow-ups, 2 deals")
    after = _counts(db.path)
    assert after["customers"] == before["customers"] - 1
    assert after["follow_ups"] == before["follow_ups"] - 2
    assert after["deals"] == before["deals"] - 2
    assert after["notes"] == before["notes"] - 1
    assert after["customer_tags"] == before["customer_tags"] - 2
    with db.session() as s:
        assert search_ids(s, "Quaggafeather") == []
        assert search_ids(s, SECRET_PHONE) == []
        assert search_ids(s, "Other Person") == [keep]
    assert check_database(db.path) == []


def test_erase_a_customer_in_the_trash_and_unknown_ids(db: Database) -> None:
    gone = _person(db, SECRET, SECRET_PHONE)
    with db.session() as s:
        archive_customers(s, [gone])
    with db.session() as s:
        assert erase_customer(s, gone).customers == 1
    with pytest.raises(NotFound), db.session() as s:
        erase_customer(s, gone)


def _imported(db: Database, tmp_path: Path) -> tuple[int, int]:
    """Import two customers, then a follow-up for one of them; returns (erased id, kept id)."""
    from crm_desktop.exchange.dbwrite import run_import
    from crm_desktop.exchange.importer import plan_import
    from crm_desktop.exchange.matching import match_headers
    from crm_desktop.exchange.table import read_table

    def write(path: Path, rows: list[list[str]]) -> Path:
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet()
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
        book.close()
        return path

    def run(kind: str, path: Path, policy: str = "skip") -> None:
        table = read_table(path, kind=kind)
        with db.session() as s:
            plan = plan_import(s, kind, table, match_headers(kind, table.headers), policy)
        run_import(db, plan)

    run(
        "customers",
        write(tmp_path / "a.xlsx", [["姓名", "电话"], [SECRET, SECRET_PHONE], ["Kept", "13700000000"]]),
    )
    # an update by import keeps the old values for its undo: they must go too
    run(
        "customers",
        write(tmp_path / "b.xlsx", [["姓名", "电话", "城市"], [SECRET, SECRET_PHONE, "Hangzhou"]]),
        "update",
    )
    run(
        "follow-ups",
        write(
            tmp_path / "c.xlsx",
            [["customer_phone", "due_at", "subject"], [SECRET_PHONE, "2026-06-01 09:00", "call"]],
        ),
    )
    conn = sqlite3.connect(db.path)
    try:
        ids = dict(conn.execute("SELECT name, id FROM customers").fetchall())
    finally:
        conn.close()
    return ids[SECRET], ids["Kept"]


def test_import_batch_entries_go_and_the_file_keeps_no_trace(db: Database, tmp_path: Path) -> None:
    gone, kept = _imported(db, tmp_path)
    conn = sqlite3.connect(db.path)
    entries = conn.execute("SELECT entity, record_id FROM import_batch_items").fetchall()
    conn.close()
    assert ("customer", kept) in entries and ("follow_up", 1) in entries
    erased = erase_customers_for_good(db, [gone])
    assert erased.customers == 1 and erased.follow_ups == 1
    assert erased.import_entries == 3  # created, updated (with its old values), the follow-up
    conn = sqlite3.connect(db.path)
    left = conn.execute("SELECT entity, record_id FROM import_batch_items").fetchall()
    conn.close()
    assert left == [("customer", kept)]
    db.close()
    # nothing of the erased customer is left in the file's bytes (secure_delete, index rewrite,
    # write-ahead log emptied)
    data = db.path.read_bytes() + (
        Path(f"{db.path}-wal").read_bytes() if Path(f"{db.path}-wal").exists() else b""
    )
    assert SECRET.encode() not in data
    assert b"Quaggafeather" not in data
    assert SECRET_PHONE.encode() not in data
    assert b"Kept" in data
    assert check_database(db.path) == []


def _cli(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CRM_DESKTOP_DB"}
    env.update(
        CRM_DESKTOP_LANG="en", PYTHONIOENCODING="utf-8", HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path)
    )
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_command_line_erase_needs_yes_and_respects_the_open_app(db: Database, tmp_path: Path) -> None:
    from crm_desktop.services.lock import writer_lock

    gone = _person(db, SECRET, SECRET_PHONE)
    db.close()
    refused = _cli(tmp_path, "customers", "erase", gone, "--db", db.path)
    assert refused.returncode == 1 and "--yes" in refused.stderr and "Traceback" not in refused.stderr
    lock = writer_lock(db.path)  # as the app holds it while open
    try:
        busy = _cli(tmp_path, "customers", "erase", gone, "--db", db.path, "--yes")
    finally:
        assert lock is not None
        lock.release()
    assert busy.returncode == 1 and "already open" in busy.stderr
    assert _counts(db.path)["customers"] == 1
    done = _cli(tmp_path, "customers", "erase", gone, "--db", db.path, "--yes")
    assert done.returncode == 0, done.stderr
    assert "1 customer, 2 follow-ups" in done.stdout
    assert _counts(db.path)["customers"] == 0
    again = _cli(tmp_path, "customers", "erase", gone, "--db", db.path, "--yes")
    assert again.returncode == 1 and "no customer with id" in again.stderr
