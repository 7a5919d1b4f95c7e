"""Building blocks of the insight page: key-figure tiles and clickable QtCharts charts.

Charts are rebuilt on every refresh (a handful of points each); a click on a slice or a bar
calls back with the index of the point, which the page maps to the customers behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QPieSeries,
    QPieSlice,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

GOOD = "#1a7f37"
BAD = "#c62828"
PALETTE = ("#3b6ea8", "#e0823d", "#4a9a5b", "#c44e52", "#8172b2", "#937860", "#da8bc3", "#8c8c8c")


class Tile(QFrame):
    """One key figure: its name, its value, and the change against the previous period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(120)
        self.name = QLabel(self)
        self.value = QLabel(self)
        self.change = QLabel(self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        for w in (self.name, self.value, self.change):
            layout.addWidget(w)

    def show_figure(self, name: str, value: str, change: str, good: bool | None, tip: str) -> None:
        """Fill the tile; `good` colours the change (None: no colour)."""
        self.name.setText(name)
        self.value.setText(value)
        self.change.setText(change)
        colour = "" if good is None else (GOOD if good else BAD)
        self.change.setStyleSheet(f"color: {colour};" if colour else "")
        self.setToolTip(tip)


def chart_view(parent: QWidget) -> QChartView:
    """An empty antialiased chart view of a sensible size."""
    view = QChartView(parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(320, 240)
    return view


def _new_chart(view: QChartView, title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(view.font())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setFont(view.font())
    old = view.chart()
    view.setChart(chart)
    if old is not None:
        old.deleteLater()  # the view releases, but does not delete, the chart it showed before
    return chart


def set_pie(
    view: QChartView,
    title: str,
    items: Sequence[tuple[str, float]],
    on_click: Callable[[int], None],
) -> QChart:
    """A pie of (label, value) slices; clicking slice i calls `on_click(i)`."""
    chart = _new_chart(view, title)
    series = QPieSeries(chart)
    total = sum(v for _, v in items) or 1
    for i, (label, value) in enumerate(items):
        piece = series.append(f"{label} {value:g} ({value * 100 / total:.0f}%)", value)
        piece.setColor(QColor(PALETTE[i % len(PALETTE)]))
        piece.setProperty("index", i)
    series.clicked.connect(lambda piece: on_click(int(piece.property("index"))))
    series.hovered.connect(lambda piece, on: _explode(piece, on))
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def _explode(piece: QPieSlice, on: bool) -> None:
    piece.setExploded(on)


def set_bars(
    view: QChartView,
    title: str,
    categories: Sequence[str],
    values: Sequence[float],
    on_click: Callable[[int], None],
    *,
    series_name: str = "",
    horizontal: bool = False,
    label_format: str = "@value",
    max_labels: int = 12,
) -> QChart:
    """A one-series bar chart (vertical, or horizontal for a funnel); clicking bar i calls `on_click(i)`."""
    chart = _new_chart(view, title)
    bar_set = QBarSet(series_name)
    bar_set.setColor(QColor(PALETTE[0]))
    bar_set.append([float(v) for v in values])
    series = QHorizontalBarSeries(chart) if horizontal else QBarSeries(chart)
    series.append(bar_set)
    # value labels only where there is room for them
    series.setLabelsVisible(len(values) <= max_labels)
    series.setLabelsFormat(label_format)
    # the default 6 significant digits print sales such as 3,918,361 as 3.91836e+06
    series.setLabelsPrecision(15)
    bar_set.clicked.connect(on_click)
    chart.addSeries(series)
    cats = QBarCategoryAxis(chart)
    cats.append(list(categories))
    values_axis = QValueAxis(chart)
    values_axis.setRange(0, max([float(v) for v in values] + [1.0]) * 1.1)
    values_axis.applyNiceNumbers()
    values_axis.setLabelFormat("%.0f")
    cat_side, value_side = (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
    if not horizontal:
        cat_side, value_side = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft
    chart.addAxis(cats, cat_side)
    chart.addAxis(values_axis, value_side)
    series.attachAxis(cats)
    series.attachAxis(values_axis)
    if horizontal:
        cats.setReverse(True)  # first stage on top, like a funnel
    chart.legend().setVisible(bool(series_name))
    return chart


def set_line(
    view: QChartView,
    title: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    on_click: Callable[[int], None],
    *,
    low: float = 0.0,
    high: float = 5.0,
) -> QChart:
    """A line over categories (gaps where a value is None), points clickable; `on_click(i)`."""
    chart = _new_chart(view, title)
    series = QLineSeries(chart)
    series.setPointsVisible(True)
    series.setPointLabelsVisible(True)
    series.setPointLabelsFormat("@yPoint")
    series.setColor(QColor(PALETTE[2]))
    for i, v in enumerate(values):
        if v is not None:
            series.append(QPointF(i, float(v)))
    series.clicked.connect(lambda point: on_click(round(point.x())))
    chart.addSeries(series)
    cats = QBarCategoryAxis(chart)
    cats.append(list(categories))
    axis_y = QValueAxis(chart)
    axis_y.setRange(low, high)
    axis_y.setTickCount(6)
    axis_y.setLabelFormat("%.0f")
    chart.addAxis(cats, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    # QBarCategoryAxis places category i at x = i for a line series too.
    series.attachAxis(cats)
    chart.legend().setVisible(False)
    return chart
