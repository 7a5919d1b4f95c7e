"""Plain-text tables that line up in a terminal, Chinese included (a CJK character takes two
cells)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence

ELLIPSIS = "…"
SAMPLE = 200  # column widths are fitted to the first rows, so a long list streams


def char_width(ch: str) -> int:
    """Terminal cells of one character: 2 for wide (CJK) characters, 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal cells `text` takes."""
    return sum(char_width(ch) for ch in text)


def fit(text: str, width: int) -> str:
    """`text` cut (with …) or padded with spaces to exactly `width` cells."""
    used = display_width(text)
    if used <= width:
        return text + " " * (width - used)
    out: list[str] = []
    used = 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + ELLIPSIS + " " * (width - used - 1)


def format_table(
    rows: Iterable[Sequence[str]], headers: Sequence[str], max_widths: Sequence[int]
) -> Iterator[str]:
    """The lines of a table: header, rule, rows. Columns fit their content up to `max_widths`;
    columns empty in every sampled row are left out."""
    rows = iter(rows)
    sample: list[Sequence[str]] = []
    for row in rows:
        sample.append(row)
        if len(sample) >= SAMPLE:
            break
    widths = []
    for i, cap in enumerate(max_widths):
        content = max((display_width(r[i]) for r in sample), default=0)
        widths.append(min(cap, max(content, display_width(headers[i]))) if content or not sample else 0)
    keep = [i for i, w in enumerate(widths) if w > 0]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(fit(cells[i], widths[i]) for i in keep).rstrip()

    yield line(headers)
    yield "  ".join("-" * widths[i] for i in keep)
    for row in sample:
        yield line(row)
    for row in rows:
        yield line(row)
