"""Paragraph and table styles of every report, all set in the embedded CJK font."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from crm_desktop.reports.fonts import FONT, register_fonts

BODY_SIZE = 9
TABLE_SIZE = 8
LEADING = 1.25  # leading as a multiple of the font size
CELL_PAD = 3  # top/bottom/left/right padding of table cells, points

INK = colors.HexColor("#1f2937")
MUTED = colors.HexColor("#6b7280")
RULE = colors.HexColor("#d1d5db")
HEAD_BG = colors.HexColor("#e5edf7")
STRIPE = colors.HexColor("#f7f9fc")
ACCENT = colors.HexColor("#2563eb")
CHART_COLORS = (
    colors.HexColor("#2563eb"),
    colors.HexColor("#16a34a"),
    colors.HexColor("#f59e0b"),
    colors.HexColor("#dc2626"),
    colors.HexColor("#7c3aed"),
    colors.HexColor("#0891b2"),
    colors.HexColor("#db2777"),
    colors.HexColor("#65a30d"),
)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one report language."""

    title: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle


def make_styles(lang: str) -> Styles:
    """Styles for `lang`: Chinese text wraps between any two characters, English between words."""
    register_fonts()
    # CJK wrapping breaks anywhere, which Chinese needs; English keeps word breaks but still
    # splits a long run of Chinese characters (splitLongWords) rather than overflowing.
    wrap = "CJK" if lang == "zh" else None

    def style(name: str, size: float, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=FONT,
            fontSize=size,
            leading=size * LEADING,
            textColor=kw.pop("textColor", INK),
            wordWrap=wrap,
            splitLongWords=1,
            **kw,
        )

    return Styles(
        title=style("title", 16, spaceAfter=4),
        h2=style("h2", 12, spaceBefore=10, spaceAfter=4, textColor=ACCENT),
        body=style("body", BODY_SIZE, spaceAfter=3),
        small=style("small", 7.5, textColor=MUTED),
        cell=style("cell", TABLE_SIZE, alignment=TA_LEFT),
        cell_right=style("cell_right", TABLE_SIZE, alignment=TA_RIGHT),
        head=style("head", TABLE_SIZE, textColor=INK),
    )


def table_style(
    n_rows: int, *, header: bool = True, right_cols: tuple[int, ...] = (), first_index: int = 0
) -> TableStyle:
    """Grid lines, a tinted header row and light stripes for a data table of `n_rows` rows.

    `first_index` is the position of the first data row in the whole list, so that the stripes
    of a list continued on the next page do not jump.
    """
    register_fonts()
    cmds: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, TABLE_SIZE, TABLE_SIZE * LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if header:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ]
    first = 1 if header else 0
    for r in range(first, n_rows):
        if (r - first + first_index) % 2 == 1:
            cmds.append(("BACKGROUND", (0, r), (-1, r), STRIPE))
    for c in right_cols:
        cmds.append(("ALIGN", (c, 0), (c, -1), "RIGHT"))
    return TableStyle(cmds)
