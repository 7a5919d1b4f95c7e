"""Writing tables to .xlsx and .csv files that open cleanly in Excel and can never run a formula.

.xlsx (XlsxWriter, constant-memory): bold frozen header, an autofilter, column widths from
the header and the first rows, dates as real date cells, every text written as a text cell.
.csv: UTF-8 with BOM (so Chinese Excel opens it), text beginning with = + - @ prefixed with an
apostrophe. No cell exceeds Excel's 32,767 characters: longer text is cut with a visible marker.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crm_desktop.errors import CrmError
from crm_desktop.exchange.readers import FORMULA_CHARS
from crm_desktop.services.progress import Progress, cancelled, report

MAX_CELL = 32767
CUT_MARKER = " …[cut]"
WIDTH_SAMPLE = 200
MAX_WIDTH = 60
PROGRESS_EVERY = 2000


@dataclass
class CutWarning:
    """A text longer than a cell can hold, cut at `MAX_CELL` characters."""

    row: int  # 1-based row in the written sheet (the header is row 1)
    column: str
    length: int

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.length} characters cut to {MAX_CELL}"


# The first year an Excel date cell holds.
EXCEL_FIRST_YEAR = 1900


def _fit(text: str, row: int, column: str, warnings: list[CutWarning]) -> str:
    if len(text) <= MAX_CELL:
        return text
    warnings.append(CutWarning(row, column, len(text)))
    return text[: MAX_CELL - len(CUT_MARKER)] + CUT_MARKER


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value)
    first_line = text.split("\n", 1)[0]
    # CJK characters take two columns in Excel
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in first_line[:MAX_WIDTH])


def write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    total: int = 0,
    progress: Progress | None = None,
    sheet_name: str = "Sheet1",
) -> list[CutWarning]:
    """Write `rows` under `headers` to a formatted .xlsx; returns the cells that were cut."""
    import xlsxwriter
    import xlsxwriter.exceptions

    if not path.parent.is_dir():
        raise CrmError("export.cannot_write", path=path, detail="no such folder")
    iterator: Iterator[Sequence[Any]] = iter(rows)
    sample = list(itertools.islice(iterator, WIDTH_SAMPLE))
    warnings: list[CutWarning] = []
    try:
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    except OSError as exc:
        raise CrmError(
            "export.cannot_write", path=path, detail=getattr(exc, "strerror", None) or str(exc)
        ) from exc
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    datetime_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for c, header in enumerate(headers):
        width = max([_display_width(header), *(_display_width(r[c]) for r in sample)]) + 2
        sheet.set_column(c, c, min(max(width, 6), MAX_WIDTH))
    sheet.freeze_panes(1, 0)
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, bold)
    r = 0
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    for r, row in enumerate(itertools.chain(sample, iterator), start=1):
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value:
                    # always a text cell: `=HYPERLINK(...)` typed by a user stays text, never a formula
                    write_string(
                        r, c, value if len(value) <= MAX_CELL else _fit(value, r + 1, headers[c], warnings)
                    )
            elif value is None:
                continue
            elif kind is int or kind is float:
                write_number(r, c, value)
            elif kind is datetime and value.year >= EXCEL_FIRST_YEAR:
                write_datetime(r, c, value, datetime_fmt)
            elif kind is date and value.year >= EXCEL_FIRST_YEAR:
                write_datetime(r, c, datetime(value.year, value.month, value.day), date_fmt)
            elif kind is date or kind is datetime:
                # Excel has no dates before 1900 (a date cell came back as 00:00): ISO text
                # re-imports as the same date -- a birthday without its year is kept in 1604
                write_string(r, c, value.isoformat(sep=" ") if kind is datetime else value.isoformat())
            else:
                write_string(r, c, _fit(str(value), r + 1, headers[c], warnings))
        if r % PROGRESS_EVERY == 0:
            report(progress, r, total)
            if cancelled(progress):
                book.close()
                path.unlink(missing_ok=True)
                raise CrmError("export.cancelled")
    sheet.autofilter(0, 0, max(r, 1), max(len(headers) - 1, 0))
    try:
        book.close()
    except (OSError, xlsxwriter.exceptions.XlsxWriterException) as exc:
        raise CrmError(
            "export.cannot_write", path=path, detail=getattr(exc, "strerror", None) or str(exc)
        ) from exc
    report(progress, r, total)
    return warnings


def csv_text(value: Any) -> str:
    """A cell as CSV text: dates ISO, numbers without a needless `.0`, formula starts neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_CHARS):
        return "'" + text
    return text


def write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    total: int = 0,
    progress: Progress | None = None,
) -> list[CutWarning]:
    """Write `rows` under `headers` as UTF-8 CSV with a BOM; returns the cells that were cut."""
    warnings: list[CutWarning] = []
    try:
        fh = path.open("w", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CrmError(
            "export.cannot_write", path=path, detail=getattr(exc, "strerror", None) or str(exc)
        ) from exc
    with fh:
        writer = csv.writer(fh)
        writer.writerow([csv_text(h) for h in headers])
        for r, row in enumerate(rows, start=1):
            writer.writerow([_fit(csv_text(v), r + 1, headers[c], warnings) for c, v in enumerate(row)])
            if r % PROGRESS_EVERY == 0:
                report(progress, r, total)
                if cancelled(progress):
                    fh.close()
                    path.unlink(missing_ok=True)
                    raise CrmError("export.cancelled")
    return warnings


def write_table(
    path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], **kwargs: Any
) -> list[CutWarning]:
    """Write by the file name's extension: .xlsx or .csv."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(path, headers, rows, **kwargs)
    if suffix == ".csv":
        kwargs.pop("sheet_name", None)
        return write_csv(path, headers, rows, **kwargs)
    raise CrmError("export.bad_format", path=path)


def write_problems(path: Path, plan: Any, lang: str | None = None) -> None:
    """Every problem of an import, one a line: sheet row, column, the value as it was, what was
    done with it (kept in the notes, cut, left out, row left out) and why. The same list the dry
    run and the wizard show."""
    zh = lang == "zh"
    headers = ["行号", "列", "值", "处理", "原因"] if zh else ["Row", "Column", "Value", "Outcome", "Reason"]
    left_out = {r.row for r in plan.invalid_rows}

    def outcome(problem: Any) -> str:
        if problem.row in left_out:
            return "整行未导入" if zh else "row left out"
        if problem.kept:
            return "保留在备注中" if zh else "kept in the notes"
        return "已部分导入" if zh else "imported in part"

    problems = plan.problems
    rows = ([p.row, p.column, _cell(p.value), outcome(p), p.reason(lang)] for p in problems)
    write_xlsx(path, headers, rows, total=len(problems), sheet_name="问题" if zh else "Problems")


def _cell(value: Any) -> Any:
    return "" if value is None else value
