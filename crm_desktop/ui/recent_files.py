"""Remembered places: the recent database files and the folder a file dialog opens in.

Both live in QSettings (per user, apart from the data). A file dialog opens in the folder
last used, else the user's Documents folder -- never the program's folder, where an
installed app cannot write and where a shop owner would not look for her files.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from crm_desktop.ui.prefs import qsettings

RECENT = "files/recent"
LAST_FOLDER = "files/last_folder"
MAX_RECENT = 8


def _key(path: str | os.PathLike[str]) -> str:
    return str(Path(path).expanduser().absolute())


def recent_files() -> list[Path]:
    """The database files opened most recently, newest first (missing ones included)."""
    value = qsettings().value(RECENT)
    if isinstance(value, str):  # QSettings gives a one-item list back as a plain string
        value = [value]
    if not isinstance(value, list):
        return []
    return [Path(item) for item in value if isinstance(item, str) and item][:MAX_RECENT]


def _store(paths: list[Path]) -> None:
    settings = qsettings()
    if paths:
        settings.setValue(RECENT, [str(p) for p in paths[:MAX_RECENT]])
    else:
        settings.remove(RECENT)
    settings.sync()


def add_recent(path: str | os.PathLike[str]) -> list[Path]:
    """Put `path` first in the recent list (once); returns the new list."""
    key = _key(path)
    paths = [Path(key), *(p for p in recent_files() if str(p) != key)]
    _store(paths)
    return paths[:MAX_RECENT]


def remove_recent(path: str | os.PathLike[str]) -> list[Path]:
    """Drop `path` from the recent list; returns the new list."""
    key = _key(path)
    paths = [p for p in recent_files() if str(p) != key]
    _store(paths)
    return paths


def clear_recent() -> None:
    _store([])


def documents_folder() -> Path:
    """The user's Documents folder (the home folder where the platform has none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def start_folder() -> Path:
    """Where a file dialog opens: the folder last used if it still exists, else Documents."""
    last = qsettings().value(LAST_FOLDER)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember_folder(path: str | os.PathLike[str]) -> None:
    """Remember the folder of the file `path` (or `path` itself when it is a folder)."""
    chosen = Path(path).expanduser().absolute()
    folder = chosen if chosen.is_dir() else chosen.parent
    settings = qsettings()
    settings.setValue(LAST_FOLDER, str(folder))
    settings.sync()
