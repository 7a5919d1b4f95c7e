"""Spreadsheet bombs are refused with one line before anything of them is materialised
(issue 14, items 7 and 8). Each file is made here; each import runs as its own process under
a 2 GB address-space limit, so a reader that tried to build the bomb would die, not pass."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sample_files import REPO

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}
_SHEET = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{rows}</sheetData></worksheet>'
_STRINGS = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'


def _xlsx(path: Path, sheet: str, strings: str = "x") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, content in _PARTS.items():
            book.writestr(name, content)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
        book.writestr("xl/sharedStrings.xml", _STRINGS.format(text=strings))
    return path


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _import(tmp_path: Path, file: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CRM_DESKTOP_DB", "CRM_DESKTOP_LANG")}
    env.update(
        HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), PYTHONPATH=str(REPO), CRM_DESKTOP_LANG="en"
    )

    def cap() -> None:
        two_gb = 2 * 1024**3
        resource.setrlimit(resource.RLIMIT_AS, (two_gb, two_gb))

    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", "import", "customers", str(file), "--db", str(tmp_path / "c.db"), "--dry-run"],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=180,
        stdin=subprocess.DEVNULL, env=env, preexec_fn=cap,
    )  # fmt: skip


def _refused(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "larger than CRM Desktop reads" in lines[0] and words in lines[0], lines


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS")
def test_one_cell_in_the_far_corner(tmp_path: Path) -> None:
    rows = f'<row r="1">{_cell("A1", "Name")}</row><row r="1048576">{_cell("XFD1048576", "x")}</row>'
    file = _xlsx(tmp_path / "corner.xlsx", _SHEET.format(dim='<dimension ref="A1:XFD1048576"/>', rows=rows))
    assert file.stat().st_size < 4096
    _refused(_import(tmp_path, file), "row 1,048,576, column 16,384")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS")
def test_millions_of_rows_from_a_small_zip(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, 1_200_001))
    file = _xlsx(tmp_path / "rows.xlsx", _SHEET.format(dim="", rows=rows))
    assert file.stat().st_size < 8 * 1024 * 1024
    _refused(_import(tmp_path, file), "1,200,000 rows")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS")
def test_one_giant_cell(tmp_path: Path) -> None:
    rows = f'<row r="1">{_cell("A1", "Name")}</row><row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    file = _xlsx(tmp_path / "cell.xlsx", _SHEET.format(dim="", rows=rows), strings="A" * (64 * 1024 * 1024))
    assert file.stat().st_size < 1024 * 1024
    _refused(_import(tmp_path, file), "unpack to 64 MB")


def test_an_ordinary_wide_file_is_not_refused(tmp_path: Path) -> None:
    """A real sheet with two-letter columns and a few thousand rows reads as before."""
    from crm_desktop.exchange.limits import check_workbook

    header = "".join(_cell(f"{a}1", f"col{a}") for a in ("A", "B", "AA", "AZ"))
    body = "".join(
        f'<row r="{n}">{_cell(f"A{n}", f"客户{n}")}{_cell(f"AZ{n}", "x")}</row>' for n in range(2, 5000)
    )
    file = _xlsx(
        tmp_path / "wide.xlsx",
        _SHEET.format(dim='<dimension ref="A1:AZ4999"/>', rows=f'<row r="1">{header}</row>{body}'),
    )
    check_workbook(file)  # no exception


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS")
@pytest.mark.parametrize(
    "rows",
    [
        '<row>{a}</row><row><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',  # rows without numbers
        '<row spans="1:1" r="1">{a}</row><row spans="1:1" r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row>',
    ],
)
def test_a_far_cell_in_any_attribute_order(tmp_path: Path, rows: str) -> None:
    file = _xlsx(tmp_path / "far.xlsx", _SHEET.format(dim="", rows=rows.format(a=_cell("A1", "Name"))))
    _refused(_import(tmp_path, file), "column 16,384")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS")
def test_millions_of_rows_without_row_numbers(tmp_path: Path) -> None:
    rows = "<row><c><v>1</v></c></row>" * 1_500_000
    file = _xlsx(tmp_path / "rows.xlsx", _SHEET.format(dim="", rows=rows))
    _refused(_import(tmp_path, file), "")  # refused for its rows or its packing, in seconds
