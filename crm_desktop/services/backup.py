"""Backup, restore and integrity check of a database file. Qt-free; used by the command line and
the UI alike.

- A backup is made with SQLite's online backup API, so it is consistent even while the app
  has the file open and writes to it; it is written beside the target under a temporary name
  and only renamed into place when complete, then checked.
- A restore first proves that the backup is a CRM Desktop database this build can open, keeps
  a copy of the current file, and replaces the file in one atomic rename: there is never a
  half-restored database.
- A check runs SQLite's integrity and foreign-key checks and returns the problems found.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crm_desktop.db import migrate
from crm_desktop.db.engine import (
    BUSY_TIMEOUT_MS,
    database_error,
    inspect_file,
    new_private_file,
    private_folder,
    readonly_uri,
    refuse_network_folder,
    temp_beside,
    unknown_revision,
)
from crm_desktop.db.uselock import UseLock
from crm_desktop.errors import CrmError

MAX_PROBLEMS = 20  # an integrity check of a badly broken file can list thousands of lines

# Why a backup was made, in its file name. The automatic ones are rotated; the others are kept.
AUTOMATIC_KINDS = ("daily", "close")
BACKUP_KINDS = (*AUTOMATIC_KINDS, "manual", "before-restore", "before-undo")
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?(?:-(?P<kind>"
    + "|".join(BACKUP_KINDS)
    + r"))?\.db$"
)


@dataclass(frozen=True)
class BackupName:
    stem: str
    made_at: datetime
    number: int
    kind: str


def backups_dir(db_path: str | os.PathLike[str]) -> Path:
    """The folder of the backups of `db_path` (it may not exist yet): `backups/<stem>/` beside it."""
    path = Path(db_path).expanduser().resolve()
    return path.parent / "backups" / path.stem


def backup_name(stem: str, made_at: datetime, kind: str, number: int = 0) -> str:
    """`<stem>-YYYYMMDD-HHMMSS[-N]-<kind>.db`: when and why, readable in any file manager."""
    if kind not in BACKUP_KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    extra = f"-{number}" if number else ""
    return f"{stem}-{made_at:%Y%m%d-%H%M%S}{extra}-{kind}.db"


def parse_backup_name(name: str) -> BackupName | None:
    """What a backup's file name says, or None for any other file (a name from before kinds
    existed is a `daily` one)."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        made_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return BackupName(match["stem"], made_at, int(match["n"] or 0), match["kind"] or "daily")


def backup_database(
    db_path: str | os.PathLike[str], target: str | os.PathLike[str], *, full_check: bool = True
) -> Path:
    """Copy the database at `db_path` to the new file `target`; returns `target`.

    The copy is checked before it gets its name: fully (integrity and foreign keys) unless
    `full_check` is False, when SQLite's quick check must do (the backup at close, which the
    user waits for; a restore checks fully before it puts any backup in place).
    Refuses (CrmError) a missing, damaged or foreign source and an existing target.
    """
    source = _existing_crm_file(db_path)
    target = Path(target).expanduser().absolute()
    if target.exists():
        raise CrmError("backup.target_exists", path=target)
    if not target.parent.is_dir():
        raise CrmError("backup.cannot_write", path=target, detail="no such folder")
    tmp = temp_beside(target)
    try:
        _online_copy(source, tmp)
        problems = _full_check(tmp) if full_check else _quick_check(tmp)
        if problems:  # the source itself is damaged: a backup of it would mislead
            raise CrmError("db.damaged", path=source, detail=problems[0])
        if target.exists():
            raise CrmError("backup.target_exists", path=target)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        raise CrmError("backup.cannot_write", path=target, detail=exc.strerror or str(exc)) from exc
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()
    return target


def restore_database(backup: str | os.PathLike[str], db_path: str | os.PathLike[str]) -> Path | None:
    """Replace the database at `db_path` with the backup file `backup`.

    Returns the copy of the replaced file, kept as a `before-restore` backup in the backups
    folder (listed with the others, never rotated away, so a restore can itself be undone),
    or None when there was no file at `db_path`. Refuses (CrmError), before touching anything,
    a backup that is missing, damaged, not a CRM database or made by a newer version, and a
    current file that another program is writing to.
    """
    source = Path(backup).expanduser().absolute()
    if not source.is_file():
        raise CrmError("restore.missing", path=source)
    try:
        revision = inspect_file(source)
    except CrmError as exc:
        if exc.code == "db.damaged":
            raise CrmError("restore.damaged", path=source, detail=exc.params.get("detail", "")) from exc
        if exc.code == "db.not_crm":
            raise CrmError("restore.not_crm", path=source) from exc
        raise
    if revision is None:
        raise CrmError("restore.not_crm", path=source)
    if revision not in migrate.REVISIONS:
        error = unknown_revision(source, revision)
        raise CrmError("restore.not_crm", path=source) if error.code == "db.not_crm" else error
    # the full integrity check (indexes against their tables) and the foreign-key check: a
    # backup whose index disagrees with its table passes the quick check, and once in place
    # it would fail `check` and answer searches wrongly
    problems = _full_check(source)
    if problems:
        raise CrmError("restore.damaged", path=source, detail=problems[0])

    current = Path(db_path).expanduser().resolve()
    refuse_network_folder(current)  # a database is never put in place on a share
    if current.is_dir():
        raise CrmError("db.not_crm", path=current)
    if not current.parent.is_dir():
        raise CrmError("db.cannot_create", path=current, detail="no such folder")
    if source == current:
        return None  # restoring a file onto itself changes nothing
    kept: Path | None = None
    tmp = temp_beside(current)
    # nobody may have the file open while it is replaced: a program that had would go on
    # writing into the old file, its work lost while it reports success (db.uselock)
    # (taken even when there is no file yet: a command creating one meanwhile must not keep
    # a connection to a file that is then renamed over)
    alone = UseLock(current)
    alone.acquire_exclusive()
    try:
        _online_copy(source, tmp)
        if current.exists():
            with _writer_lock(current) as locked:  # no program writes while the copy is kept aside
                kept = _keep_aside(current, raw_copy_allowed=not locked)
            # The lock is released before the swap: Windows cannot remove or replace files that
            # are open, even by us. A stale -wal beside the new file would be replayed into it,
            # so it goes first (its content is in the copy kept aside).
            for suffix in ("-wal", "-shm"):
                with suppress(FileNotFoundError):
                    Path(f"{current}{suffix}").unlink()
        os.replace(tmp, current)
        _fsync_dir(current.parent)
    except OSError as exc:
        raise CrmError("db.cannot_create", path=current, detail=exc.strerror or str(exc)) from exc
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()
        alone.release()
    return kept


