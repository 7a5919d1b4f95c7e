"""Column-wide value conversion for imports, on top of `services.validation.clean_value`.

What a single value cannot tell is settled over the whole column here: whether `03/05/2024`
is day-first or month-first (a value over 12 anywhere in the column decides, never row by row).
Everything about one value (numeric phones, dates, emails, choices, tags) is the validation
module's job and is not repeated here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from crm_desktop.errors import ValidationError
from crm_desktop.exchange.digits import NOTE_CODES as DIGITS_NOTES
from crm_desktop.exchange.digits import restorer
from crm_desktop.fields import CUSTOM_PREFIX, Field
from crm_desktop.services.validation import (
    CUSTOM_MAX_LEN,
    clean_custom_value,
    clean_text,
    clean_value,
    guess_day_first,
)

Converter = Callable[[Any], Any]
CACHE_LIMIT = 20000
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def column_day_first(values: Sequence[Any]) -> bool | None:
    """The date order of a column of texts: True day first, False month first, None if nothing tells.

    Values written with dots (03.05.2024) are European when no value decides.
    """
    decided = guess_day_first(values)
    if decided is not None:
        return decided
    for value in values:
        if isinstance(value, str) and re.match(r"^\s*\d{1,2}\.\d{1,2}\.\d{2,4}\s*$", value):
            return True
    return None


def converter(field: Field, column: Sequence[Any]) -> Converter:
    """A function turning one raw cell of `column` into the stored value of `field` (raises ValidationError).

    Results are remembered per distinct cell value (up to `CACHE_LIMIT` of them): a column of
    100,000 rows holds a handful of genders, cities or dates many times over.
    """
    day_first = column_day_first(column) if field.type in ("date", "datetime") else None
    if field.type == "longtext":
        return lambda raw: clean_value(field, raw)
    cache: dict[Any, Any] = {}
    missing = object()
    copies = field.type == "tags"  # lists (tags) are shared between rows: hand out a copy
    # issue 15: phones and postcodes a spreadsheet made numbers get their zeros back (or the
    # loss is said): raises ValidationError(digits.NOTE_CODES), turned into a note by cut_to_fit
    restore = restorer(field.key, column) if field.type == "phone" or field.key == "postcode" else None

    def convert(raw: Any) -> Any:
        if restore is not None:
            raw = restore(raw)
        try:
            value = cache.get(raw, missing)
        except TypeError:  # an unhashable cell
            return clean_value(field, raw, day_first=day_first)
        if value is missing:
            value = clean_value(field, raw, day_first=day_first)
            if len(cache) < CACHE_LIMIT:
                cache[raw] = value
        return list(value) if copies else value

    return convert


def custom_converter() -> Converter:
    """The converter of a custom-field column: JSON-friendly values, blanks None."""
    return clean_custom_value


def cut_to_fit(
    target: str, field: Field | None, raw: Any, exc: ValidationError
) -> tuple[str, ValidationError] | None:
    """A text too long for its field, cut to the field's limit, with the note that says so.

    `field` is the catalogue entry of `target` (None for a custom field). An import keeps what
    fits rather than losing the whole row for one long note; the note reports the cut. None when
    `exc` is not about length or the value is not free text (a phone, an email address or a tag
    cut short would be wrong, so those stay refused).
    """
    if exc.code in DIGITS_NOTES and field is not None:  # a phone or postcode's lost zeros (exchange.digits)
        return clean_value(field, exc.params["restored"]), exc
    if exc.code != "value.too_long":
        return None
    if target.startswith(CUSTOM_PREFIX):
        text, limit = str(raw).strip(), CUSTOM_MAX_LEN
    elif field is not None and field.type in ("text", "longtext") and field.max_len:
        text, limit = clean_text(replace(field, max_len=None), raw) or "", field.max_len
    else:
        return None
    if len(text) <= limit:
        return None
    return text[:limit], ValidationError("import.value_cut", target, length=len(text), max=limit)


def left_out(target: str, exc: ValidationError) -> ValidationError:
    """The note for a value an import leaves out while keeping the rest of its row."""
    return ValidationError("import.value_left_out", target, reason=exc.message)


def kept_aside(target: str, exc: ValidationError) -> ValidationError:
    """The note for a value an import keeps aside in the customer's notes, word for word."""
    return ValidationError("import.value_kept", target, reason=exc.message)


def join_name(first: Any, last: Any) -> str | None:
    """A person's name from its halves: `John` + `Smith` → `John Smith`; 伟 + 张 → 张伟 (family name first, no space)."""
    first_text = _text(first)
    last_text = _text(last)
    if not first_text or not last_text:
        return first_text or last_text or None
    if _CJK.search(first_text) or _CJK.search(last_text):
        return last_text + first_text
    return f"{first_text} {last_text}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return " ".join(str(value).split())


def error_text(exc: ValidationError, lang: str | None = None) -> str:
    """The one-line reason of a rejected value."""
    return exc.message(lang)
