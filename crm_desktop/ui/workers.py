"""The one helper that runs Qt-free work off the UI thread and hands the outcome back.

Usage (from a widget, on the GUI thread)::

    run_task(lambda progress: build_index(progress), on_done=self.show_result,
             parent=self, title=self.tr("Building index"))

`fn` runs on a `QThreadPool`: the shared pool for reads, a single-thread pool for database
writes (`write=True`), because SQLite takes one writer at a time and sessions are not
thread-safe -- every task opens its own session. The result or the exception comes back on the
GUI thread through a queued signal. A progress dialog with Cancel appears only when the work
is still running after `DIALOG_DELAY_MS` (Picard's thread helper, dupeGuru's job object).

Tests call `set_synchronous(True)` (the `sync_workers` fixture) so that `run_task` runs `fn`
at once on the calling thread and calls the callbacks before it returns.
"""

from __future__ import annotations

import inspect
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from crm_desktop.errors import CrmError
from crm_desktop.services.progress import Progress as CoreProgress

log = logging.getLogger(__name__)

DIALOG_DELAY_MS = 500

_synchronous = False
_write_pool: QThreadPool | None = None
# Tasks stay referenced until they finish: a QRunnable's Python wrapper must outlive the run.
_running: set[Task] = set()


class Cancelled(Exception):
    """Raised inside a task (by `Progress.check`) when the user pressed Cancel."""


class Progress(CoreProgress):
    """The core's progress object, forwarding at most ~100 updates per task to the UI."""

    def __init__(self, on_report: Callable[[int, int], None] | None = None) -> None:
        super().__init__()
        self._on_report = on_report
        self._last_percent = -1

    def report(self, done: int, total: int) -> None:
        """Record progress (called on the worker thread)."""
        super().report(done, total)
        percent = int(done * 100 / total) if total else 0
        if percent != self._last_percent and self._on_report is not None:
            self._last_percent = percent
            self._on_report(done, total)

    def check(self) -> None:
        """Raise `Cancelled` when the user asked to stop."""
        if self.cancelled():
            raise Cancelled


