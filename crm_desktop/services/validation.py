"""Turning a raw value (typed, pasted or read from a spreadsheet) into the value we store.

Pure functions, no database: the customer services and the importer both call `clean_value`
for single values. A value that cannot be stored raises `ValidationError` with a message code.
Empty input (None, blank text) becomes None (or [] for tags); `required` fields refuse it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from crm_desktop.db.keys import fold_width
from crm_desktop.errors import ValidationError
from crm_desktop.fields import CHOICES, CUSTOM_PREFIX, CUSTOMER_FIELDS, Field, customer_field

# Catalogue keys whose numbers have a fixed range.
RANGES: dict[str, tuple[int, int]] = {"satisfaction": (1, 5)}
TAG_MAX_LEN = 60  # tags.name is String(60)
TAG_SEPARATORS = re.compile(r"[,，;；、|\n]+")

# Extra spellings of choice codes, beyond the code and its zh/en display names.
_CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "kind": {
        "true": "company",
        "false": "person",
        "1": "company",
        "0": "person",
        "yes": "company",
        "no": "person",
        "企业": "company",
        "单位": "company",
        "individual": "person",
        "organisation": "company",
        "organization": "company",
    },
    "gender": {
        "m": "male",
        "f": "female",
        "man": "male",
        "woman": "female",
        "男性": "male",
        "女性": "female",
    },
}

_PHONE_BODY = re.compile(r"^\+?[\d\s\-().\/]+$")
_PHONE_EXT = re.compile(r"(?i)\s*(?:x|ext\.?|extension|转|分机|#)\s*\d{1,6}$")
# a numeric phone that pandas or Excel exported to text as a float: `13800138000.0`
_FLOAT_TEXT_PHONE = re.compile(r"(\+?\d+)\.0+")
# Simple and forgiving: something@domain.tld, no spaces, Unicode (IDN) allowed.
_EMAIL = re.compile(
    r"^[^@\s<>(),;:\"\[\]]+@(?:[^@\s<>(),;:\"\[\]._-][^@\s<>(),;:\"\[\].]*\.)+[^@\s<>(),;:\"\[\].\d-]{2,}$"
)
# labels exclude the dot: `(?:[^.]*\.)+` over a dot-class backtracks exponentially ("a." * 40 + "!")
_URL = re.compile(r"^(?:(?:https?|ftp)://)?(?:[^\s/@:.]+\.)+[^\s/@:.\d]{2,}(?::\d{1,5})?(?:[/?#]\S*)?$", re.I)
_NUMBER_NOISE = re.compile(r"[\s,，_'¥￥$€£]|元|rmb|cny|usd", re.I)

# Dates: year first (2024-05-03, 2024/5/3, 2024.5.3, 2024年5月3日, 20240503) or year last
# (03/05/2024, 3.5.24 -- day or month first, see `day_first`).
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YMD_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})$")
_TIME = re.compile(
    r"^(上午|下午|晚上|中午)?\s*(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*分?(?:[:：](\d{1,2})(?:\.\d+)?)?\s*(am|pm)?$",
    re.I,
)


def _fail(code: str, field: Field, raw: Any, **params: Any) -> ValidationError:
    return ValidationError(code, field.key, value=raw, **params)


def _text(raw: Any) -> str:
    """A raw cell as text; numbers that a spreadsheet stored as floats lose their `.0`."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date):
        return raw.isoformat()
    return str(raw)


def _is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and not raw.strip()


def clean_text(field: Field, raw: Any) -> str | None:
    text = _text(raw).strip()
    if field.type == "text" and not (text.isprintable() and "  " not in text):
        # one-line fields: line breaks and runs of spaces from pasted text become one space
        # (a printable text holds no white space but single ASCII spaces: nothing to change)
        text = re.sub(r"\s+", " ", text)
    if not text:
        return None
    if field.max_len is not None and len(text) > field.max_len:
        raise _fail("value.too_long", field, text[:40], max=field.max_len)
    return text


