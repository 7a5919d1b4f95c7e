"""Bar, pie and line charts (reportlab.graphics) with labels in the embedded CJK font."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from crm_desktop.reports.fonts import FONT, register_fonts
from crm_desktop.reports.styles import CHART_COLORS, INK, MUTED

WIDTH = 480
HEIGHT = 190


def _value_axis_max(values: Sequence[float]) -> float:
    top = max([0.0, *values])
    return top * 1.15 if top > 0 else 1.0


def _empty(width: float, height: float, text: str) -> Drawing:
    d = Drawing(width, 30)
    d.add(String(0, 10, text, fontName=FONT, fontSize=8, fillColor=MUTED))
    return d


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    horizontal: bool = False,
    width: float = WIDTH,
    height: float = HEIGHT,
    empty_text: str = "",
) -> Drawing:
    """A single-series bar chart; horizontal bars read as a funnel for pipeline stages."""
    register_fonts()
    if not labels:
        return _empty(width, height, empty_text)
    d = Drawing(width, height)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    left = 90 if horizontal else 45
    chart.x, chart.y = left, 25
    chart.width, chart.height = width - left - 15, height - 40
    chart.data = [list(values)]
    chart.bars[0].fillColor = CHART_COLORS[0]
    chart.bars[0].strokeColor = None
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fillColor = INK
    if horizontal:
        chart.width -= 30  # room for the value labels right of the longest bar
        chart.categoryAxis.reverseDirection = 1  # first stage on top, like a funnel
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
    elif len(labels) > 8:
        chart.categoryAxis.labels.angle = 35
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _value_axis_max(values)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _short_number
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabelFormat = _bar_label
    if not horizontal:
        chart.barLabels.nudge = 7
    d.add(chart)
    return d


def grouped_bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    width: float = WIDTH,
    height: float = HEIGHT,
    empty_text: str = "",
) -> Drawing:
    """Bars side by side per category, one colour per named series, with a legend on top."""
    register_fonts()
    if not labels:
        return _empty(width, height, empty_text)
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 45, 25
    chart.width, chart.height = width - 60, height - 55
    chart.data = [list(values) for _name, values in series]
    for i in range(len(series)):
        chart.bars[i].fillColor = CHART_COLORS[i % len(CHART_COLORS)]
        chart.bars[i].strokeColor = None
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _value_axis_max([v for _n, values in series for v in values])
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _short_number
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabelFormat = _bar_label
    chart.barLabels.nudge = 7
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x, height - 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = FONT
    legend.fontSize = 7
    legend.deltax = 70
    legend.colorNamePairs = [
        (CHART_COLORS[i % len(CHART_COLORS)], name) for i, (name, _v) in enumerate(series)
    ]
    d.add(legend)
    return d


LEGEND_ROW = 13  # points between legend rows


def _share(value: float, total: float) -> str:
    """A slice's share of the whole: 12%, or <1% for a sliver (never a misleading 0%)."""
    pct = value * 100 / total
    return "<1%" if pct < 1 else f"{pct:.0f}%"


def pie_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    width: float = WIDTH,
    height: float = HEIGHT,
    empty_text: str = "",
) -> Drawing:
    """A pie with a legend beside it: every slice's colour, name, value and share; empty slices
    are left out.

    Labels sit in the legend, not on the slices: labels drawn beside thin slices (a few 1- and
    2-point ratings next to hundreds of 5s) piled on top of each other.
    """
    register_fonts()
    pairs = [(lab, v) for lab, v in zip(labels, values, strict=True) if v > 0]
    if not pairs:
        return _empty(width, height, empty_text)
    d = Drawing(width, height)
    pie = Pie()
    size = height - 30
    pie.x, pie.y = 40, 15
    pie.width = pie.height = size
    pie.data = [v for _lab, v in pairs]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.5
    colours = [CHART_COLORS[i % len(CHART_COLORS)] for i in range(len(pairs))]
    for i, colour in enumerate(colours):
        pie.slices[i].fillColor = colour
    d.add(pie)
    total = sum(v for _lab, v in pairs)
    legend = Legend()
    rows = min(len(pairs), max(1, int(size // LEGEND_ROW)))
    legend.x, legend.y = pie.x + size + 40, pie.y + (size + rows * LEGEND_ROW) / 2  # centred on the pie
    legend.alignment = "right"  # swatch first, then the texts
    legend.fontName = FONT
    legend.fontSize = 7.5
    legend.fillColor = INK
    legend.dx = legend.dy = 7
    legend.deltay = LEGEND_ROW
    legend.columnMaximum = rows
    legend.deltax = 170
    legend.colorNamePairs = [
        (colour, (f"{lab} ({_short_number(v)})", _share(v, total)))
        for colour, (lab, v) in zip(colours, pairs, strict=True)
    ]
    legend.subCols[0].minWidth = 90
    legend.subCols[1].align = "right"
    legend.subCols[1].minWidth = 25
    d.add(legend)
    return d


def line_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    width: float = WIDTH,
    height: float = HEIGHT,
    empty_text: str = "",
) -> Drawing:
    """A single-series line chart over categories (months)."""
    register_fonts()
    if not labels:
        return _empty(width, height, empty_text)
    d = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 45, 25
    chart.width, chart.height = width - 60, height - 40
    chart.data = [list(values)]
    chart.lines[0].strokeColor = CHART_COLORS[0]
    chart.lines[0].strokeWidth = 1.5
    chart.joinedLines = 1
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    if len(labels) > 12:
        chart.categoryAxis.labels.angle = 35
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _value_axis_max(values)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _short_number
    d.add(chart)
    return d


def _short_number(value: float) -> str:
    """Axis numbers without clutter: 1200 -> 1,200; 1500000 -> 1.5M."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _bar_label(value: float) -> str:
    """Bar values, with empty bars left unlabelled (a row of zeros is noise)."""
    return "" if not value else _short_number(value)
