"""The process is killed (SIGKILL: no clean-up at all) in the middle of an import, a bulk edit,
a merge and a backup. Afterwards `crm-desktop check` passes and the database holds all or none
of that work.

Each case runs the real operation in a child process (`sys.executable -c SCRIPT`). A hook in the
child writes a marker file at a known point; the test polls for it and kills at once. "pause"
children then wait there, so the kill lands inside the open transaction for sure (none of the
work may remain); "after" children mark the end of the committed work (all of it must remain);
"race" children carry on past the marker, so the kill lands wherever the work happens to be --
either way the result must be all or nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import xlsxwriter

from crm_desktop.db.engine import open_database
from crm_desktop.services.customers import create_customer
from crm_desktop.services.deals import create_deal
from crm_desktop.services.follow_ups import plan_follow_up
from crm_desktop.services.notes import add_note
from crm_desktop.services.presets import apply_preset

REPO = Path(__file__).resolve().parents[2]
BULK = 20_000
IMPORT_ROWS = 3_000
if sys.platform == "win32":  # pragma: no cover
    pytest.skip("SIGKILL is POSIX", allow_module_level=True)

PRELUDE = """
import sys, time
from pathlib import Path
from sqlalchemy import event
from crm_desktop.db.engine import open_database
db_path, marker, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

def reached(what):
    if marker.exists() or (mode == "after") != (what == "done"):
        return
    marker.write_text(what)
    if mode == "pause":
        time.sleep(120)

def after_statement(prefix, nth=1):
    seen = [0]
    def hook(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith(prefix):
            seen[0] += 1
            if seen[0] == nth:
                reached(statement.split()[0])
    return hook
"""

BULK_EDIT = (
    PRELUDE
    + """
from crm_desktop.services.customers import set_category
db = open_database(db_path)
event.listen(db.engine, "after_cursor_execute", after_statement("UPDATE", 3))
with db.session() as s:
    ids = [r[0] for r in s.connection().exec_driver_sql("SELECT id FROM customers")]
    set_category(s, ids, "loyal")
reached("done")
"""
)

MERGE = (
    PRELUDE
    + """
from crm_desktop.services.duplicates import merge_customers
db = open_database(db_path)
event.listen(db.engine, "after_cursor_execute", after_statement("UPDATE", 2))
with db.session() as s:
    merge_customers(s, int(sys.argv[4]), int(sys.argv[5]))
reached("done")
"""
)

IMPORT = (
    PRELUDE
    + """
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.table import read_table
from crm_desktop.services.progress import Progress
table = read_table(sys.argv[4])
db = open_database(db_path)
with db.session() as s:
    plan = plan_import(s, "customers", table, match_headers("customers", table.headers))

def halfway(done, total):
    if done >= total // 3:
        reached("import")

run_import(db, plan, Progress(halfway))
reached("done")
"""
)

BACKUP = (
    PRELUDE
    + """
from crm_desktop.services.autobackup import make_backup
reached("start")
make_backup(db_path)
"""
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shop database with 20,000 customers, two of which have follow-ups, deals and notes."""
    path = tmp_path_factory.mktemp("crash") / "template.db"
    db = open_database(path)
    with db.session() as s:
        apply_preset(s, "shop")
        for name in ("Merge Keeper", "Merge Goner"):
            c = create_customer(s, {"name": name, "phone": "13800138000"})
            plan_follow_up(s, c.id, "2026-06-01 09:00", subject=f"call {name}")
            create_deal(s, c.id, f"deal of {name}", 100)
            add_note(s, c.id, f"note on {name}")
    conn = db.raw_connection()
    with conn:
        conn.executemany(
            "INSERT INTO customers (name, kind, category, phone, total_spent, purchase_count, "
            "open_service_count, created_at, updated_at) VALUES (?, 'person', 'prospect', ?, 0, 0, 0, "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            [(f"Bulk {i}", f"137{i:08d}") for i in range(BULK - 2)],
        )
    conn.close()
    db.close()
    return path


@pytest.fixture
def work_db(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "crm.db"
    shutil.copyfile(template, path)
    return path


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _kill_at_marker(script: str, db_path: Path, mode: str, *extra: object) -> str:
    """Run `script`, SIGKILL it once its marker appears; returns what the marker said
    ("" when the child finished first)."""
    marker = db_path.with_name(f"marker-{time.monotonic_ns()}")
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(db_path), str(marker), mode, *map(str, extra)],
        cwd=REPO,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    try:
        while not marker.exists():
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                assert proc.returncode == 0, err
                return ""
            assert time.monotonic() < deadline, "the child never reached its marker"
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)
        if proc.stderr:
            proc.stderr.close()
    return marker.read_text()


