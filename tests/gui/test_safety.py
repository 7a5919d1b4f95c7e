"""Start-up safety and the Backups page, as a user meets them.

Damaged file -> offer of the newest backup (the damaged file kept, never overwritten); busy ->
retried, then explained; read-only -> opened with a banner; a second start on the same file ->
the first window comes forward; Backups (from Settings) -> list, back up now, restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from crm_desktop.db.engine import Database, open_database
from crm_desktop.services.autobackup import list_backups, make_backup
from crm_desktop.services.customers import count_customers, create_customer
from crm_desktop.services.lock import writer_lock
from crm_desktop.services.presets import apply_preset
from crm_desktop.ui import safety
from crm_desktop.ui.single_instance import InstanceServer, bring_forward

REPO = Path(__file__).resolve().parents[2]
Yes = QMessageBox.StandardButton.Yes
No = QMessageBox.StandardButton.No


def _shop(path: Path, names: list[str]) -> None:
    db = open_database(path)
    with db.session() as s:
        apply_preset(s, "shop")
        for name in names:
            create_customer(s, {"name": name})
    db.close()


def _count(db: Database) -> int:
    with db.session() as s:
        return count_customers(s)


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


# damaged files ---------------------------------------------------------------------------


def _damage(path: Path) -> bytes:
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 40
    path.write_bytes(garbage)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return garbage


def test_damaged_file_offers_the_newest_backup_and_keeps_the_damaged_one(
    db_path: Path, parent: QWidget, dialogs: Any
) -> None:
    _shop(db_path, ["王芳", "李雷"])
    make_backup(db_path, now=datetime(2026, 5, 1, 9))
    newest = make_backup(db_path, now=datetime(2026, 5, 2, 9))
    garbage = _damage(db_path)
    dialogs.answer_message(Yes)
    start = safety.open_safely(db_path, parent, "en")
    try:
        assert _count(start.db) == 2
        assert start.restored_from == newest.path
        assert start.damaged_copy is not None and start.damaged_copy.read_bytes() == garbage
        assert ".damaged-" in start.damaged_copy.name
    finally:
        start.close()
    kind, _title, text = dialogs.shown[0]
    assert kind == "question" and "damaged" in text and "2026-05-02 09:00" in text
    assert "not overwritten" in text


def test_declining_the_restore_changes_nothing(db_path: Path, parent: QWidget, dialogs: Any) -> None:
    _shop(db_path, ["王芳"])
    make_backup(db_path)
    garbage = _damage(db_path)
    dialogs.answer_message(No)
    with pytest.raises(safety.StartStopped) as stop:
        safety.open_safely(db_path, parent, "en")
    assert stop.value.code == 1
    assert db_path.read_bytes() == garbage
    assert [kind for kind, _, _ in dialogs.shown] == ["question", "critical"]
    assert "Restore the newest backup" in dialogs.shown[1][2]
    assert writer_lock(db_path) is not None  # the lock was given back


def test_damaged_without_backup_is_explained(db_path: Path, parent: QWidget, dialogs: Any) -> None:
    db_path.write_bytes(b"this is a letter, not a database" * 100)
    dialogs.answer_message()
    with pytest.raises(safety.StartStopped):
        safety.open_safely(db_path, parent, "zh")
    assert dialogs.shown[0][0] == "critical" and "已损坏" in dialogs.shown[0][2]
    assert db_path.read_bytes() == b"this is a letter, not a database" * 100


def test_an_empty_file_is_a_question_not_a_silent_new_database(
    db_path: Path, parent: QWidget, dialogs: Any
) -> None:
    db_path.write_bytes(b"")
    dialogs.answer_message(No)
    with pytest.raises(safety.StartStopped):
        safety.open_safely(db_path, parent, "en")
    assert db_path.read_bytes() == b""  # declined: not a byte written
    [(kind, _title, text)] = dialogs.shown
    assert kind == "question" and "empty file" in text and "--" not in text
    assert writer_lock(db_path) is not None  # the lock was given back

    dialogs.answer_message(Yes)
    start = safety.open_safely(db_path, parent, "en")
    try:
        assert start.db.created and db_path.stat().st_size > 0
    finally:
        start.close()


def test_a_damaged_database_offer_says_how_old_the_backup_is(
    db_path: Path, parent: QWidget, dialogs: Any
) -> None:
    from datetime import datetime, timedelta

    _shop(db_path, ["王芳"])
    make_backup(db_path, now=datetime.now() - timedelta(days=3, hours=2))
    _damage(db_path)
    dialogs.answer_message(No)
    with pytest.raises(safety.StartStopped):
        safety.open_safely(db_path, parent, "en")
    question = dialogs.shown[0][2]
    assert "3 days ago" in question and "What was changed after that is not in it" in question


# busy, open elsewhere --------------------------------------------------------------------


def _hold_exclusive(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    return conn


def test_busy_database_is_retried(db_path: Path, parent: QWidget, dialogs: Any) -> None:
    _shop(db_path, ["王芳"])
    blocker = _hold_exclusive(db_path)
    # let go while the app waits between attempts (the first attempt waits out 5 s)
    release = threading.Timer(5.5, blocker.close)
    release.start()
    try:
        start = safety.open_safely(db_path, parent, "en")
    finally:
        release.cancel()
        blocker.close()
    assert _count(start.db) == 1
    start.close()
    assert dialogs.shown == []


def test_busy_database_is_explained_after_the_retries(
    db_path: Path, parent: QWidget, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _shop(db_path, ["王芳"])
    monkeypatch.setattr(safety, "BUSY_ATTEMPTS", 1)  # one attempt of 5 s keeps the test short
    blocker = _hold_exclusive(db_path)
    dialogs.answer_message()
    try:
        with pytest.raises(safety.StartStopped):
            safety.open_safely(db_path, parent, "en")
    finally:
        blocker.close()
    assert "busy" in dialogs.shown[0][2]


def test_file_held_by_another_program_is_explained(db_path: Path, parent: QWidget, dialogs: Any) -> None:
    _shop(db_path, [])
    other = writer_lock(db_path)  # e.g. `crm-desktop customers erase` running
    dialogs.answer_message()
    try:
        with pytest.raises(safety.StartStopped) as stop:
            safety.open_safely(db_path, parent, "en")
    finally:
        assert other is not None
        other.release()
    assert stop.value.code == 1
    assert "already open in another CRM Desktop window" in dialogs.shown[0][2]


ASK = """
import sys
from PySide6.QtCore import QCoreApplication
from crm_desktop.ui.single_instance import ask_first_instance
app = QCoreApplication([])
sys.exit(0 if ask_first_instance(sys.argv[1], 10000) else 3)
"""


def test_second_start_brings_the_first_window_forward(qtbot: Any, db_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    server = InstanceServer(db_path)
    assert server.listen()
    raised: list[bool] = []
    server.raise_requested.connect(lambda: (raised.append(True), bring_forward(window)))
    second = subprocess.Popen([sys.executable, "-c", ASK, str(db_path)], cwd=REPO, env={**os.environ})
    try:
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
    finally:
        if second.poll() is None:
            second.kill()
        server.close()
    assert second.returncode == 0
    assert raised == [True] and window.isVisible()


def test_no_first_window_means_no_answer(db_path: Path) -> None:
    from crm_desktop.ui.single_instance import ask_first_instance

    assert not ask_first_instance(db_path, 200)


# read-only -------------------------------------------------------------------------------


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    """A database on a medium the app cannot write (chmod, or a read-only mount for root)."""
    source = tmp_path / "source.db"
    _shop(source, ["王芳"])
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA journal_mode = DELETE")  # as copied to a USB stick: one file
    conn.close()
    folder = tmp_path / "medium"
    folder.mkdir()
    if os.geteuid() != 0:
        shutil.copyfile(source, folder / "crm.db")
        (folder / "crm.db").chmod(0o444)
        folder.chmod(0o555)
        yield folder / "crm.db"
        folder.chmod(0o755)
        return
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True
    ).returncode:
        pytest.skip("root, and no read-only mount possible here")
    try:
        shutil.copyfile(source, folder / "crm.db")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
        yield folder / "crm.db"
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_read_only_file_opens_with_a_banner(
    qtbot: Any, read_only_db: Path, dialogs: Any, sync_workers: None
) -> None:
    from crm_desktop.ui.main_window import MainWindow

    start = safety.open_safely(read_only_db, None, "en")
    try:
        assert start.db.read_only and start.lock is None
        assert _count(start.db) == 1
        window = MainWindow(start.db)
        qtbot.addWidget(window)
        window.show()
        safety.watch(start, window)
        banner = window.findChild(QWidget, "read_only_banner")
        assert banner is not None
        qtbot.waitUntil(banner.isVisible)
        assert "read-only" in banner.text() and "(read-only)" in window.windowTitle()  # type: ignore[attr-defined]
        assert safety.backup_on_close(start.db) is None  # nothing changed, nothing to back up
        window.close()
    finally:
        start.close()
    assert dialogs.shown == []


def test_writable_file_has_no_banner(qtbot: Any, db: Database) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    assert safety.add_read_only_banner(window, db) is None


# automatic backups -------------------------------------------------------------------------


def test_backup_on_close_and_the_daily_one(db: Database, qtbot: Any, sync_workers: None) -> None:
    made = safety.backup_on_close(db)
    assert made is not None and made.exists()
    auto = safety.AutoBackups(db)
    auto.run_if_due()  # a backup was made today: not due
    assert len(list_backups(db.path)) == 1
    shutil.rmtree(made.parent)
    auto.run_if_due()
    assert len(list_backups(db.path)) == 1 and auto.last_error is None


# the Backups page --------------------------------------------------------------------------


def test_backups_page_lists_backs_up_and_restores(
    qtbot: Any, db: Database, dialogs: Any, sync_workers: None
) -> None:
    from crm_desktop.ui.pages.backups import BackupsPage

    with db.session() as s:
        create_customer(s, {"name": "Before"})
    make_backup(db.path, now=datetime(2026, 5, 1, 9, 30))
    page = BackupsPage(db)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "2026-05-01 09:30:00"
    assert page.table.item(0, 1).text() == "Made by you (kept)"
    assert page.table.item(0, 2).text().endswith("KB")

    with db.session() as s:
        create_customer(s, {"name": "After"})
    page.backup_button.click()
    assert page.table.rowCount() == 2 and "Backup made" in page.status.text()

    # restore the older one, after saying No once
    page.table.selectRow(1)
    dialogs.answer_message(No)
    page.restore_button.click()
    assert _count(db) == 2
    dialogs.answer_message(Yes)
    with qtbot.waitSignal(page.restored):
        page.restore_button.click()
    assert _count(db) == 1  # the same Database object now reads the restored file
    with db.session() as s:
        create_customer(s, {"name": "Written after the restore"})
    assert _count(db) == 2
    kept = list(db.path.parent.glob("backups/crm/crm-*-before-restore.db"))
    assert len(kept) == 1 and "kept in" in page.status.text()
    # the data from before the restore is listed, so the restore itself can be undone
    assert "Before a restore (kept)" in [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
    assert [kind for kind, _, _ in dialogs.shown] == ["question", "question"]


def test_rotation_policy_is_saved(qtbot: Any, db: Database) -> None:
    from crm_desktop.services.autobackup import BackupPolicy, get_policy
    from crm_desktop.ui.pages.backups import BackupsPage

    page = BackupsPage(db)
    qtbot.addWidget(page)
    assert (page.daily_spin.value(), page.weekly_spin.value()) == (7, 4)
    page.daily_spin.setValue(10)
    page.weekly_spin.setValue(2)
    page.enabled_box.setChecked(False)
    page.policy_button.click()
    with db.session() as s:
        assert get_policy(s) == BackupPolicy(10, 2, False)


def test_settings_opens_backups(main_window: Any, dialogs: Any) -> None:
    from crm_desktop.ui.pages.backups import BackupsDialog

    make_backup(main_window.db.path)
    main_window.show_page("settings")
    settings = main_window.page("settings")
    settings.backups_section.button.click()
    dialog = main_window.findChild(BackupsDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.page.table.rowCount() == 1
    dialog.close()


def test_backups_page_in_chinese(qtbot: Any, db: Database) -> None:
    from crm_desktop.ui import i18n
    from crm_desktop.ui.pages.backups import BackupsPage

    i18n.install_translators("zh")
    page = BackupsPage(db)
    qtbot.addWidget(page)
    assert page.backup_button.text() == "立即备份"
    assert page.restore_button.text() == "恢复…"
    window = QWidget()
    qtbot.addWidget(window)
    db.read_only = True
    try:
        banner = safety.add_read_only_banner(window, db)
    finally:
        db.read_only = False
    assert banner is not None and "只读" in banner.text()


def _start_app(db_path: Path, quit_after_ms: int, home: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "CRM_DESKTOP_DB"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CRM_DESKTOP_QUIT_AFTER_MS=str(quit_after_ms),
        CRM_DESKTOP_LANG="en",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "crm_desktop", "--db", str(db_path)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def test_real_app_second_start_and_backup_on_close(db_path: Path, tmp_path: Path) -> None:
    _shop(db_path, ["王芳"])
    first = _start_app(db_path, 8000, tmp_path)
    try:
        assert first.stdout is not None
        assert first.stdout.readline().startswith("window shown")  # the first window is up
        second = _start_app(db_path, 1000, tmp_path)
        out, _ = second.communicate(timeout=60)
        assert second.returncode == 0 and "window shown" not in out  # handed over, no window
        assert first.poll() is None
        assert first.wait(60) == 0  # it quits by itself, as a user closing the window
    finally:
        if first.poll() is None:
            first.kill()
    backups = list_backups(db_path)
    assert len(backups) == 1
    from crm_desktop.services.backup import check_database

    assert check_database(backups[0].path) == []


def test_window_tells_about_a_restore_at_start_and_a_failed_backup(
    main_window: Any, db_path: Path, dialogs: Any
) -> None:
    db = main_window.db
    fake_start = safety.SafeStart(
        db,
        None,
        restored_from=db_path.with_name("crm-20260502-090000.db"),
        damaged_copy=Path("/x/crm.damaged.db"),
    )
    auto = safety.watch(fake_start, main_window)
    restored = main_window.findChild(QWidget, "restored_banner")
    assert restored is not None and "crm-20260502-090000.db" in restored.text()
    assert "/x/crm.damaged.db" in restored.text()
    # a file that opened but holds a broken reference: the copy fails its check
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO notes (customer_id, body, created_at) VALUES (999, 'orphan', '2026-01-01')")
    conn.commit()
    conn.close()
    auto.run_if_due()
    failed = main_window.findChild(QWidget, "backup_failed_banner")
    assert failed is not None and "automatic backup failed" in failed.text()
    assert auto.last_error is not None and auto.last_error.code == "backup.verify_failed"
    auto.stop()


def test_an_unusable_newest_backup_leaves_the_damaged_file_in_place(
    db_path: Path, parent: QWidget, dialogs: Any
) -> None:
    _shop(db_path, ["王芳"])
    newest = make_backup(db_path)
    newest.path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 3000)  # the backup went bad too
    garbage = _damage(db_path)
    dialogs.answer_message(Yes)
    with pytest.raises(safety.StartStopped):
        safety.open_safely(db_path, parent, "en")
    assert db_path.read_bytes() == garbage
    assert not list(db_path.parent.glob("*.damaged-*"))
    assert [kind for kind, _, _ in dialogs.shown] == ["question", "critical"]
    assert "Backup file" in dialogs.shown[1][2]


def test_a_smoke_start_on_a_new_file_quits_from_the_first_start_dialog(tmp_path: Path) -> None:
    """CRM_DESKTOP_QUIT_AFTER_MS (the installer's smoke test) must not wait for a person at the
    first-start choice of a brand-new database; nothing is chosen, so nothing is written."""
    new_db = tmp_path / "new.sqlite"
    app = _start_app(new_db, 1500, tmp_path)
    out, _ = app.communicate(timeout=90)
    assert app.returncode == 0 and "window shown" not in out
    with sqlite3.connect(new_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
