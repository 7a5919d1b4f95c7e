"""The zh/en texts printed on reports: a small catalogue, since the core has no Qt."""

from __future__ import annotations

from datetime import date, datetime

from crm_desktop.fields import format_money

LABELS: dict[str, tuple[str, str]] = {
    # key: (en, zh)
    "page": ("Page {n} of {m}", "第 {n} 页 / 共 {m} 页"),
    "printed": ("Printed {when}", "打印时间 {when}"),
    "period": ("Period: {start} – {end}", "期间：{start} 至 {end}"),
    "period_all": ("Period: all dates", "期间：全部日期"),
    "tel": ("Tel. {phone}", "电话 {phone}"),
    "none": ("None.", "无。"),
    "total": ("Total", "合计"),
    "count": ("Count", "数量"),
    # customer list
    "customers.title": ("Customer list", "客户名单"),
    "customers.count": ("{count} customers", "共 {count} 位客户"),
    "customers.filter": ("Filter: {text}", "筛选条件：{text}"),
    # profile
    "profile.title": ("Customer profile", "客户档案"),
    "profile.details": ("Details", "基本信息"),
    "profile.custom": ("Custom fields", "自定义字段"),
    "profile.tags": ("Tags", "标签"),
    "profile.timeline": ("Recent activity", "最近动态"),
    "profile.follow_ups": ("Open follow-ups", "待办跟进"),
    "profile.deals": ("Deals", "商机"),
    "profile.service": ("Service history", "服务记录"),
    "profile.figures": ("Figures", "统计数据"),
    # shared column heads
    "col.when": ("When", "时间"),
    "col.what": ("What", "事项"),
    "col.kind": ("Kind", "方式"),
    "col.type": ("Type", "类型"),
    "col.subject": ("Subject", "主题"),
    "col.customer": ("Customer", "客户"),
    "col.phone": ("Phone", "电话"),
    "col.done": ("Done", "完成"),
    "col.notes": ("Notes", "备注"),
    "col.due": ("Due", "计划时间"),
    "col.title": ("Title", "名称"),
    "col.amount": ("Amount", "金额"),
    "col.stage": ("Stage", "阶段"),
    "col.status": ("Status", "状态"),
    "col.reason": ("Reason", "原因"),
    "col.closed": ("Closed", "结束时间"),
    "col.opened": ("Opened", "登记时间"),
    "col.satisfaction": ("Satisfaction", "满意度"),
    "col.deals": ("Deals", "商机数"),
    "col.probability": ("Chance of closing", "成交可能性"),
    "col.weighted": ("Expected", "预计成交额"),
    "col.month": ("Month", "月份"),
    "col.open": ("Open", "未结"),
    "col.closed_count": ("Closed", "已结"),
    "col.avg_satisfaction": ("Avg. satisfaction", "平均满意度"),
    "col.avg_resolve": ("Avg. days to resolve", "平均解决天数"),
    # timeline entry kinds
    "tl.customer_created": ("New customer", "新建客户"),
    "tl.follow_up_planned": ("Follow-up planned", "计划跟进"),
    "tl.follow_up_done": ("Follow-up done", "完成跟进"),
    "tl.deal_created": ("New deal", "新建商机"),
    "tl.deal_stage": ("Stage changed", "阶段变更"),
    "tl.deal_won": ("Deal won", "赢单"),
    "tl.deal_lost": ("Deal lost", "输单"),
    "tl.deal_history": ("Imported", "导入"),
    "tl.service_opened": ("Service opened", "登记服务"),
    "tl.service_resolved": ("Service resolved", "服务解决"),
    "tl.note": ("Note", "备注"),
    # agenda
    "agenda.title": ("Follow-up agenda", "跟进日程"),
    "agenda.day": ("{day}", "{day}"),
    "agenda.empty": ("No follow-ups planned.", "没有计划的跟进。"),
    "agenda.count": ("{count} follow-ups", "共 {count} 项跟进"),
    "agenda.overdue_count": (", {count} of them overdue", "，其中 {count} 项已逾期"),
    "agenda.overdue": ("Overdue", "已逾期"),
    # every report with sales figures (the rule: services/sales_scope.py)
    "sales.trash_note": (
        "Deals of customers in the trash are not counted.",
        "不含回收站中客户的商机。",
    ),
    # pipeline
    "pipeline.title": ("Pipeline and sales report", "销售漏斗与业绩报告"),
    "pipeline.by_stage": ("Open deals by stage", "各阶段进行中的商机"),
    "pipeline.won": ("Won in the period", "本期赢单"),
    "pipeline.lost": ("Lost in the period", "本期输单"),
    "pipeline.by_month": ("Sales by month", "每月销售额"),
    "pipeline.forecast": (
        "Expected sales (amount × chance of closing): {amount}",
        "预计成交额（金额 × 成交可能性）：{amount}",
    ),
    "pipeline.summary": (
        "Won {won_count} deals worth {won}; lost {lost_count} worth {lost}.",
        "赢单 {won_count} 个，金额 {won}；输单 {lost_count} 个，金额 {lost}。",
    ),
    "pipeline.reasons": ("Reasons", "原因统计"),
    # service
    "service.title": ("Service report", "服务报告"),
    "service.by_kind": ("Open and closed by kind", "按类型统计未结与已结"),
    "service.open_list": ("Open service records", "未结服务记录"),
    "service.summary": (
        "{opened} records opened in the period; {resolved} resolved; average satisfaction {sat}; "
        "average {days} days to resolve.",
        "本期登记 {opened} 条，已解决 {resolved} 条；平均满意度 {sat}；平均 {days} 天解决。",
    ),
    "service.satisfaction": ("Satisfaction scores", "满意度分布"),
}

PERIOD_LABEL_KEYS = ("period", "period_all")


def label(key: str, lang: str, **params: object) -> str:
    """The report text `key` in `lang` ("zh" or "en"), filled with `params`."""
    en, zh = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text


def fmt_date(value: date | datetime | None) -> str:
    """A date as 2024-05-03 (both languages: unambiguous and sortable)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def fmt_datetime(value: datetime | None) -> str:
    """A date-time as 2024-05-03 14:30, or the date alone at midnight."""
    if value is None:
        return ""
    if value.hour == 0 and value.minute == 0:
        return value.date().isoformat()
    return value.strftime("%Y-%m-%d %H:%M")


fmt_money = format_money  # the core's one money format (crm_desktop.fields), under its report name


WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}


def fmt_day(value: date, lang: str) -> str:
    """A day heading: 2024-05-03 Friday / 2024-05-03 星期五."""
    return f"{value.isoformat()} {WEEKDAYS['zh' if lang == 'zh' else 'en'][value.weekday()]}"
