"""Runs the real desktop app (`crm_desktop.ui.app.run`) and lets a test steer it through
standard input, one command a line, as a person would through the window:

    firststart N      on a new file: the first-start choice, demo data with N customers
    backup            Settings -> Backups -> Back up now (the real page, in its worker)
    daily             the daily automatic backup, as its timer runs it
    filedialog        a file dialog showing the database's folder, closed after 2.5 s
    add NAME PHONE    File -> New customer, type the name and phone, Save
    count             how many customers (not in the trash) the app's own connection sees
    quit              close the main window (the backup on close runs as it does for a user)

Each command answers one line on standard output: `ok <command> <result>` or
`error <command> <text>`. `ready` is printed once the window shows the database.
Used by tests/e2e/test_app_and_cli_share_a_file.py; not a test itself.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from crm_desktop.ui import app as app_module

_state: dict[str, Any] = {"buffer": b""}


def _say(*words: object) -> None:
    print(*words, flush=True)


def _window() -> Any:
    from crm_desktop.ui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.db is not None:
            return widget
    return None


def _count(window: Any) -> int:
    from crm_desktop.services.customer_query import count_customers

    with window.db.session() as s:
        return int(count_customers(s))


def _backup(window: Any) -> None:
    from crm_desktop.services.autobackup import list_backups
    from crm_desktop.ui.pages.backups import open_backups

    before = {b.path for b in list_backups(window.db.path)}
    dialog = open_backups(window.db, window)
    dialog.page.back_up_now()

    def poll() -> None:
        made = [b.path.name for b in list_backups(window.db.path) if b.path not in before]
        if made and dialog.page.backup_button.isEnabled():
            dialog.close()
            _say("ok backup", made[0])
        else:
            QTimer.singleShot(100, poll)

    poll()


def _add(window: Any, name: str, phone: str) -> None:
    dialog = window.new_customer()
    dialog.set_value("name", name)
    dialog.set_value("phone", phone)
    if not dialog.save() and not dialog.save():  # a second Save adds a shared phone anyway
        _say("error add", dialog.error_label.text() or "not saved")
        return
    _say("ok add", dialog.customer_id)


def _first_start(count: int) -> None:
    from crm_desktop.ui.first_start import FirstStartDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, FirstStartDialog) and widget.isVisible():
            widget.demo_count.setValue(count)
            widget.demo_button.click()
            _say("ok firststart")
            return
    _say("error firststart no first-start dialog")


def _daily(window: Any) -> None:
    from crm_desktop.services.autobackup import list_backups

    before = {b.path for b in list_backups(window.db.path)}
    window.backups.run_if_due()

    def poll() -> None:
        made = [b.path.name for b in list_backups(window.db.path) if b.path not in before]
        if made:
            _say("ok daily", made[0])
        else:
            QTimer.singleShot(100, poll)

    poll()


def _file_dialog(window: Any) -> None:
    """The app's save dialog showing the database's own folder, as File -> Export shows it
    (Qt's dialog, left to itself, reads the files it lists to tell their kinds)."""
    from crm_desktop.ui.file_dialogs import new_dialog

    dialog = new_dialog(window, "Export", str(window.db.path.parent), "")
    dialog.show()

    def close() -> None:
        dialog.close()
        _say("ok filedialog")

    QTimer.singleShot(2500, close)


def _command(line: str) -> None:
    words = line.split()
    if not words:
        return
    if words[0] == "firststart":
        _first_start(int(words[1]))
        return
    window = _window()
    if window is None:
        _say("error", words[0], "no window")
        return
    try:
        if words[0] == "backup":
            _backup(window)
        elif words[0] == "daily":
            _daily(window)
        elif words[0] == "filedialog":
            _file_dialog(window)
        elif words[0] == "add":
            _add(window, words[1], words[2])
        elif words[0] == "count":
            _say("ok count", _count(window))
        elif words[0] == "quit":
            window.close()
        else:
            _say("error", words[0], "unknown command")
    except Exception as exc:  # reported to the test, which fails on it
        _say("error", words[0], f"{type(exc).__name__}: {exc}")


def _read_stdin() -> None:
    chunk = os.read(sys.stdin.fileno(), 4096)
    if not chunk:
        _state["notifier"].setEnabled(False)
        return
    _state["buffer"] += chunk
    *lines, _state["buffer"] = _state["buffer"].split(b"\n")
    for line in lines:
        _command(line.decode("utf-8"))


def _announce_ready() -> None:
    if _window() is not None:
        _say("ready", os.getpid())
    else:
        QTimer.singleShot(100, _announce_ready)


def main() -> int:
    db_path = Path(sys.argv[1])
    application = QApplication(sys.argv[:1])
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(_read_stdin)
    _state["notifier"] = notifier
    QTimer.singleShot(0, _announce_ready)
    code = app_module.run(db_path, "zh")
    del application
    _say("exited", code)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
