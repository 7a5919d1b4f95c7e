"""Believable people for demo data: names, phones, emails, addresses, companies.

Pure functions of a `random.Random`, so a seed gives the same people every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from crm_desktop.db.keys import name_keys
from crm_desktop.services import demo_data as d

_ZH_SURNAMES = [s for s, _ in d.ZH_SURNAMES]
_ZH_SURNAME_CUM = list(accumulate(w for _, w in d.ZH_SURNAMES))
_ZH_DOMAINS = [x for x, _ in d.ZH_MAIL_DOMAINS]
_ZH_DOMAIN_CUM = list(accumulate(w for _, w in d.ZH_MAIL_DOMAINS))
_EN_DOMAINS = [x for x, _ in d.EN_MAIL_DOMAINS]
_EN_DOMAIN_CUM = list(accumulate(w for _, w in d.EN_MAIL_DOMAINS))

_EN_PHONE = {
    "United Kingdom": "+44 7{a} {b}",
    "United States": "({c}) 555-{e}",
    "Canada": "({c}) 555-{e}",
    "Australia": "+61 4{a} {b}",
    "Singapore": "+65 9{a} {e}",
    "Ireland": "+353 8{a} {b}",
    "New Zealand": "+64 2{a} {b}",
}


@dataclass
class Person:
    """One demo customer's own details (no business data)."""

    name: str
    gender: str
    phone: str | None
    alt_phone: str | None
    email: str | None
    wechat: str | None
    birthday: date | None
    country: str
    city: str
    address: str | None
    postcode: str | None
    company: str | None
    title: str | None
    website: str | None
    kind: str = "person"


