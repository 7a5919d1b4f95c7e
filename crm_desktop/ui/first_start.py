"""The first start on a new database: start empty for a business type, load demo data, or
import the customers from an Excel file (the import wizard, after the business type is set).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.services.presets import apply_preset, business_type
from crm_desktop.ui import workers
from crm_desktop.ui.i18n import install_translators, save_lang, ui_lang

BUSINESS_TYPES = ("shop", "school", "office")
DEMO_CUSTOMERS = 500
LANGUAGES = (("zh", "中文"), ("en", "English"))  # each named in itself, never translated


def needs_first_start(db: Database) -> bool:
    """True while the database has no business type chosen (a new, untouched file)."""
    with db.session() as s:
        return business_type(s) is None


class FirstStartDialog(QDialog):
    """Three ways in; `done_setup` fires once the database is ready for the main window.

    The language comes first (中文 / English, each named in itself): a locale such as
    `C.UTF-8` says nothing about the person at the counter. Picking one switches this dialog
    at once, is remembered, and `language_chosen` lets the window behind switch too.
    """

    done_setup = Signal(str)  # "empty", "demo" or "import"
    language_chosen = Signal(str)  # "zh" or "en"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.task: workers.Task | None = None
        self.languages = QButtonGroup(self)
        lang_row = QHBoxLayout()
        self.lang_label = QLabel()
        lang_row.addWidget(self.lang_label)
        for code, name in LANGUAGES:
            radio = QRadioButton(name)
            radio.setProperty("code", code)
            radio.setChecked(code == ui_lang())
            self.languages.addButton(radio)
            lang_row.addWidget(radio)
        lang_row.addStretch(1)
        self.languages.buttonClicked.connect(self._language_clicked)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.types = QButtonGroup(self)
        type_box = QVBoxLayout()
        for i, code in enumerate(BUSINESS_TYPES):
            radio = QRadioButton()
            radio.setProperty("code", code)
            radio.setChecked(i == 0)
            self.types.addButton(radio, i)
            type_box.addWidget(radio)

        self.empty_button = QPushButton()
        self.empty_button.setDefault(True)
        self.empty_button.clicked.connect(self.start_empty)
        self.demo_count = QSpinBox()
        self.demo_count.setRange(10, 100_000)
        self.demo_count.setValue(DEMO_CUSTOMERS)
        self.demo_button = QPushButton()
        self.demo_button.clicked.connect(self.load_demo)
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_button, 1)
        demo_row.addWidget(self.demo_count)
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(lang_row)
        layout.addSpacing(8)
        layout.addWidget(self.intro)
        layout.addLayout(type_box)
        layout.addSpacing(12)
        layout.addWidget(self.empty_button)
        layout.addLayout(demo_row)
        from crm_desktop.ui.dialogs.import_wizard import first_start_import_button

        self.import_button = first_start_import_button(self)
        self.import_button.clicked.connect(self.import_file)
        self.wizard: Any = None
        layout.addWidget(self.import_button)
        layout.addWidget(self.demo_note)
        layout.addWidget(self.status)
        self._set_texts()

    def _set_texts(self) -> None:
        """Every text of the dialog, in the language installed now."""
        from crm_desktop.ui.dialogs.import_wizard import first_start_import_button

        self.setWindowTitle(self.tr("Welcome to CRM Desktop"))
        self.lang_label.setText(self.tr("Language:"))
        self.intro.setText(self.tr("This is a new database. What kind of business is it for?"))
        names = {
            "shop": self.tr("Shop (retail, beauty, repair…)"),
            "school": self.tr("Training school"),
            "office": self.tr("Office (services, B2B)"),
        }
        for button in self.types.buttons():
            button.setText(names[str(button.property("code"))])
        self.empty_button.setText(self.tr("Start with an empty database"))
        self.demo_count.setSuffix(self.tr(" customers"))
        self.demo_button.setText(self.tr("Try it with demo data"))
        self.demo_note.setText(
            self.tr("Demo data fills the database with made-up customers; use a separate file for real work.")
        )
        fresh = first_start_import_button()  # its text lives with the import wizard
        self.import_button.setText(fresh.text())
        fresh.deleteLater()

    def language(self) -> str:
        button = self.languages.checkedButton()
        return str(button.property("code")) if button is not None else ui_lang()

    def set_language(self, code: str) -> None:
        """Switch the dialog (and, through `language_chosen`, the window) to `code`."""
        for button in self.languages.buttons():
            button.setChecked(button.property("code") == code)
        self._apply_language(code)

    @Slot(QAbstractButton)
    def _language_clicked(self, button: QAbstractButton) -> None:
        self._apply_language(str(button.property("code")))

    def _apply_language(self, code: str) -> None:
        if code == ui_lang():
            return
        save_lang(code)
        install_translators(code)
        self._set_texts()
        self.language_chosen.emit(code)

    def business(self) -> str:
        button = self.types.checkedButton()
        return str(button.property("code")) if button is not None else "shop"

    def set_business(self, code: str) -> None:
        self.types.button(BUSINESS_TYPES.index(code)).setChecked(True)

    @Slot()
    def start_empty(self) -> None:
        """Set the database up for the chosen business type and go on."""
        with self._db.session() as s:
            apply_preset(s, self.business())
        self.done_setup.emit("empty")
        self.accept()

    @Slot()
    def load_demo(self) -> None:
        """Generate demo data in the background (progress and Cancel after ~0.5 s)."""
        from crm_desktop.services.demo import generate_demo

        db, business, count, lang = self._db, self.business(), self.demo_count.value(), ui_lang()
        self._enable(False)
        self.status.setText(self.tr("Making demo data…"))

        def work(progress: workers.Progress) -> Any:
            return generate_demo(db, count, lang=lang, business=business, progress=progress)

        def done(summary: Any) -> None:
            self._enable(True)
            if getattr(summary, "cancelled", False):
                self.status.setText(self.tr("Cancelled: nothing was added."))
                return
            self.done_setup.emit("demo")
            self.accept()

        def failed(exc: BaseException) -> None:
            self._enable(True)
            self.status.clear()
            workers.show_error(self, exc)

        self.task = workers.run_task(
            work, on_done=done, on_error=failed, parent=self, write=True, title=self.tr("Making demo data…")
        )

    @Slot()
    def import_file(self) -> None:
        """Set the database up for the chosen business type, then run the import wizard."""
        from crm_desktop.ui.dialogs.import_wizard import ImportWizard

        with self._db.session() as s:
            apply_preset(s, self.business())
        wizard = self.wizard = ImportWizard(self._db, "customers", parent=self)

        def finished() -> None:
            if wizard.import_result is not None:  # imported: the window opens on the new data
                self.done_setup.emit("import")
                self.accept()

        wizard.finished.connect(finished)
        wizard.open()

    def _enable(self, on: bool) -> None:
        for w in (self.empty_button, self.demo_button, self.demo_count, self.import_button):
            w.setEnabled(on)
