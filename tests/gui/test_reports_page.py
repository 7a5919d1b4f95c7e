"""The Reports page: render in a worker, preview with QtPdf, navigate, zoom, save, print."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrinter

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, Deal, PipelineStage
from crm_desktop.reports import ReportOptions
from crm_desktop.ui.pages import report_printing
from crm_desktop.ui.pages import reports as reports_page
from crm_desktop.ui.pages.report_printing import page_image
from crm_desktop.ui.pages.reports import ReportsPage


@pytest.fixture
def ids(db: Database) -> list[int]:
    with db.session() as s:
        people = [Customer(name=f"客户{i:03d} 李娜", phone=f"1370000{i:04d}", city="成都") for i in range(80)]
        people.append(Customer(name="Zoe Brown", phone="+1 555 0100", city="Boston"))
        s.add_all(people)
        s.flush()
        won = s.query(PipelineStage).filter_by(code="won").one()
        s.add(
            Deal(
                customer_id=people[0].id,
                title="吉他",
                amount=1999.0,
                stage_id=won.id,
                status="won",
                closed_at=datetime(2026, 3, 1, 10, 0),
            )
        )
        return [c.id for c in people]


@pytest.fixture
def page(qtbot: Any, db: Database, ids: list[int], sync_workers: None) -> ReportsPage:
    widget = ReportsPage(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def text_of(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def dark_pixels(image: Any) -> int:
    """Pixels that are clearly not white paper (text, rules, tints excluded)."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y).lightness() < 128:
                count += 1
    return count


def test_preview_customer_list_with_navigation_and_zoom(page: ReportsPage, qtbot: Any) -> None:
    assert not page.save_button.isEnabled() and not page.print_button.isEnabled()
    page.set_report("customers")
    page.lang_combo.setCurrentIndex(page.lang_combo.findData("zh"))
    with qtbot.waitSignal(page.rendered, timeout=30000):
        page.preview_button.click()
    assert page.page_count() >= 2
    assert "客户000李娜" in text_of(page.pdf_bytes())
    assert page.page_label.text() == f"Page 1 of {page.page_count()}"
    assert not page.prev_button.isEnabled() and page.next_button.isEnabled()
    page.next_button.click()
    assert page.current_page() == 1
    assert page.page_label.text().startswith("Page 2 of")
    page.go_to_page(99)
    assert page.current_page() == page.page_count() - 1
    assert not page.next_button.isEnabled()
    before = page.view.zoomFactor()
    page.zoom_in_button.click()
    assert page.view.zoomFactor() > before
    page.fit_button.click()
    # the page really draws: Chinese text and table rules on white paper, not a blank page
    image = page_image(page.document, 0, 600)
    assert image.pixelColor(2, 2).name() == "#ffffff"
    assert dark_pixels(image) > 500


def test_search_limits_the_list(page: ReportsPage, qtbot: Any) -> None:
    page.set_report("customers")
    page.search_edit.setText("Zoe")
    with qtbot.waitSignal(page.rendered, timeout=30000):
        page.preview()
    text = text_of(page.pdf_bytes())
    assert "ZoeBrown" in text and "李娜" not in text
    assert page.page_count() == 1


def test_show_report_from_another_page_uses_its_rows_and_columns(
    page: ReportsPage, ids: list[int], qtbot: Any
) -> None:
    opts = ReportOptions(lang="en", ids=[ids[-1], ids[0]], keys=["name", "city"], filter_text="city: Boston")
    with qtbot.waitSignal(page.rendered, timeout=30000):
        page.show_report("customers", opts)
    text = text_of(page.pdf_bytes())
    assert text.index("ZoeBrown") < text.index("客户000李娜")
    assert "客户001" not in text
    assert "NameCity" in text and "Phone" not in text


def test_profile_needs_a_customer_then_renders(page: ReportsPage, ids: list[int], qtbot: Any) -> None:
    page.set_report("profile")
    page.preview()
    assert page.page_count() == 0
    assert "Choose a customer" in page.status.text()
    page.picker.set_customer(ids[0])
    with qtbot.waitSignal(page.rendered, timeout=30000):
        page.preview()
    text = text_of(page.pdf_bytes())
    assert "客户000李娜" in text and "吉他" in text and "1,999.00" in text