def check_database(db_path: str | os.PathLike[str]) -> list[str]:
    """The problems SQLite's integrity and foreign-key checks find in the file (empty: healthy).

    Raises CrmError for a missing, foreign or unreadable file and for a locked one.
    """
    path = _existing_crm_file(db_path)
    try:
        return _full_check(path, raise_locked=True)
    except CrmError as exc:
        raise CrmError(exc.code, path=path) from exc


# -- helpers -------------------------------------------------------------------------------


def _full_check(path: Path, raise_locked: bool = False) -> list[str]:
    """SQLite's full integrity check and the foreign-key check of `path`, as problem lines."""
    problems: list[str] = []
    try:
        with closing(_connect_ro(path)) as conn:
            rows = conn.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
            problems += [str(r[0]) for r in rows if r[0] != "ok"]
            for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_PROBLEMS):
                problems.append(f"{table} row {rowid} refers to a missing {parent} record")
    except sqlite3.Error as exc:
        text = str(exc).lower()
        if raise_locked and ("locked" in text or "busy" in text):
            raise CrmError("db.locked", path=path) from exc
        problems.append(str(exc))
    return problems[:MAX_PROBLEMS]


def _existing_crm_file(db_path: str | os.PathLike[str]) -> Path:
    path = Path(db_path).expanduser().resolve()
    if not path.exists():
        raise CrmError("db.missing", path=path)
    if path.is_dir():
        raise CrmError("db.not_crm", path=path)
    if inspect_file(path) is None:
        raise CrmError("db.not_crm", path=path)
    return path


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def _online_copy(source: Path, target: Path) -> None:
    """A consistent copy of `source` as a self-contained file (no -wal needed) at `target`."""
    with suppress(FileNotFoundError):
        target.unlink()
    new_private_file(target)  # a copy of the customers is as private as the database
    try:
        with closing(_connect_ro(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
            # the copy inherits WAL mode; a rollback journal makes it one file to carry around
            dst.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        known = database_error(exc, source)  # what SQLite said, read the one way (db.engine)
        code = known.code if known is not None else "db.damaged"
        if code == "db.disk_full":  # the copy's disk: the database itself is fine
            raise CrmError("backup.disk_full", path=target) from exc
        if code in ("db.io_error", "db.cannot_open"):
            raise CrmError("backup.cannot_write", path=target, detail=str(exc)) from exc
        if code == "db.locked":
            raise CrmError("db.locked", path=source) from exc
        raise CrmError("db.damaged", path=source, detail=str(exc)) from exc
    # `target` is our own new file that no connection holds any more, so a plain descriptor
    # may open it (never the source database: see db.engine.wal_index_unavailable)
    with open(target, "rb+") as fh:
        os.fsync(fh.fileno())


def _quick_check(path: Path) -> list[str]:
    try:
        with closing(_connect_ro(path)) as conn:
            rows = conn.execute(f"PRAGMA quick_check({MAX_PROBLEMS})").fetchall()
    except sqlite3.Error as exc:
        return [str(exc)]
    return [str(r[0]) for r in rows if r[0] != "ok"]


@contextmanager
def _writer_lock(path: Path) -> Iterator[bool]:
    """Hold the write lock of `path` (so no program writes while it is replaced), if it is a
    database at all; a damaged or foreign current file is simply replaced. Yields whether
    a connection holds the lock (then nothing but SQLite may open the file meanwhile)."""
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if conn is not None:
            conn.close()
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise CrmError("db.locked", path=path) from exc
        conn = None
    except sqlite3.DatabaseError:
        if conn is not None:
            conn.close()
        conn = None
    try:
        yield conn is not None
    finally:
        if conn is not None:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            conn.close()


def _keep_aside(path: Path, raw_copy_allowed: bool) -> Path:
    """A copy of the current file as a `before-restore` backup; a raw file copy when SQLite
    cannot read it.

    The raw copy is made only when no SQLite connection of ours holds the file: closing the
    copy's descriptor would drop every lock this process holds on it.
    """
    folder = backups_dir(path)
    private_folder(folder)
    made_at = datetime.now().replace(microsecond=0)
    number = 0
    while (kept := folder / backup_name(path.stem, made_at, "before-restore", number)).exists():
        number += 1
    new_private_file(kept)
    try:
        with closing(_connect_ro(path)) as src, closing(sqlite3.connect(kept)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        return kept
    except sqlite3.Error:
        with suppress(FileNotFoundError):
            kept.unlink()
        if not raw_copy_allowed:
            raise
        shutil.copy2(path, kept)
        wal = Path(f"{path}-wal")
        if wal.exists():
            shutil.copy2(wal, Path(f"{kept}-wal"))
        return kept


def _fsync_dir(folder: Path) -> None:
    # makes the rename itself durable; not possible (nor needed) on Windows
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
