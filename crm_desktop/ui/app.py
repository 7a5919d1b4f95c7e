"""Starting the desktop app.

Order: paths -> logging -> QApplication -> shipped CJK font -> translators -> the main window
frame, painted -> open the database (upgrades, with a copy first, happen inside
`open_database`; a bad file is refused with one message before any data shows) -> first start
on a new database -> the window's pages. STYLE.md puts the database before the QApplication;
the frame comes first here so that the window appears in about the time of a bare Qt window
(tests/bench/bench_ui.py). Heavy libraries (openpyxl, reportlab, pypinyin) are imported by the
steps that need them, never here.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crm_desktop import messages, paths

if TYPE_CHECKING:
    from crm_desktop.db.engine import Database

log = logging.getLogger(__name__)

FIRST_PAINT_WAIT_MS = 300


def _setup_logging() -> None:
    if logging.getLogger().handlers:
        return
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    with suppress(OSError):  # a read-only home folder must not stop the app
        handlers.append(logging.FileHandler(paths.data_dir() / "crm-desktop.log", encoding="utf-8"))
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=handlers
    )


def load_cjk_font(app: object) -> str | None:
    """Load the shipped CJK font and make it the first application font family.

    The platform's default family stays as fallback, so Latin text keeps its native look
    where the CJK font has no glyph preference; Chinese never renders as boxes.
    """
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    font_id = QFontDatabase.addApplicationFont(str(paths.cjk_font_path()))
    if font_id < 0:
        log.warning("could not load %s", paths.cjk_font_path())
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    font = QGuiApplication.font()
    fallback = [f for f in font.families() if f != families[0]]
    font.setFamilies([families[0], *fallback])
    QGuiApplication.setFont(font)
    return families[0]


def make_application(lang: str) -> object:
    """The QApplication with our font and translators (reused when one exists: tests)."""
    from PySide6.QtWidgets import QApplication

    from crm_desktop.ui.i18n import install_translators
    from crm_desktop.ui.prefs import APP, ORG

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    load_cjk_font(app)
    install_translators(lang)
    return app


def _import_data_layer() -> None:
    """Import the database layer the first pages use (SQLAlchemy, our models and services).

    PySide6 replaces `builtins.__import__` with a hook that reads the source of every module
    imported after Qt, for its opt-in `from __feature__ import ...` (which we never use):
    ~0.3 s more for SQLAlchemy's 200 modules. The data layer never imports Qt (a lint contract
    checks it), so it is imported through the original import function PySide keeps in
    `builtins.__orig_import__`; without it (another PySide) the import is merely slower. This
    runs on the GUI thread before any worker starts, so no other import sees the swap.
    """
    import builtins

    hooked = builtins.__import__
    original = getattr(builtins, "__orig_import__", None)
    if callable(original):
        builtins.__import__ = original
    try:
        import crm_desktop.db.engine
        import crm_desktop.services.customers
        import crm_desktop.services.follow_ups  # noqa: F401  (reminders, Today)
    finally:
        builtins.__import__ = hooked


def show_frame(lang: str) -> tuple[Any, Any]:
    """The QApplication and the main window frame, painted before the database is opened.

    The frame (navigation and search disabled, no page yet) is what the user sees while
    SQLAlchemy loads and the file is checked; returns `(app, window)`.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    app = make_application(lang)
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(None)
    window.show()
    if not window.painted:
        # Let the window system map and paint the frame before the GUI thread turns to the
        # database (the timeout covers a platform that never reports the paint).
        loop = QEventLoop()
        window.first_painted.connect(loop.quit)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, loop.quit)
        loop.exec()
    return app, window


def open_data(path: Path, *, adopt_empty: bool = False) -> Database:
    """Import the data layer and open `path`; a `CrmError` when the file cannot be opened."""
    _import_data_layer()
    from crm_desktop.db.engine import open_database

    return open_database(path, adopt_empty=adopt_empty)


def run(db_path: Path | None = None, lang: str | None = None) -> int:
    """Open the main window on `db_path` (default database when None); returns the exit code."""
    path = paths.resolve_db_path(db_path)
    _setup_logging()
    from crm_desktop.ui.i18n import chosen_lang

    ui_lang = chosen_lang(lang)
    # The frame first, then the database: a bad file is still refused before any data shows.
    app, window = show_frame(ui_lang)
    from crm_desktop.ui import safety

    try:  # one writer; busy retried; damaged offered the newest backup; read-only allowed
        start = safety.open_safely(path, window, ui_lang, open_data)
    except safety.StartStopped as stop:
        window.close()
        return stop.code
    db = start.db
    if db.upgraded_from:
        log.info("upgraded %s from %s; copy kept at %s", path, db.upgraded_from, db.upgrade_backup)

    from crm_desktop.ui.first_start import FirstStartDialog, needs_first_start
    from crm_desktop.ui.workers import wait_all

    # smoke test of a (frozen) build: show the window, then quit by itself -- and never wait
    # for a person at the first-start choice of a new file
    quit_after = os.environ.get("CRM_DESKTOP_QUIT_AFTER_MS")
    try:
        if needs_first_start(db) and not db.read_only:
            dialog = FirstStartDialog(db, window)
            dialog.language_chosen.connect(window.switch_language)
            if quit_after:
                from PySide6.QtCore import QTimer

                QTimer.singleShot(int(quit_after), dialog.reject)
            if not dialog.exec():
                window.close()
                return 0
        if not window.isVisible():
            return 0  # closed while the database was opening
        window.set_database(db)
        window.attach(start)  # File → Open… may later replace it with another file
        from crm_desktop.ui.recent_files import add_recent

        add_recent(path)
        _report_uncaught_errors(window)
        if quit_after:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(int(quit_after), app.quit)
            print(f"window shown: {window.windowTitle()}", flush=True)
        code = int(app.exec())
        wait_all()
        current = window.start or start  # the file open at the end, maybe not the first one
        if not current.db.read_only:
            safety.backup_on_close(current.db)
        return code
    finally:
        (window.start or start).close()
        start.close()  # nothing left to do when the window took it over (each step runs once)


def _report_uncaught_errors(window: Any) -> None:
    """An exception escaping a slot on the GUI thread becomes one sentence for the user (and
    the traceback in the log), never a silent stderr dump or raw SQL (`workers.error_text`)."""
    from crm_desktop.ui import workers

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if not isinstance(exc, Exception):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        workers.show_error(window if window.isVisible() else None, exc)

    sys.excepthook = hook


def main() -> int:  # pragma: no cover - `python -m crm_desktop.ui.app` for development
    import argparse

    parser = argparse.ArgumentParser(prog="crm-desktop")
    parser.add_argument("--db")
    parser.add_argument("--lang", choices=messages.LANGS)
    args = parser.parse_args()
    return run(Path(args.db) if args.db else None, args.lang)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
