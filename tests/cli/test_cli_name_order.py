"""`customers list` is in phone-book order: surname, then given name, syllable by syllable."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_core import run

from crm_desktop.db.engine import open_database
from crm_desktop.services.customers import create_customer


def test_customers_list_is_in_phone_book_order(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    path = tmp_path / "crm.db"
    db = open_database(path)
    try:
        with db.session() as s:
            for name in ("李洋霞", "程海涛", "John Smith", "刘洋", "陈国强", "林峰", "李娜", "陈刚"):
                create_customer(s, {"name": name})
    finally:
        db.close()
    listed = run(tmp_path, "customers", "list", "--db", path, "--json")
    assert listed.returncode == 0, listed.stderr
    assert [r["name"] for r in json.loads(listed.stdout)] == [
        "陈刚",
        "陈国强",
        "程海涛",
        "John Smith",
        "李娜",
        "李洋霞",
        "林峰",
        "刘洋",
    ]
    # a search: best matches first, then the same order
    found = run(tmp_path, "customers", "list", "--db", path, "--search", "l", "--json")
    assert [r["name"] for r in json.loads(found.stdout)] == ["李娜", "李洋霞", "林峰", "刘洋"]
