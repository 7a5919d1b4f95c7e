"""File → New / Open / Recent, Help, the language switch, and what must not move or stay open.

The real main window on real database files: opening a second file shows its customers,
releases the first file's writer lock (another WriterLock can take it) and makes its close
backup; a file that cannot be opened is refused with one message and the current one stays.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from crm_desktop.db.engine import Database, open_database
from crm_desktop.errors import CrmError
from crm_desktop.services.autobackup import list_backups
from crm_desktop.services.customers import create_customer
from crm_desktop.services.lock import lock_path, writer_lock
from crm_desktop.services.presets import apply_preset, business_type
from crm_desktop.ui import file_dialogs
from crm_desktop.ui.file_switch import open_file
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.recent_files import add_recent, recent_files, start_folder


def make_file(path: Path, *names: str) -> Path:
    db = open_database(path)
    try:
        with db.session() as s:
            apply_preset(s, "shop")
            for name in names:
                create_customer(s, {"name": name, "phone": "13800138000"})
    finally:
        db.close()
    return path


def customer_names(window: Any) -> list[str]:
    page = window.page("customers")
    model = page.model
    col = model.columns.index("name")
    return [model.index(r, col).data() for r in range(model.rowCount())]


def open_shop(window: Any, tmp_path: Path) -> Path:
    """The window on shop.db (customer 张伟), on the Customers page."""
    first = make_file(tmp_path / "shop.db", "张伟")
    assert open_file(window, first)
    window.show_page("customers")
    return first


def held_elsewhere(path: Path) -> bool:
    """Whether another WriterLock is refused (the window holds the file)."""
    try:
        lock = writer_lock(path)
    except CrmError:
        return True
    assert lock is not None
    lock.release()
    return False


@pytest.fixture
def window(qtbot: Any, sync_workers: None) -> Any:
    """The real window as the app starts it: the frame first, then a file opened through File."""
    win = MainWindow(None)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.let_go_of_database()


def test_open_a_second_file_shows_it_and_lets_the_first_go(
    window: Any, tmp_path: Path, dialogs: Any, qtbot: Any
) -> None:
    first = make_file(tmp_path / "shop.db", "张伟")
    second = make_file(tmp_path / "school" / "school.db", "李娜", "王芳")
    assert not window.file_actions.open_db_action.isEnabled()  # the frame: a file is still opening
    assert open_file(window, first)
    assert window.file_actions.open_db_action.isEnabled() and window.file_actions.new_db_action.isEnabled()
    window.show_page("customers")
    assert customer_names(window) == ["张伟"]
    assert held_elsewhere(first) and "shop.db" in window.windowTitle()

    dialogs.answer_file(second)
    assert window.file_actions.choose_open()

    assert Path(window.db.path) == second.absolute()
    assert window.current_page_key() == "customers"
    assert sorted(customer_names(window)) == ["李娜", "王芳"]
    assert "school.db" in window.windowTitle() and "shop.db" not in window.windowTitle()
    assert str(second) in window.db_label.text()
    # the first file: lock released (another writer may take it), lock file gone, close backup made
    assert not held_elsewhere(first) and not lock_path(first).exists()
    assert list_backups(first)
    assert held_elsewhere(second)  # ...and the new one is ours now
    assert recent_files()[:2] == [second.absolute(), first.absolute()]
    assert start_folder() == second.parent.absolute()  # the next dialog opens where this one was
    # the recent menu lists both, the open one checked
    entries = window.file_actions.recent_entries()
    assert [text.split("  ")[1] for text, _enabled in entries] == ["school.db", "shop.db"]

    # back through Recent files
    shop_action = next(
        a for a in window.file_actions.recent_menu.actions() if a.data() == str(first.absolute())
    )
    shop_action.trigger()
    assert customer_names(window) == ["张伟"] and not held_elsewhere(second)


def test_a_file_that_cannot_be_opened_is_refused_and_the_current_one_stays(
    window: Any, tmp_path: Path, dialogs: Any
) -> None:
    first = open_shop(window, tmp_path)
    not_ours = tmp_path / "notes.db"
    not_ours.write_text("shopping list: eggs, milk", encoding="utf-8")
    dialogs.answer_file(not_ours)
    dialogs.answer_message(QMessageBox.StandardButton.Ok)

    assert not window.file_actions.choose_open()

    refusals = [shown for shown in dialogs.shown if shown[0] in ("critical", "warning")]
    assert len(refusals) == 1 and "notes.db" in refusals[0][2] and "left untouched" in refusals[0][2]
    assert not_ours.read_text(encoding="utf-8") == "shopping list: eggs, milk"  # untouched
    assert Path(window.db.path) == first.absolute() and customer_names(window) == ["张伟"]
    assert held_elsewhere(first) and not held_elsewhere(not_ours)
    assert not lock_path(not_ours).exists()


@pytest.mark.parametrize("case", ["newer", "held", "missing"])
def test_open_refuses_a_newer_held_or_missing_file_with_one_message(
    window: Any, tmp_path: Path, dialogs: Any, case: str
) -> None:
    import sqlite3
    from contextlib import closing

    first = open_shop(window, tmp_path)
    other = make_file(tmp_path / f"{case}.db", "李娜")
    holder = None
    if case == "newer":  # made by a later version of the app
        with closing(sqlite3.connect(other)) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
            conn.commit()
    elif case == "held":  # another program (or window) writes it
        holder = writer_lock(other)
    else:
        add_recent(other)
        other.unlink()
    before = other.read_bytes() if other.exists() else b""
    dialogs.answer_file(other)
    dialogs.answer_message(QMessageBox.StandardButton.Ok)
    try:
        assert not window.file_actions.choose_open()
    finally:
        if holder is not None:
            holder.release()
    refusals = [shown for shown in dialogs.shown if shown[0] in ("critical", "warning")]
    assert len(refusals) == 1, refusals
    assert "Traceback" not in refusals[0][2] and "sqlite" not in refusals[0][2].lower()
    assert (other.read_bytes() if other.exists() else b"") == before  # untouched (or still absent)
    assert Path(window.db.path) == first.absolute() and customer_names(window) == ["张伟"]
    assert held_elsewhere(first)
    if case == "missing":
        assert other.absolute() not in recent_files()  # not offered again


def test_a_recent_file_that_is_gone_is_greyed(window: Any, tmp_path: Path) -> None:
    first = make_file(tmp_path / "shop.db")
    gone = make_file(tmp_path / "old.db")
    add_recent(gone)
    assert open_file(window, first)
    gone.unlink()
    entries = window.file_actions.recent_entries()
    assert entries[0][1] is True and "shop.db" in entries[0][0]
    assert entries[1][1] is False and "old.db" in entries[1][0] and "(not found)" in entries[1][0]


def test_new_database_makes_the_file_and_shows_the_first_start_choice(
    window: Any, tmp_path: Path, dialogs: Any
) -> None:
    first = make_file(tmp_path / "demo.db", "演示客户")
    assert open_file(window, first)
    window.show_page("customers")

    # cancelled at the choice: no file is left behind and the demo file stays open
    dialogs.answer_file(tmp_path / "cancelled")
    dialogs.on_exec(lambda dialog: QDialog.DialogCode.Rejected)
    assert not window.file_actions.choose_new()
    assert not (tmp_path / "cancelled.db").exists() and not lock_path(tmp_path / "cancelled.db").exists()
    assert customer_names(window) == ["演示客户"]

    def choose_school(dialog: QDialog) -> Any:
        assert type(dialog).__name__ == "FirstStartDialog"
        dialog.set_business("school")  # type: ignore[attr-defined]
        dialog.start_empty()  # type: ignore[attr-defined]
        return QDialog.DialogCode.Accepted

    dialogs.answer_file(tmp_path / "real work")
    dialogs.on_exec(choose_school)
    assert window.file_actions.choose_new()

    made = tmp_path / "real work.db"
    assert made.exists() and Path(window.db.path) == made.absolute()
    assert ("exec", "Welcome to CRM Desktop", "FirstStartDialog") in dialogs.shown
    assert customer_names(window) == []  # a clean file
    with window.db.session() as s:
        assert business_type(s) == "school"
    assert not held_elsewhere(first) and held_elsewhere(made)

    # an existing file is never overwritten by New
    before = first.read_bytes()
    dialogs.answer_file(first)
    dialogs.answer_message(QMessageBox.StandardButton.Ok)
    assert not window.file_actions.choose_new()
    assert first.read_bytes() == before and Path(window.db.path) == made.absolute()


def test_help_tells_where_the_data_and_backups_are(window: Any, tmp_path: Path) -> None:
    first = make_file(tmp_path / "shop.db")
    assert open_file(window, first)
    window.help_action.trigger()
    text = window.help_dialog.text.toPlainText()
    assert str(first.absolute()) in text
    assert str(tmp_path / "backups" / "shop") in text
    import crm_desktop

    assert crm_desktop.__version__ in text and "--" not in text  # no command-line flags
    window.help_dialog.close()


def test_language_switches_in_the_running_window(main_window: Any, qtbot: Any) -> None:
    main_window.show_page("today")
    assert main_window.page("today").title.text().startswith("Today, ")
    main_window.show_page("customers")
    assert main_window.nav.item(1).text() == "Customers"
    main_window.show_page("settings")
    settings = main_window.page("settings")
    settings.lang_combo.setCurrentIndex(settings.lang_combo.findData("zh"))
    settings.save()
    qtbot.waitUntil(lambda: main_window.nav.item(1).text() == "客户", timeout=3000)

    labels = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert "回收站" in labels and "设置" in labels
    assert main_window.current_page_key() == "settings"  # same page, same file
    assert main_window.page("settings") is not settings  # rebuilt in Chinese
    assert main_window.menuBar().actions()[0].text() == "文件(&F)"
    assert main_window.page("customers").archive_button.text() == "移到回收站"
    assert main_window.search_box.placeholderText() != "Find a customer (Ctrl+K)"
    main_window.show_page("today")
    assert main_window.page("today").title.text().startswith("今天")  # a page title


def test_first_start_offers_the_language_under_a_c_locale(
    qtbot: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm_desktop.ui import i18n
    from crm_desktop.ui.first_start import FirstStartDialog

    for var in ("CRM_DESKTOP_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.chosen_lang() == "en"
    db = open_database(db_path)
    try:
        dialog = FirstStartDialog(db)
        qtbot.addWidget(dialog)
        dialog.show()
        choices = {b.text(): b for b in dialog.languages.buttons()}
        assert set(choices) == {"中文", "English"} and choices["English"].isChecked()
        assert all(b.isVisible() for b in choices.values())
        with qtbot.waitSignal(dialog.language_chosen) as chosen:
            choices["中文"].click()
        assert chosen.args == ["zh"] and i18n.chosen_lang() == "zh"  # remembered
        assert dialog.windowTitle() != "Welcome to CRM Desktop"
        assert dialog.empty_button.text() != "Start with an empty database"
    finally:
        db.close()


def test_the_reminder_bar_does_not_move_the_sidebar(main_window: Any, db: Database) -> None:
    with db.session() as s:
        customer = create_customer(s, {"name": "Ann"})
        s.flush()
        from crm_desktop.services.follow_ups import plan_follow_up

        plan_follow_up(s, customer.id, datetime.now() - timedelta(hours=1), "call", "call Ann")
    main_window.show_page("customers")
    nav, bar = main_window.nav, main_window.statusBar()
    before = (
        nav.geometry(),
        nav.visualItemRect(nav.item(1)),
        main_window.page_area.geometry(),
        bar.geometry(),
    )
    main_window._start_reminders()
    assert main_window.banner.isVisible() and "Follow-up due" in main_window.banner.text()
    QApplication.processEvents()  # the layouts settle
    after = (
        nav.geometry(),
        nav.visualItemRect(nav.item(1)),
        main_window.page_area.geometry(),
        bar.geometry(),
    )
    assert after == before  # nothing moved: the bar took the room kept for it in the status bar
    assert main_window.banner.height() <= bar.height()


def test_quit_then_save_in_a_form_saves_and_quits(qtbot: Any, db: Database, dialogs: Any) -> None:
    """Real background writes: Save in the question writes, then the quit goes on."""
    from crm_desktop.db.models import FollowUp
    from crm_desktop.ui.dialogs.follow_up import FollowUpDialog

    with db.session() as s:
        cid = create_customer(s, {"name": "张伟"}).id
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    form = FollowUpDialog(db, win, customer_id=cid)
    form.open()
    form.subject_edit.setText("call back about the course")
    dialogs.answer_message(QMessageBox.StandardButton.Save)
    win.close()  # File → Quit
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=10000)
    assert not form.isVisible()
    with db.session() as s:
        assert [f.subject for f in s.query(FollowUp)] == ["call back about the course"]


def test_file_dialogs_open_in_documents_then_in_the_last_folder_used(
    window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    from crm_desktop.ui.recent_files import documents_folder

    asked: list[str] = []

    def cancelled(parent: Any, caption: str, folder: str, *args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(folder)
        return "", ""

    monkeypatch.setattr(file_dialogs, "get_open_file_name", cancelled)
    monkeypatch.setattr(file_dialogs, "get_save_file_name", cancelled)
    assert not window.file_actions.choose_open()
    assert Path(asked[0]) == documents_folder() and Path(asked[0]) != Path.cwd()  # not the program folder
    make_file(tmp_path / "elsewhere" / "shop.db")
    assert open_file(window, tmp_path / "elsewhere" / "shop.db")
    from crm_desktop.ui.recent_files import remember_folder

    remember_folder(tmp_path / "elsewhere" / "shop.db")
    assert not window.file_actions.choose_open()
    assert not window.file_actions.choose_new()
    assert Path(asked[1]) == tmp_path / "elsewhere"
    assert Path(asked[2]).parent == tmp_path / "elsewhere"  # New suggests a name in that folder


def test_qt_file_dialog_labels_are_chinese_in_the_chinese_window(qtbot: Any) -> None:
    """Qt's qtbase_zh_CN leaves "Look in:" and "Files of type:" in English; ours fills them."""
    import re

    from PySide6.QtWidgets import QFileDialog, QLabel

    from crm_desktop.ui import i18n

    i18n.install_translators("zh")
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "", str(Path.home()))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        qtbot.addWidget(dialog)
        dialog.show()
        labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        assert labels and not [t for t in labels if re.search(r"[A-Za-z]{3}", t)], labels
        dialog.close()


