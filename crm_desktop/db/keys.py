"""Normalised keys stored beside a customer's own values: for matching and for search.

One place for these rules, used by the ORM write path (`crm_desktop.db.events`), bulk
imports and migrations alike. The user's own spelling is always kept for display.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_DIGITS = re.compile(r"\D+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def fold_width(text: str) -> str:
    """Full-width letters, digits and spaces folded to half-width (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def normalise_phone(phone: str | None) -> str | None:
    """Digits only, with a Chinese country prefix (+86 / 0086) dropped: `+86 138-0013-8000` → `13800138000`.

    Numbers that Excel stored as floats (`13800138000.0`) lose their `.0`.
    """
    if phone is None:
        return None
    text = str(phone)
    if text.isascii() and text.isdigit():  # plain digits, the usual case: nothing to strip
        digits = text
        return digits[4:] if digits.startswith("0086") and len(digits) > 11 else digits
    text = fold_width(text).strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    # an extension is not part of the number used for matching
    text = re.split(r"(?i)\s*(?:x|ext\.?|转)\s*\d+$", text)[0]
    digits = _NON_DIGITS.sub("", text)
    if not digits:
        return None
    if digits.startswith("0086") and len(digits) > 11:
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13 and text.lstrip().startswith("+"):
        digits = digits[2:]
    return digits


def normalise_email(email: str | None) -> str | None:
    if email is None:
        return None
    text = fold_width(email).strip().lower()
    return text or None


def normalise_name(name: str | None) -> str:
    """A name folded for near-duplicate matching: width, case and all spacing removed."""
    if not name:
        return ""
    text = fold_width(name).lower()
    return re.sub(r"[\s\u3000·.\-_]+", "", text)


@lru_cache(maxsize=65536)
def _char_pinyin(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")[0] if _CJK.match(ch) else ""


def pinyin_keys(name: str | None) -> tuple[str | None, str | None]:
    """Full pinyin and initials of a name: 张伟 → (`zhangwei`, `zw`).

    Latin words keep their letters (`John Smith` → (`johnsmith`, `js`)). Pinyin is looked up per
    character and cached, because a list of names draws on a few thousand characters only.
    """
    if not name:
        return None, None
    text = fold_width(name).lower()
    full: list[str] = []
    initials: list[str] = []
    word = ""
    for ch in text:
        if _CJK.match(ch):
            if word:
                full.append(word)
                initials.append(word[0])
                word = ""
            syllable = _char_pinyin(ch)
            if syllable:
                full.append(syllable)
                initials.append(syllable[0])
        elif ch.isalnum():
            word += ch
        elif word:
            full.append(word)
            initials.append(word[0])
            word = ""
    if word:
        full.append(word)
        initials.append(word[0])
    if not full:
        return None, None
    return "".join(full), "".join(initials)
