"""`Erased.describe(lang)`: the counts of an erase in the language of the sentence around them."""

from __future__ import annotations

from crm_desktop.services.erase import Erased


def test_counts_in_chinese_and_english() -> None:
    erased = Erased(customers=1, follow_ups=2, deals=1, deal_history=2, notes=2)
    assert erased.describe("zh") == "1 位客户、2 条跟进、1 个商机、2 条阶段记录、2 条备注"
    assert erased.describe("en") == "1 customer, 2 follow-ups, 1 deal, 2 stage changes, 2 notes"
    assert erased.describe() == erased.describe("en")


def test_every_kind_has_a_name_in_both_languages() -> None:
    every = Erased(**{k: 1 for k in Erased().as_dict()})
    many = Erased(**{k: 3 for k in Erased().as_dict()})
    for text in (every.describe("en"), many.describe("en")):
        assert "_" not in text and text.count(", ") == len(Erased().as_dict()) - 1
    assert "1 service record, 1 note, 1 tag link, 1 import entry" in every.describe("en")
    assert "3 service records, 3 notes, 3 tag links, 3 import entries" in many.describe("en")
    zh = many.describe("zh")
    assert zh.count("、") == len(Erased().as_dict()) - 1
    assert not any(c.isascii() and c.isalpha() for c in zh), zh


def test_kinds_with_none_are_left_out() -> None:
    assert Erased(customers=1).describe("zh") == "1 位客户"
    assert Erased(customers=1).describe("en") == "1 customer"
