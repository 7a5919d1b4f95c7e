"""The `crm-desktop` command line: the parser, dispatch and error reporting.

Each command group lives in its own module listed in `COMMAND_MODULES`; a module has
`register(subparsers)` which adds its subcommands and sets `handler=` (a function taking the
parsed arguments and returning an exit status) with `set_defaults`. Handlers raise `CrmError`
for anything the user can fix; `main` turns that into one line on stderr and exit status 1.
`main` is also the one place where a database busy in another program (SQLite's "database is
locked", raw or wrapped by SQLAlchemy) becomes the `db.locked` line, and where any other
unexpected exception becomes one line (its traceback goes to the log file), never a traceback.

Importing this package stays cheap (no SQLAlchemy, pypinyin or openpyxl at module top): the
command modules import the heavy parts inside their handlers.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PROG = "crm-desktop"

# One module a command group, each with `register(subparsers)`. Add yours here (one line).
COMMAND_MODULES: list[str] = [
    "crm_desktop.cli.demo",
    "crm_desktop.cli.customers",
    "crm_desktop.cli.data",
    "crm_desktop.cli.reports",
    "crm_desktop.cli.exchange",
]


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line (exit status 2)."""

    def error(self, message: str) -> Any:
        self.exit(2, f"{self.prog}: {message}\n")


def add_common_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """`--db` and `--lang`, accepted both before and after the subcommand.

    On subcommands the default is SUPPRESS so a value given before the subcommand is not
    overwritten by the subparser's default.
    """
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default, help="database file")
    parser.add_argument("--lang", choices=("zh", "en"), default=default, help="language of messages")


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The whole parser: global options plus every command module's subcommands.

    With `lang` "zh" its help (`--help` of the program and of every command) is Chinese.
    """
    from crm_desktop import __version__

    parser = _Parser(prog=PROG, description="CRM Desktop: an offline CRM for small businesses.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_common_options(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    if lang == "zh":
        from crm_desktop.cli.help_zh import translate_parser

        translate_parser(parser)
    return parser


def help_lang(arguments: Sequence[str]) -> str:
    """The language of `--help`, decided before parsing as for messages: `--lang`, else
    CRM_DESKTOP_LANG and the system locale."""
    from crm_desktop import messages

    for i, arg in enumerate(arguments):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(arguments):
            value = arguments[i + 1]
        if value in messages.LANGS:
            return value
    return messages.default_lang()


def add_command(subparsers: Any, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A subcommand parser that also accepts `--db` and `--lang` after the command name."""
    sub: argparse.ArgumentParser = subparsers.add_parser(name, **kwargs)
    add_common_options(sub)
    return sub


def open_db(args: argparse.Namespace, *, create: bool = False, adopt_empty: bool = False) -> Any:
    """The database the command works on (`--db`, else CRM_DESKTOP_DB, else the default file).

    Reading commands pass create=False so a mistyped path is an error, not a new empty file;
    an existing empty file is filled only with `adopt_empty` (see `open_database`).
    """
    from crm_desktop.db.engine import open_database
    from crm_desktop.paths import resolve_db_path

    return open_database(resolve_db_path(getattr(args, "db", None)), create=create, adopt_empty=adopt_empty)


def db_path(args: argparse.Namespace) -> Path:
    """The path `open_db` would open, without opening it."""
    from crm_desktop.paths import resolve_db_path

    return resolve_db_path(getattr(args, "db", None)).absolute()


def say(code: str, args: argparse.Namespace, **params: object) -> None:
    """Print the catalogue sentence `code` in the chosen language on stdout."""
    from crm_desktop import messages

    print(messages.text(code, args.lang, cli=True, **params))


