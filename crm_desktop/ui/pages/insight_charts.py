"""Building blocks of the insight page: key-figure tiles and clickable QtCharts charts.

Charts are rebuilt on every refresh (a handful of points each); a click on a slice or a bar
calls back with the index of the point, which the page maps to the customers behind it. A
chart with nothing to show says so in words (`ChartView.empty_text`) instead of empty axes.
"""

from __future__ import annotations

import math
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
from PySide6.QtCore import QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QToolTip, QVBoxLayout, QWidget

GOOD = "#1a7f37"
BAD = "#c62828"
MUTED = "#a9bfd9"  # PALETTE[0], pale
# Chart numbers read like money on screen ("16,727"), in both languages.
NUMBER_LOCALE = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LEGEND_CHARS = 16  # longer slice names are cut in the legend; the tooltip has them whole
PALETTE = ("#3b6ea8", "#e0823d", "#4a9a5b", "#c44e52", "#8172b2", "#937860", "#da8bc3", "#8c8c8c")


class Tile(QFrame):
    """One key figure: its name, its value, and the change against the previous period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(100)  # seven fit beside the navigation in a 1024-pixel window
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


def month_labels(months: Sequence[str], lang: str) -> list[str]:
    """Axis labels for "YYYY-MM" months: the month ("3月" / "Mar"), with the year below it on the
    first month and wherever the year changes ("1月<br>2026" / "Jan<br>2026")."""
    labels, year = [], ""
    for month in months:
        y, m = month[:4], int(month[5:7])
        label = f"{m}月" if lang == "zh" else MONTHS_EN[m - 1]
        if y != year:
            label += "<br>" + y
            year = y
        labels.append(label)
    return labels


class ChartView(QChartView):
    """An antialiased chart view of a sensible size that can say, in words, that its chart has
    nothing to show (`show_empty`) instead of drawing bare axes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(320, 240)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #7f8c8d;")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.empty_label.setFont(font)
        self.empty_label.hide()

    def show_empty(self, text: str) -> None:
        """Show `text` in the middle of the chart; "" hides it."""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self.empty_label.raise_()
        self._place_empty()

    def empty_text(self) -> str:
        """The "nothing to show" text on display, or ""."""
        return "" if self.empty_label.isHidden() else self.empty_label.text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_empty()

    def _place_empty(self) -> None:
        self.empty_label.setGeometry(self.rect().adjusted(16, 32, -16, -16))  # below the title


def chart_view(parent: QWidget) -> ChartView:
    """An empty chart view for one of the page's charts."""
    return ChartView(parent)


