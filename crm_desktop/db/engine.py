"""Opening a CRM Desktop database file: checks, pragmas, upgrades, sessions.

`open_database` refuses what it cannot safely open (missing, foreign, damaged, newer, locked)
with a `CrmError` and never changes such a file. An older file is copied aside before it is
upgraded.
"""

from __future__ import annotations

import errno
import glob
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.db import events as _events  # noqa: F401  (registers the ORM hooks)
from crm_desktop.db import migrate
from crm_desktop.db.uselock import UseLock
from crm_desktop.errors import CrmError

BUSY_TIMEOUT_MS = 5000
LEFTOVER_AGE_S = 3600  # Windows: a temporary copy untouched this long was left by a killed process
UPGRADE_WAIT_S = 60.0
# files people open as a database by mistake: what they want is an import
IMPORTABLE_SUFFIXES = (
    ".xlsx",
    ".xlsm",
    ".xls",
    ".ods",
    ".csv",
    ".tsv",
    ".txt",
    ".vcf",
)  # an opener waits this long for another program's upgrade of the file
IMMEDIATE = "crm_begin_immediate"  # execution option: this session begins with the write lock


@dataclass
class Database:
    """An open database file: its engine and a factory of short-lived sessions."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    read_only: bool = False
    upgraded_from: str | None = None
    upgrade_backup: Path | None = None
    created: bool = False
    # held shared while open, so that a restore never replaces the file under us (db.uselock)
    use_lock: UseLock | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)

    @contextmanager
    def session(self, *, immediate: bool = False) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error.

        `immediate` takes SQLite's write lock at the start (BEGIN IMMEDIATE), for work that
        decides from what it reads what to write: nobody can commit in between.
        """
        session = self.session_factory()
        try:
            if immediate:
                session.connection(execution_options={IMMEDIATE: True})
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def raw_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection with our pragmas, for bulk work (imports, backups)."""
        if self.read_only:
            conn = sqlite3.connect(readonly_uri(self.path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        _apply_pragmas(conn, self.read_only)
        return conn

    def checkpoint(self, *, truncate: bool = False) -> bool:
        """Copy the write-ahead log into the file (and empty it with `truncate`); False when
        SQLite could not (another reader still needs the log, or the disk fails)."""
        if self.read_only:
            return False
        try:
            conn = self.raw_connection()
            try:
                busy, _log, _done = conn.execute(
                    f"PRAGMA wal_checkpoint({'TRUNCATE' if truncate else 'PASSIVE'})"
                ).fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            return False
        return not busy

    def close(self) -> None:
        if not self._closed:
            self.engine.dispose()
            self._closed = True
            self.release_use_lock()

    def release_use_lock(self) -> None:
        """Stop counting as a user of the file (the app, right before it restores a backup)."""
        if self.use_lock is not None:
            self.use_lock.release()
            self.use_lock = None


def readonly_uri(path: str | os.PathLike[str]) -> str:
    """An SQLite URI that opens `path` read-only (for `sqlite3.connect(..., uri=True)`).

    `#`, `?` and `%` are escaped: unescaped, a folder such as `客户#2` cut the path short and
    SQLite opened (and created) another file, so a real database looked empty.

    On a read-only medium (CD, read-only share or mount) SQLite cannot create the `-shm` file a
    WAL database needs even to be read, and `mode=ro` failed with "unable to open database
    file". When nothing is waiting in a `-wal` file the main file is the whole database and
    cannot change under us, so it is opened `immutable=1`, which needs no `-shm`.
    """
    uri = "file:" + quote(os.fspath(path), safe="/\\:") + "?mode=ro"
    if wal_index_unavailable(Path(path)) and not _pending_wal(Path(path)):
        uri += "&immutable=1"
    return uri


def _pending_wal(path: Path) -> bool:
    """True when a `-wal` file beside `path` holds changes not yet copied into the main file."""
    try:
        return Path(str(path) + "-wal").stat().st_size > 0
    except OSError:
        return False


def wal_index_unavailable(path: Path) -> bool:
    """True when `path` has no `-shm` file and none can be created (a read-only folder).

    Decided from the folder alone, never by reading the file's header: opening and closing
    the database file with anything but SQLite while this process holds SQLite connections to
    it drops all of the process's locks on it (POSIX advisory locks belong to the process, not
    the descriptor), and the next program then believes it is the last user and deletes the
    WAL under us ("How To Corrupt An SQLite Database File", 2.2). In a folder nobody can write
    in, nobody can write the database either, so `immutable=1` is safe whatever its journal.
    """
    return not Path(str(path) + "-shm").exists() and not os.access(path.parent, os.W_OK)


def _apply_pragmas(conn: Any, read_only: bool) -> None:
    cur = conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def _make_engine(path: Path, read_only: bool) -> Engine:
    url = (
        URL.create("sqlite", database=readonly_uri(path), query={"uri": "true"})
        if read_only
        else URL.create("sqlite", database=str(path))
    )
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own transaction handling is replaced by explicit BEGIN so that SQLAlchemy
        # controls transactions (and savepoints work).
        dbapi_conn.isolation_level = None
        _apply_pragmas(dbapi_conn, read_only)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(IMMEDIATE) else "BEGIN")

    return engine


def _classify(path: Path, exc: Exception) -> CrmError:
    return _classify_text(path, exc) or CrmError("db.damaged", path=path, detail=_sqlite_detail(exc))


def _classify_text(path: Path, exc: BaseException) -> CrmError | None:
    """The CrmError for what SQLite (or the system) said in `exc`, or None when it is no
    database condition a user can act on."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return CrmError("db.disk_full", path=path)
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return CrmError("db.locked", path=path)
    if "readonly" in text or "read-only" in text:
        return CrmError("db.readonly", path=path)
    if "database or disk is full" in text or "no space left" in text:
        return CrmError("db.disk_full", path=path)
    if "disk i/o error" in text:
        # SQLite says "I/O error" when it cannot grow its -shm on a full disk
        return CrmError("db.disk_full" if _disk_full(path) else "db.io_error", path=path)
    if "unable to open database file" in text:
        return CrmError("db.cannot_open", path=path)
    if "malformed" in text or "file is not a database" in text:
        return CrmError("db.damaged", path=path, detail=_sqlite_detail(exc))
    return None


