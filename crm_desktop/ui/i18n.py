"""Which language the window speaks, and loading Qt's and our translators.

English is the source language; Chinese comes from one compiled file,
`resources/translations/crm_desktop_zh_CN.qm`, built by `scripts/build_translations.py`.
The language is read at start-up (`--lang`, the saved choice, then the system). The
first-start choice and Settings switch it while the app runs: `install_translators` again,
then the main window rebuilds its texts and pages (`MainWindow.switch_language`).

Qt's own dialogs (file dialog, message box buttons) take their Chinese from `qtbase_zh_CN.qm`
in the PySide6 wheel (`QLibraryInfo.path(TranslationsPath)`). That catalogue lags behind Qt 6
for a few strings ("&Look in:", "Files of &type:", the file kinds): our .qm, installed after it,
supplies them from `qtfixes_zh_CN.ts`.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from crm_desktop import messages
from crm_desktop.paths import resource_path
from crm_desktop.ui.prefs import LANGUAGE, qsettings

log = logging.getLogger(__name__)

QM_NAME = "crm_desktop_zh_CN.qm"

_lang: str | None = None
_installed: list[QTranslator] = []


def qm_path() -> str:
    return str(resource_path("translations", QM_NAME))


def chosen_lang(arg: str | None = None) -> str:
    """The language to start in: `--lang`, then the user's choice in Settings, then the system."""
    if arg in messages.LANGS:
        return str(arg)
    saved = qsettings().value(LANGUAGE)
    if saved in messages.LANGS:
        return str(saved)
    return messages.default_lang()


def save_lang(lang: str | None) -> None:
    """Remember the user's language (None = follow the system)."""
    settings = qsettings()
    if lang in messages.LANGS:
        settings.setValue(LANGUAGE, lang)
    else:
        settings.remove(LANGUAGE)
    settings.sync()


def ui_lang() -> str:
    """The language the running window uses ("zh" or "en")."""
    return _lang if _lang is not None else chosen_lang()


def _set_locale(locale: QLocale) -> None:
    """The default locale for new widgets, and for the windows already open: a widget keeps
    the locale it was made with (the follow-up calendar said "December 2026 / Mon Tue" after
    Chinese was chosen at first start, until a restart)."""
    from PySide6.QtWidgets import QApplication

    QLocale.setDefault(locale)
    for widget in QApplication.topLevelWidgets():
        widget.setLocale(locale)


def install_translators(lang: str) -> list[QTranslator]:
    """Load Qt's own Chinese strings first, then ours; English installs none."""
    global _lang
    app = QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _lang = lang
    if lang != "zh":
        _set_locale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    _set_locale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_tr = QTranslator(app)
    if qt_tr.load("qtbase_zh_CN", qt_dir):
        app.installTranslator(qt_tr)
        _installed.append(qt_tr)
    else:  # Qt's dialogs will speak English: say why in the log
        log.warning("Qt's Chinese translations (qtbase_zh_CN.qm) not found in %s", qt_dir)
    ours = QTranslator(app)
    if ours.load(qm_path()):
        app.installTranslator(ours)
        _installed.append(ours)
    return list(_installed)
