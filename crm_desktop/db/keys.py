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


# Surnames read differently from the same character elsewhere: pypinyin reads a character out of
# context (曾 ceng, 单 dan, 解 jie ...) and ships no surname table, so here is ours. Compound
# surnames first: their characters alone read otherwise too (万 wan, 尉 wei).
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "长孙": ("zhang", "sun"),
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
}
SURNAMES: dict[str, str] = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "乐": "yue",
    "覃": "qin",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "尉": "yu",
    "纪": "ji",
    "冼": "xian",
    "燕": "yan",
    "华": "hua",
    "任": "ren",
    "沈": "shen",
    "朝": "chao",
    "种": "chong",
    "秘": "bi",
    "员": "yun",
    "宿": "su",
    "那": "na",
    "繁": "po",
    "郗": "xi",
    "隗": "wei",
    "卜": "bu",
    "薄": "bo",
    "祭": "zhai",
}
# A person's name is short; names this long, or ending like a business, are not read as one.
PERSON_NAME_MAX = 4
_BUSINESS_ENDINGS = (
    "公司",
    "集团",
    "中心",
    "银行",
    "超市",
    "商行",
    "工作室",
    "餐厅",
    "酒楼",
    "茶楼",
    "店",
    "厂",
    "馆",
    "社",
    "部",
)