def _disk_full(path: Path) -> bool:
    try:
        stat = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return stat.f_bavail * stat.f_frsize < 64 * 1024


def database_error(exc: BaseException, path: str | os.PathLike[str]) -> CrmError | None:
    """`exc` as the one sentence a user gets, when it is SQLite (directly, or wrapped by
    SQLAlchemy) reporting a condition of the database file: busy, read-only, disk full, I/O
    error, gone, damaged. None for anything else (a bug, reported as such).

    Only what an error wraps on purpose is followed (SQLAlchemy's `.orig`, `raise ... from`),
    never the implicit context: an error raised while handling a lock is not a lock.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, CrmError):
            return current
        if isinstance(current, sqlite3.Error) or (
            isinstance(current, OSError) and current.errno == errno.ENOSPC
        ):
            return _classify_text(Path(path), current)
        current = getattr(current, "orig", None) or current.__cause__
    return None


# SQLite's own words for a damaged file, as a Chinese message gives them
_ZH_SQLITE_DETAILS = {
    "file is not a database": "文件不是数据库",
    "database disk image is malformed": "数据库文件结构已损坏",
}


def _sqlite_detail(exc: BaseException) -> Any:
    """SQLite's text of `exc` for an English message, a Chinese equivalent for a Chinese one."""
    text = str(exc)
    return lambda lang: _ZH_SQLITE_DETAILS.get(text, text) if lang == "zh" else text


