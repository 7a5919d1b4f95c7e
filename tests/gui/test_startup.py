"""Start-up: the window frame first, then the database; the first screen of customers first."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import customer_ids
from crm_desktop.ui import workers
from crm_desktop.ui.models.customers import PAGE_SIZE
from crm_desktop.ui.pages.customers import CustomersPage
from crm_desktop.ui.prefs import LAST_PAGE, qsettings

REPO = Path(__file__).resolve().parents[2]


def fill(db: Database, n: int) -> None:
    conn = db.raw_connection()
    with conn:
        conn.executemany(
            "INSERT INTO customers (name, phone, category, created_at, updated_at, kind, total_spent,"
            " purchase_count, open_service_count) VALUES (?, ?, 'lead', '2026-01-01', '2026-01-01',"
            " 'person', 0, 0, 0)",
            [(f"客户{i:05d}", f"139{i:08d}") for i in range(n)],
        )
    conn.close()


def test_frame_shows_before_the_database_then_the_remembered_page(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    """The frame paints with nothing usable; once the database is handed over, the page shows."""
    from crm_desktop.ui.app import open_data, show_frame

    qsettings().setValue(LAST_PAGE, "customers")
    _app, window = show_frame("en")
    qtbot.addWidget(window)
    assert window.isVisible() and window.painted
    assert not window.nav.isEnabled() and not window.search_box.isEnabled()
    assert not window.new_action.isEnabled()
    assert window.current_page_key() == "" and not window.pages
    same = open_data(db.path)
    try:
        window.set_database(same)
        assert window.nav.isEnabled() and window.new_action.isEnabled()
        assert window.current_page_key() == "customers"
        assert window.db_label.text() == str(db.path)
        window.close()
        assert qsettings().value(LAST_PAGE) == "customers"
    finally:
        same.close()


def test_window_closed_while_opening_forgets_no_page(qtbot: Any) -> None:
    from crm_desktop.ui.app import show_frame

    qsettings().setValue(LAST_PAGE, "trash")
    _app, window = show_frame("en")
    qtbot.addWidget(window)
    window.close()
    assert qsettings().value(LAST_PAGE) == "trash"


def test_data_layer_import_leaves_the_import_function_as_it_was() -> None:
    from crm_desktop.ui.app import _import_data_layer

    before = builtins.__import__
    _import_data_layer()
    assert builtins.__import__ is before


def test_first_screen_of_customers_then_the_whole_list(qtbot: Any, db: Database) -> None:
    """Real worker: a first screen of the newest customers, then the rest appended below it."""
    fill(db, 3 * PAGE_SIZE + 7)
    page = CustomersPage(db)
    qtbot.addWidget(page)
    counts: list[int] = []
    page.model.modelReset.connect(lambda: counts.append(page.model.rowCount()))
    page.model.rowsInserted.connect(lambda *_: counts.append(page.model.rowCount()))
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3 * PAGE_SIZE + 7, timeout=20000)
    assert counts == [PAGE_SIZE, 3 * PAGE_SIZE + 7]
    with db.session() as s:
        assert page.model.ids() == customer_ids(s)
    assert page.model.index(0, page.model.columns.index("name")).data() == f"客户{3 * PAGE_SIZE + 6:05d}"
    assert page.count_label.text().endswith(str(3 * PAGE_SIZE + 7))
    # Let the page finish its own background reads (filter choices) before it is deleted.
    qtbot.wait(50)
    assert workers.wait_all()
    qtbot.wait(50)


def test_a_short_list_is_read_once(qtbot: Any, db: Database, sync_workers: None) -> None:
    fill(db, 5)
    page = CustomersPage(db)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 5
    assert page.count_label.text().endswith("5")


def test_importing_the_package_skips_the_version_lookup() -> None:
    code = "import sys, crm_desktop; print('importlib.metadata' in sys.modules, crm_desktop.__version__)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    looked_up, version = out.stdout.split()
    assert looked_up == "False" and version