def clean_phone(field: Field, raw: Any) -> str:
    """Keep the user's spelling (trimmed, width folded); refuse what cannot be a phone number."""
    text = _text(raw)
    if text.isascii() and text.isdigit() and len(text) >= 3:
        # plain digits (most phones, and every phone Excel stored as a number): nothing to fold
        if field.max_len is not None and len(text) > field.max_len:
            raise _fail("value.too_long", field, text[:40], max=field.max_len)
        return text
    text = re.sub(r"\s+", " ", fold_width(text).strip())
    whole = _FLOAT_TEXT_PHONE.fullmatch(text)
    if whole:
        text = whole.group(1)
    body = _PHONE_EXT.sub("", text)
    digits = re.sub(r"\D", "", body)
    # a leading minus is a number Excel evaluated as a formula (`+1-539-...` -> -1199)
    if len(digits) < 3 or not _PHONE_BODY.match(body) or body.startswith("-"):
        raise _fail("value.phone", field, text)
    if field.max_len is not None and len(text) > field.max_len:
        raise _fail("value.too_long", field, text[:40], max=field.max_len)
    return text


def clean_email(field: Field, raw: Any) -> str:
    text = fold_width(_text(raw)).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if not _EMAIL.match(text) or ".." in text:
        raise _fail("value.email", field, text)
    if field.max_len is not None and len(text) > field.max_len:
        raise _fail("value.too_long", field, text[:40], max=field.max_len)
    return text


def clean_url(field: Field, raw: Any) -> str:
    text = fold_width(_text(raw)).strip()
    if not _URL.match(text):
        raise _fail("value.url", field, text)
    if field.max_len is not None and len(text) > field.max_len:
        raise _fail("value.too_long", field, text[:40], max=field.max_len)
    return text


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # as Python's %y: 00-68 -> 2000s, 69-99 -> 1900s
        year += 2000 if year <= 68 else 1900
    return year


def parse_date(text: str, day_first: bool | None = None, *, year_last: bool = True) -> date | None:
    """A date from common text forms, or None. `day_first` decides 03/05/2024 (None: day first);
    without `year_last` only year-first forms (2024-05-03, 2024/5/3, 2024年5月3日) are read."""
    text = fold_width(text).strip()
    if m := _YMD.match(text) or _YMD_COMPACT.match(text):
        y, mo, d = (int(g) for g in m.groups())
    elif year_last and (m := _DMY.match(text)):
        a, b, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        if a > 12 or (b <= 12 and day_first is not False):
            d, mo = a, b
        else:
            mo, d = a, b
    else:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def guess_day_first(values: Iterable[Any]) -> bool | None:
    """Whether a column of d/m/y-or-m/d/y texts is day first: True, False, or None if no value tells."""
    for value in values:
        if not isinstance(value, str):
            continue
        if m := _DMY.match(fold_width(value).strip()):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                return True
            if b > 12 >= a:
                return False
    return None


def _parse_time(text: str) -> time | None:
    m = _TIME.match(text.strip())
    if not m:
        return None
    period, hour, minute, second, ampm = m.groups()
    h, mi, sec = int(hour), int(minute or 0), int(second or 0)
    if (period in ("下午", "晚上") or (ampm and ampm.lower() == "pm")) and h < 12:
        h += 12
    if ampm and ampm.lower() == "am" and h == 12:
        h = 0
    try:
        return time(h, mi, sec)
    except ValueError:
        return None


def parse_datetime(text: str, day_first: bool | None = None, *, year_last: bool = True) -> datetime | None:
    """A date and time from `2024-05-03 14:30`, `2024-05-03T14:30:00`, `2024/5/3 下午2:30`; or None.

    `day_first` and `year_last` as in `parse_date`.
    """
    text = fold_width(text).strip()
    if d := parse_date(text, day_first, year_last=year_last):
        return datetime.combine(d, time())
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is not None:
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone().replace(tzinfo=None)
        return parsed.replace(microsecond=0)
    for sep in ("T", " ", "日"):
        head, found, tail = text.partition(sep)
        if found and (d := parse_date(head + ("日" if sep == "日" else ""), day_first, year_last=year_last)):
            t = _parse_time(tail)
            if t is not None:
                return datetime.combine(d, t)
    return None


