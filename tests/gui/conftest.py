"""pytest-qt fixtures for the desktop app.

- Every modal helper (QMessageBox statics, QFileDialog, QInputDialog, QDialog.exec, QMenu.exec)
  FAILS FAST unless the test answers it through the `dialogs` fixture: a modal dialog nobody
  closes would hang the run forever (pytest-timeout cannot interrupt Qt's modal loop).
- QSettings go to a temporary folder, so tests never see the user's window state or language.
- `sync_workers` runs background tasks at once on the GUI thread.
- `main_window` is the real main window over a fresh shop database.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox

from crm_desktop.db.engine import Database
from crm_desktop.ui import file_dialogs

_MESSAGE_BOX = ("information", "warning", "critical", "question", "about")
_FILE_DIALOG = (
    "getOpenFileName",
    "getOpenFileNames",
    "getSaveFileName",
    "getExistingDirectory",
    "getOpenFileUrl",
    "getSaveFileUrl",
)
_OUR_FILE_DIALOG = ("get_open_file_name", "get_save_file_name")
_INPUT_DIALOG = ("getText", "getInt", "getDouble", "getItem", "getMultiLineText")


class UnexpectedDialog(AssertionError):
    """A modal dialog opened that the test did not answer."""


class Dialogs:
    """Answers for modal dialogs, and a record of every one that was shown.

    `shown` holds (kind, title, text) tuples. Call `answer_message(button)` before the action
    that asks a question, `answer_file(path)`, `answer_text(text)`, or `on_exec(fn)` where
    `fn(dialog)` fills in a custom dialog and returns its result code (e.g. `dialog.accept()`
    then `QDialog.DialogCode.Accepted`).
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._mp = monkeypatch
        self.shown: list[tuple[str, str, str]] = []
        self.unexpected: list[str] = []

    # message boxes ------------------------------------------------------------
    def answer_message(self, button: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> None:
        """Every QMessageBox static helper from now on records itself and returns `button`."""
        for name in _MESSAGE_BOX:
            self._mp.setattr(QMessageBox, name, staticmethod(self._message(name, button)))

    def _message(self, name: str, button: QMessageBox.StandardButton) -> Callable[..., Any]:
        def answer(parent: Any, title: str = "", text: str = "", *args: Any, **kwargs: Any) -> Any:
            self.shown.append((name, title, text))
            return button

        return answer

    # file and input dialogs -----------------------------------------------------
    def answer_file(self, path: str | Path, selected_filter: str = "") -> None:
        result = (str(path), selected_filter)
        for name in ("getOpenFileName", "getSaveFileName"):
            self._mp.setattr(QFileDialog, name, staticmethod(self._record(name, result)))
        for name in _OUR_FILE_DIALOG:  # the app's own (ui/file_dialogs.py), which are Qt's dialog
            self._mp.setattr(file_dialogs, name, self._record(name, result))
        self._mp.setattr(
            QFileDialog,
            "getOpenFileNames",
            staticmethod(self._record("getOpenFileNames", ([str(path)], selected_filter))),
        )
        self._mp.setattr(
            QFileDialog, "getExistingDirectory", staticmethod(self._record("getExistingDirectory", str(path)))
        )

    def answer_text(self, text: str, ok: bool = True) -> None:
        for name in ("getText", "getItem", "getMultiLineText"):
            self._mp.setattr(QInputDialog, name, staticmethod(self._record(name, (text, ok))))

    def _record(self, name: str, result: Any) -> Callable[..., Any]:
        def answer(*args: Any, **kwargs: Any) -> Any:
            self.shown.append((name, "", ""))
            return result

        return answer

    # custom dialogs -------------------------------------------------------------
    def on_exec(self, fn: Callable[[QDialog], Any]) -> None:
        """`QDialog.exec()` (and subclasses) calls `fn(dialog)` and returns what it returns."""

        def exec_(dialog: QDialog) -> Any:
            self.shown.append(("exec", dialog.windowTitle(), type(dialog).__name__))
            result = fn(dialog)
            return int(result) if result is not None else int(dialog.result())

        self._mp.setattr(QDialog, "exec", exec_)


def _fail_fast(dialogs: Dialogs, what: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        detail = " ".join(str(a) for a in args[1:3] if isinstance(a, str))
        message = f"unexpected modal {what} {detail!r}: patch an answer with the `dialogs` fixture"
        dialogs.unexpected.append(message)
        raise UnexpectedDialog(message)

    return refuse


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dialogs]:
    """Make every modal dialog fail fast unless the test answers it (see `Dialogs`)."""
    d = Dialogs(monkeypatch)
    for name in _MESSAGE_BOX:
        monkeypatch.setattr(QMessageBox, name, staticmethod(_fail_fast(d, f"QMessageBox.{name}")))
    for name in _FILE_DIALOG:
        monkeypatch.setattr(QFileDialog, name, staticmethod(_fail_fast(d, f"QFileDialog.{name}")))
    for name in _OUR_FILE_DIALOG:
        monkeypatch.setattr(file_dialogs, name, _fail_fast(d, f"file_dialogs.{name}"))
    for name in _INPUT_DIALOG:
        monkeypatch.setattr(QInputDialog, name, staticmethod(_fail_fast(d, f"QInputDialog.{name}")))
    monkeypatch.setattr(QDialog, "exec", _fail_fast(d, "QDialog.exec"))
    if hasattr(QDialog, "exec_"):
        monkeypatch.setattr(QDialog, "exec_", _fail_fast(d, "QDialog.exec_"))
    monkeypatch.setattr(QMenu, "exec", _fail_fast(d, "QMenu.exec"))
    yield d
    # A refusal raised inside a Qt slot may have been swallowed: fail the test anyway.
    assert not d.unexpected, d.unexpected


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """QSettings in a fresh temporary folder for every test."""
    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def english_ui(qapp: Any) -> Iterator[None]:
    """Each test starts in English with no translator left over from the one before."""
    from crm_desktop.ui import i18n

    i18n.install_translators("en")
    yield
    i18n.install_translators("en")


@pytest.fixture
def sync_workers() -> Iterator[None]:
    """Background tasks run at once on the calling thread and call back before returning."""
    from crm_desktop.ui import workers

    workers.set_synchronous(True)
    yield
    workers.set_synchronous(False)


@pytest.fixture
def main_window(qtbot: Any, db: Database, sync_workers: None) -> Iterator[Any]:
    """The real main window, shown offscreen, over a fresh shop database (`db`)."""
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
