"""`crm-desktop customers list|show`: customers as a terminal table or as JSON.

`--json` prints a JSON array of objects keyed by the field catalogue (tags a list, dates and
times ISO 8601, custom fields as `custom.<name>`), written page by page so 100,000 customers
do not have to sit in memory at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, TextIO

from crm_desktop import messages
from crm_desktop.cli import add_command, open_db
from crm_desktop.cli.options import non_negative_int
from crm_desktop.cli.table import format_table

PAGE = 1000
# Columns of the terminal table: (catalogue key, most terminal cells it may take).
TABLE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("id", 7),
    ("name", 18),
    ("phone", 18),
    ("email", 28),
    ("company", 24),
    ("city", 10),
    ("category", 10),
    ("grade", 5),
    ("tags", 24),
)


def register(subparsers: Any) -> None:
    """Add `customers list` and `customers show`."""
    group = add_command(subparsers, "customers", help="list or show customers")
    actions = group.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    lst = add_command(actions, "list", help="list customers (a search finds any fragment or pinyin initials)")
    lst.add_argument(
        "--search", metavar="TEXT", help="name, phone, email, company or notes fragment; zw finds 张伟"
    )
    lst.add_argument("--limit", type=non_negative_int, metavar="N", help="at most N customers (default: all)")
    lst.add_argument(
        "--no-name",
        action="store_true",
        help="only the customers without a name yet (imported with a company, email or phone as the name)",
    )
    lst.add_argument("--json", action="store_true", help="a JSON array keyed by the field catalogue")
    lst.set_defaults(handler=_list)
    show = add_command(actions, "show", help="one customer with every field")
    show.add_argument("id", type=non_negative_int, metavar="ID")
    show.add_argument("--json", action="store_true", help="a JSON object keyed by the field catalogue")
    show.set_defaults(handler=_show)
    erase = add_command(
        actions, "erase", help="erase a customer and everything linked for good (privacy request)"
    )
    erase.add_argument("id", type=non_negative_int, metavar="ID")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    erase.set_defaults(handler=_erase)


def _list(args: argparse.Namespace) -> int:
    from crm_desktop.services.customer_query import CustomerQuery, customer_ids, customer_rows

    db = open_db(args)
    try:
        with db.session() as s:
            search = (args.search or "").strip() or None
            # a search lists the best matches first; the whole list reads like a phone book
            query = CustomerQuery(search=search, sort_key=None if search else "name", no_name=args.no_name)
            ids = customer_ids(s, query)
            if args.limit is not None:
                ids = ids[: args.limit]
            pages = (customer_rows(s, ids[i : i + PAGE]) for i in range(0, len(ids), PAGE))
            if args.json:
                write_json_array(pages, sys.stdout)
            else:
                for line in format_table(_table_rows(pages, args.lang), _headers(args.lang), _widths()):
                    print(line)
    finally:
        db.close()
    return 0


def _show(args: argparse.Namespace) -> int:
    from crm_desktop.fields import CUSTOMER_FIELDS
    from crm_desktop.services.customer_query import customer_rows
    from crm_desktop.services.customers import get_customer

    db = open_db(args)
    try:
        with db.session() as s:
            get_customer(s, args.id)  # NotFound for an unknown id
            record = customer_rows(s, [args.id])[0]
    finally:
        db.close()
    if args.json:
        json.dump(record, sys.stdout, default=_json_default, ensure_ascii=_ascii_only(sys.stdout), indent=2)
        print()
        return 0
    labels = {f.key: f.label(args.lang) for f in CUSTOMER_FIELDS}
    width = max(_cells(label) for label in labels.values())
    for key, value in record.items():
        label = labels.get(key, key)
        print(f"{label}{' ' * (width - _cells(label))}  {_cell(key, value, args.lang)}")
    return 0


def _erase(args: argparse.Namespace) -> int:
    from crm_desktop.cli import say
    from crm_desktop.errors import CrmError
    from crm_desktop.services.erase import erase_customers_for_good
    from crm_desktop.services.lock import writer_lock

    if not args.yes:
        raise CrmError("erase.needs_yes", id=args.id)
    db = open_db(args)
    lock = None
    try:
        lock = writer_lock(db.path)  # not while the app has the file open
        erased = erase_customers_for_good(db, [args.id])
    finally:
        db.close()
        if lock is not None:
            lock.release()
    say("cli.erase_done", args, id=args.id, detail=erased.describe(args.lang))
    if not erased.log_emptied:
        print(messages.text("erase.log_kept", args.lang, path=db.path), file=sys.stderr)
    return 0


def write_json_array(pages: Iterator[list[dict[str, Any]]], out: TextIO) -> None:
    """Write the records of `pages` as one JSON array, one object a line."""
    encode = json.JSONEncoder(default=_json_default, ensure_ascii=_ascii_only(out)).encode  # one, reused
    first = True
    out.write("[")
    for page in pages:
        for record in page:
            out.write("\n" if first else ",\n")
            out.write(encode(record))
            first = False
    out.write("\n]\n" if not first else "]\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _ascii_only(out: TextIO) -> bool:
    # JSON stays valid either way; escape only where the stream cannot carry Chinese text
    encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "")
    return encoding not in ("utf8", "utf16", "utf32", "gb18030")


def _headers(lang: str) -> list[str]:
    from crm_desktop.fields import customer_field

    return [customer_field(key).label(lang) for key, _ in TABLE_COLUMNS]


def _widths() -> list[int]:
    return [width for _, width in TABLE_COLUMNS]


def _table_rows(pages: Iterator[list[dict[str, Any]]], lang: str) -> Iterator[list[str]]:
    for page in pages:
        for record in page:
            yield [_cell(key, record.get(key), lang) for key, _ in TABLE_COLUMNS]


def _cell(key: str, value: Any, lang: str) -> str:
    from crm_desktop.fields import CHOICES, choice_label

    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if key in CHOICES:
        return choice_label(key, value, lang)
    if isinstance(value, float):
        return f"{value:.2f}"
    return " ".join(str(value).split())


def _cells(text: str) -> int:
    from crm_desktop.cli.table import display_width

    return display_width(text)