def _new_chart(view: ChartView, title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(view.font())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setLocalizeNumbers(True)  # axis and bar labels with thousands separators
    chart.setLocale(NUMBER_LOCALE)
    chart.legend().setFont(view.font())
    old = view.chart()
    view.setChart(chart)
    view.show_empty("")
    if old is not None:
        old.deleteLater()  # the view releases, but does not delete, the chart it showed before
    return chart


def _empty(view: ChartView, chart: QChart, text: str) -> QChart:
    chart.legend().setVisible(False)
    view.show_empty(text)
    return chart


def _cut(text: str, limit: int = LEGEND_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def set_pie(
    view: ChartView,
    title: str,
    items: Sequence[tuple[str, float]],
    on_click: Callable[[int], None],
    *,
    empty_text: str = "",
) -> QChart:
    """A pie of (label, count) slices; clicking slice i calls `on_click(i)`. The legend names
    each slice with its count and share (long names cut); hovering shows the whole name.
    Nothing to count shows `empty_text`."""
    chart = _new_chart(view, title)
    total = sum(v for _, v in items)
    if total <= 0:
        return _empty(view, chart, empty_text)
    series = QPieSeries(chart)
    for i, (label, value) in enumerate(items):
        share = f"{value:,.0f} ({value * 100 / total:.0f}%)"
        piece = series.append(f"{_cut(label)} {share}", value)
        piece.setColor(QColor(PALETTE[i % len(PALETTE)]))
        piece.setProperty("index", i)
        piece.setProperty("tip", f"{label}: {share}")
    series.clicked.connect(lambda piece: on_click(int(piece.property("index"))))
    series.hovered.connect(_hover)
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def _hover(piece: QPieSlice, on: bool) -> None:
    piece.setExploded(on)
    if on:
        QToolTip.showText(QCursor.pos(), str(piece.property("tip")))
    else:
        QToolTip.hideText()


AXIS_TICKS = 7  # at most this many labels on a value axis


def whole_number_axis(highest: float, most: int = AXIS_TICKS) -> tuple[float, int]:
    """(axis maximum, tick count) of a value axis from 0 whose ticks are whole numbers one
    "nice" step apart (1, 2, 5, 10, 20, 50 …), with at least 10 % room above `highest` for the
    value labels.

    Qt's nice numbers put ticks at 0, 0.5, 1 … for small counts, which "%.0f" prints as
    "0 0 1 2 2 2"; whole steps print each number once.
    """
    need = max(highest * 1.1, 1.0)
    step = 1
    while True:
        for factor in (1, 2, 5):
            intervals = math.ceil(need / (step * factor) - 1e-9)
            if intervals + 1 <= most:
                return float(intervals * step * factor), intervals + 1
        step *= 10


def set_bars(
    view: ChartView,
    title: str,
    categories: Sequence[str],
    values: Sequence[float],
    on_click: Callable[[int], None],
    *,
    series_name: str = "",
    horizontal: bool = False,
    label_format: str = "@value",
    max_labels: int = 12,
    empty_text: str = "",
    muted: Sequence[int] = (),
) -> QChart:
    """A one-series bar chart, vertical, or horizontal for a funnel (first category on top);
    clicking bar i calls `on_click(i)`; bars at `muted` are drawn pale (a month not over yet).
    All values zero shows `empty_text`."""
    chart = _new_chart(view, title)
    if not any(values):
        return _empty(view, chart, empty_text)
    categories, values = list(categories), [float(v) for v in values]
    last = len(values) - 1
    if horizontal:
        # a horizontal bar series draws category 0 at the bottom: feed it bottom-up
        categories.reverse()
        values.reverse()
    bar_set = QBarSet(series_name)
    bar_set.setColor(QColor(PALETTE[0]))
    bar_set.append(values)
    bar_set.setSelectedColor(QColor(MUTED))
    bar_set.selectBars([last - i if horizontal else i for i in muted])
    series = QHorizontalBarSeries(chart) if horizontal else QBarSeries(chart)
    series.append(bar_set)
    # value labels only where there is room for them
    series.setLabelsVisible(len(values) <= max_labels)
    series.setLabelsFormat(label_format)
    # the default 6 significant digits print sales such as 3,918,361 as 3.91836e+06
    series.setLabelsPrecision(15)
    if horizontal:
        bar_set.clicked.connect(lambda i: on_click(last - i))
    else:
        bar_set.clicked.connect(on_click)
    chart.addSeries(series)
    cats = QBarCategoryAxis(chart)
    cats.append(categories)
    values_axis = QValueAxis(chart)
    top, ticks = whole_number_axis(max(values))
    values_axis.setRange(0, top)
    values_axis.setTickCount(ticks)
    values_axis.setMinorTickCount(0)
    values_axis.setLabelFormat("%.0f")
    cat_side, value_side = (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
    if not horizontal:
        cat_side, value_side = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft
    chart.addAxis(cats, cat_side)
    chart.addAxis(values_axis, value_side)
    series.attachAxis(cats)
    series.attachAxis(values_axis)
    chart.legend().setVisible(bool(series_name))
    return chart


def set_line(
    view: ChartView,
    title: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    on_click: Callable[[int], None],
    *,
    low: float = 0.0,
    high: float = 5.0,
    empty_text: str = "",
) -> QChart:
    """A line over categories (gaps where a value is None), points clickable; `on_click(i)`.
    No value at all shows `empty_text`."""
    chart = _new_chart(view, title)
    if all(v is None for v in values):
        return _empty(view, chart, empty_text)
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
