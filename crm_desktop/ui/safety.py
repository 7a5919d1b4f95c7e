"""Start-up and shutdown safety for the desktop app.

`open_safely` turns every way a database file can be unusable into one clear step:

- open in another CRM Desktop window (the writer lock is held): that window is brought
  forward and this start ends quietly; held by something else, the user is told;
- busy (another program is writing): retried a few times, then explained;
- damaged: the user is offered the newest automatic backup. The damaged file is moved aside
  under a new name, never overwritten, and the backup restored in its place;
- on a read-only medium: opened read-only, with a banner saying so (`add_read_only_banner`).

`AutoBackups` makes the daily backup while the app runs; `backup_on_close` the one at exit.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from crm_desktop.errors import CrmError
from crm_desktop.services.lock import WriterLock, writer_lock

if TYPE_CHECKING:
    from crm_desktop.db.engine import Database
    from crm_desktop.ui.single_instance import InstanceServer

log = logging.getLogger(__name__)

BUSY_ATTEMPTS = 3  # each attempt already waits out SQLite's busy timeout (5 s)
BUSY_PAUSE_MS = 1000
DAILY_CHECK_MS = 60 * 60 * 1000  # the daily backup is looked at every hour
FIRST_CHECK_MS = 60 * 1000  # the first look waits until start-up work is done
DAMAGED_CODES = ("db.damaged",)


class StartStopped(Exception):
    """The app must not continue: `code` is the exit status (0 when another window took over)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class SafeStart:
    """An open database together with what keeps it ours while the app runs."""

    db: Database
    lock: WriterLock | None
    server: InstanceServer | None = None
    restored_from: Path | None = None
    damaged_copy: Path | None = None

    def close(self) -> None:
        """Give the file back: the socket, the database, then the lock."""
        if self.server is not None:
            self.server.close()
        self.db.close()
        if self.lock is not None:
            self.lock.release()


def _wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _claim(path: Path, parent: QWidget | None, lang: str) -> WriterLock | None:
    """The writer lock, or StartStopped when another window or program has the file."""
    from crm_desktop.ui.single_instance import ask_first_instance

    try:
        return writer_lock(path)
    except CrmError as exc:
        if ask_first_instance(path):
            log.info("%s is open in another window; brought it forward", path)
            raise StartStopped(0) from exc
        QMessageBox.warning(parent, QCoreApplication.translate("safety", "CRM Desktop"), exc.message(lang))
        raise StartStopped(1) from exc


def _refuse_network_folder(path: Path, parent: QWidget | None, lang: str) -> None:
    from crm_desktop.db.engine import refuse_network_folder

    try:
        refuse_network_folder(path)
    except CrmError as exc:
        QMessageBox.critical(parent, QCoreApplication.translate("safety", "CRM Desktop"), exc.message(lang))
        raise StartStopped(1) from exc


def open_safely(
    path: Path,
    parent: QWidget | None,
    lang: str,
    opener: Callable[..., Database] | None = None,
) -> SafeStart:
    """Claim and open the database at `path`, handling every refusal with the user.

    `opener` opens the file (default `open_database`); raises StartStopped when the app must
    end (the message was shown, or the first window was brought forward).
    """
    if opener is None:
        from crm_desktop.db.engine import open_database

        opener = open_database
    path = path.expanduser().resolve()  # through a link: the real file's lock and backups
    _refuse_network_folder(path, parent, lang)  # before the lock file is made there
    lock = _claim(path, parent, lang)
    start: SafeStart | None = None
    try:
        start = _open(path, parent, lang, opener, lock)
        return start
    finally:
        if start is None and lock is not None:
            lock.release()


def _open(
    path: Path, parent: QWidget | None, lang: str, opener: Callable[..., Database], lock: WriterLock | None
) -> SafeStart:
    restored: Path | None = None
    damaged_copy: Path | None = None
    attempt = 0
    adopt = False
    while True:
        try:
            db = opener(path, adopt_empty=True) if adopt else opener(path)
        except CrmError as exc:
            if exc.code == "db.empty" and not adopt:
                if not ask_start_in_empty_file(path, parent):
                    raise StartStopped(1) from exc  # declined: the file stays as it was
                adopt = True
                continue
            attempt += 1
            if exc.code == "db.locked" and attempt < BUSY_ATTEMPTS:
                log.info("%s is busy; retry %d", path, attempt)
                _wait(BUSY_PAUSE_MS)
                continue
            if exc.code in DAMAGED_CODES and restored is None:
                outcome = offer_restore(path, exc, parent, lang)
                if outcome is not None:
                    restored, damaged_copy = outcome
                    continue
            log.error("cannot open %s: %s", path, exc)
            QMessageBox.critical(
                parent, QCoreApplication.translate("safety", "CRM Desktop"), exc.message(lang)
            )
            raise StartStopped(1) from exc
        break
    start = SafeStart(db, lock, restored_from=restored, damaged_copy=damaged_copy)
    if lock is not None and not db.read_only:
        from crm_desktop.ui.single_instance import InstanceServer

        server = InstanceServer(path)
        if server.listen():
            start.server = server
    return start


