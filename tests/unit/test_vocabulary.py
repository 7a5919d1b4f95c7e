"""The words that follow the business type: one Qt-free place, keyed by business and language."""

from __future__ import annotations

import pytest

from crm_desktop.db.engine import Database
from crm_desktop.services.presets import BUSINESS_TYPES, set_setting
from crm_desktop.services.vocabulary import FIELD_WORDS, WORDS, vocabulary, vocabulary_of


def test_every_word_has_a_generic_form_and_only_known_business_types() -> None:
    for key, forms in WORDS.items():
        assert "generic" in forms, key
        assert set(forms) <= {"generic", *BUSINESS_TYPES}, key
        for en, zh in forms.values():
            assert en.strip() and zh.strip() and en != zh, key


@pytest.mark.parametrize(
    ("business", "lang", "expected"),
    [
        ("school", "zh", ("学员", "报名", "登记缴费…", "累计缴费", "缴费")),
        ("school", "en", ("Students", "Enrolment", "Quick payment…", "Total paid", "Payment")),
        ("shop", "zh", ("客户", "销售", "快速销售…", "累计消费", "购买")),
        ("shop", "en", ("Customers", "Sale", "Quick sale…", "Total spent", "Purchase")),
        ("office", "zh", ("客户", "商机", "快速销售…", "累计金额", "成交")),
        (None, "zh", ("客户", "商机", "快速销售…", "累计消费", "赢单")),
    ],
)
def test_words_of_each_business(business: str | None, lang: str, expected: tuple[str, ...]) -> None:
    v = vocabulary(business, lang)
    got = (
        v.word("customers"),
        v.word("deal"),
        v.word("quick_sale"),
        v.field_label("total_spent"),
        v.word("deal_won"),
    )
    assert got == expected


def test_other_fields_keep_the_catalogue_names() -> None:
    assert vocabulary("school", "zh").field_label("phone") == "电话"
    assert vocabulary("school", "zh").field_label("guardian_phone") == "家长电话"
    assert vocabulary("school", "en").customer_named("Amy") == "Student: Amy"
    assert set(FIELD_WORDS) <= set(WORDS)


def test_the_database_business_type_decides(db: Database) -> None:
    with db.session() as s:
        assert vocabulary_of(s, "zh").word("customers") == "客户"  # the fixture is a shop
        set_setting(s, "business_type", "school")
        assert vocabulary_of(s, "zh").word("customers") == "学员"
