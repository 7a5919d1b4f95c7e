"""Settings: business profile in the database, business type, language switch."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from crm_desktop.db.engine import Database
from crm_desktop.services.presets import business_type, get_setting
from crm_desktop.ui import i18n
from crm_desktop.ui.pages.settings import PROFILE_KEY, SettingsPage


def test_business_profile_and_logo_are_stored_in_the_database(
    qtbot: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    logo = tmp_path / "logo.png"
    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a7ae2"))
    assert image.save(str(logo))
    page = SettingsPage(db)
    qtbot.addWidget(page)
    page.name_edit.setText("小王花店")
    page.address_edit.setText("杭州市西湖区文三路 1 号")
    page.phone_edit.setText("0571-8888 6666")
    dialogs.answer_file(logo)
    page.choose_logo()
    page.save()
    with db.session() as s:
        profile = get_setting(s, PROFILE_KEY)
    assert profile["name"] == "小王花店" and profile["phone"] == "0571-8888 6666"
    stored = QImage.fromData(base64.b64decode(profile["logo"]))
    assert not stored.isNull() and max(stored.width(), stored.height()) == 400

    again = SettingsPage(db)  # what the next start shows
    qtbot.addWidget(again)
    assert again.address_edit.text() == "杭州市西湖区文三路 1 号"
    assert again.logo_preview.pixmap() is not None and not again.logo_preview.pixmap().isNull()


def test_a_file_that_is_not_an_image_is_refused(
    qtbot: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    bogus = tmp_path / "logo.png"
    bogus.write_text("not an image", encoding="utf-8")
    page = SettingsPage(db)
    qtbot.addWidget(page)
    dialogs.answer_file(bogus)
    page.choose_logo()
    assert "not an image" in page.status.text()
    page.save()
    with db.session() as s:
        assert get_setting(s, PROFILE_KEY)["logo"] is None


def test_changing_business_type_applies_its_preset(qtbot: Any, db: Database) -> None:
    page = SettingsPage(db)
    qtbot.addWidget(page)
    page.type_combo.setCurrentIndex(page.type_combo.findData("school"))
    page.save()
    with db.session() as s:
        assert business_type(s) == "school"
    from crm_desktop.services.pipeline import list_stages

    with db.session() as s:
        assert "Trial class" in [st.name_en for st in list_stages(s)]


def test_language_switch_shows_chinese_after_restart(qtbot: Any, db: Database, sync_workers: None) -> None:
    page = SettingsPage(db)
    qtbot.addWidget(page)
    page.lang_combo.setCurrentIndex(page.lang_combo.findData("zh"))
    with qtbot.waitSignal(page.language_changed, timeout=1000) as switched:
        page.save()  # the window (tests/gui/test_file_menu.py) switches without a restart
    assert switched.args == ["zh"] and "Restart" not in page.status.text()
    assert i18n.chosen_lang() == "zh"

    # The next start: translators installed before the window is built.
    i18n.install_translators(i18n.chosen_lang())
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "客户" in labels and "回收站" in labels and "设置" in labels
    customers = window.page("customers")
    assert customers.archive_button.text() == "移到回收站"
    assert customers.model.headerData(0, Qt.Orientation.Horizontal) == "姓名"
    assert window.menuBar().actions()[0].text() == "文件(&F)"
