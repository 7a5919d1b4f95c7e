"""`crm-desktop import / imports list / imports undo / export` end to end, as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sample_files import SAMPLES

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CRM_DESKTOP_LANG": "en", "PYTHONPATH": str(REPO)},
    )


def file_hash(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(
        shutil.copy(SAMPLES / "datablist_customers-100__handedited_missing_values_variant.csv", tmp_path)
    )


def test_import_dry_run_refuse_skip_invalid_list_undo(tmp_path: Path, sample: Path) -> None:
    db = tmp_path / "crm.db"
    dry = cli("import", "customers", sample, "--db", db, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "row 2: will create" in dry.stdout
    # a phone Excel turned into -1199 costs only itself: kept in the notes, the row imported
    assert (
        "row 4: will create (Phone 1: Phone: -1199 is not a valid phone number. Kept in the notes"
        in dry.stdout
    )
    assert "row 103: duplicate of row 70: skipped (same email as Virginia Dudley (row 70))" in dry.stdout
    summary = "100 to create, 0 to update, 0 unchanged, 2 duplicates, 5 values kept aside, 0 rows left out"
    assert summary in dry.stdout
    assert "5 problems:" in dry.stdout
    assert not db.exists()  # a dry run creates nothing, not even the database file

    refused = cli("import", "customers", sample, "--db", db, "--strict")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "Rows with problems: 6. --strict is on" in refused.stderr
    assert "Traceback" not in refused.stderr

    done = cli("import", "customers", sample, "--db", db, "--skip-invalid")  # still accepted
    assert done.returncode == 0, done.stderr
    summary = "import 1: 100 created, 0 updated, 2 duplicates, 5 values kept aside, 0 rows left out"
    assert summary in done.stdout
    assert "  row 4: Phone 1: Phone: -1199 is not a valid phone number." in done.stdout
    assert not (tmp_path / (sample.name + ".rejected.xlsx")).exists()  # only on request

    listed = cli("imports", "list", "--db", db)
    assert listed.returncode == 0
    assert "customers" in listed.stdout and "100 created" in listed.stdout

    out = tmp_path / "out.csv"
    exported = cli("export", "customers", out, "--db", db)
    assert exported.returncode == 0, exported.stderr
    assert "100 records written" in exported.stdout
    searched = cli("export", "customers", tmp_path / "s.xlsx", "--db", db, "--search", "Sheryl Baxter")
    assert searched.returncode == 0, searched.stderr
    assert openpyxl.load_workbook(tmp_path / "s.xlsx").active.max_row == 2

    undone = cli("imports", "undo", "1", "--db", db)
    assert undone.returncode == 0, undone.stderr
    assert "100 records removed" in undone.stdout
    again = cli("imports", "undo", "1", "--db", db)
    assert again.returncode == 1 and "already undone" in again.stderr


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("photo.xlsx", bytes(range(256)) * 4, "not a spreadsheet"),
        ("empty.csv", b"", "is empty"),
        ("cut.xlsx", None, "damaged"),
        ("headers.csv", b"Colour,Size\nred,10\n", "No column"),
    ],
)
def test_bad_files_exit_1_with_one_line_and_change_nothing(
    tmp_path: Path, name: str, content: bytes | None, says: str
) -> None:
    db = tmp_path / "crm.db"
    assert cli("import", "customers", SAMPLES / "datablist_customers-100.csv", "--db", db).returncode == 0
    before = file_hash(db)
    path = tmp_path / name
    if content is None:
        whole = (SAMPLES / "odoo_res_partner_import_template.xlsx").read_bytes()
        content = whole[: len(whole) // 3]
    path.write_bytes(content)
    result = cli("import", "customers", path, "--db", db)
    assert result.returncode == 1
    assert says in result.stderr
    assert result.stderr.count("\n") == 1
    assert file_hash(db) == before


def test_update_policy_and_saved_mapping(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    first = tmp_path / "a.csv"
    first.write_text("Who,Reach\nAnn,13800138000\n", encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text('{"Who": "name", "Reach": "phone", "Town": "city"}', encoding="utf-8")
    assert cli("import", "customers", first, "--db", db, "--mapping", mapping).returncode == 0
    second = tmp_path / "b.csv"
    second.write_text("Who,Reach,Town\nAnn,138 0013 8000,Xi'an\n", encoding="utf-8")
    skipped = cli("import", "customers", second, "--db", db, "--mapping", mapping)
    assert "0 created, 0 updated, 1 duplicates" in skipped.stdout
    updated = cli("import", "customers", second, "--db", db, "--mapping", mapping, "--on-duplicate", "update")
    assert "0 created, 1 updated" in updated.stdout, updated.stderr
    out = tmp_path / "o.csv"
    cli("export", "customers", out, "--db", db)
    assert "Xi'an" in out.read_text(encoding="utf-8-sig")


def test_sheet_option(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    result = cli(
        "import",
        "customers",
        SAMPLES / "odoo_res_partner_import_template.xlsx",
        "--db",
        db,
        "--sheet",
        "Nope",
    )
    assert result.returncode == 1 and "Contacts" in result.stderr
    ok = cli(
        "import",
        "customers",
        SAMPLES / "odoo_res_partner_import_template.xlsx",
        "--db",
        db,
        "--sheet",
        "Contacts",
    )
    assert ok.returncode == 0 and "3 created" in ok.stdout


def test_deals_into_a_new_database_and_chinese_output(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    customers = tmp_path / "c.csv"
    customers.write_text("姓名,手机\n张伟,13800138000\n", encoding="utf-8")
    assert cli("import", "customers", customers, "--db", db).returncode == 0
    deals = tmp_path / "d.csv"
    deals.write_text("客户电话,商机名称,金额,阶段\n13800138000,年卡,1200,成交\n", encoding="utf-8")
    result = cli("import", "deals", deals, "--db", db, "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert "导入 2：新建 1" in result.stdout
    out = tmp_path / "deals.xlsx"
    assert cli("export", "deals", out, "--db", db, "--lang", "zh").returncode == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][rows[0].index("名称")] == "年卡"
    assert rows[1][rows[0].index("阶段")] == "成交"


def test_save_mapping_into_a_missing_folder_is_one_line_and_changes_nothing(
    tmp_path: Path, sample: Path
) -> None:
    db = tmp_path / "crm.db"
    target = tmp_path / "no such folder" / "mapping.json"
    result = cli("import", "customers", sample, "--db", db, "--dry-run", "--save-mapping", target)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "mapping.json" in result.stderr
    assert not db.exists()


def test_contacts_without_a_name_arrive_and_are_listed_with_no_name(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    source = tmp_path / "phone.csv"
    source.write_text(
        "Name,Mobile,Email,Gender\nAnn Lee,13800138000,,\n,13900139000,,\n,,only@example.com,\n,,,female\n",
        encoding="utf-8",
    )
    dry = cli("import", "customers", source, "--db", db, "--dry-run")
    assert "row 5: left out: The row has no name, company, phone or email" in dry.stdout, dry.stdout
    done = cli("import", "customers", source, "--db", db)
    assert "3 created, 0 updated, 0 duplicates, 0 values kept aside, 1 rows left out" in done.stdout
    listed = cli("customers", "list", "--db", db, "--no-name", "--json")
    assert listed.returncode == 0, listed.stderr
    assert sorted(r["name"] for r in json.loads(listed.stdout)) == ["13900139000", "only@example.com"]
