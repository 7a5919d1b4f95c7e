"""The page frame every report shares: business header, period, print date, "Page N of M".

A report module gathers its data in a session and returns a list of flowables; `build_pdf`
lays them out on A4 (default) or Letter, portrait or landscape, and returns the PDF bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from sqlalchemy.orm import Session

from crm_desktop.reports.fonts import FONT, register_fonts
from crm_desktop.reports.labels import fmt_date, label
from crm_desktop.reports.styles import ACCENT, INK, MUTED

PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}
MARGIN = 15 * mm
HEADER_H = 20 * mm
FOOTER_H = 10 * mm
LOGO_H = 14 * mm


@dataclass
class BusinessProfile:
    """The business printed at the top of every page (settings key "business_profile")."""

    name: str = ""
    address: str = ""
    phone: str = ""
    logo: str = ""

    @classmethod
    def load(cls, session: Session) -> BusinessProfile:
        """The profile stored in the database; empty fields where none was set."""
        from crm_desktop.services.presets import get_setting

        raw = get_setting(session, "business_profile") or {}
        if not isinstance(raw, dict):
            raw = {}
        return cls(
            name=str(raw.get("name") or ""),
            address=str(raw.get("address") or ""),
            phone=str(raw.get("phone") or ""),
            logo=str(raw.get("logo") or raw.get("logo_path") or ""),
        )


@dataclass
class ReportContext:
    """What the frame of a report prints besides its body."""

    title: str
    lang: str = "en"
    page_size: str = "A4"
    landscape: bool = False
    business: BusinessProfile = field(default_factory=BusinessProfile)
    period: tuple[date | None, date | None] | None = None
    printed_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def page_dimensions(self) -> tuple[float, float]:
        size = PAGE_SIZES[self.page_size]
        return landscape(size) if self.landscape else size

    def period_text(self) -> str:
        if self.period is None:
            return ""
        start, end = self.period
        if start is None and end is None:
            return label("period_all", self.lang)
        return label("period", self.lang, start=fmt_date(start) or "…", end=fmt_date(end) or "…")


def _logo(path: str) -> ImageReader | None:
    """The logo image, or None when the file is missing or not an image (the header goes on)."""
    if not path:
        return None
    try:
        if not Path(path).is_file():
            return None
        reader = ImageReader(path)
        reader.getSize()
        return reader
    except Exception:  # a broken logo must not stop a report from printing
        return None


def _numbered_canvas(ctx: ReportContext) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each can say "Page N of M"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                self._draw_page_number(number, total)
                super().showPage()
            super().save()

        def _draw_page_number(self, number: int, total: int) -> None:
            width, _height = self._pagesize
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.drawRightString(width - MARGIN, MARGIN - 2 * mm, label("page", ctx.lang, n=number, m=total))

    return NumberedCanvas


def _draw_frame(ctx: ReportContext, logo: ImageReader | None) -> Callable[[Canvas, Any], None]:
    def on_page(canvas: Canvas, _doc: Any) -> None:
        width, height = ctx.page_dimensions()
        top = height - MARGIN
        canvas.saveState()
        text_right = width - MARGIN
        if logo is not None:
            iw, ih = logo.getSize()
            lw = min(LOGO_H * iw / ih, 45 * mm)
            canvas.drawImage(
                logo,
                width - MARGIN - lw,
                top - LOGO_H,
                lw,
                LOGO_H,
                mask="auto",
                preserveAspectRatio=True,
                anchor="ne",
            )
            text_right -= lw + 4 * mm
        canvas.setFillColor(INK)
        canvas.setFont(FONT, 12)
        canvas.drawString(MARGIN, top - 11, ctx.business.name)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        contact = "  ".join(
            part
            for part in (
                ctx.business.address,
                ctx.business.phone and label("tel", ctx.lang, phone=ctx.business.phone),
            )
            if part
        )
        canvas.drawString(MARGIN, top - 23, contact)
        canvas.setFillColor(INK)
        canvas.setFont(FONT, 10)
        canvas.drawRightString(text_right, top - 11, ctx.title)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(text_right, top - 23, ctx.period_text())
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, top - HEADER_H + 3 * mm, width - MARGIN, top - HEADER_H + 3 * mm)
        canvas.setFont(FONT, 8)
        canvas.drawString(
            MARGIN,
            MARGIN - 2 * mm,
            label("printed", ctx.lang, when=ctx.printed_at.strftime("%Y-%m-%d %H:%M")),
        )
        canvas.restoreState()

    return on_page


def build_pdf(story: Sequence[Flowable], ctx: ReportContext) -> bytes:
    """Lay `story` out in the report frame of `ctx` and return the finished PDF."""
    register_fonts()
    buf = io.BytesIO()
    width, height = ctx.page_dimensions()
    doc = BaseDocTemplate(
        buf,
        pagesize=(width, height),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_H,
        bottomMargin=MARGIN + FOOTER_H,
        title=ctx.title,
        author=ctx.business.name,
        creator="CRM Desktop",
        lang="zh-CN" if ctx.lang == "zh" else "en",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_draw_frame(ctx, _logo(ctx.business.logo)))])
    doc.build(list(story), canvasmaker=_numbered_canvas(ctx))
    return buf.getvalue()
