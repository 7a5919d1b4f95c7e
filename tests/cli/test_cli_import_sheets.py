"""Issue 15 on the command line: the sheet that was read is named; a form is refused in one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sample_files import SAMPLES


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "CRM_DESKTOP_LANG": "en"},
    )


def test_an_empty_first_sheet_is_passed_over_and_said(tmp_path: Path) -> None:
    source = Path(shutil.copy(SAMPLES / "real" / "easyexcel_simple07.xlsx", tmp_path / "simple07.xlsx"))
    db = tmp_path / "crm.db"
    done = cli("import", "customers", source, "--db", db, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Sheet Sheet1 lists no customers, so sheet simple  was read" in done.stdout
    assert "Sheet1 (0), simple  (1)" in done.stdout
    zh = cli("import", "customers", source, "--db", tmp_path / "zh.db", "--lang", "zh", "--dry-run")
    assert "工作表「Sheet1」中没有客户，因此读取了工作表「simple 」" in zh.stdout


def test_a_blank_form_is_refused_with_one_line_and_no_database_change(tmp_path: Path) -> None:
    source = Path(shutil.copy(SAMPLES / "real" / "eclipse_arrival-registration.xls", tmp_path / "form.xls"))
    db = tmp_path / "crm.db"
    refused = cli("import", "customers", source, "--db", db, "--lang", "zh")
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "没有找到客户——这看起来是一张表单或模板" in lines[0]
    listed = cli("customers", "list", "--db", db, "--json")
    assert listed.stdout.strip() in ("[]", "")
