"""Value axes of the Insight charts label whole numbers once each ("0 1 2", never "0 0 1 2"):
Qt's nice numbers put ticks at 0, 0.5, 1, 1.5 for a highest bar of 1, printed by "%.0f" as repeats."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from typing import Any

import pytest
from PySide6.QtCharts import QValueAxis
from sqlalchemy import select

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, Deal, PipelineStage
from crm_desktop.services.figures import refresh_all_figures
from crm_desktop.ui.pages.insight import InsightPage
from crm_desktop.ui.pages.insight_charts import ChartView

TODAY = date(2026, 6, 30)


def _seed(db: Database, top: int) -> None:
    """`top` open deals in the first stage and one more in the second; `top` won yuan in June."""
    with db.session() as s:
        stages = {st.code: st.id for st in s.scalars(select(PipelineStage))}
        c = Customer(name="王芳", created_at=datetime(2026, 1, 1))
        s.add(c)
        s.flush()
        for stage in ["enquiry"] * top + ["trial"]:
            s.add(Deal(customer_id=c.id, title="x", amount=10, status="open", stage_id=stages[stage]))
        s.add(
            Deal(
                customer_id=c.id,
                title="sale",
                amount=top,
                status="won",
                stage_id=stages["won"],
                closed_at=datetime(2026, 6, 10),
            )
        )
        refresh_all_figures(s)


def value_axis(view: ChartView) -> QValueAxis:
    return next(a for a in view.chart().axes() if isinstance(a, QValueAxis))


def axis_labels(axis: QValueAxis) -> list[str]:
    """The labels a fixed-tick value axis draws: its label format applied to each tick value
    (QtCharts keeps the label items private, so they are worked out the way it does)."""
    assert axis.tickType() == QValueAxis.TickType.TicksFixed
    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
    return [axis.labelFormat() % (axis.min() + i * step) for i in range(axis.tickCount())]


@pytest.mark.parametrize("top", [1, 2, 3, 7])
def test_small_counts_get_whole_distinct_ticks(
    qtbot: Any, db: Database, sync_workers: None, top: int
) -> None:
    _seed(db, top)
    page = InsightPage(db, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.set_period("this_year")
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.board is not None)
    for view in (page.funnel_chart, page.sales_chart):
        axis = value_axis(view)
        labels = axis_labels(axis)
        # whole numbers, each once, rising by one step from 0 to at least the highest bar
        numbers = [int(label) for label in labels]
        assert numbers[0] == 0 and numbers[-1] >= top, labels
        assert len({b - a for a, b in pairwise(numbers)}) == 1, labels
        assert len(set(labels)) == len(labels) <= 7, labels
