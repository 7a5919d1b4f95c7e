"""Window state and user preferences in QSettings, kept apart from the user's data."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORG = "CRM Desktop"
APP = "CRM Desktop"

LANGUAGE = "ui/language"  # "zh" | "en" | absent (= system language)
GEOMETRY = "window/geometry"
LAST_PAGE = "window/last_page"
CUSTOMER_COLUMNS = "customers/columns"
CUSTOMER_HEADER = "customers/header"


def qsettings() -> QSettings:
    """The app's settings store (an INI file in the user's config folder; tests redirect it)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)
