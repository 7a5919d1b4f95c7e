"""Finding the table in a sheet: the header row below any title rows, then the data rows.

Title rows, notes and blank rows above the header are skipped (the header is the row whose
cells match the most catalogue headers); blank rows inside the data are ignored; a merged
cell's value is repeated over the cells it covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crm_desktop.errors import CrmError
from crm_desktop.exchange.matching import (
    FIRST_NAME,
    LAST_NAME,
    Mapping,
    is_label,
    known_header,
    match_headers,
    normalise_header,
    synonym_index,
)
from crm_desktop.exchange.readers import Sheet, Workbook, open_workbook

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
    # a workbook of several sheets read without naming one: data rows of each sheet looked at
    sheet_rows: dict[str, int] | None = None
    # the sheet was chosen because the sheets before it hold no one
    sheet_chosen: bool = False

    def sheet_list(self) -> str:
        """`Sheet1 (0 rows), 客户 (12 rows)`: the sheets looked at and their data rows."""
        return ", ".join(f"{name} ({count})" for name, count in (self.sheet_rows or {}).items())

    def column(self, index: int) -> list[Any]:
        """Every value of column `index`, in row order."""
        return [cells[index] for _, cells in self.rows]

    def preview(self, count: int = 10) -> list[list[Any]]:
        """The first `count` data rows, for a preview."""
        return [cells for _, cells in self.rows[:count]]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_score(cells: list[Any], index: dict[str, str], kind: str = "customers") -> tuple[int, int]:
    texts = [c for c in cells if isinstance(c, str) and c.strip()]
    matched = sum(
        1
        for c in texts
        if normalise_header(c) in index
        or normalise_header(c).rstrip("0123456789") in index
        or known_header(kind, c)
    )
    return matched, len(texts)


def find_header_row(rows: list[list[Any]], kind: str) -> int:
    """0-based index of the header row: the first row matching about as many known headers as
    the best row among the first rows.

    A data row may look like headers too (a Google Contacts export whose first contact is all
    words: `Mobile`, `Home Page`, `Display Name`): the header comes first, so the first row that
    matches at least half as many headers as the best one is the header. When no row matches any
    known header, the first row with at least two text cells (or the first non-blank row) is
    taken, so that the user can still map the columns by hand.
    """
    index = synonym_index(kind)
    scores = [_header_score(cells, index, kind)[0] for cells in rows[:HEADER_SEARCH_ROWS]]
    best = max(scores, default=0)
    if best > 0:
        enough = best if best < 2 else max(2, (best + 1) // 2)
        return next(i for i, score in enumerate(scores) if score >= enough)
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
    if sheet is None and header_row is None and len(book.sheet_names) > 1:
        return _first_sheet_with_records(book, kind)
    raw = book.sheet(sheet)
    return table_from_sheet(Path(path), book.sheet_names, raw, kind, header_row)


def _first_sheet_with_records(book: Workbook, kind: str) -> Table:
    """The table of the first sheet that lists records (people, for customers): an empty first
    sheet, or an instructions sheet in front, is not the file. When no sheet does, the first
    sheet with any rows, so that its columns can still be matched by hand."""
    counts: dict[str, int] = {}
    fallback: Table | None = None
    for name in book.sheet_names:
        try:
            table = table_from_sheet(book.path, book.sheet_names, book.sheet(name), kind)
        except CrmError as exc:
            if exc.code not in ("import.empty", "import.no_columns"):
                raise
            counts[name] = 0
            continue
        counts[name] = len(table.rows)
        if not table.rows:
            continue
        if kind != "customers" or lists_people(table, match_headers(kind, table.headers)):
            table.sheet_rows = counts
            table.sheet_chosen = name != book.sheet_names[0]
            return table
        fallback = fallback or table
    if fallback is None:
        raise CrmError("import.empty_sheets", path=book.path, sheets=_sheet_list(counts))
    fallback.sheet_rows = counts
    return fallback


def _sheet_list(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in counts.items())


# What says who a customer is: without one of these a row names no one.
IDENTIFYING = ("name", FIRST_NAME, LAST_NAME, "company", "phone", "alt_phone", "email")
_NAMES = ("name", FIRST_NAME, LAST_NAME)
FORM_ROWS = 200  # rows that a blank form or a template may have
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def _contact(cells: list[Any], phones: list[int], emails: list[int]) -> bool:
    return any(len(re.sub(r"\D", "", str(cells[i]))) >= 5 for i in phones) or any(
        _EMAIL.search(str(cells[i])) for i in emails
    )


def form_reason(table: Table, mapping: Mapping) -> str | None:
    """Why `table` is no list of customers, or None when it lists some: `form` (labels in place
    of people: a blank sign-up form, a report template), `no_identity` (no column says who)."""
    if table.vcard:
        return None
    targets = mapping.targets
    matched = [h for h, t in zip(table.headers, targets, strict=True) if t is not None]
    name_headers = [h for h, t in zip(table.headers, targets, strict=True) if t in _NAMES]
    if any(h.strip().endswith((":", "：")) for h in name_headers) or (
        sum(h.strip().endswith((":", "：")) for h in matched) >= 2
    ):
        return "form"  # `姓名：` `性别：` side by side: a form's layout, not a table's header
    ident = [i for i, t in enumerate(targets) if t in IDENTIFYING]
    if not ident:
        # a lone 编号 column counting empty lines is a template; other columns: say what is missing
        return "form" if all(t in (None, "id") for t in targets) else "no_identity"
    names = [i for i, t in enumerate(targets) if t in _NAMES]
    phones = [i for i, t in enumerate(targets) if t in ("phone", "alt_phone")]
    emails = [i for i, t in enumerate(targets) if t == "email"]
    labels = people = 0
    for count, (_row, cells) in enumerate(table.rows):
        if _contact(cells, phones, emails):
            return None  # an email or a phone is someone, whatever the name cell says
        if any(is_label(cells[i]) for i in names):
            labels += 1
        elif any(not _blank(cells[i]) and not is_label(cells[i]) for i in ident):
            people += 1
        if count >= FORM_ROWS and people > labels:
            return None  # a form is short: this many rows naming more people than labels is a list
    # labels such as 姓名 / full name where people would be, and no more people than labels
    if people == 0 or labels >= people:
        return "form"
    return None


def lists_people(table: Table, mapping: Mapping) -> bool:
    """Whether a customers table lists anyone (see `form_reason`)."""
    return bool(table.rows) and form_reason(table, mapping) is None


def check_customer_table(table: Table, mapping: Mapping) -> None:
    """Refuse a customers table that lists no one, with one line that says why (and, for a
    workbook of several sheets, which sheets were looked at and their rows)."""
    sheets = table.sheet_list() if table.sheet_rows and len(table.sheet_rows) > 1 else ""
    if all(t is None for t in mapping.targets):
        if not sheets:
            return  # nothing recognised in the one sheet: the usual `no_columns` says what to do
        reason: str | None = "no_identity"
    else:
        reason = form_reason(table, mapping)
    if reason is None:
        return
    if reason == "form":
        raise CrmError("import.looks_like_form", path=table.path, sheets=_sheets_note(sheets))
    raise CrmError(
        "import.no_identity",
        path=table.path,
        headers=", ".join(h for h in table.headers if h)[:200],
        sheets=_sheets_note(sheets),
    )


def _sheets_note(sheets: str) -> Any:
    if not sheets:
        return ""
    return lambda lang: (
        f"（工作表及数据行数：{sheets}）" if lang == "zh" else f" (sheets and their rows: {sheets})"
    )
