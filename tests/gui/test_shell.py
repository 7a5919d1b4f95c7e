"""The app shell: background worker helper, dialog guard, main window, first start, search."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from crm_desktop.errors import CrmError
from crm_desktop.ui import workers


def test_worker_delivers_result_on_gui_thread(qtbot: Any) -> None:
    got: list[Any] = []
    task = workers.run_task(lambda: 6 * 7, on_done=got.append)
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert got == [42]


def test_worker_reports_progress_and_can_be_cancelled(qtbot: Any) -> None:
    seen: list[tuple[int, int]] = []

    gate = threading.Event()

    def work(progress: workers.Progress) -> int:
        for i in range(1000):
            if i == 10:
                gate.wait(5)
            progress.check()
            progress.report(i, 1000)
        return 1

    done: list[Any] = []
    task = workers.run_task(work, on_done=done.append)
    task.progressed.connect(lambda d, t: seen.append((d, t)))
    task.progress.cancel()
    gate.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert task.cancelled and done == []


def test_worker_error_goes_to_message_box(qtbot: Any, dialogs: Any) -> None:
    dialogs.answer_message()
    parent = QWidget()
    qtbot.addWidget(parent)

    def fail() -> None:
        raise CrmError("customer.not_found", id=7)

    task = workers.run_task(fail, parent=parent)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert dialogs.shown and "7" in dialogs.shown[0][2]


def test_sync_workers_call_back_before_returning(sync_workers: None) -> None:
    got: list[Any] = []
    workers.run_task(lambda p: p.report(1, 1) or "ok", on_done=got.append)
    assert got == ["ok"]


def test_unanswered_dialog_fails_fast(dialogs: Any) -> None:
    with pytest.raises(AssertionError):
        QMessageBox.question(None, "t", "Really?")
    dialogs.unexpected.clear()


# --- main window -------------------------------------------------------------------------


def _add(db: Any, **values: Any) -> int:
    from crm_desktop.services.customers import create_customer

    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def test_main_window_lists_pages_and_counts(main_window: Any, db: Any, qtbot: Any) -> None:
    keys = main_window.page_keys()
    assert keys[:3] == ["today", "customers", "follow_ups"] or "customers" in keys
    assert {"customers", "trash", "settings"} <= set(keys)
    assert str(db.path) in main_window.db_label.text()
    _add(db, name="张伟", phone="13800138000")
    main_window.data_changed()
    qtbot.waitUntil(lambda: main_window.counts_label.text().startswith("Customers: 1 "))


def test_global_search_opens_customer(main_window: Any, db: Any, qtbot: Any) -> None:
    cid = _add(db, name="Alice Wang", phone="13900001111", city="Shanghai")
    _add(db, name="Bob Li", phone="13900002222")
    qtbot.keyClick(main_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert main_window.search_box.hasFocus()
    qtbot.keyClicks(main_window.search_box, "Alice")
    qtbot.waitUntil(lambda: len(main_window.search_results()) == 1, timeout=3000)
    assert "Alice Wang" in main_window.search_results()[0]
    qtbot.keyClick(main_window.search_box, Qt.Key.Key_Return)
    dialog = main_window._dialogs[-1]
    assert dialog.customer_id == cid and dialog.isVisible()
    dialog.reject()


def test_last_page_is_remembered(qtbot: Any, db: Any, sync_workers: None) -> None:
    from crm_desktop.ui.main_window import MainWindow

    first = MainWindow(db)
    qtbot.addWidget(first)
    first.show_page("trash")
    first.close()
    second = MainWindow(db)
    qtbot.addWidget(second)
    assert second.current_page_key() == "trash"


def test_first_start_empty_sets_business_type(qtbot: Any, db_path: Any) -> None:
    from crm_desktop.db.engine import open_database
    from crm_desktop.services.presets import business_type
    from crm_desktop.ui.first_start import FirstStartDialog, needs_first_start

    db = open_database(db_path)
    try:
        assert needs_first_start(db)
        dialog = FirstStartDialog(db)
        qtbot.addWidget(dialog)
        dialog.set_business("school")
        with qtbot.waitSignal(dialog.done_setup):
            dialog.empty_button.click()
        with db.session() as s:
            assert business_type(s) == "school"
        assert not needs_first_start(db)
    finally:
        db.close()


def test_first_start_demo_data_in_background(qtbot: Any, db_path: Any) -> None:
    from crm_desktop.db.engine import open_database
    from crm_desktop.services.customers import count_customers
    from crm_desktop.ui.first_start import FirstStartDialog

    db = open_database(db_path)
    try:
        dialog = FirstStartDialog(db)
        qtbot.addWidget(dialog)
        dialog.demo_count.setValue(30)
        with qtbot.waitSignal(dialog.done_setup, timeout=60000) as blocker:
            dialog.demo_button.click()
        assert blocker.args == ["demo"]
        with db.session() as s:
            assert (
                count_customers(s) + count_customers(s, archived=True) == 30
            )  # a few demo customers sit in the trash
    finally:
        db.close()


def test_run_refuses_a_file_that_is_not_a_database(tmp_path: Any, dialogs: Any) -> None:
    from crm_desktop.ui.app import run

    bad = tmp_path / "notes.db"
    bad.write_text("this is not a database", encoding="utf-8")
    dialogs.answer_message()
    assert run(bad, "en") == 1
    assert dialogs.shown and dialogs.shown[0][0] == "critical"
    assert bad.read_text(encoding="utf-8") == "this is not a database"


def test_app_font_renders_chinese(qapp: Any) -> None:
    from crm_desktop.ui.app import load_cjk_font

    family = load_cjk_font(qapp)
    assert family is not None and family in qapp.font().families()


def test_run_first_start_then_window_then_quit(qapp: Any, tmp_path: Any, dialogs: Any) -> None:
    """The real start: a new file offers the first-start choices, then the window opens."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from crm_desktop.db.engine import open_database
    from crm_desktop.services.presets import business_type
    from crm_desktop.ui.app import run
    from crm_desktop.ui.main_window import MainWindow

    def choose_office(dialog: Any) -> int:
        dialog.set_business("office")
        dialog.start_empty()
        return int(dialog.result())

    dialogs.on_exec(choose_office)
    seen: list[str] = []

    def close_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.current_page_key())
                widget.close()

    QTimer.singleShot(200, close_window)
    path = tmp_path / "new.db"
    assert run(path, "en") == 0
    assert seen == ["today"] or seen == ["customers"]
    db = open_database(path)
    try:
        with db.session() as s:
            assert business_type(s) == "office"
    finally:
        db.close()