class Task(QObject):
    """One piece of background work; its signals arrive on the GUI thread."""

    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception
    progressed = Signal(int, int)  # done, total
    ended = Signal()  # after finished or failed (or cancel), whatever happened
    _outcome: Any = None  # the queued signal the pool thread reports through
    _runner: Any = None

    def __init__(self, fn: Callable[..., Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self.progress = Progress(self.progressed.emit)
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.cancelled = False

    def _call(self) -> tuple[bool, Any]:
        try:
            if _wants_progress(self._fn):
                return True, self._fn(self.progress)
            return True, self._fn()
        except BaseException as exc:  # every failure goes back to the GUI thread
            if not isinstance(exc, CrmError | Cancelled):
                log.error("background task failed:\n%s", traceback.format_exc())
            return False, exc

    def _deliver(self, ok: bool, value: Any) -> None:
        if ok:
            self.result = value
            self.finished.emit(value)
        else:
            self.error = value
            if isinstance(value, Cancelled):
                self.cancelled = True
            self.failed.emit(value)


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.task: Task | None = task

    def run(self) -> None:
        assert self.task is not None
        ok, value = self.task._call()
        # Emitting from the pool thread: Qt queues the call to the GUI thread, where the
        # Task (and every receiver) lives.
        task, self.task = self.task, None  # the pool may keep this runner: let the task go
        try:
            task._outcome.emit(ok, value)
        except RuntimeError:
            log.debug("task outcome dropped: the app is shutting down")


class _Outcome(QObject):
    outcome = Signal(bool, object)


def set_synchronous(on: bool) -> None:
    """Run every task at once on the calling thread (tests)."""
    global _synchronous
    _synchronous = on


def is_synchronous() -> bool:
    return _synchronous


def write_pool() -> QThreadPool:
    """The single-thread pool that serialises database writes."""
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


def run_task(
    fn: Callable[..., Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    parent: QWidget | None = None,
    title: str | None = None,
    write: bool = False,
    show_progress: bool = True,
) -> Task:
    """Run `fn()` or `fn(progress)` off the UI thread; call `on_done(result)` on the GUI thread.

    Errors go to `on_error`, or are shown in a message box over `parent` (a `CrmError` by its
    one-line message; a bug as "unexpected error" with the log holding the traceback). A
    cancelled task calls neither callback. `title` labels the progress dialog shown when the
    work takes longer than ~0.5 s.
    """
    task = Task(fn)

    def _finished(result: Any) -> None:
        if on_done is not None and _owner_alive(on_done) and _owner_alive(parent):
            on_done(result)

    def _failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if on_error is not None and not _owner_alive(on_error):
            log.info("a task ended after its page was gone: %s", exc)
            return
        if on_error is not None:
            on_error(exc)
        else:
            show_error(parent, exc)

    task.finished.connect(_finished)
    task.failed.connect(_failed)

    if _synchronous:
        ok, value = task._call()
        task.done = True
        task._deliver(ok, value)
        task.ended.emit()
        return task

    dialog_timer: QTimer | None = None
    dialog: list[QProgressDialog] = []
    if show_progress and parent is not None:
        dialog_timer = QTimer(task)
        dialog_timer.setSingleShot(True)

        def _show_dialog() -> None:
            if task.done:
                return
            dlg = QProgressDialog(title or "", QCoreApplication.translate("workers", "Cancel"), 0, 0, parent)
            dlg.setWindowTitle(title or "")
            dlg.setWindowModality(Qt.WindowModality.WindowModal)
            dlg.setMinimumDuration(0)
            dlg.canceled.connect(task.progress.cancel)
            if task.progress.total:
                dlg.setRange(0, task.progress.total)
                dlg.setValue(task.progress.done)
            dlg.show()
            dialog.append(dlg)

        def _on_progress(done: int, total: int) -> None:
            if dialog:
                dialog[0].setRange(0, total)
                dialog[0].setValue(done)

        dialog_timer.timeout.connect(_show_dialog)
        task.progressed.connect(_on_progress)
        dialog_timer.start(DIALOG_DELAY_MS)

    outcome = _Outcome(task)

    def _arrived(ok: bool, value: Any) -> None:
        task.done = True
        if dialog_timer is not None:
            dialog_timer.stop()
        if dialog:
            dialog[0].canceled.disconnect()
            dialog[0].close()
            dialog[0].deleteLater()
        try:
            task._deliver(ok, value)
        finally:
            task.ended.emit()
            _running.discard(task)
            # Break the cycles through Qt connections (closure -> task -> child -> closure) so
            # that a finished task is freed: a search box runs thousands of tasks a day.
            outcome.outcome.disconnect(_arrived)
            if dialog_timer is not None:
                dialog_timer.timeout.disconnect()
            task._runner = None

    outcome.outcome.connect(_arrived, Qt.ConnectionType.QueuedConnection)
    task._outcome = outcome.outcome
    runner = _Runner(task)
    task._runner = runner
    _running.add(task)
    (write_pool() if write else QThreadPool.globalInstance()).start(runner)
    return task


_database_path: str = ""


def use_database(path: object) -> None:
    """The file the window shows: named in the sentence for a database error (one per app)."""
    global _database_path
    _database_path = str(path)


def error_text(exc: BaseException, lang: str) -> str:
    """The one sentence for a failed action: a CrmError by its message, SQLite's conditions of
    the file (busy, disk full, I/O error, damaged …) by theirs, anything else as a short
    "something went wrong" with the log file -- never SQL, a traceback or a web link."""
    from crm_desktop import messages, paths
    from crm_desktop.db.engine import database_error

    known = exc if isinstance(exc, CrmError) else database_error(exc, _database_path)
    if known is not None:
        return known.message(lang)
    log.error("unexpected error in an action", exc_info=exc)
    return messages.text(
        "ui.unexpected", lang, detail=type(exc).__name__, log=paths.data_dir() / "crm-desktop.log"
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user about a failed action in one sentence (see `error_text`)."""
    from crm_desktop.ui.i18n import ui_lang

    title = QCoreApplication.translate("workers", "CRM Desktop")
    if isinstance(exc, CrmError):
        QMessageBox.warning(parent, title, error_text(exc, ui_lang()))
    else:
        QMessageBox.critical(parent, title, error_text(exc, ui_lang()))


def _owner_alive(callback: Any) -> bool:
    """False when `callback` is (a method of) a widget that no longer exists: a page rebuilt
    (a language switch, another file opened) while its task ran. Calling into it raised
    RuntimeError ("Internal C++ object already deleted"), shown as "something went wrong"."""
    import shiboken6

    owner = callback if isinstance(callback, QObject) else getattr(callback, "__self__", None)
    code = getattr(callback, "__code__", None)
    if owner is None and code is not None and "self" in code.co_freevars:
        # a closure a page or model made over itself (`def done(...): self....`)
        owner = callback.__closure__[code.co_freevars.index("self")].cell_contents
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def wait_all(timeout_ms: int = 30000) -> bool:
    """Block until both pools are idle (shutdown and benchmarks)."""
    ok = QThreadPool.globalInstance().waitForDone(timeout_ms)
    if _write_pool is not None:
        ok = _write_pool.waitForDone(timeout_ms) and ok
    return ok


def _wants_progress(fn: Callable[..., Any]) -> bool:
    try:
        params = [
            p
            for p in inspect.signature(fn).parameters.values()
            if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        return False
    return len(params) >= 1
