"""Phone numbers typed in mixed formats are shown in one format for the business's country."""

from __future__ import annotations

import pytest

from crm_desktop.db.engine import Database
from crm_desktop.db.keys import display_phone, phone_region
from crm_desktop.services.customer_query import display_phone_region
from crm_desktop.services.presets import set_setting


@pytest.mark.parametrize(
    ("typed", "region", "shown"),
    [
        ("+86 138-0013-8000", "CN", "138 0013 8000"),
        ("138-0013-8000", "CN", "138 0013 8000"),
        ("13800138000", "CN", "138 0013 8000"),
        ("13800138000.0", "CN", "138 0013 8000"),  # Excel's float
        ("0086 13800138000", "CN", "138 0013 8000"),
        ("0755 8888 8888", "CN", "0755 8888 8888"),
        ("0755-88888888", "CN", "0755 8888 8888"),
        ("+1 650 253 0000", "CN", "+1 650-253-0000"),  # a foreign number: international
        ("(650) 253-0000", "US", "(650) 253-0000"),
        ("650.253.0000", "US", "(650) 253-0000"),
        ("+1-650-253-0000", "US", "(650) 253-0000"),
        ("+86 138 0013 8000", "US", "+86 138 0013 8000"),
        ("８８８８", "CN", "８８８８"),  # not a phone number: as typed
        ("13800138000 转 12", "CN", "13800138000 转 12"),
        ("", "CN", ""),
    ],
)
def test_numbers_read_one_way(typed: str, region: str, shown: str) -> None:
    assert display_phone(typed, region) == shown


def test_the_country_comes_from_the_profile_or_its_phone_else_china(db: Database) -> None:
    assert phone_region() == "CN"
    assert phone_region("us") == "US"
    assert phone_region("", "+44 20 7946 0958") == "GB"
    assert phone_region("Atlantis", "020 7946 0958") == "CN"
    with db.session() as s:
        assert display_phone_region(s) == "CN"
        set_setting(s, "business_profile", {"name": "Corner Shop", "country": "US"})
    with db.session() as s:
        assert display_phone_region(s) == "US"
        set_setting(s, "business_profile", {"name": "Tea House", "phone": "+852 2345 6789"})
    with db.session() as s:
        assert display_phone_region(s) == "HK"
