"""One writer per database file: an exclusive lock on `<db>.lock` beside it.

The lock is an operating-system lock on an open file (flock on POSIX, msvcrt on Windows), so
the system drops it the moment the holding process ends, however it ends: the lock file a
crashed or killed app leaves behind is simply taken over by the next start. The file holds the
holder's process id, only to say who has the database open.

The database's path is resolved first (links followed): through `link.db -> real.db` a second
window, an erase or a restore met no lock before, and restore replaced the link itself with a
file. One real file has one lock, one backups folder and one restore target.

A folder that cannot be written (a read-only medium) gets no lock file: nobody can write the
database there anyway, and the app opens it read-only.

A clean release removes the lock file, so none is left beside the database after exit. The
standard pattern keeps that race-free (POSIX):

- the holder unlinks the file *while it still holds the lock*, and only then unlocks;
- a taker opens the path, locks the descriptor, and then checks that `fstat(fd)` and
  `stat(path)` name the same file (device and inode). A taker that opened the file just before
  the holder unlinked it has locked an orphan nobody else can find: the check fails (the path
  is gone or is a newer file), so it closes that descriptor and tries again on the path.

So two processes can never both believe they hold the lock of one path. Windows cannot
unlink an open file; there the file stays and the OS lock alone decides, as before. A crash
still leaves the file behind (the OS drops the lock itself), and the next start takes it over.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from crm_desktop.errors import CrmError


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """The lock file of the database at `db_path`: `<db>.lock` beside it."""
    path = Path(db_path).expanduser().resolve()
    return path.with_name(path.name + ".lock")


class WriterLock:
    """The exclusive right to write one database file, held until `release()` or exit."""

    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.db_path = Path(db_path).expanduser().resolve()
        self.path = lock_path(self.db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; False when another process (or handle) has it.

        Raises OSError when the lock file cannot be created (read-only folder).
        """
        if self._fd is not None:
            return True
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if not _lock(fd):
                    os.close(fd)
                    return False
                if not _REMOVE_ON_RELEASE or _same_file(fd, self.path):
                    break
            except BaseException:
                os.close(fd)
                raise
            # the holder before us removed the file after we opened it: that lock guards
            # nothing; take the lock of the file now at the path instead
            os.close(fd)
        # the pid is only a hint for "who has it open"; the OS lock is what counts
        with suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd
        return True

    def release(self) -> None:
        """Let the next writer in, removing the lock file first (see the module docstring)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if _REMOVE_ON_RELEASE:
            # still locked here: a taker that opened this file will see it is gone and retry
            with suppress(OSError):
                if _same_file(fd, self.path):
                    os.unlink(self.path)
        with suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def holder_pid(self) -> int | None:
        """The process id written by the current (or last) holder, if any."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def __enter__(self) -> WriterLock:
        acquire(self)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    def __del__(self) -> None:
        self.release()


def acquire(lock: WriterLock) -> WriterLock:
    """Take `lock` or raise CrmError `db.open_elsewhere` (nothing is changed)."""
    try:
        ok = lock.try_acquire()
    except OSError as exc:
        raise CrmError("db.readonly", path=lock.db_path) from exc
    if not ok:
        raise CrmError("db.open_elsewhere", path=lock.db_path)
    return lock


def writer_lock(db_path: str | os.PathLike[str]) -> WriterLock | None:
    """Hold the writer lock of `db_path`; None when its folder cannot be written (read-only).

    Raises CrmError `db.open_elsewhere` while another process holds it.
    """
    lock = WriterLock(db_path)
    try:
        ok = lock.try_acquire()
    except OSError:
        return None
    if not ok:
        raise CrmError("db.open_elsewhere", path=lock.db_path)
    return lock


def _same_file(fd: int, path: Path) -> bool:
    """Whether the open descriptor `fd` is the file now at `path` (same device and inode)."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    _REMOVE_ON_RELEASE = False  # an open file cannot be unlinked on Windows

    def _lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            # one byte far past the pid text: the pid stays readable by others
            os.lseek(fd, 1 << 20, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    _REMOVE_ON_RELEASE = True

    def _lock(fd: int) -> bool:
        # flock (not lockf): a lock per open file, so two handles in one process exclude
        # each other too, as two app windows would
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
