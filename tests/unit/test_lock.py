"""One writer per database file: a second opener is refused, a dead holder's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crm_desktop.errors import CrmError
from crm_desktop.services.lock import WriterLock, lock_path, writer_lock

REPO = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from pathlib import Path
from crm_desktop.services.lock import writer_lock
lock = writer_lock(sys.argv[1])
Path(sys.argv[2]).write_text("held")
time.sleep(120)
"""


def _start_holder(tmp_path: Path, db_path: Path) -> subprocess.Popen[bytes]:
    marker = tmp_path / "held"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), str(marker)], cwd=REPO)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, "the lock holder died"
        assert time.monotonic() < deadline, "the lock holder never took the lock"
        time.sleep(0.02)
    return proc


def test_second_writer_is_refused_until_the_first_releases(db_path: Path) -> None:
    first = writer_lock(db_path)
    assert first is not None and first.held
    assert lock_path(db_path).name == "crm.db.lock"
    with pytest.raises(CrmError) as err:
        writer_lock(db_path)
    assert err.value.code == "db.open_elsewhere"
    assert "another CRM Desktop window" in err.value.message("en")
    assert first.holder_pid() == os.getpid()
    first.release()
    second = writer_lock(db_path)
    assert second is not None and second.held
    second.release()


def test_locks_of_different_files_do_not_meet(tmp_path: Path) -> None:
    a = writer_lock(tmp_path / "a.db")
    b = writer_lock(tmp_path / "b.db")
    assert a is not None and b is not None
    a.release()
    b.release()


def test_context_manager_releases(db_path: Path) -> None:
    with WriterLock(db_path) as lock:
        assert lock.held
        with pytest.raises(CrmError), WriterLock(db_path):
            pass
    assert not lock.held
    again = writer_lock(db_path)
    assert again is not None
    again.release()


def test_another_process_holds_it_and_a_killed_holder_is_taken_over(tmp_path: Path, db_path: Path) -> None:
    proc = _start_holder(tmp_path, db_path)
    try:
        with pytest.raises(CrmError) as err:
            writer_lock(db_path)
        assert err.value.code == "db.open_elsewhere"
        assert WriterLock(db_path).holder_pid() == proc.pid
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    # the lock file stays behind with the dead process's id: it is stale, and taken over
    assert lock_path(db_path).exists()
    lock = writer_lock(db_path)
    assert lock is not None and lock.holder_pid() == os.getpid()
    lock.release()


def test_a_leftover_lock_file_with_garbage_is_taken_over(db_path: Path) -> None:
    lock_path(db_path).write_bytes(b"\x00\xffnot a pid")
    lock = writer_lock(db_path)
    assert lock is not None and lock.holder_pid() == os.getpid()
    lock.release()


def test_unwritable_folder_gives_no_lock(tmp_path: Path) -> None:
    # a path whose folder is a file: the lock file cannot be made, as on a read-only medium
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert writer_lock(blocker / "crm.db") is None
    with pytest.raises(CrmError) as err, WriterLock(blocker / "crm.db"):
        pass
    assert err.value.code == "db.readonly"


def test_command_line_restore_waits_for_the_app_to_close(db_path: Path, tmp_path: Path) -> None:
    from crm_desktop.db.engine import open_database
    from crm_desktop.services.backup import backup_database

    open_database(db_path).close()
    backup = backup_database(db_path, tmp_path / "copy.db")
    before = db_path.read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "CRM_DESKTOP_DB"}
    env["CRM_DESKTOP_LANG"] = "en"
    command = [sys.executable, "-m", "crm_desktop", "restore", str(backup), "--db", str(db_path)]
    app = writer_lock(db_path)  # the app has the file open
    try:
        refused = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    finally:
        assert app is not None
        app.release()
    assert refused.returncode == 1 and "already open" in refused.stderr
    assert db_path.read_bytes() == before and not list(tmp_path.rglob("*before-restore*"))
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr


def test_a_clean_release_removes_the_lock_file(db_path: Path) -> None:
    lock = writer_lock(db_path)
    assert lock is not None and lock_path(db_path).exists()
    lock.release()
    assert not lock_path(db_path).exists()  # nothing left beside the database
    with WriterLock(db_path):
        assert lock_path(db_path).exists()
    assert not lock_path(db_path).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps the file; the OS lock decides")
def test_a_taker_that_opened_the_removed_file_does_not_think_it_holds_the_lock(db_path: Path) -> None:
    import fcntl

    from crm_desktop.services.lock import _same_file

    first = writer_lock(db_path)
    assert first is not None
    # a second process opened the lock file just before the first released (and removed) it
    late = os.open(lock_path(db_path), os.O_RDWR)
    try:
        first.release()
        fcntl.flock(late, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the orphan locks without a fight...
        assert not _same_file(late, lock_path(db_path))  # ...and the check says it guards nothing
        second = writer_lock(db_path)  # the path itself is free and one writer takes it
        assert second is not None and second.held
        with pytest.raises(CrmError):
            writer_lock(db_path)
        second.release()
    finally:
        os.close(late)
