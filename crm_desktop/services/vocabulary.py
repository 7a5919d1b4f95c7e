"""The words that follow the business type: a school has 学员 and 报名 where a shop has 客户 and 销售.

One place decides them (Qt-free, so reports and the command line can use them too): the
sidebar, the customer list's headers, the customer dialog, the quick-sale buttons and the
timeline ask `vocabulary(business, lang)` or `vocabulary_of(session, lang)`. A database whose
business type was never chosen keeps the catalogue's own words (`generic`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from crm_desktop.fields import customer_field

# word -> business type -> (English, Chinese). "generic" is used when no type was chosen.
WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "customer": {
        "generic": ("Customer", "客户"),
        "school": ("Student", "学员"),
    },
    "customers": {
        "generic": ("Customers", "客户"),
        "school": ("Students", "学员"),
    },
    "new_customer": {
        "generic": ("New customer", "新建客户"),
        "school": ("New student", "新建学员"),
    },
    # the dialog's title, {name} replaced by the customer's name
    "customer_named": {
        "generic": ("Customer: {name}", "客户：{name}"),
        "school": ("Student: {name}", "学员：{name}"),
    },
    # the Pipeline page in the sidebar
    "pipeline": {
        "generic": ("Pipeline", "销售漏斗"),
        "shop": ("Sales", "销售"),
        "school": ("Enrolments", "报名"),
    },
    "deal": {
        "generic": ("Deal", "商机"),
        "shop": ("Sale", "销售"),
        "school": ("Enrolment", "报名"),
    },
    "new_deal": {
        "generic": ("New deal…", "新建商机…"),
        "shop": ("New sale…", "新建销售…"),
        "school": ("New enrolment…", "新建报名…"),
    },
    "quick_sale": {
        "generic": ("Quick sale…", "快速销售…"),
        "school": ("Quick payment…", "登记缴费…"),
    },
    "record_sale": {
        "generic": ("Record a sale", "记录一笔销售"),
        "school": ("Record a payment", "登记缴费"),
    },
    # a won deal in a customer's timeline: a shop's customer bought, a student paid
    "deal_won": {
        "generic": ("Deal won", "赢单"),
        "shop": ("Purchase", "购买"),
        "school": ("Payment", "缴费"),
        "office": ("Deal won", "成交"),
    },
    # a deal moved to another stage, in a customer's timeline
    "deal_stage": {
        "generic": ("Deal stage", "商机阶段"),
        "shop": ("Sale stage", "销售阶段"),
        "school": ("Enrolment stage", "报名阶段"),
    },
    # the global search box's hint
    "find_customer": {
        "generic": ("Find a customer (Ctrl+K)", "查找客户（Ctrl+K）"),
        "school": ("Find a student (Ctrl+K)", "查找学员（Ctrl+K）"),
    },
    # catalogue keys named for the business: the lifecycle, and the figures kept from won deals
    "category": {
        "generic": ("Lifecycle", "客户阶段"),
        "school": ("Lifecycle", "学员阶段"),
    },
    "total_spent": {
        "generic": ("Total spent", "累计消费"),
        "school": ("Total paid", "累计缴费"),
        "office": ("Total amount", "累计金额"),
    },
    "purchase_count": {
        "generic": ("Purchases", "购买次数"),
        "school": ("Payments", "缴费次数"),
        "office": ("Deals won", "成交次数"),
    },
    "last_purchase_at": {
        "generic": ("Last purchase", "最近购买"),
        "school": ("Last payment", "最近缴费"),
        "office": ("Last deal won", "最近成交"),
    },
}

# Catalogue fields whose display name is a word of the business type.
FIELD_WORDS = ("category", "total_spent", "purchase_count", "last_purchase_at")


@dataclass(frozen=True)
class Vocabulary:
    """The words of one business type (`shop`, `school`, `office` or None) in one language."""

    business: str | None
    lang: str

    def word(self, key: str) -> str:
        """The word `key` of WORDS (e.g. "customers", "quick_sale") for this business and language."""
        entry = WORDS[key]
        en, zh = entry.get(self.business or "generic", entry["generic"])
        return zh if self.lang == "zh" else en

    def field_label(self, key: str) -> str:
        """A customer field's display name: the catalogue's, or this business's word for a figure."""
        if key in FIELD_WORDS:
            return self.word(key)
        return customer_field(key).label(self.lang)

    def customer_named(self, name: str) -> str:
        return self.word("customer_named").replace("{name}", name)


def vocabulary(business: str | None, lang: str) -> Vocabulary:
    return Vocabulary(business, "zh" if lang == "zh" else "en")


def vocabulary_of(session: Session, lang: str) -> Vocabulary:
    """The words of the database's business type (one small read)."""
    from crm_desktop.services.presets import business_type

    return vocabulary(business_type(session), lang)
