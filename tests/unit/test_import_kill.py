"""An import killed midway (SIGKILL, no clean-up at all) leaves the database exactly as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import xlsxwriter

from crm_desktop.db.engine import Database, open_database
from crm_desktop.services.customers import create_customer

REPO = Path(__file__).resolve().parents[2]

# Runs the real import; the progress callback announces the middle of the write and then waits
# there, inside the open transaction, for the kill.
CHILD = """
import sys, time
from pathlib import Path
from crm_desktop.db.engine import open_database
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.table import read_table
from crm_desktop.services.progress import Progress

db_path, source, marker = sys.argv[1:4]
table = read_table(source)
db = open_database(db_path)
with db.session() as s:
    plan = plan_import(s, "customers", table, match_headers("customers", table.headers))

def halfway(done, total):
    if done >= total // 2:
        Path(marker).write_text(str(done))
        time.sleep(120)

run_import(db, plan, Progress(halfway))
"""


def dump_hash(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_import_changes_nothing(db: Database, db_path: Path, tmp_path: Path) -> None:
    with db.session() as s:
        create_customer(s, {"name": "张伟", "phone": "13800138000", "tags": "VIP"})
    db.close()
    source = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(str(source), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "手机", "城市", "标签"])
    for i in range(1, 20001):
        sheet.write_row(i, 0, [f"客户{i}", f"139{i:08d}", "上海", "导入"])
    book.close()
    before = dump_hash(db_path)
    marker = tmp_path / "halfway"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(source), str(marker)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
            assert time.monotonic() < deadline, "the import never reached its middle"
            time.sleep(0.05)
        assert int(marker.read_text()) >= 10000  # rows were already written in the transaction
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    reopened = open_database(db_path)
    reopened.close()
    assert dump_hash(db_path) == before
