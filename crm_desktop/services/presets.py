"""Business presets: the stages, follow-up kinds, service kinds and reasons a new database starts with.

Every entry has a Chinese and an English name and stays editable afterwards; a preset only
seeds a database that has none of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crm_desktop.db.models import KindOption, PipelineStage, Setting

BUSINESS_TYPES = ("shop", "school", "office")
BUSINESS_TYPE_NAMES = {
    "shop": ("Shop", "门店"),
    "school": ("Training school", "培训学校"),
    "office": ("Office", "办公室/企业"),
}


@dataclass(frozen=True)
class StageSpec:
    code: str
    zh: str
    en: str
    probability: int
    outcome: str = "open"


@dataclass(frozen=True)
class Preset:
    stages: tuple[StageSpec, ...]
    # category -> ((code, zh, en), ...)
    options: dict[str, tuple[tuple[str, str, str], ...]]
    at_risk_days: int


_FOLLOW_UP_COMMON = (
    ("call", "电话", "Call"),
    ("message", "微信/短信", "Message"),
    ("visit", "拜访", "Visit"),
    ("meeting", "会面", "Meeting"),
    ("email", "邮件", "Email"),
)

PRESETS: dict[str, Preset] = {
    "shop": Preset(
        stages=(
            StageSpec("enquiry", "询价", "Enquiry", 20),
            StageSpec("trial", "到店试用", "In-store trial", 50),
            StageSpec("won", "成交", "Sold", 100, "won"),
            StageSpec("lost", "未成交", "Not sold", 0, "lost"),
        ),
        options={
            "follow_up": (
                ("call", "电话", "Call"),
                ("message", "微信/短信", "Message"),
                ("visit", "到店", "Store visit"),
                ("meeting", "会面", "Meeting"),
            ),
            "service": (
                ("consultation", "咨询", "Consultation"),
                ("repair", "维修", "Repair"),
                ("return", "退换货", "Return"),
                ("complaint", "投诉", "Complaint"),
            ),
            "won_reason": (
                ("price", "价格合适", "Good price"),
                ("quality", "质量满意", "Quality"),
                ("service", "服务好", "Good service"),
            ),
            "lost_reason": (
                ("price", "价格太高", "Price too high"),
                ("competitor", "选择了别家", "Chose a competitor"),
                ("no_need", "暂时不需要", "No need now"),
                ("stock", "缺货", "Out of stock"),
            ),
            "source": (
                ("walk_in", "进店", "Walk-in"),
                ("referral", "老客介绍", "Referral"),
                ("wechat", "微信", "WeChat"),
                ("online", "网店", "Online shop"),
            ),
        },
        at_risk_days=90,
    ),
    "school": Preset(
        stages=(
            StageSpec("enquiry", "咨询", "Enquiry", 10),
            StageSpec("trial", "试听", "Trial class", 40),
            StageSpec("enrolled", "报名", "Enrolled", 100, "won"),
            StageSpec("renewed", "续费", "Renewed", 100, "won"),
            StageSpec("lost", "未报名", "Not enrolled", 0, "lost"),
        ),
        options={
            "follow_up": (
                *_FOLLOW_UP_COMMON[:3],
                ("trial_class", "试听课", "Trial class"),
                ("parent_meeting", "家长会面", "Parent meeting"),
            ),
            "service": (
                ("consultation", "咨询", "Consultation"),
                ("class", "课程", "Class session"),
                ("makeup", "补课", "Make-up class"),
                ("complaint", "投诉", "Complaint"),
                ("refund", "退费", "Refund"),
            ),
            "won_reason": (
                ("teacher", "认可老师", "Liked the teacher"),
                ("trial", "试听满意", "Good trial class"),
                ("price", "价格合适", "Good price"),
            ),
            "lost_reason": (
                ("price", "学费太高", "Fees too high"),
                ("schedule", "时间不合适", "Schedule does not fit"),
                ("distance", "距离太远", "Too far away"),
                ("competitor", "选择了其他机构", "Chose another school"),
            ),
            "source": (
                ("referral", "转介绍", "Referral"),
                ("flyer", "地推传单", "Flyer"),
                ("wechat", "公众号", "WeChat account"),
                ("walk_in", "上门咨询", "Walk-in"),
            ),
        },
        at_risk_days=60,
    ),
    "office": Preset(
        stages=(
            StageSpec("contact", "初步接触", "First contact", 10),
            StageSpec("needs", "需求确认", "Needs confirmed", 25),
            StageSpec("proposal", "方案报价", "Proposal", 50),
            StageSpec("negotiation", "商务谈判", "Negotiation", 75),
            StageSpec("won", "赢单", "Won", 100, "won"),
            StageSpec("lost", "输单", "Lost", 0, "lost"),
        ),
        options={
            "follow_up": _FOLLOW_UP_COMMON,
            "service": (
                ("consultation", "咨询", "Consultation"),
                ("support", "技术支持", "Support"),
                ("maintenance", "维护", "Maintenance"),
                ("complaint", "投诉", "Complaint"),
            ),
            "won_reason": (
                ("solution", "方案匹配", "Solution fit"),
                ("price", "价格优势", "Price"),
                ("relationship", "客户关系", "Relationship"),
            ),
            "lost_reason": (
                ("price", "价格", "Price"),
                ("competitor", "竞争对手", "Competitor"),
                ("budget", "预算取消", "Budget cancelled"),
                ("no_decision", "未做决定", "No decision"),
            ),
            "source": (
                ("referral", "客户推荐", "Referral"),
                ("exhibition", "展会", "Trade fair"),
                ("website", "官网", "Website"),
                ("cold_call", "电话开发", "Cold call"),
            ),
        },
        at_risk_days=180,
    ),
}


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def business_type(session: Session) -> str | None:
    """The business type chosen on first start, or None while none was chosen."""
    return get_setting(session, "business_type")


def apply_preset(session: Session, kind: str, *, replace: bool = False) -> None:
    """Set the database up for business type `kind` (`shop`, `school`, `office`).

    Seeds stages and option lists only where the database has none, unless `replace` is set
    (allowed only while no deal uses a stage).
    """
    if kind not in PRESETS:
        raise ValueError(f"unknown business type {kind!r}")
    preset = PRESETS[kind]
    has_stages = session.scalar(select(func.count()).select_from(PipelineStage)) or 0
    if replace:
        session.execute(delete(KindOption))
        if has_stages:
            session.execute(delete(PipelineStage))
        has_stages = 0
    if not has_stages:
        for pos, spec in enumerate(preset.stages):
            session.add(
                PipelineStage(
                    code=spec.code,
                    name_zh=spec.zh,
                    name_en=spec.en,
                    position=pos,
                    probability=spec.probability,
                    outcome=spec.outcome,
                )
            )
    existing = {(c, k) for c, k in session.execute(select(KindOption.category, KindOption.code))}
    for category, entries in preset.options.items():
        for pos, (code, zh, en) in enumerate(entries):
            if (category, code) not in existing:
                session.add(KindOption(category=category, code=code, name_zh=zh, name_en=en, position=pos))
    set_setting(session, "business_type", kind)
    if get_setting(session, "at_risk_days") is None:
        set_setting(session, "at_risk_days", preset.at_risk_days)
    session.flush()