def ask_start_in_empty_file(path: Path, parent: QWidget | None) -> bool:
    """An existing empty file is no database yet: start a new one in it only when the user says so
    (it may be a copy that failed, which a new database would hide)."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("safety", "Empty file"),
        QCoreApplication.translate(
            "safety",
            "{file} is an empty file, not a CRM Desktop database yet. If it should hold your "
            "customers, it may be a copy that failed: choose No and restore a backup.\n\n"
            "Start a new database in this file?",
        ).format(file=path),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def offer_restore(path: Path, error: CrmError, parent: QWidget | None, lang: str) -> tuple[Path, Path] | None:
    """Offer the newest backup for the damaged file at `path`; (backup, damaged copy) when the
    user accepted and it was restored, None when there is none or the user declined."""
    from crm_desktop.services.autobackup import newest_backup

    newest = newest_backup(path, to_restore=True)
    if newest is None:
        return None
    question = "\n\n".join(
        (
            error.message(lang),
            QCoreApplication.translate(
                "safety",
                "Restore the newest backup, made {when} ({age}, {size})? What was changed after that is not in it.",
            ).format(
                when=newest.made_at.strftime("%Y-%m-%d %H:%M"),
                age=human_age(datetime.now() - newest.made_at),
                size=human_size(newest.size),
            ),
            QCoreApplication.translate(
                "safety", "The damaged file is kept under a new name beside it; it is not overwritten."
            ),
        )
    )
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("safety", "Database damaged"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    damaged_copy = move_damaged_aside(path)
    from crm_desktop.services.backup import restore_database

    try:
        restore_database(newest.path, path)
    except CrmError as exc:  # the backup itself is unusable: put the file back as it was
        _move_back(damaged_copy, path)
        QMessageBox.critical(parent, QCoreApplication.translate("safety", "CRM Desktop"), exc.message(lang))
        raise StartStopped(1) from exc
    log.warning("restored %s from %s; damaged file kept as %s", path, newest.path, damaged_copy)
    return newest.path, damaged_copy


def move_damaged_aside(path: Path) -> Path:
    """Rename the damaged file (and its -wal/-shm) to `<stem>.damaged-<time>.db`: kept as it was."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix or '.db'}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix or '.db'}")
        n += 1
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{target}{suffix}"))
    return target


def _move_back(copy: Path, path: Path) -> None:
    with suppress(FileNotFoundError):
        path.unlink()
    os.replace(copy, path)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{copy}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{path}{suffix}"))


