"""Small view helpers shared by the Today and Follow-ups pages: read-only tables over row
models, re-filling them without losing the selection, and re-reading a page while it shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from crm_desktop.ui.models.follow_ups import AUTO_REFRESH_MS, FollowUpTableModel, RowsModel


def make_table(model: RowsModel, parent: QWidget) -> QTableView:
    """A read-only, row-selecting table with fixed-height rows and a stretching last column."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


def on_selection_change(view: QTableView, callback: Callable[[], None]) -> None:
    """Call `callback` whenever what `view` has selected may have changed.

    A mouse click moves the current row before it selects it, and a model reset clears the
    selection without a signal: listen to all of them so buttons never lag behind the list.
    """
    selection = view.selectionModel()
    selection.selectionChanged.connect(lambda *_a: callback())
    selection.currentChanged.connect(lambda *_a: callback())
    model = view.model()
    model.modelReset.connect(callback)
    model.layoutChanged.connect(lambda *_a: callback())


def set_rows_keeping_selection(view: QTableView, model: RowsModel, rows: list[Any], **kwargs: Any) -> None:
    """Replace the rows of `model` and select the same record again if it is still listed."""
    index = view.currentIndex()
    selected = model.row_at(index.row()) if index.isValid() else None
    if isinstance(model, FollowUpTableModel):
        model.set_follow_ups(rows, **kwargs)
    else:
        model.set_rows(rows)
    position = model.row_of(selected.id) if selected is not None else -1
    if position >= 0:
        view.selectRow(position)


def start_auto_refresh(page: Any) -> QTimer:
    """Re-read `page` every few minutes while it is on screen (time moves on; so does the day)."""
    timer = QTimer(page)
    timer.setInterval(AUTO_REFRESH_MS)
    timer.timeout.connect(lambda: page.refresh() if page.isVisible() else None)
    timer.start()
    return timer
