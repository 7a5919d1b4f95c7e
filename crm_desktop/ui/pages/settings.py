"""Settings: the business profile (reports print it), the business type, the language.

The profile lives in the database (settings key "business_profile": name, address, phone and
the logo as base64 PNG, so a backup carries it); the language is a per-user preference in
QSettings; saving a new one switches the running window (`language_changed`, MainWindow).

The sections scroll (the Save button stays in view), so the page never makes the main window
taller than a laptop screen; the stage table is as tall as its stages, up to STAGE_ROWS_SHOWN.
"""

from __future__ import annotations

import base64
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Deal, FollowUp
from crm_desktop.services.presets import business_type, get_setting, set_setting
from crm_desktop.ui import file_dialogs
from crm_desktop.ui.i18n import chosen_lang, save_lang, ui_lang
from crm_desktop.ui.prefs import LANGUAGE, qsettings

PROFILE_KEY = "business_profile"
LOGO_MAX_PX = 400
BUSINESS_TYPES = ("shop", "school", "office")
STAGE_ROWS_SHOWN = 8  # the stage table shows this many stages without scrolling itself


def logo_to_base64(path: str) -> str | None:
    """A logo file as base64 PNG, scaled to at most LOGO_MAX_PX; None if it is not an image."""
    image = QImage(path)
    if image.isNull():
        return None
    if max(image.width(), image.height()) > LOGO_MAX_PX:
        image = image.scaled(
            LOGO_MAX_PX,
            LOGO_MAX_PX,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; str works
    return base64.b64encode(bytes(data.data())).decode("ascii")


class SettingsPage(QWidget):
    """Business profile, business type and language."""

    changed = Signal()
    language_changed = Signal(str)  # "zh" or "en": the window rebuilds itself in it

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._logo: str | None = None

        profile_box = QGroupBox(self.tr("Business profile (printed on reports)"))
        self.name_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.logo_preview = QLabel(self.tr("No logo"))
        self.logo_preview.setFixedSize(120, 60)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_button = QPushButton(self.tr("Choose logo…"))
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_clear = QPushButton(self.tr("Remove logo"))
        self.logo_clear.clicked.connect(lambda: self._set_logo(None))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.logo_clear)
        logo_row.addStretch(1)
        form = QFormLayout(profile_box)
        form.addRow(self.tr("Business name"), self.name_edit)
        form.addRow(self.tr("Address"), self.address_edit)
        form.addRow(self.tr("Phone"), self.phone_edit)
        form.addRow(self.tr("Logo"), logo_row)

        type_box = QGroupBox(self.tr("Business type"))
        self.type_combo = QComboBox()
        names = {"shop": self.tr("Shop"), "school": self.tr("Training school"), "office": self.tr("Office")}
        for code in BUSINESS_TYPES:
            self.type_combo.addItem(names[code], code)
        self.type_note = QLabel(
            self.tr(
                "Sets the pipeline stages and the choice lists (sources, follow-up kinds, service kinds)."
            )
        )
        self.type_note.setWordWrap(True)
        type_form = QVBoxLayout(type_box)
        type_form.addWidget(self.type_combo)
        type_form.addWidget(self.type_note)

        lang_box = QGroupBox(self.tr("Language"))
        self.lang_combo = QComboBox()
        self.lang_combo.addItem(self.tr("System language"), None)
        self.lang_combo.addItem("中文（简体）", "zh")
        self.lang_combo.addItem("English", "en")
        lang_note = QLabel(self.tr("The window switches to the language chosen when you save."))
        lang_note.setWordWrap(True)
        lang_layout = QVBoxLayout(lang_box)
        lang_layout.addWidget(self.lang_combo)
        lang_layout.addWidget(lang_note)

        from crm_desktop.ui.pages.backups import BackupsSection

        self.backups_section = BackupsSection(db, self)  # list, back up now, restore

        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)

        from crm_desktop.ui.widgets.stage_editor import StageEditor

        self.stage_editor = StageEditor(db, self)
        self.stage_editor.changed.connect(self.changed)
        stage_model = self.stage_editor.table.model()
        for signal in (stage_model.rowsInserted, stage_model.rowsRemoved, stage_model.modelReset):
            signal.connect(self._stages_changed)

        sections = QWidget()
        column = QVBoxLayout(sections)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(profile_box)
        column.addWidget(type_box)
        column.addWidget(self.stage_editor)
        column.addWidget(lang_box)
        column.addWidget(self.backups_section)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setWidget(sections)

        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(bottom)
        self._fit_stage_table()
        self.refresh()

    @Slot()
    def _stages_changed(self) -> None:
        QTimer.singleShot(0, self, self._fit_stage_table)  # once the new rows have their heights

    @Slot()
    def _fit_stage_table(self) -> None:
        """Make the stage table as tall as its stages (up to STAGE_ROWS_SHOWN): the page scrolls."""
        table = self.stage_editor.table
        rows = min(table.rowCount(), STAGE_ROWS_SHOWN)
        vheader = table.verticalHeader()
        row_height = max([vheader.sectionSize(r) for r in range(rows)] + [vheader.defaultSectionSize()])
        height = table.horizontalHeader().sizeHint().height() + rows * row_height + 2 * table.frameWidth()
        if table.horizontalScrollBar().isVisible():
            height += table.horizontalScrollBar().sizeHint().height()
        table.setFixedHeight(height + 2)  # no blank rows below the stages; more scroll in the table

    @Slot()
    def refresh(self) -> None:
        """Show what is stored (small, bounded reads)."""
        with self._db.session() as s:
            profile: dict[str, Any] = get_setting(s, PROFILE_KEY) or {}
            kind = business_type(s)
        self.name_edit.setText(profile.get("name") or "")
        self.address_edit.setText(profile.get("address") or "")
        self.phone_edit.setText(profile.get("phone") or "")
        self._set_logo(profile.get("logo"))
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(kind), 0))
        saved = qsettings().value(LANGUAGE)
        self.lang_combo.setCurrentIndex(
            max(self.lang_combo.findData(saved if saved in ("zh", "en") else None), 0)
        )
        self.status.clear()

    def _set_logo(self, data: str | None) -> None:
        self._logo = data
        if not data:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("No logo"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(base64.b64decode(data))
        self.logo_preview.setPixmap(
            pixmap.scaled(
                self.logo_preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    @Slot()
    def choose_logo(self) -> None:
        from crm_desktop.ui.recent_files import remember_folder, start_folder

        path, _ = file_dialogs.get_open_file_name(
            self, self.tr("Choose logo"), str(start_folder()), self.tr("Images (*.png *.jpg *.jpeg *.bmp)")
        )
        if not path:
            return
        remember_folder(path)
        data = logo_to_base64(path)
        if data is None:
            self.status.setText(self.tr("That file is not an image. Choose a PNG or JPEG file."))
            return
        self._set_logo(data)

    def profile(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text().strip(),
            "address": self.address_edit.text().strip(),
            "phone": self.phone_edit.text().strip(),
            "logo": self._logo,
        }

    @Slot()
    def save(self) -> None:
        """Store the profile and business type in the database, the language in QSettings."""
        from crm_desktop.services.presets import apply_preset

        kind = self.type_combo.currentData()
        with self._db.session() as s:
            set_setting(s, PROFILE_KEY, self.profile())
            if kind != business_type(s):
                # Replacing stages and lists is safe only while nothing refers to them.
                used = (s.scalar(select(func.count()).select_from(Deal)) or 0) + (
                    s.scalar(select(func.count()).select_from(FollowUp)) or 0
                )
                apply_preset(s, kind, replace=used == 0)
        save_lang(self.lang_combo.currentData())
        message = self.tr("Settings saved.")
        self.status.setText(message)
        self.stage_editor.reload()  # a new business type may have replaced the stages
        self.changed.emit()
        if chosen_lang() != ui_lang():  # the window speaks another language than the one chosen
            self.language_changed.emit(chosen_lang())
