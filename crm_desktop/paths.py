"""Where CRM Desktop keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "CRM Desktop"
APP_AUTHOR = "CRM Desktop"
DB_ENV = "CRM_DESKTOP_DB"


def data_dir() -> Path:
    """The user data folder (platformdirs), created on first use."""
    from platformdirs import user_data_dir

    path = Path(user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """`CRM_DESKTOP_DB` if set, else `crm.db` in the user data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / "crm.db"


def resolve_db_path(arg: str | os.PathLike[str] | None) -> Path:
    """The database the user asked for: `--db` first, then the environment, then the default."""
    if arg:
        return Path(arg).expanduser()
    return default_db_path()


def resource_path(*parts: str) -> Path:
    """A file shipped inside the package's resources folder."""
    return Path(__file__).resolve().parent.joinpath("resources", *parts)


def cjk_font_path() -> Path:
    """The TrueType CJK font shipped with the app (WenQuanYi Micro Hei)."""
    return resource_path("fonts", "wqy-microhei.ttc")