def human_age(age: timedelta) -> str:
    """`3 days ago`, `1 hour ago`, `12 minutes ago` (`3 天前`): how old a backup is."""
    minutes = max(int(age.total_seconds() // 60), 0)
    if minutes >= 24 * 60:
        n = minutes // (24 * 60)
        one = QCoreApplication.translate("safety", "1 day ago")
        many = QCoreApplication.translate("safety", "%1 days ago")
    elif minutes >= 60:
        n = minutes // 60
        one = QCoreApplication.translate("safety", "1 hour ago")
        many = QCoreApplication.translate("safety", "%1 hours ago")
    else:
        n = minutes
        one = QCoreApplication.translate("safety", "1 minute ago")
        many = QCoreApplication.translate("safety", "%1 minutes ago")
    return one if n == 1 else many.replace("%1", str(n))


def human_size(size: int) -> str:
    """`532 KB`, `1.4 MB`: sizes as a person reads them."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit in ("B", "KB") else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def add_read_only_banner(window: Any, db: Database) -> QLabel | None:
    """A banner at the top of `window` while `db` is read-only; None when it is writable."""
    if not db.read_only:
        return None
    banner = QLabel(
        QCoreApplication.translate(
            "safety",
            "This database is read-only (a read-only medium or no permission): you can look, not change.",
        )
        + " "
        + QCoreApplication.translate("safety", "Copy the file to a writable folder to work with it.")
    )
    _place_banner(window, banner, "read_only_banner")
    window.setWindowTitle(window.windowTitle() + " " + QCoreApplication.translate("safety", "(read-only)"))
    return banner


def show_banner(window: Any, name: str, text: str) -> QLabel:
    """A notice at the top of `window` (object name `name`), replacing an earlier one of that name."""
    old = window.findChild(QLabel, name) if isinstance(window, QWidget) else None
    if old is not None:
        old.setText(text)
        return old
    banner = QLabel(text)
    _place_banner(window, banner, name)
    return banner


def _place_banner(window: Any, banner: QLabel, name: str) -> None:
    banner.setObjectName(name)
    banner.setWordWrap(True)
    banner.setStyleSheet("QLabel { background: #fff3cd; color: #664d03; padding: 6px 10px; }")
    area = getattr(window, "banner_area", None)
    if area is not None:
        area.addWidget(banner)


def watch(start: SafeStart, window: Any) -> AutoBackups:
    """Once the window shows the database: later starts on the same file bring it forward, a
    read-only file gets its banner, and the daily backup is scheduled."""
    from crm_desktop.ui.single_instance import bring_forward

    if start.server is not None:
        start.server.raise_requested.connect(lambda: bring_forward(window))
    add_read_only_banner(window, start.db)
    if start.restored_from is not None:
        show_banner(
            window,
            "restored_banner",
            QCoreApplication.translate(
                "safety",
                "The database file was damaged and the backup {backup} was restored. The damaged file is kept as {kept}.",
            ).format(backup=start.restored_from.name, kept=start.damaged_copy),
        )
    backups = AutoBackups(start.db, window)
    backups.failed.connect(lambda text: show_banner(window, "backup_failed_banner", text))
    backups.start()
    return backups


class AutoBackups(QObject):
    """The daily backup while the app runs: checked every hour, made in the background.

    A failure (for instance a damaged file that opened but does not pass the check of its
    copy) is announced by `failed` with the sentence for the user.
    """

    failed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_error: CrmError | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(DAILY_CHECK_MS)
        self.timer.timeout.connect(self.run_if_due)

    def start(self) -> None:
        if not self.db.read_only:
            self.timer.start()
            QTimer.singleShot(FIRST_CHECK_MS, self, self.run_if_due)

    def stop(self) -> None:
        self.timer.stop()

    def run_if_due(self) -> None:
        """Make the daily backup when the newest one is a day old (in a worker)."""
        from crm_desktop.ui import workers

        db = self.db

        def work() -> object:
            from crm_desktop.services.autobackup import auto_backup

            return auto_backup(db, force=False)

        def failed(exc: BaseException) -> None:
            # a failed automatic backup must not interrupt work: logged and shown in a banner
            if isinstance(exc, CrmError):
                self.last_error = exc
                log.warning("automatic backup failed: %s", exc)
                from crm_desktop.ui.i18n import ui_lang

                self.failed.emit(
                    QCoreApplication.translate("safety", "The automatic backup failed: {reason}").format(
                        reason=exc.message(ui_lang())
                    )
                )
            else:
                log.error("automatic backup failed", exc_info=exc)

        workers.run_task(work, on_error=failed, show_progress=False)


def backup_on_close(db: Database, parent: QWidget | None = None) -> Path | None:
    """The backup made when the app closes. A failure is logged and told to the user in one
    sentence (the window is gone, so a message box of its own), never raised."""
    from crm_desktop.services.autobackup import auto_backup

    try:
        made = auto_backup(db, force=True, full_check=False)  # the user waits for this one
    except Exception as exc:
        log.warning("backup on close failed: %s", exc, exc_info=not isinstance(exc, CrmError))
        tell_close_backup_failed(db, exc, parent)
        return None
    if made is not None:
        log.info("backup on close: %s", made.path)
    return made.path if made is not None else None


def tell_close_backup_failed(db: Database, exc: BaseException, parent: QWidget | None = None) -> None:
    """One message: the close backup failed, why, and that the data itself is safe."""
    from crm_desktop import messages
    from crm_desktop.ui.i18n import ui_lang
    from crm_desktop.ui.workers import error_text

    lang = ui_lang()
    text = messages.text("backup.close_failed", lang, reason=error_text(exc, lang), path=db.path)
    quit_after = os.environ.get("CRM_DESKTOP_QUIT_AFTER_MS")
    if quit_after:  # a smoke test of a build: nobody is there to press OK
        QTimer.singleShot(int(quit_after), _close_active_modal)
    QMessageBox.warning(parent, QCoreApplication.translate("safety", "CRM Desktop"), text)


def _close_active_modal() -> None:
    from PySide6.QtWidgets import QApplication

    widget = QApplication.activeModalWidget()
    if widget is not None:
        widget.close()
