"""The Customers page over real databases: create, edit, search, filter, archive with undo, 100k."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import count_customers, create_customer, customer_rows, get_customer
from crm_desktop.ui.models.customers import PAGE_SIZE
from crm_desktop.ui.pages.customers import CustomersPage


def add(db: Database, **values: Any) -> int:
    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def names(page: CustomersPage) -> list[str]:
    model = page.model
    col = model.columns.index("name")
    return [model.index(r, col).data() for r in range(model.rowCount())]


def fill_customers(db: Database, n: int) -> None:
    """n customers in one transaction with sqlite3 executemany (the demo generator's method)."""
    conn = db.raw_connection()
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'customers_fts_ai'").fetchone()[0]
    cities = ("上海", "北京", "Shenzhen", "Hangzhou")
    rows = [
        (f"客户{i:06d}", f"138{i:08d}", f"138{i:08d}", cities[i % 4], "lead", "2026-01-01 10:00:00")
        for i in range(n)
    ]
    with conn:
        # One index rebuild at the end is faster than the trigram trigger firing per row.
        conn.execute("DROP TRIGGER customers_fts_ai")
        conn.executemany(
            "INSERT INTO customers (name, phone, phone_norm, city, category, created_at, updated_at,"
            " kind, total_spent, purchase_count, open_service_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?6, 'person', 0, 0, 0)",
            rows,
        )
        conn.execute(trigger)
        conn.execute("INSERT INTO customer_fts(customer_fts) VALUES ('rebuild')")
    conn.close()


def test_create_customer_from_the_window(main_window: Any, db: Database, qtbot: Any) -> None:
    main_window.show_page("customers")
    page = main_window.page("customers")
    dialog = main_window.new_customer()
    dialog.set_value("name", "王小明")
    dialog.set_value("phone", "138-0013-8000")
    dialog.set_value("city", "杭州")
    dialog.set_value("category", "lead")
    dialog.set_value("tags", "VIP, 老客户")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: names(page) == ["王小明"])
    with db.session() as s:
        row = customer_rows(s, page.model.ids(), ["name", "phone", "city", "category", "tags"])[0]
    assert row["city"] == "杭州" and row["category"] == "lead" and sorted(row["tags"]) == ["VIP", "老客户"]
    qtbot.waitUntil(lambda: main_window.counts_label.text().startswith("Customers: 1 "))


def test_edit_customer_opened_with_enter(main_window: Any, db: Database, qtbot: Any) -> None:
    cid = add(db, name="Li Lei", city="Beijing")
    main_window.show_page("customers")
    page = main_window.page("customers")
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = main_window._dialogs[-1]
    assert dialog.customer_id == cid
    dialog.set_value("city", "Shanghai")
    assert dialog.save()
    qtbot.waitUntil(lambda: page.model.index(0, page.model.columns.index("city")).data() == "Shanghai")


def test_live_search_and_filters(qtbot: Any, db: Database, sync_workers: None) -> None:
    add(db, name="张伟", phone="13800001111", city="上海", category="lead", tags="VIP")
    add(db, name="李娜", phone="13900002222", city="北京", category="customer")
    add(db, name="Zhang Wei", email="zw@example.com", city="上海", category="customer")
    page = CustomersPage(db)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 3
    qtbot.keyClicks(page.search, "139000")  # a phone fragment, typed key by key
    # Debounced: the list changes once typing pauses, without anybody sleeping here.
    qtbot.waitUntil(lambda: names(page) == ["李娜"], timeout=3000)
    page.search.setText("张伟")  # how an input method commits Chinese: all at once
    qtbot.waitUntil(lambda: names(page)[:1] == ["张伟"], timeout=3000)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=3000)
    city = page.filters["city"]
    qtbot.waitUntil(lambda: city.findData("上海") >= 0)  # the choices load after the rows
    city.setCurrentIndex(city.findData("上海"))
    assert sorted(names(page)) == ["Zhang Wei", "张伟"]
    stage = page.filters["category"]
    stage.setCurrentIndex(stage.findData("customer"))
    assert names(page) == ["Zhang Wei"]
    city.setCurrentIndex(0)
    stage.setCurrentIndex(0)
    tag = page.filters["tag"]
    qtbot.waitUntil(lambda: tag.findData("VIP") >= 0)
    tag.setCurrentIndex(tag.findData("VIP"))
    assert names(page) == ["张伟"]


