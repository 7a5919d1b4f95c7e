"""`crm-desktop check | backup FILE | restore FILE`: keeping the database file safe."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crm_desktop.cli import add_command, db_path, say

SHOWN_PROBLEMS = 3  # the one line on stderr names the first few


def register(subparsers: Any) -> None:
    """Add `check`, `backup` and `restore`."""
    check = add_command(subparsers, "check", help="run SQLite's integrity and foreign-key checks")
    check.set_defaults(handler=_check)
    backup = add_command(
        subparsers, "backup", help="copy the database to a new FILE (safe while the app runs)"
    )
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(handler=_backup)
    restore = add_command(
        subparsers, "restore", help="replace the database with backup FILE (the current file is kept aside)"
    )
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(handler=_restore)


def _check(args: argparse.Namespace) -> int:
    from crm_desktop.errors import CrmError
    from crm_desktop.services.backup import check_database

    path = db_path(args)
    problems = check_database(path)
    if problems:
        detail = "; ".join(problems[:SHOWN_PROBLEMS])
        if len(problems) > SHOWN_PROBLEMS:
            detail += f"; … (+{len(problems) - SHOWN_PROBLEMS})"
        raise CrmError("check.failed", path=path, detail=detail)
    say("cli.check_ok", args, path=path)
    return 0


def _backup(args: argparse.Namespace) -> int:
    from crm_desktop.services.backup import backup_database

    target = backup_database(db_path(args), Path(args.file))
    say("cli.backup_done", args, path=target)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from crm_desktop.services.backup import restore_database
    from crm_desktop.services.lock import writer_lock

    path = db_path(args)
    backup = Path(args.file).expanduser().absolute()
    # the app must not have the file open: its connections would go on with the replaced file
    lock = writer_lock(path)
    try:
        kept = restore_database(backup, path)
    finally:
        if lock is not None:
            lock.release()
    if kept is None:
        say("cli.restore_done_new", args, path=path, backup=backup)
    else:
        say("cli.restore_done", args, path=path, backup=backup, kept=kept)
    return 0
