"""`crm-desktop report NAME OUT.pdf`: print a report to a PDF file."""

from __future__ import annotations

import argparse
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

NAMES_HELP = "customers, profile, agenda, pipeline, service or insight"
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def register(subparsers: Any) -> None:
    """Add the `report` command."""
    from crm_desktop.cli import add_command

    sub = add_command(
        subparsers,
        "report",
        help="write a PDF report",
        description="Write a printable PDF report. NAME is " + NAMES_HELP + ".",
    )
    sub.add_argument("name", metavar="NAME", help=NAMES_HELP)
    sub.add_argument("out", metavar="OUT.pdf", help="the PDF file to write")
    sub.add_argument("--customer", metavar="ID", type=int, help="the customer of the profile report")
    sub.add_argument("--from", dest="start", metavar="DATE", help="first day of the period (2024-05-01)")
    sub.add_argument("--to", dest="end", metavar="DATE", help="last day of the period (2024-05-31)")
    sub.add_argument("--page-size", choices=("A4", "Letter"), default="A4", help="paper size (default A4)")
    sub.set_defaults(handler=run)


def _date(value: str | None, option: str) -> date | None:
    from crm_desktop.errors import CrmError

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CrmError("value.date", field=option, value=value) from None


def _check_target(path: Path) -> None:
    """Refuse an output the user cannot write before any work is done."""
    from crm_desktop.errors import CrmError

    folder = path.parent
    if path.is_dir():
        raise CrmError("report.cannot_write", path=path, detail="is a folder")
    if not folder.is_dir():
        raise CrmError("report.cannot_write", path=path, detail=f"no folder {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CrmError("report.cannot_write", path=path, detail="permission denied")


def run(args: argparse.Namespace) -> int:
    """Render report `args.name` from the database and write it to `args.out`."""
    from crm_desktop.cli import say
    from crm_desktop.db.engine import open_database
    from crm_desktop.errors import CrmError
    from crm_desktop.paths import resolve_db_path
    from crm_desktop.reports import REPORT_NAMES, ReportOptions, render_report, save_pdf

    if args.name not in REPORT_NAMES:
        raise CrmError("report.unknown", name=args.name, names=", ".join(REPORT_NAMES))
    options = ReportOptions(
        lang=args.lang,
        page_size=args.page_size,
        customer_id=args.customer,
        start=_date(args.start, "--from"),
        end=_date(args.end, "--to"),
    )
    options.check()
    if args.name == "profile" and args.customer is None:
        raise CrmError("report.needs_customer")
    out = Path(args.out).expanduser()
    _check_target(out)
    db = open_database(resolve_db_path(args.db), create=False)
    try:
        with db.session() as session:
            data = render_report(session, args.name, options)
    finally:
        db.close()
    written = save_pdf(data, out)
    pages = pdf_page_count(data)
    say("cli.report_done", args, path=written.absolute(), pages=pages, plural="" if pages == 1 else "s")
    return 0


def pdf_page_count(data: bytes) -> int:
    """The pages of a PDF as reportlab writes it: one `/Type /Page` object a page (not `/Pages`)."""
    return len(_PAGE_OBJECT.findall(data))
