"""A database error in the window is one plain sentence -- never SQL, a traceback or a web
link -- and a failed backup on close is told to the user.

The new-user trial saw a raw "(sqlite3.OperationalError) disk I/O error [SQL: …] (Background
on this error at: https://sqlalche.me…)" dialog and a close backup that failed with only a
line in the log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import create_customer
from crm_desktop.ui import workers


def _fill_the_disk(db: Database) -> None:
    """A write that fails the way a full disk does: SQLite refuses to grow the file."""
    with db.session() as s:
        pages = s.execute(text("PRAGMA page_count")).scalar_one()
        s.execute(text(f"PRAGMA max_page_count = {pages}"))
        for n in range(2000):
            create_customer(s, {"name": f"客户{n}", "notes": "x" * 2000})


def _raw_markers(sentence: str) -> list[str]:
    return [m for m in ("SQL", "sqlalche", "http", "Traceback", "INSERT", "[", "Error)") if m in sentence]


@pytest.mark.usefixtures("sync_workers")
def test_a_full_disk_in_a_window_action_is_one_plain_sentence(db: Database, dialogs: Any) -> None:
    workers.use_database(db.path)
    dialogs.answer_message()
    workers.run_task(lambda: _fill_the_disk(db), write=True, show_progress=False)
    [(_kind, _title, sentence)] = dialogs.shown
    assert "disk holding" in sentence and "is full" in sentence and str(db.path) in sentence
    assert _raw_markers(sentence) == [], sentence
    with db.session() as s:  # nothing of the failed write is there
        assert s.execute(text("SELECT count(*) FROM customers")).scalar_one() == 0


def test_sentences_for_what_sqlite_says(db: Database) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    workers.use_database(db.path)
    for said, words in (
        ("disk I/O error", "could not be read or written"),
        ("database is locked", "busy"),
        ("database disk image is malformed", "damaged"),
        ("unable to open database file", "can no longer be opened"),
        ("attempt to write a readonly database", "cannot be written"),
    ):
        wrapped = OperationalError(
            "INSERT INTO customers (name) VALUES (?)", ("x",), sqlite3.OperationalError(said)
        )
        for lang in ("en", "zh"):
            sentence = workers.error_text(wrapped, lang)
            assert _raw_markers(sentence) == [], sentence
            assert said not in sentence or words in ("busy", "damaged")  # damage names its detail
        assert words in workers.error_text(wrapped, "en"), said
    # a bug is a short "something went wrong" with the log file, not its text
    sentence = workers.error_text(KeyError("SELECT secret FROM customers"), "zh")
    assert "意外错误" in sentence and "SELECT" not in sentence and "crm-desktop.log" in sentence


def test_a_failed_backup_on_close_is_told(db: Database, dialogs: Any, tmp_path: Path) -> None:
    from crm_desktop.ui.safety import backup_on_close

    (db.path.parent / "backups").write_text("a file where the backups folder should be")
    dialogs.answer_message()
    assert backup_on_close(db) is None
    [(kind, _title, sentence)] = dialogs.shown
    assert kind == "warning"
    assert "backup made when CRM Desktop closes failed" in sentence and str(db.path) in sentence
    assert _raw_markers(sentence) == [], sentence


def test_a_task_ending_after_its_page_was_rebuilt_says_nothing(
    qtbot: Any, db: Database, dialogs: Any
) -> None:
    """The trial: switching the language rebuilt the pages while the Customers page's filter
    choices were being read; filling the deleted combo boxes showed 'Something went wrong
    (RuntimeError)'. A task whose page is gone now ends quietly."""
    import shiboken6

    from crm_desktop.ui.pages.customers import CustomersPage

    page = CustomersPage(db)  # not handed to qtbot: the test deletes it itself
    release = __import__("threading").Event()

    def slow() -> dict[str, list[str]]:
        release.wait(5)
        return {"tag": ["VIP"], "source": [], "city": []}

    task = workers.run_task(slow, on_done=page._fill_filter_choices, show_progress=False)
    shiboken6.delete(page)  # rebuilt meanwhile
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    qtbot.wait(50)
    assert dialogs.shown == []


def test_the_window_shows_what_the_command_line_changed_when_it_comes_back(
    main_window: Any, db: Database, tmp_path: Path
) -> None:
    """The trial: after a command-line import the list showed 526 customers while the status
    bar still said 516. Coming back to the window, it looks and refreshes what changed."""
    import subprocess
    import sys

    from sample_files import REPO

    main_window.look_for_outside_changes()  # what it has seen
    main_window.refresh_counts()
    assert "0" in main_window.counts_label.text()
    sheet = tmp_path / "people.csv"
    sheet.write_text("姓名,手机\n王小明,13800138000\n李雷,13900139000\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "import", "customers", str(sheet), "--db", str(db.path)],
        capture_output=True, text=True, env={**__import__("os").environ, "PYTHONPATH": str(REPO)}, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    main_window.look_for_outside_changes()  # as on coming back to the front
    assert ": 2" in main_window.counts_label.text()
