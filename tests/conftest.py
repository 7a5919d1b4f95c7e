"""Fixtures shared by every test layer: a real SQLite file in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's real data folder or language.
os.environ.pop("CRM_DESKTOP_DB", None)
os.environ.setdefault("CRM_DESKTOP_LANG", "en")

from sample_files import REPO, SAMPLES  # noqa: F401

from crm_desktop.db.engine import Database, open_database
from crm_desktop.services.presets import apply_preset


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "crm.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A new database set up as a shop."""
    database = open_database(db_path)
    with database.session() as s:
        apply_preset(s, "shop")
    yield database
    database.close()


@pytest.fixture
def session(db: Database):  # type: ignore[no-untyped-def]
    """A session on `db` that commits when the test ends without error."""
    with db.session() as s:
        yield s
