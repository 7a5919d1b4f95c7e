"""`crm-desktop demo`: fill a new database with believable demo data."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crm_desktop.cli import add_command, open_db, say
from crm_desktop.cli.options import non_negative_int

BUSINESSES = ("shop", "school", "office")


def register(subparsers: Any) -> None:
    """Add the `demo` command."""
    demo = add_command(
        subparsers,
        "demo",
        help="fill a new database with demo customers and two years of history",
        description="Fill a new (or empty) database with demo data in the --lang language.",
    )
    demo.add_argument("--customers", type=non_negative_int, default=200, metavar="N", help="default 200")
    demo.add_argument("--business", choices=BUSINESSES, default="shop", help="default shop")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    from crm_desktop.services.demo import generate_demo
    from crm_desktop.services.progress import Progress

    progress = None
    if sys.stderr.isatty() and args.customers >= 20000:

        def show(done: int, total: int) -> None:
            print(f"\r{done:,}/{total:,}", end="", file=sys.stderr, flush=True)

        progress = Progress(show)
    db = open_db(args, create=True, adopt_empty=True)  # demo data is an explicit new database
    try:
        summary = generate_demo(
            db, args.customers, lang=args.lang, business=args.business, seed=args.seed, progress=progress
        )
    finally:
        db.close()
        if progress is not None:
            print(file=sys.stderr)
    say(
        "cli.demo_done",
        args,
        path=db.path,
        customers=summary.customers,
        deals=summary.deals,
        follow_ups=summary.follow_ups,
        service=summary.service_records,
        seconds=summary.seconds,
    )
    return 0