def test_status_is_cleared_when_the_report_or_its_options_change(
    page: ReportsPage, ids: list[int], qtbot: Any
) -> None:
    """A message about the previous choice does not stay under another report."""
    page.set_report("profile")
    page.preview()
    assert page.status.text() == "Choose a customer first."
    page.set_report("agenda")
    assert page.status.text() == ""
    with qtbot.waitSignal(page.rendered, timeout=30000):
        page.preview()
    assert page.status.text() == "1 page(s)"
    page.span_combo.setCurrentIndex(1)  # an option of the same report
    assert page.status.text() == "" and page.page_count() == 0
    page.set_report("profile")
    page.preview()
    assert page.status.text() == "Choose a customer first."
    page.picker.set_text("客户000")  # the user picks the missing customer
    page.picker.choose_row(0)
    assert page.picker.customer_id() == ids[0]
    assert page.status.text() == ""
    page.set_report("agenda")
    page.preview()
    assert page.status.text() == "1 page(s)"
    page.lang_combo.setCurrentIndex(page.lang_combo.findData("zh"))
    assert page.status.text() == ""


def test_pipeline_period_and_agenda_span(page: ReportsPage, qtbot: Any) -> None:
    page.set_report("pipeline")
    page.lang_combo.setCurrentIndex(page.lang_combo.findData("en"))
    page.from_edit.setDate(QDate(2026, 1, 1))
    page.to_edit.setDate(QDate(2026, 3, 31))
    with qtbot.waitSignal(page.rendered, timeout=30000):
        page.preview()
    text = text_of(page.pdf_bytes())
    assert "Period:2026-01-01–2026-03-31" in text and "吉他" in text
    page.set_report("agenda")
    page.agenda_date.setDate(QDate(2026, 5, 4))
    page.span_combo.setCurrentIndex(1)
    assert (page.options().start, page.options().end) == (date(2026, 5, 4), date(2026, 5, 10))


def test_bad_period_is_one_clear_message(page: ReportsPage, dialogs: Any) -> None:
    dialogs.answer_message()
    page.set_report("service")
    page.from_edit.setDate(QDate(2026, 5, 1))
    page.to_edit.setDate(QDate(2026, 4, 1))
    page.preview()
    assert [kind for kind, _t, _x in dialogs.shown] == ["warning"]
    assert "before it starts" in dialogs.shown[0][2]
    assert page.page_count() == 0
    assert page.preview_button.isEnabled()


def test_save_writes_the_previewed_pdf(page: ReportsPage, qtbot: Any, dialogs: Any, tmp_path: Path) -> None:
    with qtbot.waitSignal(page.rendered, timeout=30000):
        page.preview()
    dialogs.answer_file(tmp_path / "list")
    page.save_button.click()
    saved = tmp_path / "list.pdf"
    assert saved.read_bytes() == page.pdf_bytes()
    assert "list.pdf" in page.status.text()


def test_print_paints_every_page_and_cancel_prints_nothing(
    page: ReportsPage, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with qtbot.waitSignal(page.rendered, timeout=30000):
        page.preview()
    out = tmp_path / "printed.pdf"
    asked: list[QPrinter] = []

    def accept(printer: QPrinter, parent: Any) -> bool:
        asked.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(report_printing, "ask_print_settings", accept)
    assert page.print_report() == page.page_count()
    assert len(PdfReader(out).pages) == page.page_count()
    assert asked[0].fromPage() == 1 and asked[0].toPage() == page.page_count()

    monkeypatch.setattr(report_printing, "ask_print_settings", lambda printer, parent: False)
    assert page.print_report() == 0


def test_renders_on_a_worker_thread(qtbot: Any, db: Database, ids: list[int]) -> None:
    from crm_desktop.ui import workers

    widget = ReportsPage(db)
    qtbot.addWidget(widget)
    widget.set_report("service")
    with qtbot.waitSignal(widget.rendered, timeout=60000):
        widget.preview()
        assert not widget.preview_button.isEnabled()  # busy while the worker runs
    qtbot.waitUntil(widget.preview_button.isEnabled, timeout=5000)
    assert widget.page_count() == 1
    assert workers.wait_all(5000)


def test_chinese_translation_covers_the_page(qtbot: Any, db: Database, qapp: Any, tmp_path: Path) -> None:
    import subprocess
    import sys

    from PySide6.QtCore import QTranslator

    ts = Path(reports_page.__file__).resolve().parents[2] / "resources" / "translations" / "reports_zh_CN.ts"
    qm = tmp_path / "reports.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=120)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    try:
        widget = ReportsPage(db)
        qtbot.addWidget(widget)
        assert widget.preview_button.text() == "预览"
        assert widget.report_combo.itemText(2) == "跟进日程"
        assert widget.tr("%n page(s)", "", 3) == "共 3 页"
    finally:
        qapp.removeTranslator(translator)


def test_print_action_opens_the_reports_page(main_window: Any, ids: list[int], qtbot: Any) -> None:
    from crm_desktop.ui.pages.reports import open_report

    assert "reports" in main_window.page_keys()
    assert open_report(main_window, "profile", ReportOptions(lang="en", customer_id=ids[-1]))
    page = main_window.pages["reports"]
    assert "ZoeBrown" in text_of(page.pdf_bytes())