class PeopleFactory:
    """Makes `Person`s in one language, for one kind of business."""

    def __init__(self, rng: random.Random, lang: str, business: str, today: date) -> None:
        self.rng = rng
        self.lang = lang
        self.business = business
        self.today = today
        self._keys: dict[tuple[str, str], tuple[str | None, str | None, str | None]] = {}

    def keys(self, name: str, kind: str = "person") -> tuple[str | None, str | None, str | None]:
        """Full pinyin, initials and sort key of a name, cached (demo names repeat a lot)."""
        value = self._keys.get((name, kind))
        if value is None:
            value = self._keys[name, kind] = name_keys(name, kind)
        return value

    def pinyin(self, name: str) -> str:
        """Full pinyin of a name (for emails and WeChat ids)."""
        return self.keys(name)[0] or ""

    def person(self) -> Person:
        return self._zh() if self.lang == "zh" else self._en()

    def _birthday(self) -> date | None:
        rng = self.rng
        if rng.random() > 0.65:
            return None
        lo, hi = (6, 16) if self.business == "school" else (20, 66)
        years = rng.uniform(lo, hi)
        return self.today - timedelta(days=int(years * 365.25))

    def _zh(self) -> Person:
        rng = self.rng
        surname = rng.choices(_ZH_SURNAMES, cum_weights=_ZH_SURNAME_CUM)[0]
        gender = "male" if rng.random() < 0.5 else "female"
        given = rng.choice(d.ZH_GIVEN_MALE if gender == "male" else d.ZH_GIVEN_FEMALE)
        name = surname + given
        digits = f"{rng.choice(d.ZH_MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
        phone: str | None = _zh_phone_format(rng, digits) if rng.random() < 0.95 else None
        city, post, districts = rng.choice(d.ZH_CITIES)
        alt = None
        if rng.random() < 0.1:
            alt = f"{d.ZH_AREA_CODES[city]}-{rng.randrange(10**7, 10**8)}"  # an office landline
        email = None
        r = rng.random()
        if r < 0.2:
            email = f"{rng.randrange(10**5, 10**10)}@qq.com"
        elif r < 0.55:
            local = self.pinyin(name)
            if rng.random() < 0.6:
                local += str(rng.randrange(1, 999))
            email = f"{local}@{rng.choices(_ZH_DOMAINS, cum_weights=_ZH_DOMAIN_CUM)[0]}"
        wechat = None
        if rng.random() < 0.6:
            wechat = digits if rng.random() < 0.5 else f"{self.pinyin(name)}_{rng.randrange(10, 9999)}"
        address = postcode = None
        if rng.random() < 0.6:
            address = f"{city}市{rng.choice(districts)}{rng.choice(d.ZH_ROADS)}{rng.randrange(1, 300)}号" + (
                f"{rng.randrange(1, 30)}栋{rng.randrange(1, 25)}0{rng.randrange(1, 8)}室"
                if rng.random() < 0.6
                else ""
            )
        if rng.random() < 0.4:
            postcode = f"{post}{rng.randrange(1000):03d}"
        company = title = website = None
        kind = "person"
        if (self.business == "office" and rng.random() < 0.9) or (
            self.business == "shop" and rng.random() < 0.05
        ):
            brand = rng.choice(d.ZH_COMPANY_WORDS)
            company = f"{city}{brand}{rng.choice(d.ZH_INDUSTRIES)}有限公司"
            title = rng.choice(d.ZH_TITLES)
            if rng.random() < 0.3:
                website = f"https://www.{self.pinyin(brand)}{rng.randrange(10, 99)}.cn"
            if self.business == "office" and rng.random() < 0.1:
                kind, name = "company", company
        return Person(
            name, gender, phone, alt, email, wechat, self._birthday(), "中国", city, address, postcode,
            company, title, website, kind,
        )  # fmt: skip

    def _en(self) -> Person:
        rng = self.rng
        gender = "male" if rng.random() < 0.5 else "female"
        first = rng.choice(d.EN_FIRST_MALE if gender == "male" else d.EN_FIRST_FEMALE)
        last = rng.choice(d.EN_LAST)
        name = f"{first} {last}"
        city, country, post = rng.choice(d.EN_CITIES)
        phone: str | None = None
        if rng.random() < 0.9:
            phone = _EN_PHONE[country].format(
                a=rng.randrange(100, 999), b=rng.randrange(100000, 999999),
                c=rng.randrange(201, 989), e=f"{rng.randrange(10000):04d}",
            )  # fmt: skip
        alt = f"+1 (800) 555-{rng.randrange(10000):04d}" if rng.random() < 0.08 else None
        email = None
        if rng.random() < 0.9:
            sep = rng.choice((".", "_", ""))
            local = f"{first}{sep}{last}".lower()
            if rng.random() < 0.4:
                local += str(rng.randrange(1, 99))
            email = f"{local}@{rng.choices(_EN_DOMAINS, cum_weights=_EN_DOMAIN_CUM)[0]}"
        address = f"{rng.randrange(1, 250)} {rng.choice(d.EN_STREETS)}" if rng.random() < 0.6 else None
        postcode = f"{post}{rng.randrange(10, 99)}" if rng.random() < 0.5 else None
        company = title = website = None
        kind = "person"
        if (self.business == "office" and rng.random() < 0.9) or (
            self.business == "shop" and rng.random() < 0.05
        ):
            brand = rng.choice(d.EN_COMPANY_WORDS)
            company = f"{brand} {rng.choice(d.EN_INDUSTRIES)} Ltd"
            title = rng.choice(d.EN_TITLES)
            if rng.random() < 0.3:
                website = f"https://www.{brand.lower()}{rng.randrange(10, 99)}.com"
            if self.business == "office" and rng.random() < 0.1:
                kind, name = "company", company
        return Person(
            name, gender, phone, alt, email, None, self._birthday(), country, city, address, postcode,
            company, title, website, kind,
        )  # fmt: skip

    def near_duplicate(self, p: Person) -> Person:
        """The same person entered again a little differently (spacing, width, phone format)."""
        rng = self.rng
        if self.lang == "zh" and len(p.name) >= 2 and p.kind == "person":
            name = p.name[0] + " " + p.name[1:] if rng.random() < 0.5 else p.name
        else:
            name = p.name.upper() if rng.random() < 0.5 else "  ".join(p.name.split())
        phone = p.phone
        if phone and self.lang == "zh":
            digits = "".join(ch for ch in phone if ch.isdigit())[-11:]
            phone = _zh_phone_format(rng, digits)
        email = p.email.upper() if p.email and rng.random() < 0.5 else p.email
        return Person(
            name, p.gender, phone, None, email, p.wechat, p.birthday, p.country, p.city, None, None,
            p.company, p.title, None, p.kind,
        )  # fmt: skip


def _zh_phone_format(rng: random.Random, digits: str) -> str:
    """A Chinese mobile number written the ways people write it."""
    r = rng.random()
    if r < 0.6:
        return digits
    if r < 0.8:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if r < 0.9:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"
