"""What a spreadsheet may hold before anything of it is read into memory.

A spreadsheet is a zip of XML, and both can lie about their size. A tester's 1.6 KB .xlsx
whose one far cell sits at XFD1048576 made python-calamine allocate a grid of 17 billion
cells: the process aborted (exit 134, a Rust backtrace) -- in the app, the window would have
died. A 3.4 MB zip unpacked to 24 million rows and 8 GB before a MemoryError after 97 s; a
1.1 MB one-cell sheet to 3.4 GB. So before calamine sees a zip-based workbook, `check_workbook`
looks at what the zip says it unpacks to and scans each worksheet's XML as a stream (a few MB
at a time) for its real extent -- the last row number and the widest column -- and refuses,
in seconds and with one sentence, what is past the limits below. The numbers leave room for a
chain's million-member list.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from crm_desktop.errors import CrmError

MAX_UNPACKED = 1024 * 1024 * 1024  # all parts together, unpacked: 1 GB (a 1,000,000-row sheet is ~400 MB)
MAX_PART = 768 * 1024 * 1024  # one part (a sheet, the shared strings)
MAX_RATIO = 400  # unpacked / packed for a part above 10 MB: real sheets pack 5-20x, bombs 1000x
MAX_ROWS = 1_100_000  # Excel's own limit is 1,048,576
MAX_CELLS = 60_000_000  # rows x columns of the grid calamine builds (about 2 GB at most)
CHUNK = 4 * 1024 * 1024

# Row elements are counted (C speed), whatever their attributes; a row number of seven digits
# or more (row 1,000,000 on) and a column of two or three letters (AA on) are picked out of any
# ` r="…"` attribute, a row's or a cell's, in any attribute order: both are rare in real sheets,
# so the scan stays fast (0.35 s with unpacking over the 86 MB sheet of 100,000 rows x 14 columns) and a cell
# far out is seen even in a row without a number. One-letter columns are not told apart: a
# widest column of Z (26) is assumed once there is any row.
_ROW_TAGS = (b"<row", b":row ")
_FAR = re.compile(rb' r="((?:[A-Z]{2,3}|[A-Z]?\d{7})[0-9A-Z]*)"')
_LETTERS = re.compile(rb"[A-Z]*")


def check_workbook(path: Path) -> None:
    """CrmError `import.too_large` when the zip-based workbook at `path` would unpack to more
    than this program reads; nothing is read into memory beyond a few MB at a time."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            total = sum(p.file_size for p in parts)
            if total > MAX_UNPACKED:
                raise _too_large(path, "size", size=total)
            for part in parts:
                if part.file_size > MAX_PART:
                    raise _too_large(path, "size", size=part.file_size)
                if part.file_size > 10 * 1024 * 1024 and part.file_size > MAX_RATIO * max(
                    part.compress_size, 1
                ):
                    raise _too_large(path, "ratio", size=part.file_size, packed=part.compress_size)
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    rows, columns = sheet_extent(book, part)
                    if rows > MAX_ROWS:
                        raise _too_large(path, "rows", rows=rows)
                    if rows * columns > MAX_CELLS:
                        raise _too_large(path, "extent", rows=rows, columns=columns)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        return  # not a readable zip (damaged, truncated): the reader says what is wrong with it


def sheet_extent(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> tuple[int, int]:
    """(rows, widest column number) a worksheet's XML really holds: the rows are the larger of
    the number of row elements and the highest far row number; the widest column is at least 26
    once there is any row."""
    row_tags, far_row, widest = 0, 0, 0
    tail = b""
    with book.open(part) as stream:
        while chunk := stream.read(CHUNK):
            row_tags += sum(chunk.count(tag) for tag in _ROW_TAGS)
            text = tail + chunk  # an attribute cut between two chunks is read whole with the next
            for ref in set(_FAR.findall(text)):
                letters = _LETTERS.match(ref).group()  # type: ignore[union-attr]
                digits = ref[len(letters) :]
                if digits.isdigit():
                    far_row = max(far_row, int(digits))
                if letters:
                    widest = max(widest, _column_number(letters))
            tail = chunk[-64:]
    rows = max(row_tags, far_row)
    return rows, max(widest, 26 if rows else 0)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _too_large(path: Path, what: str, **params: int) -> CrmError:
    return CrmError(
        "import.too_large",
        path=path,
        detail=lambda lang: _DETAILS[what][lang == "zh"].format(
            **params, gb=params.get("size", 0) / 1024**3, mb=params.get("size", 0) / 1024**2
        ),
    )


_DETAILS = {
    "size": ("it unpacks to {gb:.1f} GB", "解压后达 {gb:.1f} GB"),
    "ratio": (
        "{packed:,} bytes unpack to {mb:,.0f} MB, as no real spreadsheet does",
        "{packed:,} 字节解压后达 {mb:,.0f} MB，正常的表格不会这样",
    ),
    "rows": ("{rows:,} rows", "{rows:,} 行"),
    "extent": (
        "a cell at row {rows:,}, column {columns:,}, far outside any table",
        "第 {rows:,} 行、第 {columns:,} 列有单元格，远在表格之外",
    ),
}