def inspect_file(path: Path) -> str | None:
    """The schema revision of an existing file, or a `CrmError` if it is not ours or is damaged.

    Returns None for an empty SQLite database (no tables at all).
    """
    # Only SQLite reads the file: no header is read here (see `wal_index_unavailable`). SQLite
    # itself says "file is not a database" for a file that is not one.
    if not os.access(path, os.R_OK):  # someone else's file: not damage, and no backup helps
        raise CrmError("db.no_permission", path=path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CrmError("db.damaged", path=path, detail=exc.strerror or str(exc)) from exc
    if size == 0:
        return None
    if wal_index_unavailable(path) and _pending_wal(path):
        # the changes in -wal cannot be read without a -shm file, which cannot be created here
        raise CrmError("db.readonly_pending", path=path)
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return None
            if "alembic_version" not in tables or "customers" not in tables:
                raise CrmError("db.not_crm", path=path)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # damaged schema text fails to decode
        raise _classify(path, exc) from exc
    if row is None:
        raise CrmError("db.not_crm", path=path)
    return str(row[0])


def unknown_revision(path: Path, revision: str) -> CrmError:
    """`db.newer` for a later revision of ours ("0007"); `db.not_crm` for another program's
    Alembic database (its ids are hashes such as "ae1027a6acf"), which was called "made by a
    newer version of CRM Desktop"."""
    if revision.isdigit() and len(revision) == len(migrate.HEAD) and revision > migrate.HEAD:
        return CrmError("db.newer", path=path, found=revision)
    return CrmError("db.not_crm", path=path)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def copy_aside(path: Path, label: str) -> Path:
    """A consistent copy of `path` beside it (SQLite online backup), named with `label` and time."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix or '.db'}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{n}{path.suffix or '.db'}")
        n += 1
    src = sqlite3.connect(readonly_uri(path), uri=True)
    try:
        new_private_file(target)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def new_private_file(path: Path) -> None:
    """Create the empty file `path` readable by its owner only (0600 on POSIX; on Windows the
    user's profile folder already keeps it private). SQLite gives its -wal and -shm the same
    mode. A customer list is personal data: the usual umask made it readable by every local
    user."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def private_folder(folder: Path) -> None:
    """Make `folder` (and missing parents) exist; a folder made here is 0700 on POSIX."""
    missing: list[Path] = []
    current = folder
    while not current.is_dir() and current.parent != current:
        missing.append(current)
        current = current.parent
    for made in reversed(missing):
        made.mkdir(exist_ok=True, mode=0o700)
        with suppress(OSError):
            os.chmod(made, 0o700)  # mkdir's mode passes through the umask


def temp_beside(path: Path) -> Path:
    """The temporary name a new copy gets beside `path` until it is complete: `.NAME.PID.tmp`."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def remove_leftover_temps(path: Path) -> list[Path]:
    """Temporary copies beside `path` that a killed backup or restore left (`temp_beside`):
    removed when the process that made them is gone. Returns what was removed."""
    removed: list[Path] = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid_text = tmp.name[len(path.name) + 2 : -len(".tmp")]
        if not pid_text.isdigit() or _alive(int(pid_text), tmp):
            continue
        with suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _alive(pid: int, tmp: Path) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - no signal 0 there: its age decides
        try:
            return time.time() - tmp.stat().st_mtime < LEFTOVER_AGE_S
        except OSError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def refuse_network_folder(path: Path) -> None:
    """CrmError `db.network` when `path` is on a network share (see `db.filesystems`)."""
    from crm_desktop.db.filesystems import network_filesystem

    kind = network_filesystem(path)
    if kind is not None:
        raise CrmError("db.network", path=path, kind=kind)


def _put_back(copy: Path, path: Path) -> None:
    """Write the pages of `copy` back into the database `path`, through SQLite (so its locks
    and its -wal stay consistent; never a plain file copy over a database in use)."""
    with closing(sqlite3.connect(readonly_uri(copy), uri=True)) as src, closing(sqlite3.connect(path)) as dst:
        src.backup(dst)


def open_database(
    path: str | os.PathLike[str], *, create: bool = True, adopt_empty: bool = False
) -> Database:
    """Open (and if needed create or upgrade) the database at `path`.

    A missing file is created when `create`. An existing EMPTY file (zero bytes, or SQLite
    with no tables) is refused with `db.empty` and left as it is unless `adopt_empty`: it is
    more often a copy that failed or a file emptied by mistake than a wish for a new
    database, so only an explicit choice (`import --create`, `demo`, the app's question)
    turns it into one -- a read command never writes a schema into it.
    """
    path = Path(path).expanduser().resolve()
    refuse_network_folder(path)
    created = False
    if not path.exists():
        if not create:
            raise CrmError("db.missing", path=path)
        try:
            private_folder(path.parent)
            new_private_file(path)
        except (OSError, sqlite3.Error) as exc:
            raise CrmError("db.cannot_create", path=path, detail=str(exc)) from exc
        created = True
    elif path.is_dir():
        raise CrmError("db.not_crm", path=path)
    else:
        remove_leftover_temps(path)

    use_lock = _use(path)
    try:
        return _open_in_use(path, created, adopt_empty, use_lock)
    except CrmError as exc:
        if use_lock is not None:
            use_lock.release()
        if exc.code in ("db.damaged", "db.not_crm") and path.suffix.lower() in IMPORTABLE_SUFFIXES:
            raise CrmError("db.spreadsheet", path=path) from exc  # File -> Open on an .xlsx
        raise
    except BaseException:
        if use_lock is not None:
            use_lock.release()
        raise


def _upgrade_alone(path: Path, use_lock: UseLock) -> str | None:
    """Hold `use_lock` alone to upgrade, or shared again once another program has upgraded the
    file meanwhile; returns the file's revision then. CrmError `db.upgrade_in_use` when others
    keep it open past UPGRADE_WAIT_S (an older version's window, say)."""
    deadline = time.monotonic() + UPGRADE_WAIT_S
    while True:
        try:
            use_lock.acquire_exclusive(code="db.upgrade_in_use")
            return inspect_file(path)
        except CrmError:
            revision = inspect_file(path)
            if revision == migrate.HEAD:  # someone else upgraded it: just use it
                use_lock.acquire_shared()
                return revision
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


def _use(path: Path) -> UseLock | None:
    """Count as a user of the file (shared `UseLock`); None where no lock file can be made."""
    lock = UseLock(path)
    try:
        lock.acquire_shared()
    except OSError:
        return None  # a read-only folder: nothing can replace the file there either
    return lock


def _open_in_use(path: Path, created: bool, adopt_empty: bool, use_lock: UseLock | None) -> Database:
    revision = inspect_file(path)
    if revision is None and not created and not adopt_empty:
        raise CrmError("db.empty", path=path)
    if revision is not None and revision not in migrate.REVISIONS:
        raise unknown_revision(path, revision)

    read_only = not _writable(path)
    if read_only and revision != migrate.HEAD and not migrate.schema_current(revision):
        raise CrmError("db.readonly", path=path)
    # a read-only file short of data-only revisions opens as it is (nothing can be written)
    upgrade = revision != migrate.HEAD and not read_only
    if upgrade and use_lock is not None:
        # Upgrade alone: two programs opening an old file at once both upgraded, and the one
        # that failed ("database is locked") put its pre-upgrade copy back over the file the
        # other had just upgraded and written to. The first to get the file alone upgrades;
        # the others wait for it, then find the file current.
        use_lock.release()
        revision = _upgrade_alone(path, use_lock)
        upgrade = revision != migrate.HEAD
        if not upgrade:
            use_lock.downgrade()  # upgraded by another program meanwhile

    backup: Path | None = None
    if revision is not None and upgrade:
        backup = copy_aside(path, f"before-upgrade-{revision}")

    engine = _make_engine(path, read_only)
    db = Database(
        path=path,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False),
        read_only=read_only,
        upgraded_from=revision if backup else None,
        upgrade_backup=backup,
        created=created or revision is None,
        use_lock=use_lock,
    )
    if upgrade:
        try:
            with engine.begin() as conn:
                migrate.upgrade(conn)
        except Exception as exc:
            engine.dispose()
            busy = database_error(exc, path)
            if busy is not None and busy.code == "db.locked":
                raise busy from exc  # another program writes: nothing was changed, put nothing back
            if backup is not None:
                _put_back(backup, path)
                orig = getattr(exc, "orig", exc)
                raise CrmError(
                    "db.upgrade_failed", path=path, detail=_sqlite_detail(orig), backup=backup
                ) from exc
            raise
        if use_lock is not None:
            use_lock.downgrade()
    else:
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1 FROM customers LIMIT 1")
        except Exception as exc:
            engine.dispose()
            orig = getattr(exc, "orig", exc)
            if isinstance(orig, sqlite3.Error):
                raise _classify(path, orig) from exc
            raise
    return db