def _start_gui(args: argparse.Namespace, explicit_lang: str | None) -> int:
    try:
        from crm_desktop.ui import app
    except ImportError as exc:
        # a build without the GUI, or a machine missing Qt's system libraries
        from crm_desktop.errors import CrmError

        raise CrmError("cli.no_gui", detail=str(exc).splitlines()[0] if str(exc) else exc.name) from exc
    path = Path(args.db).expanduser() if args.db else None
    return int(app.run(path, explicit_lang) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 1 user-fixable problem, 2 usage)."""
    from crm_desktop import messages

    arguments = list(argv) if argv is not None else sys.argv[1:]
    parser = build_parser(help_lang(arguments))
    args = parser.parse_args(arguments)
    explicit_lang = args.lang
    if args.lang is None:
        args.lang = messages.default_lang()
    handler = getattr(args, "handler", None)
    if handler is None and args.command is not None:
        parser.error(f"{args.command}: an action is missing (see {PROG} {args.command} --help)")
    _tolerant_output()
    from crm_desktop.errors import CrmError

    try:
        if handler is None:
            return _start_gui(args, explicit_lang)
        return int(handler(args) or 0)
    except CrmError as exc:
        print(f"{PROG}: {_one_line(exc.message(args.lang, cli=True))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `crm-desktop customers list | head` closed the pipe: not an error for the user.
        _silence_stdout()
        return 0
    except Exception as exc:
        # the one place a busy database and any unforeseen error become one line, not a traceback
        try:
            line = _unexpected_message(exc, args, arguments)
        except Exception:  # never let the report of an error become a traceback itself
            line = _exception_summary(exc)
        print(f"{PROG}: {_one_line(line)}", file=sys.stderr)
        return 1


def is_busy_error(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps) is SQLite saying another program holds the database.

    sqlite3 reports both SQLITE_BUSY and SQLITE_LOCKED as `OperationalError` ("database is
    locked", "database table is locked"); SQLAlchemy wraps that in its own `OperationalError`.
    """
    import sqlite3

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_operational(current) or isinstance(current, sqlite3.OperationalError):
            text = str(getattr(current, "orig", None) or current).lower()
            if "locked" in text or "busy" in text:
                return True
        # what it wraps on purpose only: an error raised while handling a lock is not one
        current = getattr(current, "orig", None) or current.__cause__
    return False


def _is_operational(exc: BaseException) -> bool:
    # SQLAlchemy's OperationalError without importing SQLAlchemy when nothing of it is loaded
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.OperationalError)


def _unexpected_message(exc: Exception, args: argparse.Namespace, argv: list[str]) -> str:
    """The line for an exception no handler turned into a `CrmError`."""
    from crm_desktop import messages
    from crm_desktop.db.engine import database_error

    if is_busy_error(exc):
        return messages.text("db.locked", args.lang, path=db_path(args))
    known = database_error(exc, db_path(args))  # disk full, I/O error, damaged …: what to do
    if known is not None:
        return known.message(args.lang)
    detail = _exception_summary(exc)
    log = _log_traceback(exc, argv)
    if log is None:
        return messages.text("cli.unexpected", args.lang, detail=detail)
    return messages.text("cli.unexpected_logged", args.lang, detail=detail, log=log)


def _exception_summary(exc: BaseException, limit: int = 200) -> str:
    """`ValueError: first line of the message`, cut to `limit` characters (SQLAlchemy adds the SQL)."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _log_traceback(exc: Exception, argv: list[str]) -> Path | None:
    """Append the full traceback to the app's log file for a bug report; None if it cannot be written."""
    import traceback
    from datetime import datetime

    from crm_desktop.paths import data_dir

    try:
        log = data_dir() / "crm-desktop.log"
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{datetime.now():%Y-%m-%d %H:%M:%S} ERROR {PROG} {' '.join(argv)}\n")
            fh.write("".join(traceback.format_exception(exc)))
    except Exception:  # a read-only home folder must not hide the error itself
        return None
    return log


def _tolerant_output() -> None:
    """Never fail on a character the terminal cannot show (a CJK name on a Latin-1 console),
    and never pass a control character through to it (see `TerminalSafe`)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    if not isinstance(sys.stdout, TerminalSafe):
        sys.stdout = TerminalSafe(sys.stdout)
    if not isinstance(sys.stderr, TerminalSafe):
        sys.stderr = TerminalSafe(sys.stderr)


# C0 controls but tab and newline, DEL, and the C1 controls (0x9b is a one-byte CSI)
_CONTROLS = {c: f"\\u{c:04x}" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}


class TerminalSafe:
    """A text stream that writes control characters as `\\u001b`: a customer name imported with
    ESC or BEL in it ("\\x1b]0;pwned\\x07") could retitle, recolour or beep the user's terminal
    when `customers show` printed it raw. The same form is a valid JSON escape, so `--json`
    output stays valid JSON (json.dumps already escapes C0; this catches DEL and C1)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(text.translate(_CONTROLS))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
