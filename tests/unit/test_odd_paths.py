"""Database files in folders whose names SQLite's URI syntax would misread (`#`, `?`, `%`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crm_desktop.db.engine import inspect_file, open_database
from crm_desktop.services.backup import backup_database, check_database
from crm_desktop.services.customers import count_customers, create_customer
from crm_desktop.services.presets import apply_preset


@pytest.mark.parametrize("folder", ["客户#2", "50%25 off", "what?"])
def test_a_database_in_an_odd_folder_opens_backs_up_and_reads_only(tmp_path: Path, folder: str) -> None:
    path = tmp_path / folder / "crm.db"
    path.parent.mkdir()
    db = open_database(path)
    with db.session() as s:
        apply_preset(s, "shop")
        create_customer(s, {"name": "张伟"})
    db.close()
    before = sorted(os.listdir(tmp_path))

    assert inspect_file(path) is not None  # not taken for an empty file
    db = open_database(path)
    assert not db.created
    db.close()
    assert check_database(path) == []
    copy = backup_database(path, tmp_path / "copy.db")
    db = open_database(copy)
    with db.session() as s:
        assert count_customers(s) == 1
    db.close()

    # the read-only engine (a file the user may not write) reads the same file
    from sqlalchemy import text

    from crm_desktop.db.engine import _make_engine

    engine = _make_engine(path, read_only=True)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM customers")).scalars().all() == ["张伟"]
    engine.dispose()
    # nothing was created beside the folder (SQLite once opened `客户` for `客户#2/crm.db`)
    assert sorted(os.listdir(tmp_path)) == sorted({*before, "copy.db"})