def _check_passes(db_path: Path) -> None:
    """`crm-desktop check` (the real command) says the file is healthy; the app opens it."""
    env = {**os.environ, "CRM_DESKTOP_LANG": "en"}
    env.pop("CRM_DESKTOP_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "check", "--db", str(db_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    open_database(db_path, create=False).close()


MODES = ["pause", "race", "after"]


@pytest.mark.parametrize("mode", MODES)
def test_kill_during_bulk_edit(work_db: Path, mode: str) -> None:
    _kill_at_marker(BULK_EDIT, work_db, mode)
    _check_passes(work_db)
    counts = dict(_query(work_db, "SELECT category, count(*) FROM customers GROUP BY category"))
    assert counts in ({"prospect": BULK}, {"loyal": BULK}), counts
    print(f"bulk edit killed ({mode}): {'none' if 'prospect' in counts else 'all'} of the work")
    if mode != "race":
        assert counts == ({"prospect": BULK} if mode == "pause" else {"loyal": BULK})


def _merge_state(path: Path) -> tuple[object, ...]:
    ids = dict(_query(path, "SELECT name, id FROM customers WHERE name LIKE 'Merge %'"))
    owners = tuple(
        tuple(r[0] for r in _query(path, f"SELECT customer_id FROM {t} ORDER BY id"))
        for t in ("follow_ups", "deals", "notes")
    )
    return tuple(sorted(ids)), owners


@pytest.mark.parametrize("mode", MODES)
def test_kill_during_merge(work_db: Path, mode: str) -> None:
    keeper, goner = 1, 2
    before = _merge_state(work_db)
    assert before == (("Merge Goner", "Merge Keeper"), ((1, 2), (1, 2), (1, 2)))
    _kill_at_marker(MERGE, work_db, mode, keeper, goner)
    _check_passes(work_db)
    after = _merge_state(work_db)
    merged = (("Merge Keeper",), ((1, 1), (1, 1), (1, 1)))
    assert after in (before, merged), after
    print(f"merge killed ({mode}): {'none' if after == before else 'all'} of the work")
    if mode != "race":
        assert after == (before if mode == "pause" else merged)


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sheet") / "new.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["姓名", "手机", "城市"])
    for i in range(IMPORT_ROWS):
        ws.write_row(i + 1, 0, [f"导入客户{i}", f"136{i:08d}", "杭州"])
    book.close()
    return path


@pytest.mark.parametrize("mode", MODES)
def test_kill_during_import(work_db: Path, sheet: Path, mode: str) -> None:
    _kill_at_marker(IMPORT, work_db, mode, sheet)
    _check_passes(work_db)
    ((count,),) = _query(work_db, "SELECT count(*) FROM customers")
    ((batches,),) = _query(work_db, "SELECT count(*) FROM import_batches")
    ((indexed,),) = _query(work_db, "SELECT count(*) FROM customer_fts WHERE customer_fts MATCH '导入客户'")
    assert (count, batches, indexed) in ((BULK, 0, 0), (BULK + IMPORT_ROWS, 1, IMPORT_ROWS))
    print(f"import killed ({mode}): {'none' if count == BULK else 'all'} of the work")
    if mode != "race":
        assert count == (BULK if mode == "pause" else BULK + IMPORT_ROWS)


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.05, 0.1, 0.2])
def test_kill_during_backup(work_db: Path, delay: float) -> None:
    from crm_desktop.services.autobackup import backups_dir, list_backups

    marker = work_db.with_name("started")
    proc = subprocess.Popen(
        [sys.executable, "-c", BACKUP, str(work_db), str(marker), "race"], cwd=REPO, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while not marker.exists() and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    _check_passes(work_db)
    # a backup that is listed is complete and healthy; a half-written copy is never listed
    for backup in list_backups(work_db):
        _check_passes(backup.path)
        assert _query(backup.path, "SELECT count(*) FROM customers") == [(BULK,)]
    print(f"backup killed after {delay}s: {len(list_backups(work_db))} finished backup(s)")
    leftovers = [p.name for p in backups_dir(work_db).glob("*") if p.name.endswith(".tmp")]
    assert all(name.startswith(".") for name in leftovers)
