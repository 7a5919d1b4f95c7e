"""Finding the table in a sheet: the header row below any title rows, then the data rows.

Title rows, notes and blank rows above the header are skipped (the header is the row whose
cells match the most catalogue headers); blank rows inside the data are ignored; a merged
cell's value is repeated over the cells it covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crm_desktop.errors import CrmError
from crm_desktop.exchange.matching import normalise_header, synonym_index
from crm_desktop.exchange.readers import Sheet, open_workbook

HEADER_SEARCH_ROWS = 30


@dataclass
class Table:
    """A sheet's header and data rows; `rows` are (sheet row number, cells padded to the headers)."""

    path: Path
    sheets: list[str]
    sheet: str
    header_row: int  # 1-based row number in the sheet
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    # read from a vCard file: `header_row` means nothing to the user, so it is not reported
    vcard: bool = False

    def column(self, index: int) -> list[Any]:
        """Every value of column `index`, in row order."""
        return [cells[index] for _, cells in self.rows]

    def preview(self, count: int = 10) -> list[list[Any]]:
        """The first `count` data rows, for a preview."""
        return [cells for _, cells in self.rows[:count]]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_score(cells: list[Any], index: dict[str, str]) -> tuple[int, int]:
    texts = [c for c in cells if isinstance(c, str) and c.strip()]
    matched = sum(
        1 for c in texts if normalise_header(c) in index or normalise_header(c).rstrip("0123456789") in index
    )
    return matched, len(texts)


def find_header_row(rows: list[list[Any]], kind: str) -> int:
    """0-based index of the header row: the one matching most known headers among the first rows.

    When no row matches any known header, the first row with at least two text cells (or the first
    non-blank row) is taken, so that the user can still map the columns by hand.
    """
    index = synonym_index(kind)
    best, best_score = -1, (0, 0)
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _header_score(cells, index)
        if score[0] > best_score[0]:
            best, best_score = i, score
    if best >= 0:
        return best
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _header_score(cells, index)[1] >= 2:
            return i
    for i, cells in enumerate(rows):
        if not all(_blank(c) for c in cells):
            return i
    return -1


def _fill_merged(sheet: Sheet, first_row: int) -> None:
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 < first_row or r0 >= len(sheet.rows):
            continue
        value = sheet.rows[r0][c0] if c0 < len(sheet.rows[r0]) else ""
        for r in range(max(r0, first_row), min(r1, len(sheet.rows) - 1) + 1):
            row = sheet.rows[r]
            for c in range(c0, c1 + 1):
                if c < len(row) and _blank(row[c]):
                    row[c] = value


def table_from_sheet(
    path: Path, sheets: list[str], sheet: Sheet, kind: str, header_row: int | None = None
) -> Table:
    """Build the `Table` of one sheet; `header_row` (1-based) overrides the automatic choice."""
    rows = sheet.rows
    if header_row is None or sheet.vcard:  # a vCard's headers are ours, always its first row
        h = 0 if sheet.vcard else find_header_row(rows, kind)
    else:
        h = header_row - 1
    if h < 0 or h >= len(rows):
        raise CrmError("import.empty", path=path)
    raw_headers = rows[h]
    width = max((i + 1 for i, c in enumerate(raw_headers) if not _blank(c)), default=0)
    if width == 0:
        raise CrmError("import.no_columns", path=path)
    # blank rows (within the table's columns) are decided before merged values are spread,
    # so a merge cannot revive one
    blank = [all(c is None or c == "" or _blank(c) for c in row[:width]) for row in rows]
    _fill_merged(sheet, h + 1)
    headers = [_header_text(c) for c in raw_headers[:width]]
    data: list[tuple[int, list[Any]]] = []
    for i in range(h + 1, len(rows)):
        if blank[i]:
            continue
        cells = rows[i][:width]
        if len(cells) < width:
            cells = [*cells, *([""] * (width - len(cells)))]
        data.append((i + 1, cells))
    return Table(path, sheets, sheet.name, h + 1, headers, data, vcard=sheet.vcard)


def _header_text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split()) if cell is not None else ""


def read_table(
    path: str | Path,
    sheet: str | None = None,
    header_row: int | None = None,
    kind: str = "customers",
    lang: str | None = None,
) -> Table:
    """Read the table of `sheet` (the first sheet by default) of a spreadsheet, CSV or vCard file.

    `lang` ("zh" or "en"), when the caller knows it, is the language of the words a vCard import
    adds to notes. A vCard's table has `vcard` set: report no header row for it.
    """
    book = open_workbook(path, lang)
    raw = book.sheet(sheet)
    return table_from_sheet(Path(path), book.sheet_names, raw, kind, header_row)
