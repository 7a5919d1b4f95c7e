"""Pipeline stages: the ordered columns of the sales board, editable by the user.

A stage has Chinese and English names, a win probability (0-100) and an outcome: `open`
stages hold deals in progress, `won` and `lost` stages close them. The pipeline always keeps
at least one stage of each outcome, and removing a stage moves its deals (with a history
entry each) to another stage of the same outcome, so no deal is orphaned or silently closed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Integer, String, func, insert, literal, select, update
from sqlalchemy.orm import Session

from crm_desktop.db.models import Deal, DealStageChange, PipelineStage
from crm_desktop.errors import CrmError, NotFound, ValidationError
from crm_desktop.services.figures import now as _now
from crm_desktop.services.insight_sql import cents, day_text, deal_ranges
from crm_desktop.services.sales_scope import counted

OUTCOMES = ("open", "won", "lost")
NAME_MAX = 100


@dataclass(frozen=True)
class StageRow:
    """A stage as views show it, with the number of deals in it."""

    id: int
    code: str
    name_zh: str
    name_en: str
    position: int
    probability: int
    outcome: str
    deal_count: int

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


def stage_name(stage: PipelineStage | StageRow | None, lang: str) -> str:
    """The display name of a stage in `lang` ('' for a removed stage)."""
    if stage is None:
        return ""
    return stage.name_zh if lang == "zh" else stage.name_en


def list_stages(s: Session) -> list[StageRow]:
    """All stages in board order, each with its deal count."""
    counts = dict(s.execute(select(Deal.stage_id, func.count()).group_by(Deal.stage_id)).all())
    stages = s.scalars(select(PipelineStage).order_by(PipelineStage.position, PipelineStage.id))
    return [
        StageRow(
            st.id,
            st.code,
            st.name_zh,
            st.name_en,
            st.position,
            st.probability,
            st.outcome,
            counts.get(st.id, 0),
        )
        for st in stages
    ]


def get_stage(s: Session, stage_id: int) -> PipelineStage:
    """The stage `stage_id`, or `NotFound("stage.not_found")`."""
    stage = s.get(PipelineStage, stage_id)
    if stage is None:
        raise NotFound("stage.not_found", id=stage_id)
    return stage


def first_stage(s: Session, outcome: str) -> PipelineStage:
    """The first stage (board order) with `outcome`, or `CrmError("stage.no_<outcome>")`."""
    stage = s.scalars(
        select(PipelineStage)
        .where(PipelineStage.outcome == outcome)
        .order_by(PipelineStage.position, PipelineStage.id)
        .limit(1)
    ).first()
    if stage is None:
        raise CrmError(f"stage.no_{outcome}")
    return stage


def _clean_names(name_zh: str | None, name_en: str | None) -> tuple[str, str]:
    zh = (name_zh or "").strip()
    en = (name_en or "").strip()
    if not zh and not en:
        raise ValidationError("value.required", "name")
    # A user who types one language gets the same name in the other until they translate it.
    zh, en = zh or en, en or zh
    for key, value in (("name_zh", zh), ("name_en", en)):
        if len(value) > NAME_MAX:
            raise ValidationError("value.too_long", key, max=NAME_MAX)
    return zh, en


def _clean_probability(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValidationError("value.range", "probability", value=value, min=0, max=100)
    return round(float(value))


def _clean_outcome(value: str) -> str:
    if value not in OUTCOMES:
        raise ValidationError("value.choice", "outcome", value=value, choices=", ".join(OUTCOMES))
    return value


def _new_code(s: Session, name_en: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")[:30] or "stage"
    taken = set(s.scalars(select(PipelineStage.code)))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def _renumber(s: Session, ordered: Sequence[PipelineStage]) -> None:
    for pos, stage in enumerate(ordered):
        stage.position = pos


def _ordered(s: Session) -> list[PipelineStage]:
    return list(s.scalars(select(PipelineStage).order_by(PipelineStage.position, PipelineStage.id)))


def create_stage(
    s: Session,
    name_zh: str | None,
    name_en: str | None,
    probability: int = 0,
    outcome: str = "open",
    *,
    position: int | None = None,
) -> PipelineStage:
    """Add a stage at `position` (0 = first; default: last)."""
    zh, en = _clean_names(name_zh, name_en)
    prob = _clean_probability(probability)
    outcome = _clean_outcome(outcome)
    stage = PipelineStage(code=_new_code(s, en), name_zh=zh, name_en=en, probability=prob, outcome=outcome)
    ordered = _ordered(s)
    index = len(ordered) if position is None else max(0, min(position, len(ordered)))
    ordered.insert(index, stage)
    s.add(stage)
    _renumber(s, ordered)
    s.flush()
    return stage


def _deal_count(s: Session, stage_id: int) -> int:
    return s.scalar(select(func.count()).select_from(Deal).where(Deal.stage_id == stage_id)) or 0


def _check_not_last(s: Session, stage: PipelineStage) -> None:
    same = s.scalar(
        select(func.count()).select_from(PipelineStage).where(PipelineStage.outcome == stage.outcome)
    )
    if (same or 0) <= 1:
        raise CrmError(f"stage.last_{stage.outcome}", name_zh=stage.name_zh, name_en=stage.name_en)


def update_stage(
    s: Session,
    stage_id: int,
    *,
    name_zh: str | None = None,
    name_en: str | None = None,
    probability: int | None = None,
    outcome: str | None = None,
) -> PipelineStage:
    """Rename a stage or change its probability or outcome (only None arguments stay unchanged).

    The outcome can change only while the stage holds no deals (their status would be wrong)
    and not for the last stage of an outcome.
    """
    stage = get_stage(s, stage_id)
    zh, en = stage.name_zh, stage.name_en
    if name_zh is not None or name_en is not None:
        zh, en = _clean_names(
            name_zh if name_zh is not None else stage.name_zh,
            name_en if name_en is not None else stage.name_en,
        )
    prob = _clean_probability(probability) if probability is not None else stage.probability
    new_outcome = _clean_outcome(outcome) if outcome is not None else stage.outcome
    if new_outcome != stage.outcome:
        count = _deal_count(s, stage.id)
        if count:
            raise CrmError("stage.outcome_in_use", name_zh=stage.name_zh, name_en=stage.name_en, count=count)
        _check_not_last(s, stage)
    stage.name_zh, stage.name_en, stage.probability, stage.outcome = zh, en, prob, new_outcome
    s.flush()
    return stage


def reorder_stages(s: Session, stage_ids: Sequence[int]) -> None:
    """Put the stages in the order of `stage_ids`, which must name every stage once."""
    by_id = {st.id: st for st in _ordered(s)}
    if sorted(stage_ids) != sorted(by_id):
        raise ValueError(f"reorder_stages needs every stage id once, got {list(stage_ids)}")
    _renumber(s, [by_id[i] for i in stage_ids])
    s.flush()


def remove_stage(s: Session, stage_id: int, move_to_id: int | None = None, *, note: str | None = None) -> int:
    """Remove a stage; its deals move to stage `move_to_id` (same outcome) with a history entry each.

    Returns the number of deals moved. Refuses to remove the last open, won or lost stage.
    """
    stage = get_stage(s, stage_id)
    _check_not_last(s, stage)
    count = _deal_count(s, stage.id)
    if count:
        if move_to_id is None:
            raise CrmError("stage.in_use", name_zh=stage.name_zh, name_en=stage.name_en, count=count)
        target = get_stage(s, move_to_id)
        if target.id == stage.id or target.outcome != stage.outcome:
            raise CrmError(
                "stage.move_target",
                name_zh=stage.name_zh,
                name_en=stage.name_en,
                target_zh=target.name_zh,
                target_en=target.name_en,
            )
        moved_at = _now()
        text = note or f"{stage.name_zh} / {stage.name_en} → {target.name_zh} / {target.name_en}"
        # Set-based: one history row per deal, then one UPDATE, whatever the number of deals.
        s.execute(
            insert(DealStageChange).from_select(
                ["deal_id", "from_stage_id", "to_stage_id", "changed_at", "note"],
                select(
                    Deal.id,
                    Deal.stage_id,
                    literal(target.id, Integer),
                    literal(moved_at, DateTime),
                    literal(text[:500], String),
                ).where(Deal.stage_id == stage.id),
            )
        )
        s.execute(
            update(Deal)
            .where(Deal.stage_id == stage.id)
            .values(stage_id=target.id, updated_at=moved_at)
            .execution_options(synchronize_session="fetch")
        )
        # Loaded deals' history collections are now stale.
        for obj in list(s.identity_map.values()):
            if isinstance(obj, Deal):
                s.expire(obj, ["history"])
    s.delete(stage)
    s.flush()
    _renumber(s, _ordered(s))
    s.flush()
    return count


@dataclass(frozen=True)
class ForecastRow:
    """One stage of the forecast: its deals, their amount and amount x win probability."""

    stage_id: int
    name_zh: str
    name_en: str
    outcome: str
    probability: int
    count: int
    amount: float
    weighted: float


@dataclass(frozen=True)
class Forecast:
    """Per-stage figures in board order; the totals cover the open stages (the live pipeline)."""

    rows: tuple[ForecastRow, ...]
    count: int
    amount: float
    weighted: float


def forecast(s: Session, *, start: datetime | None = None, end: datetime | None = None) -> Forecast:
    """The weighted forecast: per stage count, amount and weighted amount, and the open total.

    Open stages count the deals in them now; won and lost stages count deals closed in
    [`start`, `end`) when given, else all. Deals of customers in the trash are left out
    (`sales_scope`).
    """
    stmt = (
        select(Deal.stage_id, func.count(), func.coalesce(func.sum(Deal.amount), 0.0))
        .join(PipelineStage, PipelineStage.id == Deal.stage_id)
        # the trash rule (sales_scope): NOT IN a small list of archived ids, 7x faster than a join
        .where(counted(Deal.customer_id))
    )
    closed = PipelineStage.outcome != "open"
    if start is not None:
        stmt = stmt.where(~closed | (Deal.closed_at >= start))
    if end is not None:
        stmt = stmt.where(~closed | (Deal.closed_at < end))
    sums = {sid: (n, amount) for sid, n, amount in s.execute(stmt.group_by(Deal.stage_id))}
    rows = []
    for st in _ordered(s):
        n, amount = sums.get(st.id, (0, 0.0))
        rows.append(
            ForecastRow(
                st.id,
                st.name_zh,
                st.name_en,
                st.outcome,
                st.probability,
                n,
                round(amount, 2),
                round(amount * st.probability / 100, 2),
            )
        )
    live = [r for r in rows if r.outcome == "open"]
    return Forecast(
        tuple(rows),
        sum(r.count for r in live),
        round(sum(r.amount for r in live), 2),
        round(sum(r.weighted for r in live), 2),
    )


@dataclass(frozen=True)
class ClosedFigures:
    """Deals won and lost in a period: how many and their amount (cents)."""

    won_count: int
    won_amount: float
    lost_count: int
    lost_amount: float


def closed_figures(s: Session, start: date, end: date) -> ClosedFigures:
    """Deals won and lost from day `start` to day `end` (both included), by the closing time.

    The same figures as the Insight page's sales and won deals (one query, `deal_ranges`), so
    the pipeline report and the insight report cannot disagree; deals of customers in the trash
    are left out (`sales_scope`).
    """
    lo, hi = day_text(start), day_text(end + timedelta(days=1))
    (won, won_amount), (lost, lost_amount) = deal_ranges(s, [("won", lo, hi), ("lost", lo, hi)])
    return ClosedFigures(won, cents(won_amount), lost, cents(lost_amount))
