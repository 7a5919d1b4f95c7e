"""Small widgets and helpers shared by the pages."""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton

MENU_ARROW_ROOM = 14  # pixels the drop-down arrow of a menu button takes beside its text


def fit_menu_button(button: QToolButton) -> None:
    """Keep a menu button wide enough for its text and its arrow (a squeezed one drew the arrow
    over the text: "推迟" became "推迟" cut under the arrow)."""
    text = button.fontMetrics().horizontalAdvance(button.text())
    button.setMinimumWidth(max(button.sizeHint().width(), text + 2 * 8 + MENU_ARROW_ROOM))