def as_date(raw: Any, key: str, *, day_first: bool | None = None, year_last: bool = False) -> date:
    """A date from a date, a datetime (its day) or a text `parse_datetime` reads (its day).

    Anything else raises `ValidationError("value.date")` for field `key`. Like `as_datetime`,
    year-last text (03/05/2024) is refused unless `year_last`; `day_first` as in `parse_date`.
    """
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    parsed = parse_datetime(_text(raw), day_first, year_last=year_last)
    if parsed is None:
        raise ValidationError("value.date", key, value=_text(raw))
    return parsed.date()


def as_datetime(raw: Any, key: str, *, day_first: bool | None = None, year_last: bool = False) -> datetime:
    """A datetime (local, whole seconds) from a datetime, a date (midnight) or a text
    `parse_datetime` reads: `2026-05-20 09:30`, `2026/5/20`, `2026年5月20日 14:05`.

    Anything else raises `ValidationError("value.datetime")` for field `key`. The services call
    it as it is: a typed 03/05/2024 is refused rather than guessed. The importer (`clean_value`)
    reads year-last dates too (`year_last`), its column's `day_first` deciding their order.
    """
    if isinstance(raw, datetime):
        if raw.tzinfo is not None:
            raw = raw.astimezone().replace(tzinfo=None)
        return raw.replace(microsecond=0)
    if isinstance(raw, date):
        return datetime.combine(raw, time())
    parsed = parse_datetime(_text(raw), day_first, year_last=year_last)
    if parsed is None:
        raise ValidationError("value.datetime", key, value=_text(raw))
    return parsed


def clean_date(field: Field, raw: Any, day_first: bool | None = None) -> date:
    return as_date(raw, field.key, day_first=day_first, year_last=True)


def clean_datetime(field: Field, raw: Any, day_first: bool | None = None) -> datetime:
    return as_datetime(raw, field.key, day_first=day_first, year_last=True)


def clean_choice(field: Field, raw: Any) -> str:
    """The code of a choice, given its code or its zh/en display name (any case)."""
    choices = CHOICES.get(field.key, {})
    text = fold_width(_text(raw)).strip()
    folded = text.casefold()
    for code, (en, zh) in choices.items():
        if folded in (code.casefold(), en.casefold(), zh.casefold()):
            return code
    alias = _CHOICE_ALIASES.get(field.key, {}).get(folded)
    if alias is not None:
        return alias
    if not choices:  # a kind without a fixed list (follow-up kinds live in the database)
        return text
    names = ", ".join(f"{code}/{zh}" if zh != code else code for code, (_en, zh) in choices.items())
    raise _fail("value.choice", field, text, choices=names)


def split_tags(raw: Any) -> list[str]:
    """Tags from a list or from text split on , ， ; ； 、 |: trimmed, without repeats, in order."""
    items: Iterable[Any] = raw if isinstance(raw, list | tuple | set | frozenset) else [raw]
    tags: list[str] = []
    seen: set[str] = set()
    for item in items:
        if _is_blank(item):
            continue
        for part in TAG_SEPARATORS.split(_text(item)):
            tag = re.sub(r"\s+", " ", part).strip()
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
    return tags


def clean_tags(field: Field, raw: Any) -> list[str]:
    tags = split_tags(raw)
    for tag in tags:
        if len(tag) > TAG_MAX_LEN:
            raise _fail("value.too_long", field, tag[:40], max=TAG_MAX_LEN)
    return tags