def test_sorting_reruns_the_query(qtbot: Any, db: Database, sync_workers: None) -> None:
    for name, city in (("B", "Xian"), ("A", "Yantai"), ("C", "Wuhan")):
        add(db, name=name, city=city)
    page = CustomersPage(db)
    qtbot.addWidget(page)
    col = page.model.columns.index("name")
    page.table.horizontalHeader().setSortIndicator(col, Qt.SortOrder.DescendingOrder)
    assert names(page) == ["C", "B", "A"]
    assert page.model.query.sort_key == "name" and page.model.query.descending
    page.table.horizontalHeader().setSortIndicator(
        page.model.columns.index("city"), Qt.SortOrder.AscendingOrder
    )
    assert names(page) == ["C", "B", "A"]  # Wuhan, Xian, Yantai
    page.table.horizontalHeader().setSortIndicator(col, Qt.SortOrder.AscendingOrder)
    assert names(page) == ["A", "B", "C"]


def test_bulk_tag_category_archive_and_undo(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    ids = [add(db, name=f"Customer {i}") for i in range(3)]
    page = CustomersPage(db)
    qtbot.addWidget(page)
    page.select_rows([0, 1])
    chosen = page.selected_ids()
    dialogs.answer_text("团购；会员")  # any tag separator
    page.tag_selected()
    page.select_rows([0, 1])
    page.set_category_selected("loyal")
    with db.session() as s:
        rows = {r["id"]: r for r in customer_rows(s, ids, ["id", "tags", "category"])}
    for cid in ids:
        assert (sorted(rows[cid]["tags"]) == ["会员", "团购"]) == (cid in chosen)
        assert (rows[cid]["category"] == "loyal") == (cid in chosen)

    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    page.select_rows([0, 1])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 1
    assert page.undo_bar.isVisibleTo(page)
    with db.session() as s:
        assert count_customers(s) == 1 and count_customers(s, archived=True) == 2
    page.undo_button.click()
    assert page.model.rowCount() == 3
    with db.session() as s:
        assert count_customers(s, archived=True) == 0


def test_column_chooser_adds_a_column(qtbot: Any, db: Database, sync_workers: None) -> None:
    add(db, name="A", email="a@example.com")
    page = CustomersPage(db)
    qtbot.addWidget(page)
    assert "email" not in page.model.columns
    action = next(a for a in page.column_menu.actions() if a.data() == "email")
    action.setChecked(True)
    col = page.model.columns.index("email")
    assert page.model.index(0, col).data() == "a@example.com"
    again = CustomersPage(db)  # remembered
    qtbot.addWidget(again)
    assert "email" in again.model.columns


def test_100k_customers_open_reading_only_a_first_page(qtbot: Any, db: Database) -> None:
    """Real worker thread: the id query runs in the background; only visible rows are read."""
    fill_customers(db, 100_000)
    page = CustomersPage(db)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 100_000, timeout=30000)
    page.table.viewport().repaint()
    assert 1 <= page.model.pages_fetched <= 2
    assert page.model.rows_fetched <= 2 * PAGE_SIZE
    # Jumping to the end reads the last page only, not everything in between.
    page.table.scrollToBottom()
    page.table.viewport().repaint()
    assert page.model.rows_fetched <= 4 * PAGE_SIZE
    last = page.model.index(99_999, page.model.columns.index("name")).data()
    assert last.startswith("客户")
    with db.session() as s:
        assert get_customer(s, page.model.customer_id(0)).name.startswith("客户")


def test_column_widths_are_remembered(qtbot: Any, db: Database, sync_workers: None) -> None:
    add(db, name="A")
    page = CustomersPage(db)
    qtbot.addWidget(page)
    page.table.horizontalHeader().resizeSection(0, 333)
    page.save_state()
    again = CustomersPage(db)
    qtbot.addWidget(again)
    assert again.table.horizontalHeader().sectionSize(0) == 333
