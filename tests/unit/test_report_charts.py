"""Chart texts on paper never overlap: the service report's satisfaction pie with thin slices."""

from __future__ import annotations

from itertools import combinations

import pytest
from reportlab.graphics.shapes import Drawing, Group, String, mmult, transformPoint
from reportlab.pdfbase.pdfmetrics import stringWidth

from crm_desktop.reports.charts import pie_chart
from crm_desktop.reports.fonts import register_fonts

Box = tuple[float, float, float, float]


def text_boxes(drawing: Drawing) -> list[tuple[str, Box]]:
    """Every text drawn, with its box on the page (x0, y0, x1, y1), through nested groups."""
    register_fonts()
    out: list[tuple[str, Box]] = []

    def walk(node: object, matrix: tuple[float, ...]) -> None:
        if isinstance(node, Group):
            inner = mmult(matrix, node.transform)
            for child in node.contents:
                walk(child, inner)
        elif isinstance(node, String) and node.text:
            width = stringWidth(node.text, node.fontName, node.fontSize)
            x = node.x - {"start": 0, "middle": width / 2, "end": width}.get(node.textAnchor, 0)
            corners = [
                transformPoint(matrix, (x, node.y - node.fontSize * 0.2)),
                transformPoint(matrix, (x + width, node.y + node.fontSize * 0.8)),
            ]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            out.append((node.text, (min(xs), min(ys), max(xs), max(ys))))

    walk(drawing.expandUserNodes(), (1, 0, 0, 1, 0, 0))
    return out


def overlapping(boxes: list[tuple[str, Box]]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for (a, p), (b, q) in combinations(boxes, 2)
        if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]
    ]


@pytest.mark.parametrize(
    ("labels", "values"),
    [
        (["1 分", "2 分", "3 分", "4 分", "5 分"], [1, 1, 2, 30, 160]),
        (["1/5", "2/5", "3/5", "4/5", "5/5"], [1, 1, 2, 30, 160]),
        ([f"来源渠道{i}" for i in range(8)], [500, 1, 1, 1, 1, 1, 1, 2]),
    ],
)
def test_thin_pie_slices_have_readable_labels(labels: list[str], values: list[int]) -> None:
    drawing = pie_chart(labels, values, height=150)
    boxes = text_boxes(drawing)
    texts = " ".join(t for t, _ in boxes)
    for lab, value in zip(labels, values, strict=True):
        assert f"{lab} ({value})" in texts  # every slice is named with its value
    assert overlapping(boxes) == []
    # and everything stays inside the drawing
    assert all(
        b[0] >= 0 and b[2] <= drawing.width and b[1] >= 0 and b[3] <= drawing.height for _t, b in boxes
    )


def test_shares_are_whole_percent_and_slivers_are_not_zero() -> None:
    texts = [t for t, _ in text_boxes(pie_chart(["a", "b", "c"], [1, 1, 298]))]
    assert texts.count("<1%") == 2 and "99%" in texts
