"""Who has a database file open: every open holds a shared lock; replacing the file needs it alone.

A restore replaces the database file with another one (a rename over it). A program that
still had the old file open went on writing into it -- into a file no longer at that path: a
tester's command-line import printed "82720 created" while its rows were in neither the
restored file nor the copy restore kept aside. The app's one-window lock (services/lock.py)
could not stop that, because command-line imports are meant to run beside the app.

So every `open_database` holds this lock SHARED until the database is closed, and a restore
takes it EXCLUSIVE for the whole keep-aside-and-swap: while anything has the file open the
restore is refused with one sentence, and while a restore runs an open waits a few seconds,
then says a restore is under way. Nobody ever writes into a replaced file.

The lock lives in a hidden file beside the database, `.<name>.inuse`, removed by the last user
to leave (it takes the lock exclusively first, so nobody else holds it then; a newcomer that
opened the old file checks that its lock is on the file now at the path, else takes again --
the same pattern as services/lock.py). On POSIX it is `flock` (one per open file, so two
Database objects of one process count as two users); Windows has no shared `msvcrt` lock, so
each user locks one byte of a 64-byte range and a restore locks the whole range.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import suppress
from pathlib import Path

from crm_desktop.errors import CrmError

WAIT_S = 5.0  # an open waits this long for a restore to finish (SQLite's busy timeout too)
POLL_S = 0.05
_SLOTS = 64  # Windows: the shared users one lock file can count at once
_BASE = 1 << 20  # Windows: the locked range sits far past any content


def use_lock_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.inuse")


class UseLock:
    """One user's hold on the database at `db_path` (resolved path)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = use_lock_path(db_path)
        self._fd: int | None = None
        self._slot: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire_shared(self, wait_s: float = WAIT_S) -> None:
        """Hold the lock shared; CrmError `db.restoring` when a restore keeps it past `wait_s`.
        OSError when the lock file cannot be made (a read-only folder: nobody can restore there)."""
        deadline = time.monotonic() + wait_s
        while not self._take(exclusive=False):
            if time.monotonic() >= deadline:
                raise CrmError("db.restoring", path=self.db_path)
            time.sleep(POLL_S)

    def acquire_exclusive(self, wait_s: float = 0.0, code: str = "db.in_use") -> None:
        """Hold the lock alone, or CrmError `code` once `wait_s` has passed (a restore waits
        for nobody; an upgrade waits a moment for others that are just opening)."""
        deadline = time.monotonic() + wait_s
        while not self._take(exclusive=True):
            if time.monotonic() >= deadline:
                raise CrmError(code, path=self.db_path)
            time.sleep(POLL_S)

    def downgrade(self) -> None:
        """From alone to shared (after an upgrade), keeping the same lock file."""
        if self._fd is None:
            return
        _lock_shared_again(self._fd, self._slot)

    def _take(self, exclusive: bool) -> bool:
        if self._fd is not None:
            return True
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                slot = _lock(fd, exclusive)
            except BaseException:
                os.close(fd)
                raise
            if slot is None:
                os.close(fd)
                return False
            if _same_file(fd, self.path):
                self._fd, self._slot = fd, slot
                return True
            # the last user removed the file after we opened it: take the one at the path now
            _unlock(fd, slot)
            os.close(fd)

    def release(self) -> None:
        """Leave; the last user removes the lock file."""
        if self._fd is None:
            return
        fd, slot = self._fd, self._slot
        self._fd = self._slot = None
        with suppress(OSError):
            if sys.platform != "win32" and _upgrade(fd) and _same_file(fd, self.path):
                self.path.unlink()  # alone now: nobody else holds this file's lock
        with suppress(OSError):
            _unlock(fd, slot)
        os.close(fd)

    def __del__(self) -> None:
        self.release()


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fd: int, exclusive: bool) -> int | None:
        if exclusive:
            os.lseek(fd, _BASE, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, _SLOTS)
            except OSError:
                return None
            return -1
        for slot in range(_SLOTS):
            os.lseek(fd, _BASE + slot, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                continue
            return slot
        return None

    def _unlock(fd: int, slot: int | None) -> None:
        if slot is None:
            return
        if slot < 0:
            os.lseek(fd, _BASE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, _SLOTS)
        else:
            os.lseek(fd, _BASE + slot, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _upgrade(fd: int) -> bool:
        return False  # the file stays on Windows (it cannot be removed while open anyway)

    def _lock_shared_again(fd: int, slot: int | None) -> None:
        _unlock(fd, slot)
        _lock(fd, exclusive=False)

else:
    import fcntl

    def _lock(fd: int, exclusive: bool) -> int | None:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        return 0

    def _unlock(fd: int, slot: int | None) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _upgrade(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _lock_shared_again(fd: int, slot: int | None) -> None:
        fcntl.flock(fd, fcntl.LOCK_SH)  # converting never conflicts: nobody else holds it