@lru_cache(maxsize=65536)
def _char_pinyin(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")[0] if _CJK.match(ch) else ""


def surname_pinyin(text: str, kind: str | None = None) -> tuple[str, ...]:
    """The surname reading of the first character(s) of `text`, when it is a person's name.

    A name has one when it has at most `PERSON_NAME_MAX` characters, spaces aside, and does not
    end like a business (店, 公司 ...): 曾子轩 → (`zeng`,), 长孙无忌 → (`zhang`, `sun`),
    曾记茶餐厅 → (). `kind` "company" never has one; "person" is not trusted further than that,
    because it is the default that many shops leave on their business customers.
    """
    text = text.strip()
    if kind == "company" or not text:
        return ()
    compact = "".join(text.split())
    if len(compact) > PERSON_NAME_MAX or compact.endswith(_BUSINESS_ENDINGS):
        return ()
    compound = COMPOUND_SURNAMES.get(text[:2])
    if compound is not None:
        return compound
    single = SURNAMES.get(text[0])
    return (single,) if single is not None else ()


def _name_words(text: str, kind: str | None) -> tuple[list[str], int]:
    """The words of a folded, lower-case name: one pinyin syllable per CJK character, Latin
    and digit runs whole. Also how many leading CJK characters are the surname (0 when the
    name is not read as a person's; see `surname_pinyin`)."""
    surname = surname_pinyin(text, kind)
    words: list[str] = []
    word = ""
    cjk_seen = 0
    for ch in text:
        if _CJK.match(ch):
            if word:
                words.append(word)
                word = ""
            syllable = surname[cjk_seen] if cjk_seen < len(surname) else _char_pinyin(ch)
            cjk_seen += 1
            if syllable:
                words.append(syllable)
        elif ch.isalnum():
            word += ch
        elif word:
            words.append(word)
            word = ""
    if word:
        words.append(word)
    return words, len(surname)


def pinyin_keys(name: str | None, kind: str | None = None) -> tuple[str | None, str | None]:
    """Full pinyin and initials of a name: 张伟 → (`zhangwei`, `zw`).

    Latin words keep their letters (`John Smith` → (`johnsmith`, `js`)). Pinyin is looked up per
    character and cached, because a list of names draws on a few thousand characters only.
    A person's surname is read as a surname (曾子轩 → `zengzixuan`, not `cengzixuan`; see
    `surname_pinyin`). A name's kind alone cannot say it is a person's, so the rule applies to
    names of at most `PERSON_NAME_MAX` characters that do not end like a business, and never to
    `kind` "company" (callers that know it may pass it).
    """
    if not name:
        return None, None
    words, _ = _name_words(fold_width(name).lower(), kind)
    if not words:
        return None, None
    return "".join(words), "".join(w[0] for w in words)


# Sorts before every letter and digit, so that syllables compare one by one: `li na` < `lin`.
SORT_SEPARATOR = " "


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def name_sort_key(name: str | None, kind: str | None = None) -> str | None:
    """The key a list sorts names by: the order of a Chinese phone book.

    Syllables joined by `SORT_SEPARATOR`, so that a surname's names stay together and given
    names compare syllable by syllable: 李娜 `li 李 na` < 李洋霞 `li 李 yang xia` < 林 `lin ...`;
    陈刚 `chen 陈 gang` < 程海涛 `cheng 程 hai tao` (joined pinyin splits them: `chengang` <
    `chenghaitao` < `chenguoqiang`). A person's surname reads as a surname (`surname_pinyin`)
    and is followed by its own characters, so that surnames that read alike do not interleave
    (李 and 黎 are both `li`); a compound surname is one word (长孙无忌 `zhangsun 长孙 wu ji`). Latin names are lower case without accents (`Émile Zola` →
    `emile zola`). A name with no letters at all sorts by its folded text.
    """
    if not name:
        return None
    text = fold_width(name).lower().strip()
    words, surname_len = _name_words(text, kind)
    if not words:
        return text or None
    if surname_len == 0 and kind != "company" and text and _CJK.match(text[0]):
        # an ordinary surname (not a heteronym): the first character of a person's name
        compact = "".join(text.split())
        if len(compact) <= PERSON_NAME_MAX and not compact.endswith(_BUSINESS_ENDINGS):
            surname_len = 1
    if surname_len:
        # a compound surname is one word (长孙 `zhangsun`), after the shorter 张 `zhang`
        words = ["".join(words[:surname_len]), text[:surname_len], *words[surname_len:]]
    return _strip_accents(SORT_SEPARATOR.join(words))


def name_keys(name: str | None, kind: str | None = None) -> tuple[str | None, str | None, str | None]:
    """Every key stored beside a customer's name: (full pinyin, initials, sort key).

    The one function each writer of customers calls (ORM hook, import, undo, demo data), so
    that a name's keys are the same whichever path wrote it.
    """
    return (*pinyin_keys(name, kind), name_sort_key(name, kind))


# Phone numbers are shown in one format for the business's country (the user's own spelling
# stays in the database and in the edit form).
DEFAULT_PHONE_REGION = "CN"


def phone_region(country: str | None = None, own_phone: str | None = None) -> str:
    """The region (ISO 3166 code) whose format phone numbers are shown in.

    `country` as a code (`US`, `cn`); else the region of the business's own phone when it is
    written with its country code (`+1 …`); else `DEFAULT_PHONE_REGION`.
    """
    import phonenumbers

    code = (country or "").strip().upper()
    if code in phonenumbers.SUPPORTED_REGIONS:
        return code
    text = fold_width(own_phone or "").strip()
    if text.startswith(("+", "00")):
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse("+" + text.lstrip("+0"), None))
        except phonenumbers.NumberParseException:
            region = None
        if region in phonenumbers.SUPPORTED_REGIONS:
            return str(region)
    return DEFAULT_PHONE_REGION


@lru_cache(maxsize=65536)
def display_phone(phone: str | None, region: str = DEFAULT_PHONE_REGION) -> str:
    """`phone` as a list shows it: the national format for a number of `region`, the
    international one for others (`+86 138-0013-8000` → `138 0013 8000` in CN, `+86 138 0013
    8000` in US). What is not a valid number (a short extension, a note) is shown as typed.
    """
    if phone is None:
        return ""
    import phonenumbers

    typed = str(phone)
    text = fold_width(typed).strip()
    if re.fullmatch(r"\d+\.0+", text):  # a number Excel stored as a float
        text = text.split(".")[0]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return typed
    if not phonenumbers.is_valid_number(number):
        return typed
    national = phonenumbers.region_code_for_number(number) == region
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
