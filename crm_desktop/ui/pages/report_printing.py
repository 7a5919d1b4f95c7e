"""Printing and page images of a previewed report (QtPdf pages painted on white)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget


def ask_print_settings(printer: QPrinter, parent: QWidget | None) -> bool:
    """Qt's print dialog for `printer`; True when the user chose Print (tests replace this)."""
    dialog = QPrintDialog(printer, parent)
    return dialog.exec() == int(QPrintDialog.DialogCode.Accepted)


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint the pages of `document` (the range the dialog chose) on `printer`; returns pages printed."""
    count = document.pageCount()
    first = max(printer.fromPage(), 1) - 1 if printer.fromPage() else 0
    last = min(printer.toPage(), count) - 1 if printer.toPage() else count - 1
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    try:
        for index in range(first, last + 1):
            if printed:
                printer.newPage()
            area = QRectF(painter.viewport())
            points = document.pagePointSize(index)
            scale = min(area.width() / points.width(), area.height() / points.height())
            target = QRectF(0, 0, points.width() * scale, points.height() * scale)
            image = document.render(index, QSize(int(target.width()), int(target.height())))
            # QtPdf page images are transparent: white paper underneath
            painter.fillRect(target, QColor("white"))
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed


def page_image(document: QPdfDocument, index: int, width: int) -> QImage:
    """Page `index` at `width` pixels, painted on white (thumbnails, tests)."""
    points = document.pagePointSize(index)
    size = QSize(width, int(width * points.height() / points.width()))
    out = QImage(size, QImage.Format.Format_RGB32)
    out.fill(QColor("white"))
    painter = QPainter(out)
    painter.drawImage(0, 0, document.render(index, size))
    painter.end()
    return out
