"""Phones and postcodes that a spreadsheet turned into numbers, and lost their leading zeros.

Our export writes `02087654321` and `010010` as text. Opened in LibreOffice or Excel from a
CSV and saved again, they become the numbers 2087654321 and 10010. Read back, the digits
that are left say what was lost when the field's own length does:

- a phone that is a valid number of the column's region only with its trunk prefix (China's,
  Britain's `0`: `2087654321` is Guangzhou's `020 8765 4321`) gets the `0` back;
- a phone that is no number of the region but would be one with a country code
  (`447700900123`: a lost `00`) is imported as it is, and said;
- a postcode one or two digits shorter than the length most of its column's postcodes share
  (`10010` among six-digit Chinese postcodes) gets its zeros back; a column of mixed lengths
  (several countries) is left as it is.

Each restored or doubtful value is said in the import's notes (`import.zeros_restored`,
`import.zeros_lost`): the converter raises a `ValidationError` with that code and the value to
use, and `values.cut_to_fit` turns it into the value and its note, like a text cut to fit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from crm_desktop.errors import ValidationError

RESTORED = "import.zeros_restored"
LOST = "import.zeros_lost"
NOTE_CODES = (RESTORED, LOST)
# postcodes lose at most this many zeros (Puerto Rico's 00601 -> 601)
MAX_LOST = 2

Restorer = Callable[[Any], Any]


def _digits(raw: Any) -> str | None:
    """The digits of a cell that is only digits: a number a spreadsheet made, or digit text."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return str(raw) if raw >= 0 else None
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() and raw >= 0 else None
    if isinstance(raw, str):
        text = raw.strip()
        if text.endswith(".0"):
            text = text[:-2]
        return text if text.isascii() and text.isdigit() else None
    return None


def restorer(key: str, column: Sequence[Any]) -> Restorer | None:
    """A function applied to each raw cell of `column` before its field's conversion, for the
    phone fields and the postcode; None when the column needs none."""
    if key in ("phone", "alt_phone", "guardian_phone"):
        return _phone_restorer(key, column)
    if key == "postcode":
        return _postcode_restorer(key, column)
    return None


def _region(column: Sequence[Any]) -> str:
    """The region of a column's phones: that of most numbers written with a country code, else China."""
    import phonenumbers

    from crm_desktop.db.keys import phone_region

    regions: Counter[str] = Counter()
    for raw in column[:2000]:
        if isinstance(raw, str) and raw.strip().startswith(("+", "00")):
            region = phone_region(None, raw)
            if region in phonenumbers.SUPPORTED_REGIONS:
                regions[region] += 1
    return regions.most_common(1)[0][0] if regions else phone_region(None, None)


def _speaks_region(column: Sequence[Any], region: str) -> bool:
    """Whether a good share of the column's numbers are, as they stand, mobiles of `region`
    (Chinese mobiles among Chinese landlines that lost their 0). Without that evidence a
    10-digit number is no lost zero: a Google export's US numbers (479 549 5197) got a 0
    put before them in a Chinese shop's file."""
    import phonenumbers

    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    numbers = mobiles = 0
    for raw in column[:500]:
        digits = _digits(raw) if not isinstance(raw, str) else "".join(c for c in raw if c.isdigit())
        if not digits or len(digits) < 7:
            continue
        numbers += 1
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        # a mobile: a service number (China's 400 …) is valid for far too many digit strings
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in mobile:
            mobiles += 1
    # a third of them, not one: a US 1-877 number reads as a Chinese 187 mobile
    return numbers > 0 and mobiles * 3 >= numbers


def _phone_restorer(key: str, column: Sequence[Any]) -> Restorer | None:
    import phonenumbers

    if not any(d is not None and not d.startswith("0") for d in map(_digits, column[:2000])):
        return None
    region = _region(column)
    if not _speaks_region(column, region):
        return None
    cache: dict[str, str | None] = {}
    # (first four digits, length) of numbers valid as they are: the same kind of number (a
    # Chinese mobile) is never missing a zero. Parsing each of 100,000 mobiles took 3 s.
    whole_kinds: set[tuple[str, int]] = set()

    def check(digits: str) -> str | None:
        """The digits as the export wrote them, "" when something was lost but not what, None if nothing."""
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            whole = "".join(ch for ch in national if ch.isdigit())
            if whole == "0" + digits:
                return whole
            whole_kinds.add((digits[:4], len(digits)))
            return None
        try:
            abroad = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            return None
        return "" if phonenumbers.is_valid_number(abroad) else None

    def restore(raw: Any) -> Any:
        # the usual cases first, inline: a mobile like the others, as text or as a number
        kind = raw.__class__
        if kind is str:
            if (raw[:4], len(raw)) in whole_kinds:
                return raw
        elif kind is float and raw > 0 and raw.is_integer():
            text = str(int(raw))
            if (text[:4], len(text)) in whole_kinds:
                return raw
        digits = _digits(raw)
        if digits is None or digits.startswith("0") or len(digits) < 7:
            return raw
        if (digits[:4], len(digits)) in whole_kinds:
            return raw
        found = cache.get(digits, "-")
        if found == "-":
            found = cache[digits] = check(digits)
        if found is None:
            return raw
        if found == "":
            raise ValidationError(LOST, key, value=digits, restored=digits)
        raise ValidationError(RESTORED, key, value=digits, restored=found)

    return restore


def _postcode_restorer(key: str, column: Sequence[Any]) -> Restorer | None:
    lengths = Counter(len(d) for d in map(_digits, column) if d is not None)
    if not lengths:
        return None
    # the length the export wrote: the longest; the column is of one length when at least half
    # its postcodes have it and none is shorter than a few lost zeros explain (a column mixing
    # five-digit US and six-digit Chinese postcodes is left as it is)
    width = max(lengths)
    if lengths[width] * 2 < sum(lengths.values()) or min(lengths) < width - MAX_LOST or len(lengths) == 1:
        return None

    def restore(raw: Any) -> Any:
        digits = _digits(raw)
        if digits is None or len(digits) >= width:
            return raw
        raise ValidationError(RESTORED, key, value=digits, restored=digits.zfill(width))

    return restore
