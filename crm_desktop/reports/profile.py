"""Customer profile sheet: every field, tags, recent activity, open follow-ups, deals, service."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, Deal, FollowUp, PipelineStage, ServiceRecord
from crm_desktop.errors import CrmError
from crm_desktop.fields import CUSTOMER_FIELDS, choice_label
from crm_desktop.reports.base import BusinessProfile, ReportContext
from crm_desktop.reports.customers import format_value
from crm_desktop.reports.labels import LABELS, fmt_datetime, fmt_money, label
from crm_desktop.reports.lookups import kind_names, reason_name
from crm_desktop.reports.options import ReportOptions
from crm_desktop.reports.styles import Styles, make_styles
from crm_desktop.reports.tables import PagedTable, key_value_table, para
from crm_desktop.services.customers import get_customer
from crm_desktop.services.figures import FIGURE_KEYS
from crm_desktop.services.progress import Progress
from crm_desktop.services.timeline import customer_timeline
from crm_desktop.services.vocabulary import vocabulary_of

RECENT = 15  # timeline entries on the sheet
# Printed in their own sections or not useful on paper.
SKIP_KEYS = {"id", "name", "tags", "notes"}


def _section(
    story: list[Flowable], title_key: str, lang: str, styles: Styles, content: Flowable | None
) -> None:
    """A heading and its content, or "None." when the customer has nothing there."""
    story.append(para(label(title_key, lang), styles.h2))
    story.append(content if content is not None else para(label("none", lang), styles.small))


def build(
    session: Session, options: ReportOptions, progress: Progress | None = None
) -> tuple[ReportContext, list[Flowable]]:
    """The profile sheet of `options.customer_id`."""
    if options.customer_id is None:
        raise CrmError("report.needs_customer")
    lang = options.lang
    c: Customer = get_customer(session, options.customer_id)
    styles = make_styles(lang)
    ctx = ReportContext(
        title=label("profile.title", lang),
        lang=lang,
        page_size=options.page_size,
        business=BusinessProfile.load(session),
    )
    vocab = vocabulary_of(session, lang)  # a shop's customer buys, a student pays
    story: list[Flowable] = [para(c.name, styles.title)]
    if c.company:
        story.append(para(c.company, styles.small))
    story.append(Spacer(1, 4))

    details = [
        (f.label(lang), format_value(f, getattr(c, f.key), lang))
        for f in CUSTOMER_FIELDS
        if f.key not in SKIP_KEYS and f.key not in FIGURE_KEYS and getattr(c, f.key, None) not in (None, "")
    ]
    details += [(str(k), str(v)) for k, v in (c.custom or {}).items() if v not in (None, "")]
    tags = ", ".join(t.name for t in c.tags)
    if tags:
        details.append((label("profile.tags", lang), tags))
    _section(story, "profile.details", lang, styles, key_value_table(details, styles))
    if c.notes:
        story.append(Spacer(1, 3))
        story.append(para(c.notes, styles.body))
    figures = [
        (vocab.field_label(f.key), format_value(f, getattr(c, f.key), lang))
        for f in CUSTOMER_FIELDS
        if f.key in FIGURE_KEYS and getattr(c, f.key, None) not in (None, "")
    ]
    _section(story, "profile.figures", lang, styles, key_value_table(figures, styles, columns=3))

    fu_names = kind_names(session, "follow_up", lang)
    open_fu = session.scalars(
        select(FollowUp)
        .where(FollowUp.customer_id == c.id, FollowUp.done_at.is_(None))
        .order_by(FollowUp.due_at)
    ).all()
    rows = [[fmt_datetime(f.due_at), fu_names.get(f.kind, f.kind), f.subject, f.notes or ""] for f in open_fu]
    head = [label(k, lang) for k in ("col.due", "col.kind", "col.subject", "col.notes")]
    _section(
        story,
        "profile.follow_ups",
        lang,
        styles,
        PagedTable(head, rows, [1.1, 0.8, 2, 2], styles) if rows else None,
    )

    # won and lost reasons share codes ("price"), so a deal's reason is named by its outcome
    reasons = {s: kind_names(session, f"{s}_reason", lang) for s in ("won", "lost")}
    deal_rows = session.execute(
        select(Deal, PipelineStage)
        .join(PipelineStage, PipelineStage.id == Deal.stage_id)
        .where(Deal.customer_id == c.id)
        .order_by(Deal.created_at.desc())
    ).all()
    rows = [
        [
            d.title,
            fmt_money(d.amount),
            st.name_zh if lang == "zh" else st.name_en,
            choice_label("deal_status", d.status, lang),
            fmt_datetime(d.closed_at),
            reason_name(reasons.get(d.status, {}), d.close_reason),
        ]
        for d, st in deal_rows
    ]
    head = [
        label(k, lang)
        for k in ("col.title", "col.amount", "col.stage", "col.status", "col.closed", "col.reason")
    ]
    _section(
        story,
        "profile.deals",
        lang,
        styles,
        PagedTable(head, rows, [2, 1, 1, 0.8, 1, 1.4], styles, right=(1,)) if rows else None,
    )

    sv_names = kind_names(session, "service", lang)
    records = session.scalars(
        select(ServiceRecord)
        .where(ServiceRecord.customer_id == c.id)
        .order_by(ServiceRecord.opened_at.desc())
    ).all()
    rows = [
        [
            fmt_datetime(r.opened_at),
            sv_names.get(r.kind, r.kind),
            r.subject,
            choice_label("service_status", r.status, lang),
            str(r.satisfaction or ""),
        ]
        for r in records
    ]
    head = [
        label(k, lang) for k in ("col.opened", "col.type", "col.subject", "col.status", "col.satisfaction")
    ]
    _section(
        story,
        "profile.service",
        lang,
        styles,
        PagedTable(head, rows, [1.1, 0.9, 2.5, 0.8, 0.7], styles, right=(4,)) if rows else None,
    )

    events = customer_timeline(session, c.id, limit=RECENT, lang=lang)
    kinds = {
        "deal_won": vocab.word("deal_won"),
        "deal_stage": vocab.word("deal_stage"),
        "deal_created": vocab.word("new_deal").rstrip("…"),
        "customer_created": vocab.word("new_customer"),
    }
    rows = [
        [
            fmt_datetime(e.at),
            kinds.get(e.kind) or (label(f"tl.{e.kind}", lang) if f"tl.{e.kind}" in LABELS else e.kind),
            " · ".join(p for p in (e.title, e.detail) if p),
        ]
        for e in events
    ]
    head = [label(k, lang) for k in ("col.when", "col.type", "col.what")]
    _section(
        story,
        "profile.timeline",
        lang,
        styles,
        PagedTable(head, rows, [1.1, 0.8, 4], styles) if rows else None,
    )
    return ctx, story