def _number(field: Field, raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise _fail("value.number", field, raw)
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
    else:
        text = _NUMBER_NOISE.sub("", fold_width(_text(raw)).strip())
        if text.endswith("%"):
            raise _fail("value.number", field, _text(raw))
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _fail("value.number", field, _text(raw)) from None
    # a quadrillion or more is a typo or a pasted code; "1e999999999" would also make int()
    # build a billion-digit number (the app would hang) and round() overflow
    if not value.is_finite() or value.adjusted() >= 15:
        raise _fail("value.number", field, _text(raw)[:40])
    return value


def _check_range(field: Field, raw: Any, value: float) -> None:
    if field.key in RANGES:
        low, high = RANGES[field.key]
        if not low <= value <= high:
            raise _fail("value.range", field, _text(raw), min=low, max=high)


def clean_money(field: Field, raw: Any) -> float:
    value = float(round(_number(field, raw), 2))
    _check_range(field, raw, value)
    return value


def clean_int(field: Field, raw: Any) -> int:
    value = _number(field, raw)
    if value != value.to_integral_value():
        raise _fail("value.number", field, _text(raw))
    result = int(value)
    _check_range(field, raw, result)
    return result


def clean_float(field: Field, raw: Any) -> float:
    value = float(_number(field, raw))
    _check_range(field, raw, value)
    return value


def clean_value(field: Field, raw: Any, *, day_first: bool | None = None) -> Any:
    """The stored form of `raw` for catalogue field `field`; raises ValidationError.

    Blank input gives None ([] for tags) unless the field is required. `day_first` settles
    dates like 03/05/2024 (see `guess_day_first`); without it, day first is assumed.
    """
    if field.type == "tags":
        return clean_tags(field, raw)
    if _is_blank(raw):
        if field.required:
            raise _fail("value.required", field, "")
        return None
    kind = field.type
    if kind in ("text", "longtext"):
        result: Any = clean_text(field, raw)
        if result is None and field.required:
            raise _fail("value.required", field, "")
        return result
    if kind == "phone":
        return clean_phone(field, raw)
    if kind == "email":
        return clean_email(field, raw)
    if kind == "url":
        return clean_url(field, raw)
    if kind == "date":
        return clean_date(field, raw, day_first)
    if kind == "datetime":
        return clean_datetime(field, raw, day_first)
    if kind == "choice":
        return clean_choice(field, raw)
    if kind == "money":
        return clean_money(field, raw)
    if kind in ("int", "ref"):
        return clean_int(field, raw)
    if kind == "float":
        return clean_float(field, raw)
    raise ValueError(f"unknown field type {kind!r}")


CUSTOM_MAX_LEN = 2000  # a custom field holds a short value, not a document


def clean_custom_value(raw: Any, name: str = "") -> Any:
    """A custom field's value as JSON can hold it: text trimmed, dates as ISO text, blanks None.

    Text longer than CUSTOM_MAX_LEN is refused (field lengths are bounded everywhere).
    """
    if _is_blank(raw):
        return None
    if isinstance(raw, datetime | date):
        return raw.isoformat()
    if isinstance(raw, bool | int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else raw
    text = str(raw).strip()
    if len(text) > CUSTOM_MAX_LEN:
        raise ValidationError(
            "value.too_long", CUSTOM_PREFIX + (name or "?"), value=text[:40], max=CUSTOM_MAX_LEN
        )
    return text


_WRITABLE = {f.key: f for f in CUSTOMER_FIELDS if not f.readonly}


def clean_customer_values(
    values: Mapping[str, Any], partial: bool = False, *, day_first: bool | None = None
) -> dict[str, Any]:
    """Clean a customer's values keyed by catalogue keys; raises ValidationError on the first bad one.

    Custom fields come as `custom.<name>` keys or a `custom` dict and are returned together
    under `custom` (a None value means "remove"). Read-only keys (id, figures, updated_at)
    are ignored. Unless `partial`, `name` is required.
    """
    cleaned: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    for key, raw in values.items():
        if key == "custom":
            for name, value in (raw or {}).items():
                custom[str(name).strip()] = clean_custom_value(value, str(name).strip())
        elif key.startswith(CUSTOM_PREFIX):
            name = key[len(CUSTOM_PREFIX) :].strip()
            if not name:
                raise ValidationError("value.unknown_field", key)
            custom[name] = clean_custom_value(raw, name)
        elif key in _WRITABLE:
            cleaned[key] = clean_value(_WRITABLE[key], raw, day_first=day_first)
        else:
            try:
                if customer_field(key).readonly:
                    continue
            except KeyError:
                pass
            raise ValidationError("value.unknown_field", key)
    if not partial and cleaned.get("name") is None:
        raise ValidationError("value.required", "name", value="")
    if custom:
        cleaned["custom"] = custom
    return cleaned
