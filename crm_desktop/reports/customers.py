"""Customer list report: the rows of the current filter, in its order, with its visible columns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable, Spacer
from sqlalchemy.orm import Session

from crm_desktop.errors import CrmError
from crm_desktop.fields import CHOICES, CUSTOM_PREFIX, CUSTOMER_FIELDS, Field, choice_label
from crm_desktop.reports.base import BusinessProfile, ReportContext
from crm_desktop.reports.labels import fmt_date, fmt_datetime, fmt_money, label
from crm_desktop.reports.options import ReportOptions
from crm_desktop.reports.styles import make_styles
from crm_desktop.reports.tables import PagedTable, para
from crm_desktop.services.customer_query import CustomerQuery, customer_ids, customer_rows
from crm_desktop.services.progress import Progress, cancelled, report

DEFAULT_KEYS = ("name", "company", "phone", "email", "city", "category", "total_spent")
# Relative column widths by field type: long text gets room, codes and numbers little.
WIDTH_BY_TYPE = {
    "int": 0.5,
    "money": 0.9,
    "float": 0.6,
    "choice": 0.8,
    "date": 0.85,
    "datetime": 1.1,
    "phone": 1.05,
    "email": 1.6,
    "url": 1.5,
    "tags": 1.2,
    "longtext": 2.2,
    "text": 1.2,
}
WIDTH_BY_KEY = {"name": 1.4, "address": 2.0, "city": 0.8, "postcode": 0.7, "grade": 0.45}
RIGHT_TYPES = ("int", "money", "float")
CHUNK = 2000  # rows per progress report

_FIELDS = {f.key: f for f in CUSTOMER_FIELDS}


def _field(key: str) -> Field:
    if key.startswith(CUSTOM_PREFIX):
        return Field(key, "text", key[len(CUSTOM_PREFIX) :], key[len(CUSTOM_PREFIX) :])
    if key not in _FIELDS:
        raise CrmError("value.unknown_field", field=key)
    return _FIELDS[key]


def format_value(field: Field, value: Any, lang: str) -> str:
    """A stored value as printed: choice names, dates, money, tags joined."""
    if value is None or value == "":
        return ""
    if field.type == "choice" and field.key in CHOICES:
        return choice_label(field.key, str(value), lang)
    if field.type == "money":
        return fmt_money(float(value))
    if field.type == "float":
        return f"{float(value):.1f}"
    if isinstance(value, datetime):
        return fmt_datetime(value)
    if isinstance(value, date):
        return fmt_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def fetch_rows(
    session: Session, ids: Sequence[int], keys: Sequence[str], lang: str, progress: Progress | None = None
) -> list[list[str]]:
    """Printed cells of customers `ids` (in that order) for columns `keys`, read in chunks."""
    fields = [_field(k) for k in keys]
    out: list[list[str]] = []
    for at in range(0, len(ids), CHUNK):
        if cancelled(progress):
            raise CrmError("report.cancelled")
        for rec in customer_rows(session, ids[at : at + CHUNK], keys):
            out.append([format_value(f, rec.get(f.key), lang) for f in fields])
        # the first half of the list's progress: rows read (the layout reports the rest)
        report(progress, min(at + CHUNK, len(ids)), 2 * len(ids))
    return out


def _all_ids(session: Session) -> list[int]:
    """Every active customer in name order (pinyin order for Chinese names)."""
    return customer_ids(session, CustomerQuery(sort_key="name"))


def customer_table(
    keys: Sequence[str], rows: Iterable[Sequence[str]], lang: str, progress: Progress | None = None
) -> PagedTable:
    """The list as a page-splitting table with its header repeated."""
    fields = [_field(k) for k in keys]
    widths = [WIDTH_BY_KEY.get(f.key, WIDTH_BY_TYPE.get(f.type, 1.0)) for f in fields]
    right = tuple(i for i, f in enumerate(fields) if f.type in RIGHT_TYPES)
    return PagedTable(
        [f.label(lang) for f in fields],
        list(rows),
        widths,
        make_styles(lang),
        right=right,
        fit_text=True,  # columns as wide as their texts: an email on one line, empty columns narrow
        progress=progress,
    )


def build(
    session: Session, options: ReportOptions, progress: Progress | None = None
) -> tuple[ReportContext, list[Flowable]]:
    """The customer list: `options.ids` (default: every active customer by name), `options.keys`."""
    lang = options.lang
    keys = list(options.keys or DEFAULT_KEYS)
    ids = list(options.ids) if options.ids is not None else _all_ids(session)
    rows = fetch_rows(session, ids, keys, lang, progress)
    styles = make_styles(lang)
    title = label("customers.title", lang)
    ctx = ReportContext(
        title=title,
        lang=lang,
        page_size=options.page_size,
        landscape=len(keys) > 7,
        business=BusinessProfile.load(session),
    )
    story: list[Flowable] = [para(title, styles.title)]
    summary = label("customers.count", lang, count=len(rows))
    if options.filter_text:
        summary += "　" + label("customers.filter", lang, text=options.filter_text)
    story += [para(summary, styles.small), Spacer(1, 6), customer_table(keys, rows, lang, progress)]
    return ctx, story
