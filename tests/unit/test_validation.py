"""Turning typed, pasted and spreadsheet values into stored values (pure functions, no database)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crm_desktop.errors import ValidationError
from crm_desktop.fields import customer_field, get_field
from crm_desktop.services.validation import (
    as_date,
    as_datetime,
    clean_customer_values,
    clean_value,
    guess_day_first,
    split_tags,
)


def clean(key: str, raw: object) -> object:
    return clean_value(customer_field(key), raw)


def error_code(key: str, raw: object) -> str:
    with pytest.raises(ValidationError) as info:
        clean(key, raw)
    assert info.value.field == key
    return info.value.code


def test_text_is_trimmed_and_blank_is_empty() -> None:
    assert clean("company", "  星辰  科技\n有限公司 ") == "星辰 科技 有限公司"
    assert clean("company", "   ") is None
    assert clean("postcode", 95101.0) == "95101"  # a ZIP code Excel stored as a number
    assert clean("notes", " 第一行\n第二行 ") == "第一行\n第二行"  # long text keeps its lines


def test_required_and_max_length() -> None:
    assert error_code("name", "  ") == "value.required"
    assert error_code("name", None) == "value.required"
    assert error_code("postcode", "1" * 21) == "value.too_long"
    assert clean("name", "x" * 200) == "x" * 200


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("+86 138-0013-8000", "+86 138-0013-8000"),
        ("13800138000", "13800138000"),
        (13800138000.0, "13800138000"),
        (13800138000, "13800138000"),
        ("13800138000.0", "13800138000"),  # a numeric phone pandas/Excel wrote to CSV as text
        (" 13800138000.00 ", "13800138000"),
        ("１３８００１３８０００.０", "13800138000"),
        ("001-808-617-6467x12895", "001-808-617-6467x12895"),
        ("(283)437-3886x88321", "(283)437-3886x88321"),
        ("010-12345678 转 123", "010-12345678 转 123"),
        ("229.077.5154", "229.077.5154"),
        ("１３８ ００１３ ８０００", "138 0013 8000"),
    ],
)
def test_phone_keeps_the_users_format(raw: object, stored: str) -> None:
    assert clean("phone", raw) == stored


@pytest.mark.parametrize("raw", ["abc", "call me", "138abc0013", "-1199", "--", "12", "1.38E+10"])
def test_phone_refuses_what_is_not_a_number(raw: str) -> None:
    assert error_code("phone", raw) == "value.phone"


@pytest.mark.parametrize("raw", ["foo@bar.com", "Zhang.Wei@QQ.com", "张三@例子.中国", "a+b@mail.co.uk"])
def test_valid_emails(raw: str) -> None:
    assert clean("email", raw) == raw


def test_email_cleanup_and_errors() -> None:
    assert clean("email", " mailto:foo@bar.com ") == "foo@bar.com"
    for raw in ("a@b", "foo bar@x.com", "foo@@x.com", "no-at-sign.com", "x@y..com"):
        assert error_code("email", raw) == "value.email", raw


def test_url() -> None:
    assert clean("website", "www.example.com") == "www.example.com"
    assert clean("website", "http://www.hobbs.com/") == "http://www.hobbs.com/"
    assert clean("website", "https://例子.中国/关于") == "https://例子.中国/关于"
    assert error_code("website", "not a url") == "value.url"


@pytest.mark.parametrize(
    "raw",
    ["2024-05-03", "2024/5/3", "2024.5.3", "2024年5月3日", "20240503", "2024-05-03 14:30", "03/05/2024"],
)
def test_dates_from_common_text_forms(raw: str) -> None:
    assert clean("birthday", raw) == date(2024, 5, 3)


def test_dates_from_objects_and_two_digit_years() -> None:
    assert clean("birthday", date(2020, 1, 2)) == date(2020, 1, 2)
    assert clean("birthday", datetime(2020, 1, 2, 13, 5)) == date(2020, 1, 2)
    assert clean("birthday", "24/8/20") == date(2020, 8, 24)
    assert clean("birthday", "24.08.2020") == date(2020, 8, 24)
    assert clean_value(customer_field("birthday"), "03/05/2024", day_first=False) == date(2024, 3, 5)
    assert error_code("birthday", "2024-02-30") == "value.date"
    assert error_code("birthday", "next week") == "value.date"


def test_day_first_is_guessed_from_a_column() -> None:
    assert guess_day_first(["2/6/20", "24/8/20"]) is True
    assert guess_day_first(["2/6/20", "8/24/20"]) is False
    assert guess_day_first(["2/6/20", None, 5]) is None


def test_datetimes() -> None:
    assert clean("created_at", "2024-05-03 14:30") == datetime(2024, 5, 3, 14, 30)
    assert clean("created_at", "2024-05-03T14:30:15") == datetime(2024, 5, 3, 14, 30, 15)
    assert clean("created_at", "2024/5/3 下午2:30") == datetime(2024, 5, 3, 14, 30)
    assert clean("created_at", "2024年5月3日 9点") == datetime(2024, 5, 3, 9, 0)
    assert clean("created_at", date(2024, 5, 3)) == datetime(2024, 5, 3)
    assert clean("created_at", datetime(2024, 5, 3, 1, 2, 3, 999)) == datetime(2024, 5, 3, 1, 2, 3)
    assert error_code("created_at", "yesterday-ish") == "value.datetime"


def test_services_read_dates_year_first_only() -> None:
    """`as_date`/`as_datetime`, what the services call, read the importer's forms but refuse a
    typed 03/05/2024 (which order?) unless `year_last` (the importer's `clean_value`)."""
    assert as_datetime("2026年5月20日 14:05", "due_at") == datetime(2026, 5, 20, 14, 5)
    assert as_datetime("２０２６－０５－２０", "due_at") == datetime(2026, 5, 20)
    assert as_datetime("2026.05.20 09:30:15", "due_at") == datetime(2026, 5, 20, 9, 30, 15)
    assert as_date("2026/6/1", "expected_close") == date(2026, 6, 1)
    assert as_date("2026-06-01 09:30", "expected_close") == date(2026, 6, 1)
    assert as_date(datetime(2026, 6, 1, 9, 30), "expected_close") == date(2026, 6, 1)
    for bad in ("", "03/05/2024", "2026-02-30", "tomorrow", 12):
        with pytest.raises(ValidationError) as err:
            as_datetime(bad, "due_at")
        assert (err.value.code, err.value.field) == ("value.datetime", "due_at")
        with pytest.raises(ValidationError) as err:
            as_date(bad, "expected_close")
        assert (err.value.code, err.value.field) == ("value.date", "expected_close")
    assert as_date("03/05/2024", "birthday", year_last=True) == date(2024, 5, 3)
    assert as_datetime("03/05/2024", "x", day_first=False, year_last=True) == datetime(2024, 3, 5)


@pytest.mark.parametrize(
    ("key", "raw", "code"),
    [
        ("category", "lead", "lead"),
        ("category", "LEAD", "lead"),
        ("category", "意向客户", "lead"),
        ("category", "Loyal", "loyal"),
        ("grade", "a", "A"),
        ("gender", "女", "female"),
        ("gender", "M", "male"),
        ("kind", "公司", "company"),
        ("kind", "Company", "company"),
        ("kind", "true", "company"),
        ("kind", "FALSE", "person"),
        ("kind", 1, "company"),
        ("kind", 0, "person"),
        ("preferred_channel", "微信", "wechat"),
    ],
)
def test_choices_accept_codes_and_display_names(key: str, raw: object, code: str) -> None:
    assert clean(key, raw) == code


def test_unknown_choice_names_the_choices() -> None:
    with pytest.raises(ValidationError) as info:
        clean("category", "VIP")
    assert info.value.code == "value.choice"
    assert "潜在客户" in info.value.message("zh")


def test_tags_are_split_trimmed_and_unique() -> None:
    assert clean("tags", "VIP，老客户; vip 、 新客 | 团购") == ["VIP", "老客户", "新客", "团购"]
    assert clean("tags", ["a", " b ", "a", None]) == ["a", "b"]
    assert clean("tags", None) == []
    assert split_tags("  ") == []
    assert error_code("tags", "x" * 61) == "value.too_long"


def test_numbers() -> None:
    money = get_field("deals", "amount")
    assert clean_value(money, "1,234.50") == 1234.5
    assert clean_value(money, "¥1200") == 1200.0
    assert clean_value(money, "￥1,200元") == 1200.0
    assert clean_value(money, 99.999) == 100.0
    with pytest.raises(ValidationError) as info:
        clean_value(money, "twelve")
    assert info.value.code == "value.number"


def test_satisfaction_is_one_to_five() -> None:
    field = get_field("service", "satisfaction")
    assert clean_value(field, "5") == 5
    assert clean_value(field, 3.0) == 3
    for raw, code in ((6, "value.range"), (0, "value.range"), ("4.5", "value.number")):
        with pytest.raises(ValidationError) as info:
            clean_value(field, raw)
        assert info.value.code == code


def test_clean_customer_values() -> None:
    values = clean_customer_values(
        {"name": " 张伟 ", "tags": "a,b", "custom.会员号": 12.0, "custom": {"生日礼": " 已送 "}, "id": 7}
    )
    assert values == {"name": "张伟", "tags": ["a", "b"], "custom": {"会员号": 12, "生日礼": "已送"}}
    with pytest.raises(ValidationError) as info:
        clean_customer_values({"phone": "13800138000"})
    assert info.value.code == "value.required"
    assert clean_customer_values({"phone": "13800138000"}, partial=True) == {"phone": "13800138000"}
    with pytest.raises(ValidationError) as info:
        clean_customer_values({"name": "x", "shoe_size": 42})
    assert info.value.code == "value.unknown_field"


def test_every_message_has_both_languages() -> None:
    with pytest.raises(ValidationError) as info:
        clean("website", "not a url")
    assert "not a url" in info.value.message("en")
    assert "网址" in info.value.message("zh")


def test_custom_field_values_are_bounded() -> None:
    from crm_desktop.errors import ValidationError
    from crm_desktop.services.validation import CUSTOM_MAX_LEN, clean_customer_values

    ok = clean_customer_values({"name": "张伟", "custom.会员卡号": "x" * CUSTOM_MAX_LEN})
    assert len(ok["custom"]["会员卡号"]) == CUSTOM_MAX_LEN
    with pytest.raises(ValidationError) as err:
        clean_customer_values({"name": "张伟", "custom.会员卡号": "x" * (CUSTOM_MAX_LEN + 1)})
    assert err.value.field == "custom.会员卡号"
    assert "会员卡号" in err.value.message("zh")
