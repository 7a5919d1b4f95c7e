"""The customer dialog: every catalogue field with validation, tags, custom fields, timeline.

Opened with `open()` (window-modal without a nested event loop). Values are checked field by
field as the user leaves a box (`services.validation.clean_value`) and all together on Save;
a bad value shows its one-line message under the form and keeps the dialog open, and nothing
is written. The timeline and its quick actions live in `customer_timeline.TimelinePanel`.

A phone number or email another live customer already has is not an error (families share a
phone) but is easy to miss: leaving the box, or the first Save, shows who has it under the form
with a link to open them; a second Save saves.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.errors import CrmError, ValidationError
from crm_desktop.fields import CHOICES, CUSTOM_PREFIX, CUSTOMER_FIELDS, Field, choice_label
from crm_desktop.services.vocabulary import vocabulary_of
from crm_desktop.ui.dialogs import ask_before_discarding
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.customers import format_value

# Editable catalogue fields, in catalogue order (figures and timestamps are shown, not edited).
EDIT_FIELDS: tuple[Field, ...] = tuple(f for f in CUSTOMER_FIELDS if not f.readonly and f.key != "created_at")
INFO_KEYS = ("created_at", "total_spent", "purchase_count", "last_contact_at", "next_follow_up_at")
# A student's parent: on the form at a school, elsewhere only for a customer who has one.
GUARDIAN_KEYS = ("guardian_name", "guardian_relation", "guardian_phone")
ERROR_STYLE = "border: 1px solid #c0392b;"
WARNING_STYLE = "color: #9a5b00;"
CONTACT_KEYS = ("phone", "alt_phone", "email")  # checked against other customers' contacts
DEFAULT_SIZE = (1000, 680)  # fits a 1366x768 laptop screen with its task bar
TIMELINE_WIDTH = 360  # the timeline's first share of the width; the form takes the rest


class CustomerDialog(QDialog):
    """Create (customer_id None) or edit one customer."""

    saved = Signal(int)  # the customer's id
    print_profile = Signal(int)  # save, close, and show the customer's profile report
    changed = Signal(int)  # something was added to the customer's timeline

    def __init__(self, db: Database, customer_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = ui_lang()
        self.customer_id = customer_id
        self._original: dict[str, Any] = {}
        with db.session() as s:
            self.vocab = vocabulary_of(s, self._lang)  # 学员 at a school
            if customer_id is not None:
                from crm_desktop.services.customers import customer_to_dict, get_customer

                try:
                    self._original = customer_to_dict(get_customer(s, customer_id))
                except CrmError:
                    self._original = {}
        self.setWindowTitle(self.vocab.word("new_customer" if customer_id is None else "customer"))
        self._resize_to_screen(*DEFAULT_SIZE)

        self.editors: dict[str, QWidget] = {}
        form_widget = QWidget()
        grid = QGridLayout(form_widget)
        with_guardian = self.vocab.business == "school" or any(self._original.get(k) for k in GUARDIAN_KEYS)
        self.fields = tuple(f for f in EDIT_FIELDS if with_guardian or f.key not in GUARDIAN_KEYS)
        half = (len(self.fields) + 1) // 2
        for i, field in enumerate(self.fields):
            editor = self._make_editor(field)
            self.editors[field.key] = editor
            label = QLabel(self.vocab.field_label(field.key) + (" *" if field.required else ""))
            label.setBuddy(editor)
            col = 0 if i < half or field.type == "longtext" else 2
            row = i if col == 0 else i - half
            if field.type == "longtext":
                grid.addWidget(label, half + 1, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(editor, half + 1, 1, 1, 3)
            else:
                grid.addWidget(label, row, col)
                grid.addWidget(editor, row, col + 1)
        # Both editor columns share the width; the form never needs more than the dialog has.
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for key in CONTACT_KEYS:
            line = self.editors[key]
            assert isinstance(line, QLineEdit)
            line.editingFinished.connect(self.check_contacts)

        self.custom_table = QTableWidget(0, 2)
        self.custom_table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.custom_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.custom_table.verticalHeader().hide()
        self.custom_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.custom_table.setMaximumHeight(120)
        add_custom = QPushButton(self.tr("Add field"))
        add_custom.clicked.connect(lambda: self.add_custom_row("", ""))
        remove_custom = QPushButton(self.tr("Remove field"))
        remove_custom.clicked.connect(self._remove_custom_row)
        custom_buttons = QHBoxLayout()
        custom_buttons.addWidget(QLabel(self.tr("Custom fields")), 1)
        custom_buttons.addWidget(add_custom)
        custom_buttons.addWidget(remove_custom)
        grid.addLayout(custom_buttons, half + 2, 0, 1, 4)
        grid.addWidget(self.custom_table, half + 3, 0, 1, 4)

        self.info_label = QLabel()
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info_label.setWordWrap(True)  # five figures do not fit one line beside the timeline
        self.info_label.hide()  # until there are figures to show

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.setWordWrap(True)
        # who else has this phone or email: a warning, never a reason to refuse the save
        self.contact_label = QLabel()
        self.contact_label.setStyleSheet(WARNING_STYLE)
        self.contact_label.setWordWrap(True)
        self.contact_label.setTextFormat(Qt.TextFormat.RichText)
        self.contact_label.linkActivated.connect(self._open_link)
        self.contact_label.hide()
        self.contact_matches: list[Any] = []  # services.duplicates.ContactMatch
        self._save_warned: tuple[Any, ...] | None = None  # the values a Save was held back for
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.print_button = self.buttons.addButton(
            self.tr("Print profile…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(self._print)
        self.print_button.hide()  # the main window shows it when a Reports page exists

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(scroll, 1)
        left_layout.addWidget(self.info_label)  # below the form: always in view
        left_layout.addWidget(self.error_label)
        left_layout.addWidget(self.contact_label)

        self.timeline = None
        body: QWidget = left
        if customer_id is not None:
            from crm_desktop.ui.dialogs.customer_timeline import TimelinePanel

            self.timeline = TimelinePanel(db, customer_id, self)
            self.timeline.changed.connect(self.refresh_info)
            self.timeline.changed.connect(lambda: self.changed.emit(customer_id))
            splitter = QSplitter()
            splitter.setChildrenCollapsible(False)
            splitter.addWidget(left)
            splitter.addWidget(self.timeline)
            splitter.setStretchFactor(0, 1)  # a wider dialog widens the form first
            splitter.setStretchFactor(1, 0)
            splitter.setSizes([max(self.width() - TIMELINE_WIDTH, 1), TIMELINE_WIDTH])
            self.splitter: QSplitter | None = splitter
            body = splitter
        else:
            self.splitter = None

        layout = QVBoxLayout(self)
        layout.addWidget(body, 1)
        layout.addWidget(self.buttons)

        if customer_id is not None:
            self._load()
        # what the form held when it opened: closing with anything else asks before discarding
        self._pristine = self.collect()
        self.editors["name"].setFocus()

    def _resize_to_screen(self, width: int, height: int) -> None:
        """`width` x `height`, or less where the screen is smaller (a 1366x768 laptop)."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, max(available.width() - 40, 600))
            height = min(height, max(available.height() - 40, 400))
        self.resize(width, height)

    def showEvent(self, event: QShowEvent) -> None:
        # Printing a profile needs a stored customer: a new one has none yet.
        if self.customer_id is None:
            self.print_button.hide()
        super().showEvent(event)

    def has_changes(self) -> bool:
        """True when the form, or the timeline's quick-action box, holds something not yet saved."""
        return self._form_changed() or (self.timeline is not None and self.timeline.has_pending())

    def _form_changed(self) -> bool:
        return self.collect() != self._pristine

    def reject(self) -> None:
        """Cancel, Esc or the window's close button: never throw away what the user typed unasked."""
        if self.isVisible() and self.has_changes():
            answer = ask_before_discarding(self, self.tr("Save the changes to this customer before closing?"))
            if answer == "save":
                # a typed note, sale or follow-up goes in first; a bad value keeps the dialog open
                if self.timeline is not None and self.timeline.has_pending() and not self.timeline.add():
                    return
                if self._form_changed():
                    self.save()  # closes on success; a bad value keeps the dialog open with its message
                    return
            elif answer == "cancel":
                return
        super().reject()

    # editors --------------------------------------------------------------------
    def _make_editor(self, field: Field) -> QWidget:
        if field.type == "choice":
            combo = QComboBox()
            if field.key not in ("category", "kind"):
                combo.addItem("", None)
            for code in CHOICES.get(field.key, {}):
                combo.addItem(choice_label(field.key, code, self._lang), code)
            return combo
        if field.type == "longtext":
            edit = QPlainTextEdit()
            edit.setMaximumHeight(90)
            return edit
        line = QLineEdit()
        if field.max_len:
            line.setMaxLength(field.max_len)
        if field.type == "date":
            line.setPlaceholderText(self.tr("YYYY-MM-DD"))
        elif field.type == "tags":
            line.setPlaceholderText(self.tr("comma separated, e.g. VIP, wholesale"))
        line.editingFinished.connect(lambda f=field: self.check_field(f.key))
        return line

    def value(self, key: str) -> Any:
        """The raw text (or choice code) the user entered for `key`."""
        editor = self.editors[key]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def set_value(self, key: str, value: Any) -> None:
        """Fill one editor (used when loading, and by tests driving the form)."""
        editor = self.editors[key]
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        else:
            assert isinstance(editor, QLineEdit)
            if isinstance(value, list | tuple):
                value = ", ".join(str(v) for v in value)
            editor.setText(format_value(key, value, self._lang) if key != "tags" else str(value or ""))

    def add_custom_row(self, name: str, value: Any) -> None:
        row = self.custom_table.rowCount()
        self.custom_table.insertRow(row)
        self.custom_table.setItem(row, 0, QTableWidgetItem(name))
        self.custom_table.setItem(row, 1, QTableWidgetItem("" if value is None else str(value)))

    def _remove_custom_row(self) -> None:
        row = self.custom_table.currentRow()
        if row >= 0:
            self.custom_table.removeRow(row)

    def _custom_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for row in range(self.custom_table.rowCount()):
            name_item, value_item = self.custom_table.item(row, 0), self.custom_table.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            if name:
                values[name] = value_item.text() if value_item else ""
        # Names that were there before and are gone now are removed (None means remove).
        for key in self._original:
            if key.startswith(CUSTOM_PREFIX) and key[len(CUSTOM_PREFIX) :] not in values:
                values[key[len(CUSTOM_PREFIX) :]] = None
        return values

    # loading and saving -------------------------------------------------------------
    def _load(self) -> None:
        from crm_desktop.services.customers import customer_to_dict, get_customer

        assert self.customer_id is not None
        with self._db.session() as s:
            self._original = customer_to_dict(get_customer(s, self.customer_id))
        for field in self.fields:
            self.set_value(field.key, self._original.get(field.key))
        for key, value in sorted(self._original.items()):
            if key.startswith(CUSTOM_PREFIX):
                self.add_custom_row(key[len(CUSTOM_PREFIX) :], value)
        self.setWindowTitle(self.vocab.customer_named(str(self._original.get("name") or "")))
        self._show_info(self._original)

    def refresh_info(self) -> None:
        """Re-read the figures (total spent, purchases, next follow-up) the timeline changes.

        The editors keep what the user typed; only the read-only figures are read again.
        """
        from crm_desktop.services.customers import customer_to_dict, get_customer

        assert self.customer_id is not None
        with self._db.session() as s:
            current = customer_to_dict(get_customer(s, self.customer_id))
        for key in INFO_KEYS:
            self._original[key] = current.get(key)
        self._show_info(current)

    def _show_info(self, values: dict[str, Any]) -> None:
        info = []
        for key in INFO_KEYS:
            text = format_value(key, values.get(key), self._lang)
            if text:
                colon = "：" if self._lang == "zh" else ": "
                info.append(f"{self.vocab.field_label(key)}{colon}{text}")
        self.info_label.setText("   ·   ".join(info))
        self.info_label.setVisible(bool(info))

    def check_field(self, key: str) -> bool:
        """Validate one field now; show its message and mark the box when it is wrong."""
        from crm_desktop.services.validation import clean_value

        field = next(f for f in self.fields if f.key == key)
        try:
            clean_value(field, self.value(key))
        except ValidationError as exc:
            self._show_error(exc)
            return False
        self.editors[key].setStyleSheet("")
        if self.error_label.property("field") == key:
            self.error_label.clear()
        return True

    def _contact_values(self) -> tuple[Any, ...]:
        return tuple(self.value(key).strip() for key in CONTACT_KEYS)

    def check_contacts(self) -> list[Any]:
        """Show (under the form) which other live customers have this phone number or email.

        Only values changed from what was loaded are looked up, so an existing customer who
        shares a phone with family is not warned about on every edit.
        """
        from crm_desktop.services.duplicates import customers_with_contact

        values = dict(zip(CONTACT_KEYS, self._contact_values(), strict=True))
        changed = {k: v for k, v in values.items() if v and v != str(self._original.get(k) or "")}
        phones = [changed[k] for k in ("phone", "alt_phone") if k in changed]
        email = changed.get("email")
        matches = []
        if phones or email:
            with self._db.session() as s:
                matches = customers_with_contact(s, phones, email, exclude_id=self.customer_id)
        self._show_contacts(matches)
        return matches

    def _show_contacts(self, matches: list[Any], save_again: bool = False) -> None:
        self.contact_matches = matches
        if not matches:
            self.contact_label.clear()
            self.contact_label.hide()
            return
        lines = []
        for reason in ("phone", "email"):
            found = [m for m in matches if m.reason == reason]
            if not found:
                continue
            names = ", ".join(html.escape(m.name) for m in found)
            if reason == "phone":
                text = self.tr("Customer %1 already has this phone number.")
            else:
                text = self.tr("Customer %1 already has this email address.")
            open_text = self.tr("Open %1")
            links = "  ".join(
                f'<a href="customer:{m.id}">{html.escape(open_text.replace("%1", m.name))}</a>'
                for m in found
                if self._opener() is not None
            )
            lines.append(text.replace("%1", f"<b>{names}</b>") + ("  " + links if links else ""))
        if save_again:
            lines.append(html.escape(self.tr("Click Save again to add this customer anyway.")))
        self.contact_label.setText("<br>".join(lines))
        self.contact_label.show()

    def _opener(self) -> Any:
        """The main window's `open_customer` (reuses a dialog already open on that customer)."""
        return getattr(self.parentWidget(), "open_customer", None)

    def _open_link(self, link: str) -> None:
        opener = self._opener()
        if link.startswith("customer:") and opener is not None:
            opener(int(link.split(":", 1)[1]))

    def _show_error(self, exc: CrmError) -> None:
        field = getattr(exc, "field", None)
        if isinstance(exc, ValidationError):
            # Messages name the field by its key; users know it by its label.
            try:
                label = next(f for f in CUSTOMER_FIELDS if f.key == exc.field).label(self._lang)
                exc.params["field"] = label
            except StopIteration:
                pass
        self.error_label.setText(exc.message(self._lang))
        self.error_label.setProperty("field", field)
        if field in self.editors:
            self.editors[field].setStyleSheet(ERROR_STYLE)
            self.editors[field].setFocus()

    def collect(self) -> dict[str, Any]:
        """Everything in the form, keyed by catalogue key (raw, not yet validated)."""
        values: dict[str, Any] = {f.key: self.value(f.key) for f in self.fields}
        custom = self._custom_values()
        if custom:
            values["custom"] = custom
        return values

    def _print(self) -> None:
        if self.save():  # the report shows what is stored
            assert self.customer_id is not None
            self.print_profile.emit(self.customer_id)

    def save(self) -> bool:
        """Validate and write; on a bad value show its message, write nothing, stay open."""
        from crm_desktop.services.customers import create_customer, update_customer
        from crm_desktop.services.validation import clean_customer_values

        for editor in self.editors.values():
            editor.setStyleSheet("")
        values = self.collect()
        try:
            clean_customer_values(values)
            contacts = self._contact_values()
            if self.customer_id is None and self._save_warned != contacts and self.check_contacts():
                # the first Save of a new customer says who already has this phone or email
                # and writes nothing; Save again saves (families share a phone)
                self._save_warned = contacts
                self._show_contacts(self.contact_matches, save_again=True)
                self.error_label.clear()
                return False
            with self._db.session() as s:
                if self.customer_id is None:
                    customer = create_customer(s, values)
                else:
                    customer = update_customer(s, self.customer_id, values)
                s.flush()
                customer_id = customer.id
        except CrmError as exc:
            self._show_error(exc)
            return False
        self.customer_id = customer_id
        self._pristine = self.collect()
        self.error_label.clear()
        self.saved.emit(customer_id)
        self.accept()
        return True
