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
from pathlib import Path

from crm_desktop.errors import CrmError

MAX_UNPACKED = 1024 * 1024 * 1024  # all parts together, unpacked: 1 GB (a 1,000,000-row sheet is ~400 MB)
MAX_PART = 768 * 1024 * 1024  # one part (a sheet, the shared strings)
MAX_RATIO = 400  # unpacked / packed for a part above 10 MB: real sheets pack 5-20x, bombs 1000x
MAX_ROWS = 1_100_000  # Excel's own limit is 1,048,576
MAX_CELLS = 60_000_000  # rows x columns of the grid calamine builds (about 2 GB at most)
CHUNK = 4 * 1024 * 1024

# Excel, LibreOffice and the usual libraries write `<row r="…"` and `<c r="…"` with `r` first:
# literal prefixes the regex engine finds fast (0.3 s over the 86 MB sheet of 100,000 rows x 14
# columns). Others (a namespace prefix such as `<x:c`, `r` after another attribute) get the
# general form. Single-letter columns are not collected: a widest column of Z (26) is assumed.
_FAST = (re.compile(rb'<row r="(\d+)"'), re.compile(rb'<c r="([A-Z]{2,3})\d'))
_GENERAL = (
    re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"'),
    re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{2,3})\d'),
)


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
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # not a readable zip: the reader says what is wrong with it


def sheet_extent(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> tuple[int, int]:
    """(last row number, widest column number) of the cells a worksheet's XML really holds
    (the widest is at least 26 once there is any row: one-letter columns are not told apart)."""
    last_row, widest = 0, 0
    tail = b""
    patterns: tuple[re.Pattern[bytes], re.Pattern[bytes]] | None = None
    with book.open(part) as stream:
        while chunk := stream.read(CHUNK):
            text = tail + chunk
            if patterns is None and b"row" in text:
                patterns = _FAST if _FAST[0].search(text) else _GENERAL
            if patterns is not None:
                rows = patterns[0].findall(text)
                if rows:
                    last_row = max(last_row, max(int(r) for r in rows))
                columns = set(patterns[1].findall(text))
                if columns:
                    widest = max(widest, max(_column_number(c) for c in columns))
            tail = text[-256:]  # a tag cut between two chunks is read whole with the next one
    return last_row, max(widest, 26 if last_row else 0)


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
