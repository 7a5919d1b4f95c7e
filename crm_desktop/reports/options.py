"""What a report is asked for: language, paper, period, customer, list filter and columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from crm_desktop.errors import CrmError
from crm_desktop.reports.base import PAGE_SIZES


@dataclass
class ReportOptions:
    """Options of one report run; each report reads the ones it needs.

    `start`/`end` are inclusive days. `ids` and `keys` are the customer list's current rows
    (in display order) and visible columns (catalogue keys); `filter_text` describes the
    filter in words for the page. `now` fixes "today" (tests, reprints).
    """

    lang: str = "en"
    page_size: str = "A4"
    customer_id: int | None = None
    start: date | None = None
    end: date | None = None
    ids: list[int] | None = None
    keys: list[str] | None = None
    filter_text: str = ""
    today: date | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def check(self) -> None:
        """Raise `CrmError` for options a user set wrongly (paper size, a period that ends first)."""
        if self.page_size not in PAGE_SIZES:
            raise CrmError("report.page_size", value=self.page_size, choices=", ".join(PAGE_SIZES))
        if self.start is not None and self.end is not None and self.end < self.start:
            raise CrmError("report.bad_period", start=self.start.isoformat(), end=self.end.isoformat())

    def day(self) -> date:
        """Today, or the fixed day of a reprint."""
        return self.today or date.today()