def test_slow_task_shows_progress_dialog_that_cancels(qtbot: Any) -> None:
    from PySide6.QtWidgets import QProgressDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def slow(progress: workers.Progress) -> str:
        done = 0
        while not progress.cancelled():  # a long job checking for Cancel between batches
            done += 1
            progress.report(done % 100, 100)
            threading.Event().wait(0.01)
        progress.check()
        return "finished"

    results: list[Any] = []
    task = workers.run_task(slow, on_done=results.append, parent=parent, title="Working")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(QProgressDialog)), timeout=5000)
    dialog = next(d for d in parent.findChildren(QProgressDialog) if d.isVisible())
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Cancel
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert task.cancelled and results == []
    assert not any(d.isVisible() for d in parent.findChildren(QProgressDialog))


def test_ctrl_n_opens_a_new_customer(main_window: Any, qtbot: Any) -> None:
    main_window.activateWindow()
    qtbot.waitActive(main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(main_window._dialogs))
    dialog = main_window._dialogs[-1]
    assert dialog.customer_id is None and dialog.isVisible()
    dialog.reject()


def test_pages_of_later_issues_are_listed_when_they_exist(main_window: Any) -> None:
    import importlib.util

    for key, module in (
        ("reports", "crm_desktop.ui.pages.reports"),
        ("insight", "crm_desktop.ui.pages.insight"),
    ):
        assert (key in main_window.page_keys()) == (importlib.util.find_spec(module) is not None)


def test_another_page_can_list_chosen_customers(main_window: Any, db: Any) -> None:
    ids = [_add(db, name=n) for n in ("A", "B", "C")]
    main_window.list_customers([ids[0], ids[2]])
    page = main_window.page("customers")
    assert main_window.current_page_key() == "customers"
    assert sorted(page.model.ids()) == [ids[0], ids[2]]
    assert page.only_bar.isVisibleTo(page) and "2" in page.only_label.text()
    page.only_clear.click()
    assert page.model.rowCount() == 3 and not page.only_bar.isVisibleTo(page)


def test_print_list_and_profile_show_reports(main_window: Any, db: Any, qtbot: Any) -> None:
    import io

    from pypdf import PdfReader

    assert "reports" in main_window.page_keys()

    def pdf_text() -> str:
        data = main_window.page("reports").pdf_bytes()
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    cid = _add(db, name="Alice Wang", city="Shanghai")
    _add(db, name="Bob Li", city="Beijing")
    customers = main_window.page("customers")
    customers.refresh()
    assert customers.print_button.isVisibleTo(customers)
    city = customers.filters["city"]
    qtbot.waitUntil(lambda: city.findData("Shanghai") >= 0)  # choices load after the rows
    city.setCurrentIndex(city.findData("Shanghai"))
    customers.print_button.click()
    assert main_window.current_page_key() == "reports"
    text = pdf_text()
    assert "Alice Wang" in text and "Bob Li" not in text

    dialog = main_window.open_customer(cid)
    assert dialog.print_button.isVisibleTo(dialog)
    dialog.print_button.click()
    assert not dialog.isVisible()
    assert "Alice Wang" in pdf_text()


def test_finished_tasks_are_freed(qtbot: Any) -> None:
    """The search box runs a task per pause in typing: finished ones must not pile up."""
    import gc
    import weakref

    refs = []
    for _ in range(50):
        task = workers.run_task(lambda: 1)
        refs.append(weakref.ref(task))
        qtbot.waitUntil(lambda t=task: t.done, timeout=5000)
    del task
    gc.collect()
    assert [r for r in refs if r() is not None] == []