def test_open_an_existing_empty_file_asks_then_starts_a_database_in_it(
    window: Any, tmp_path: Path, dialogs: Any
) -> None:
    """Review: File → Open on an empty file raised an unexpected TypeError after Yes."""
    open_shop(window, tmp_path)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    dialogs.answer_file(empty)
    dialogs.answer_message(QMessageBox.StandardButton.Yes)
    dialogs.on_exec(lambda dialog: QDialog.DialogCode.Rejected)  # the first-start choice, if shown
    window.file_actions.choose_open()
    assert [kind for kind, _title, _text in dialogs.shown if kind in ("critical", "warning")] == []
    assert any("empty file" in text for kind, _title, text in dialogs.shown if kind == "question")


def test_opening_a_spreadsheet_as_a_database_points_to_import(
    window: Any, tmp_path: Path, dialogs: Any
) -> None:
    """The trial: File → Open on an .xlsx said the file was damaged and to restore a backup."""
    import shutil

    from sample_files import SAMPLES

    open_shop(window, tmp_path)
    sheet = tmp_path / "联系人.xlsx"
    shutil.copy(SAMPLES / "real" / "联系人.xlsx", sheet)
    before = sheet.read_bytes()
    dialogs.answer_file(sheet)
    dialogs.answer_message(QMessageBox.StandardButton.Ok)
    assert not window.file_actions.choose_open()
    [refusal] = [text for kind, _title, text in dialogs.shown if kind in ("critical", "warning")]
    assert "spreadsheet" in refusal and "Import from Excel or CSV" in refusal and "damaged" not in refusal
    assert "--" not in refusal and sheet.read_bytes() == before
