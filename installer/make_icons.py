"""Render the application icon from its SVG source into PNG sizes, a Windows .ico and a macOS .icns.

Run after changing crm_desktop/resources/icons/crm-desktop.svg:
    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "crm_desktop" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(ICONS / "crm-desktop.svg"))
    if not renderer.isValid():
        print("cannot read the SVG icon", file=sys.stderr)
        return 1
    for size in SIZES:
        render(renderer, size).save(str(ICONS / f"crm-desktop-{size}.png"))
    # Qt's ico/icns writers take the largest image; Windows and macOS scale it down.
    render(renderer, 256).save(str(ICONS / "crm-desktop.ico"), "ICO")
    render(renderer, 512).save(str(ICONS / "crm-desktop.icns"), "ICNS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
