"""The Reports page: pick a report and its options, render it in a worker, preview, save, print.

The PDF comes from the Qt-free `crm_desktop.reports`; the preview is QtPdf (`QPdfDocument` +
`QPdfView`) with zoom and page navigation. Printing renders each page on white (QtPdf page
images are transparent) onto the `QPrinter` the print dialog set up. Other pages open a report
here with `show_report(name, options)` (their Print actions).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QPointF, Signal, Slot
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.reports import ReportOptions
from crm_desktop.ui import file_dialogs
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.pages import report_printing
from crm_desktop.ui.pages.report_printing import print_document
from crm_desktop.ui.widgets.customer_picker import CustomerPicker
from crm_desktop.ui.workers import Progress, run_task, show_error

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
PERIOD_REPORTS = ("pipeline", "service", "insight")


def render_pdf(db: Database, name: str, options: ReportOptions, search: str, progress: Progress) -> bytes:
    """The report's PDF bytes; runs on a worker thread with its own session."""
    from crm_desktop.reports import render_report

    with db.session() as s:
        if name == "customers" and options.ids is None:
            from crm_desktop.services.customer_query import CustomerQuery, customer_ids

            options.ids = customer_ids(s, CustomerQuery(search=search or None, sort_key="name"))
            options.filter_text = search
        return render_report(s, name, options, progress)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def open_report(window: Any, name: str, options: ReportOptions) -> bool:
    """Show report `name` with `options` on the main window's Reports page (a Print action).

    Returns False when the window has no Reports page. The customer list page passes its ids
    (display order), visible column keys and filter text; the customer dialog its customer id.
    """
    if "reports" not in window.page_keys():
        return False
    window.show_page("reports")
    page: ReportsPage = window.pages["reports"]
    page.show_report(name, options)
    return True


class ReportsPage(QWidget):
    """Choose a report, preview it, then save it as PDF or print it."""

    rendered = Signal()  # a new preview is showing
    open_customer = Signal(int)  # never emitted; pages with customers share this signal

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pdf: bytes = b""
        self._buffer: QBuffer | None = None
        self._given: ReportOptions | None = None  # rows and columns handed over by another page
        self._task: Any = None
        self._generation = 0  # bumped when the options change: older renders are dropped

        self.report_combo = QComboBox(self)
        for name, text in (
            ("customers", self.tr("Customer list")),
            ("profile", self.tr("Customer profile")),
            ("agenda", self.tr("Follow-up agenda")),
            ("pipeline", self.tr("Pipeline and sales")),
            ("service", self.tr("Service report")),
            ("insight", self.tr("Customer insight")),
        ):
            self.report_combo.addItem(text, name)
        self.lang_combo = QComboBox(self)
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(0 if ui_lang() == "zh" else 1)
        self.paper_combo = QComboBox(self)
        self.paper_combo.addItems(["A4", "Letter"])

        today = QDate.currentDate()
        self.from_edit = QDateEdit(today.addMonths(-11).addDays(1 - today.day()), self)
        self.to_edit = QDateEdit(today, self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.period_check = QCheckBox(self.tr("Limit to a period"), self)
        self.period_check.setChecked(True)
        self.agenda_date = QDateEdit(today, self)
        self.agenda_date.setCalendarPopup(True)
        self.agenda_date.setDisplayFormat("yyyy-MM-dd")
        self.span_combo = QComboBox(self)
        self.span_combo.addItem(self.tr("One day"), 1)
        self.span_combo.addItem(self.tr("One week"), 7)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("All customers, or search name, phone, tag…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textEdited.connect(self._forget_given)
        self.picker = CustomerPicker(db, self)

        form = QFormLayout()
        form.addRow(self.tr("Report"), self.report_combo)
        form.addRow(self.tr("Language"), self.lang_combo)
        form.addRow(self.tr("Paper"), self.paper_combo)
        self._rows: dict[str, list[QWidget]] = {}
        self._add_row(form, "period", None, self.period_check)
        self._add_row(form, "period", self.tr("From"), self.from_edit)
        self._add_row(form, "period", self.tr("To"), self.to_edit)
        self._add_row(form, "agenda", self.tr("Day"), self.agenda_date)
        self._add_row(form, "agenda", self.tr("Span"), self.span_combo)
        self._add_row(form, "customers", self.tr("Customers"), self.search_edit)
        self._add_row(form, "profile", self.tr("Customer"), self.picker)

        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.preview_button.setDefault(True)
        self.save_button = QPushButton(self.tr("Save PDF…"), self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.preview_button.clicked.connect(lambda: self.preview())
        self.save_button.clicked.connect(lambda: self.save())
        self.print_button.clicked.connect(lambda: self.print_report())

        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.preview_button)
        side.addWidget(self.save_button)
        side.addWidget(self.print_button)
        side.addWidget(self.status)
        side.addStretch(1)
        side_widget = QWidget(self)
        side_widget.setLayout(side)
        side_widget.setFixedWidth(300)

        # Created before the view, so the page deletes it first: a document deleted after the
        # view signals the dead view and crashes. Its page-change signal during that teardown
        # is what `_update_controls` guards against.
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().currentPageChanged.connect(lambda _p: self._update_controls())

        self.prev_button = QPushButton(self.tr("Previous"), self)
        self.next_button = QPushButton(self.tr("Next"), self)
        self.page_label = QLabel(self)
        self.zoom_out_button = QPushButton(self.tr("Zoom out"), self)
        self.zoom_in_button = QPushButton(self.tr("Zoom in"), self)
        self.fit_button = QPushButton(self.tr("Fit width"), self)
        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit_width)
        bar = QHBoxLayout()
        for w in (self.prev_button, self.page_label, self.next_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)
        right = QVBoxLayout()
        right.addLayout(bar)
        right.addWidget(self.view, 1)

        layout = QHBoxLayout(self)
        layout.addWidget(side_widget)
        layout.addLayout(right, 1)

        self.report_combo.currentIndexChanged.connect(lambda _i: self._report_changed())
        self.period_check.toggled.connect(lambda _on: self._report_changed())
        # A preview of other options must not be saved or printed as if it were this one.
        for signal in (
            self.report_combo.currentIndexChanged,
            self.lang_combo.currentIndexChanged,
            self.paper_combo.currentIndexChanged,
            self.period_check.toggled,
            self.from_edit.dateChanged,
            self.to_edit.dateChanged,
            self.agenda_date.dateChanged,
            self.span_combo.currentIndexChanged,
            self.search_edit.textChanged,
            self.picker.customer_chosen,
        ):
            signal.connect(lambda *_a: self.clear_preview())
        self._report_changed()

    def clear_preview(self) -> None:
        """Drop the preview (and any render still running) once the report or its options change.

        The status line goes too: it spoke of the previous choice ("Choose a customer first.",
        "3 pages", "Saved to …").
        """
        self._generation += 1
        self.status.setText("")
        if not self._pdf:
            return
        self._pdf = b""
        self.document.close()
        self._update_controls()

    def _add_row(self, form: QFormLayout, group: str, text: str | None, widget: QWidget) -> None:
        label = QLabel(text, self) if text else QLabel(self)
        form.addRow(label, widget)
        self._rows.setdefault(group, []).extend([label, widget])

    # options ---------------------------------------------------------------------------
    def report_name(self) -> str:
        return str(self.report_combo.currentData())

    def set_report(self, name: str) -> None:
        self.report_combo.setCurrentIndex(max(0, self.report_combo.findData(name)))

    def _report_changed(self) -> None:
        name = self.report_name()
        for group, widgets in self._rows.items():
            visible = group == name or (group == "period" and name in PERIOD_REPORTS)
            for w in widgets:
                w.setVisible(visible)
        on = self.period_check.isChecked()
        self.from_edit.setEnabled(on)
        self.to_edit.setEnabled(on)
        self._update_controls()

    def _forget_given(self) -> None:
        self._given = None

    def options(self) -> ReportOptions:
        """The options the controls show (plus rows handed over by another page)."""
        name = self.report_name()
        opts = ReportOptions(
            lang=str(self.lang_combo.currentData()), page_size=self.paper_combo.currentText()
        )
        if name in PERIOD_REPORTS and self.period_check.isChecked():
            opts.start = self.from_edit.date().toPython()  # type: ignore[assignment]
            opts.end = self.to_edit.date().toPython()  # type: ignore[assignment]
        elif name == "agenda":
            start: date = self.agenda_date.date().toPython()  # type: ignore[assignment]
            opts.start = start
            opts.end = start + timedelta(days=int(self.span_combo.currentData()) - 1)
        elif name == "profile":
            opts.customer_id = self.picker.customer_id()
        elif name == "customers" and self._given is not None:
            opts.ids = list(self._given.ids or [])
            opts.keys = self._given.keys
            opts.filter_text = self._given.filter_text
        return opts

    # rendering -------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Nothing to reload: a report is rendered when the user asks for it."""

    def show_report(self, name: str, options: ReportOptions | None = None) -> None:
        """Select report `name`, take over `options` (a customer, a list's rows and columns) and render."""
        options = options or ReportOptions()
        self.set_report(name)
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(options.lang)))
        if options.customer_id is not None:
            self.picker.set_customer(options.customer_id)
        if name == "customers" and options.ids is not None:
            self._given = options
            self.search_edit.setText(options.filter_text)
        if options.start is not None:
            self.from_edit.setDate(_qdate(options.start))
            self.agenda_date.setDate(_qdate(options.start))
        if options.end is not None:
            self.to_edit.setDate(_qdate(options.end))
        self.preview()

    def preview(self) -> None:
        """Render the chosen report in a worker; the preview updates when it is ready."""
        name = self.report_name()
        opts = self.options()
        if name == "profile" and opts.customer_id is None:
            self.status.setText(self.tr("Choose a customer first."))
            return
        search = self.search_edit.text().strip()
        self.status.setText(self.tr("Preparing the report…"))
        self.preview_button.setEnabled(False)
        generation = self._generation
        self._task = run_task(
            lambda progress: render_pdf(self._db, name, opts, search, progress),
            on_done=lambda data: self._show_pdf(data) if generation == self._generation else None,
            on_error=self._failed,
            parent=self,
            title=self.tr("Preparing the report"),
        )
        if self._task.done:  # ran at once (tests run workers synchronously)
            self.preview_button.setEnabled(True)
        else:
            self._task.ended.connect(lambda: self.preview_button.setEnabled(True))

    def _failed(self, exc: BaseException) -> None:
        from crm_desktop.errors import CrmError

        if isinstance(exc, CrmError) and exc.code == "report.cancelled":
            self.status.setText(self.tr("Cancelled."))
            return
        self.status.setText("")
        show_error(self, exc)

    def _show_pdf(self, data: bytes) -> None:
        self._pdf = data
        self.document.close()
        old = self._buffer
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self._buffer = buffer
        if old is not None:
            old.close()
            old.deleteLater()
        self.status.setText(self.tr("%n page(s)", "", self.document.pageCount()))
        self.go_to_page(0)
        self._update_controls()
        self.rendered.emit()

    def pdf_bytes(self) -> bytes:
        """The PDF shown in the preview (empty before the first one)."""
        return self._pdf

    # navigation and zoom -----------------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount() if self._pdf else 0

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, index: int) -> None:
        """Show page `index` (0-based), clamped to the document."""
        if self.page_count() == 0:
            return
        index = max(0, min(index, self.page_count() - 1))
        self.view.pageNavigator().jump(index, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_controls()

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, self.view.zoomFactor() * factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _update_controls(self) -> None:
        if not shiboken6.isValid(self.document):  # the page is being destroyed
            return
        pages = self.page_count()
        has = pages > 0
        current = self.current_page() if has else 0
        self.page_label.setText(
            self.tr("Page %1 of %2").replace("%1", str(current + 1)).replace("%2", str(pages)) if has else ""
        )
        self.prev_button.setEnabled(has and current > 0)
        self.next_button.setEnabled(has and current < pages - 1)
        for w in (
            self.save_button,
            self.print_button,
            self.zoom_in_button,
            self.zoom_out_button,
            self.fit_button,
        ):
            w.setEnabled(has)

    # save and print ----------------------------------------------------------------------
    def default_file_name(self) -> str:
        """The report's name in the window's language, dated: `客户名单-2026-11-23.pdf`."""
        from crm_desktop.ui.export_actions import default_file_name

        title = self.report_combo.currentText()  # already in the window's language
        return default_file_name(title, title, ".pdf")

    def save(self) -> None:
        """Ask where to save the previewed PDF (the last folder saved to, else Documents)."""
        if not self._pdf:
            return
        from crm_desktop.ui.export_actions import default_folder
        from crm_desktop.ui.recent_files import remember_folder

        path, _filter = file_dialogs.get_save_file_name(
            self,
            self.tr("Save report"),
            str(default_folder() / self.default_file_name()),
            self.tr("PDF files (*.pdf)"),
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        remember_folder(path)
        from crm_desktop.errors import CrmError
        from crm_desktop.reports import save_pdf

        try:
            save_pdf(self._pdf, path)
        except CrmError as exc:
            show_error(self, exc)
            return
        self.status.setText(self.tr("Saved to %1").replace("%1", path))

    def print_report(self) -> int:
        """Print the previewed report through Qt's print dialog; returns the pages sent."""
        if not self._pdf:
            return 0
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.report_combo.currentText())
        printer.setFromTo(1, self.page_count())
        if not report_printing.ask_print_settings(printer, self):
            return 0
        return print_document(self.document, printer)
