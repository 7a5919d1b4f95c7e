"""Matching a file's column headers to catalogue keys, and saving a mapping for next time.

Headers are compared after folding width, case, spaces and punctuation, against each field's
key, English and Chinese names and header synonyms in `crm_desktop.fields` (the one catalogue).
First Name + Last Name (名 + 姓) columns are recognised and joined into the name later.
A bare row counter (`Index`, `No.`, `序号`) is never taken for the record's id: only an
explicit id header is (`ID`, `编号`, `客户编号`, `Customer ID`, our own export's header).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from crm_desktop.errors import CrmError
from crm_desktop.fields import (
    BIRTHDAY_PARTS,
    CATALOGUES,
    CUSTOM_HEADERS,
    CUSTOM_PREFIX,
    DESCRIBING_HEADERS,
    HISTORY_KEYS,
    KEPT_HEADERS,
    Field,
)

# Targets that are not catalogue keys: the two halves of a person's name.
FIRST_NAME = "name.first"
LAST_NAME = "name.last"
_NAME_PARTS = {
    FIRST_NAME: ("first name", "firstname", "given name", "forename", "名", "名字"),
    LAST_NAME: ("last name", "lastname", "surname", "family name", "姓", "姓氏"),
}
# A column whose values have no field of their own: each value becomes a line in the customer's
# notes, `导入时未识别：<column> <value>` (an honorific, a department, a third phone).
KEEP = "keep"
# The parts of a birthday written in three columns (Thunderbird).
BIRTH_YEAR, BIRTH_MONTH, BIRTH_DAY = "birthday.year", "birthday.month", "birthday.day"
_BIRTH_TARGETS = {"year": BIRTH_YEAR, "month": BIRTH_MONTH, "day": BIRTH_DAY}
# Targets whose values the `RowArranger` places (not converted column by column).
ARRANGED = frozenset((KEEP, *_BIRTH_TARGETS.values()))
# Targets that several columns may share.
_SHARED = frozenset((FIRST_NAME, LAST_NAME, KEEP))
# When a second column claims a taken key, it may fall back to a sibling key.
_SECOND_CHOICE = {"phone": "alt_phone", "customer_phone": None}
# Headers that only describe a neighbouring column; `DESCRIBED` is their guess.
DESCRIBED = "described"
# Google Contacts: `Phone 1 - Value`, `E-mail 2 - Type`, `Address 1 - City`, `Organization 1 - Name`.
_NUMBERED_PART = re.compile(r"^\s*([A-Za-z][A-Za-z \-]*?)\s+(\d+)\s*-\s*([A-Za-z][A-Za-z ]*?)\s*$")
# What those numbered groups hold (normalised); a value of one we have no field for is kept.
_NUMBERED_THINGS = frozenset(
    (
        "email",
        "phone",
        "address",
        "organization",
        "website",
        "relation",
        "im",
        "event",
        "customfield",
        "externalid",
        "calendarlink",
        "location",
        "jot",
    )
)
# Words in a phone column's header (or its `- Type` cell) that say it is a mobile.
_MOBILE_WORDS = ("mobile", "cell", "手机", "移动")
# Row counters: numbered 1, 2, 3 ... by whoever made the file, not our ids. Normalised headers.
# (`fields.py` lists "index" among the id's synonyms so that it still helps find the header row.)
ROW_COUNTERS = frozenset(
    ("index", "idx", "no", "nr", "row", "rowno", "rownumber", "sn", "序号", "行号", "顺序号")
)
_PUNCT = re.compile(r"[\s\u3000_\-.:：*#/\\()（）\[\]【】'\"“”‘’?？,，;；、·]+")


def normalise_header(text: object) -> str:
    """A header folded for comparison: `E-mail Address` → `emailaddress`, `手机号码：` → `手机号码`."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return _PUNCT.sub("", folded)


@lru_cache(maxsize=8)
def synonym_index(kind: str) -> dict[str, str]:
    """Normalised header → target key for record kind `kind`; the first field to claim a header wins."""
    if kind not in CATALOGUES:
        raise CrmError("import.unknown_kind", kind=kind)
    index: dict[str, str] = {}
    for f in CATALOGUES[kind]:
        for word in (*f.synonyms, f.key, f.en, f.zh):
            index.setdefault(normalise_header(word), f.key)
    if kind == "customers":
        for target, words in _NAME_PARTS.items():
            for word in words:
                index.setdefault(normalise_header(word), target)
        for part, parts in BIRTHDAY_PARTS.items():
            for word in parts:
                index.setdefault(normalise_header(word), _BIRTH_TARGETS[part])
        for word in KEPT_HEADERS:
            index.setdefault(normalise_header(word), KEEP)
    index.pop("", None)
    return index


@lru_cache(maxsize=1)
def _describing() -> frozenset[str]:
    return frozenset(normalise_header(word) for word in DESCRIBING_HEADERS)


@lru_cache(maxsize=1)
def _custom_headers() -> frozenset[str]:
    return frozenset(normalise_header(word) for word in CUSTOM_HEADERS)


def _numbered_part(kind: str, text: str) -> str | None:
    """Google Contacts' `<Thing> <n> - <Part>` headers: `Phone 3 - Value` is a phone, its
    `Phone 3 - Type` says which; the value of a thing we have no field for is kept."""
    match = _NUMBERED_PART.match(text)
    if match is None or kind != "customers":
        return None
    thing, _n, part = (normalise_header(g) for g in match.groups())
    if thing not in _NUMBERED_THINGS:
        return None
    if part in ("type", "label", "formatted"):
        return DESCRIBED  # a `- Type` names its `- Value`; `Formatted` repeats the address parts
    index = synonym_index(kind)
    for word in (
        f"{thing} 1 - {part}",
        f"{thing} {part}",
        thing if part == "value" and thing in ("email", "phone", "website") else "",
    ):
        target = index.get(normalise_header(word))
        if target is not None:
            return target
    return KEEP


def known_header(kind: str, header: object) -> bool:
    """Whether `header` names something we know (a field, a part of one, a value we keep)."""
    text = str(header or "").strip()
    return bool(text) and (
        _guess(kind, text, {}) is not None or normalise_header(text) in synonym_index(kind)
    )


def is_label(value: Any) -> bool:
    """A form's label, not a person: a known header word (`姓名`, `full name`) or a text ending
    in a colon (`工作经历：`)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text:
        return False
    if text[-1] in ":：":
        return True
    low = text.lower()
    # most names need no folding (张伟, Smith): skip the costlier normalising for them
    plain = low.isalnum() and unicodedata.is_normalized("NFKC", low)
    return (low if plain else normalise_header(text)) in synonym_index("customers")


def fields_by_key(kind: str) -> dict[str, Field]:
    """The catalogue of `kind` keyed by field key."""
    return {f.key: f for f in CATALOGUES[kind]}


def _guess(kind: str, header: object, custom_names: dict[str, str]) -> str | None:
    text = str(header or "").strip()
    if not text:
        return None
    if text.lower().startswith(CUSTOM_PREFIX) and len(text) > len(CUSTOM_PREFIX):
        return CUSTOM_PREFIX + text[len(CUSTOM_PREFIX) :].strip()
    index = synonym_index(kind)
    norm = normalise_header(text)
    if norm in ROW_COUNTERS:
        return None
    if norm in index:
        return index[norm]
    if kind == "customers" and norm in _custom_headers():
        return CUSTOM_PREFIX + text  # a member's card number: a custom field of that name
    if kind == "customers" and norm in _describing():
        return DESCRIBED
    if norm in custom_names:
        return CUSTOM_PREFIX + custom_names[norm]
    numbered = _numbered_part(kind, text)
    if numbered is not None:
        return numbered
    # `Email 1`, `Phone 2`: numbered copies of a known column
    stripped = norm.rstrip("0123456789")
    if stripped != norm and stripped in index:
        return index[stripped]
    # `country_id` (Odoo): an id suffix on a known column
    match = re.search(r"_ids?$", text.lower())
    if match is not None:
        base = normalise_header(text[: match.start()])
        if base in index:
            return index[base]
    return None


@dataclass
class Mapping:
    """Which target each column of a table goes to: a catalogue key, `custom.<name>`, a name part, or None."""

    kind: str
    headers: list[str]
    targets: list[str | None]
    # columns matched automatically (as opposed to set by the user or a saved mapping)
    automatic: list[bool] = field(default_factory=list)
    # columns recognised as computed figures (total spent, updated ...): never imported
    computed: list[str] = field(default_factory=list)
    # columns that only describe a neighbour (`Phone 1 - Type`, `E-mail Display Name`)
    described: list[str] = field(default_factory=list)
    # per column: "phone" or "email" when it holds one of several phones or emails, else None
    families: list[str | None] = field(default_factory=list)
    # per column: its header says it holds mobiles (`Mobile Phone`, `手机`)
    mobile: list[bool] = field(default_factory=list)
    # a value column -> the column that says what kind it is (`Phone 1 - Value` -> `- Type`)
    type_of: dict[int, int] = field(default_factory=dict)

    def unmatched(self) -> list[str]:
        """Headers of the columns that were not recognised and will not be imported."""
        return [
            h
            for h, t in zip(self.headers, self.targets, strict=True)
            if t is None and str(h).strip() and h not in self.computed and h not in self.described
        ]

    def matched(self) -> dict[str, str]:
        """Header → target of every column that will be imported."""
        return {h: t for h, t in zip(self.headers, self.targets, strict=True) if t is not None}

    def set(self, column: int, target: str | None) -> None:
        """Point column `column` at `target` (None to leave it out); a key keeps one column only."""
        if target is not None:
            _check_target(self.kind, target)
            if target not in _SHARED:
                self.targets = [None if t == target else t for t in self.targets]
        self.targets[column] = target
        if self.automatic:
            self.automatic[column] = False

    def keep_unmatched_as_custom(self) -> None:
        """Import every unmatched, named column as a custom field named like its header."""
        for i, (header, target) in enumerate(zip(self.headers, self.targets, strict=True)):
            name = str(header).strip()
            if target is None and name and header not in self.computed and header not in self.described:
                self.targets[i] = CUSTOM_PREFIX + name

    def to_json(self) -> str:
        """The mapping as JSON text keyed by header, for `--mapping FILE` next time."""
        return json.dumps(dict(zip(self.headers, self.targets, strict=True)), ensure_ascii=False, indent=2)

    def has_name(self) -> bool:
        """True when some column gives the record its required name (customers) or title."""
        return any(t in ("name", FIRST_NAME, LAST_NAME, "company") for t in self.targets)


def _check_target(kind: str, target: str) -> None:
    if target in (FIRST_NAME, LAST_NAME, KEEP, *_BIRTH_TARGETS.values()) and kind == "customers":
        return
    if target.startswith(CUSTOM_PREFIX) and kind == "customers" and len(target) > len(CUSTOM_PREFIX):
        return
    f = fields_by_key(kind).get(target)
    if f is None or (f.readonly and not importable(kind, target)):
        raise CrmError("import.bad_target", target=target, kind=kind)


def importable(kind: str, key: str) -> bool:
    """Whether a read-only key may still be a column's target: the id (to match our own export)
    and, for customers, the purchase figures (brought in as imported history)."""
    return key == "id" or (kind == "customers" and key in HISTORY_KEYS)


def match_headers(kind: str, headers: Sequence[object], custom_names: Iterable[str] = ()) -> Mapping:
    """Match every header to a target automatically; a key is given to the first column that claims it.

    `custom_names` are custom fields that already exist, so that their columns map back to them.
    For customers a later column that claims a taken key is kept in the notes (`KEEP`); of several
    phone columns the first two (mobiles first) are the phone and the other phone, of several
    email columns the first is the email, and the rest are kept.
    """
    customs = {normalise_header(n): n for n in custom_names}
    guesses = [_guess(kind, header, customs) for header in headers]
    families: list[str | None] = [None] * len(guesses)
    mobile = [any(w in normalise_header(h) for w in _MOBILE_WORDS) for h in headers]
    if kind == "customers":
        _resolve_customer_guesses(headers, guesses, families, mobile)
    taken: set[str] = set()
    targets: list[str | None] = []
    computed: list[str] = []
    described: list[str] = []
    fields = fields_by_key(kind)
    for header, target in zip(headers, guesses, strict=True):
        if target == DESCRIBED:
            described.append(str(header))
            target = None
        if target in taken and target not in (None,):
            target = _SECOND_CHOICE.get(target, KEEP if kind == "customers" and target != "id" else None)
        if target is not None and target in taken:
            target = None
        f = fields.get(target or "")
        if f is not None and f.readonly and not importable(kind, target or ""):
            computed.append(str(header))  # figures such as last_contact_at are computed, never imported
            target = None
        if target is not None and target not in _SHARED:
            taken.add(target)
        targets.append(target)
    mapping = Mapping(
        kind,
        [str(h) for h in headers],
        targets,
        [t is not None for t in targets],
        computed,
        described,
        families,
        mobile,
    )
    mapping.type_of = _type_columns(mapping.headers)
    return mapping


_BIRTH_DAY_HEADER = re.compile(r"^\s*birth[\s_\-]+day\s*$", re.I)


def _resolve_customer_guesses(
    headers: Sequence[object], guesses: list[str | None], families: list[str | None], mobile: list[bool]
) -> None:
    """Decide what only the whole header row tells: `Title` next to a job-title column is the
    honorific; `Birth Day` beside `Birth Year` is a day; which of several phones and emails is first."""
    norms = [normalise_header(h) for h in headers]
    if any(g == "title" and n != "title" for g, n in zip(guesses, norms, strict=True)):
        for i, n in enumerate(norms):
            if n == "title":
                guesses[i] = KEEP  # Outlook's and Odoo's `Title` is Mr/Ms: the job is `Job Title`
    if BIRTH_YEAR in guesses or BIRTH_MONTH in guesses:
        for i, header in enumerate(headers):
            if _BIRTH_DAY_HEADER.match(str(header)):
                guesses[i] = BIRTH_DAY
    phones = [i for i, g in enumerate(guesses) if g in ("phone", "alt_phone")]
    emails = [i for i, g in enumerate(guesses) if g == "email"]
    if len(phones) > 1:
        ordered = sorted(phones, key=lambda i: not mobile[i])  # mobiles first, then column order
        for rank, i in enumerate(ordered):
            guesses[i] = "phone" if rank == 0 else "alt_phone" if rank == 1 else KEEP
            families[i] = "phone"
    if len(emails) > 1:
        primary = ("primary", "主要", "首选")  # Thunderbird's Primary Email before its Secondary
        emails.sort(key=lambda i: not any(w in norms[i] for w in primary))
        for rank, i in enumerate(emails):
            guesses[i] = "email" if rank == 0 else KEEP
            families[i] = "email"


def _type_columns(headers: Sequence[str]) -> dict[int, int]:
    """`Phone 2 - Value` -> the column of `Phone 2 - Type` (or `- Label`), when both are there."""
    parts: dict[tuple[str, str], dict[str, int]] = {}
    for i, header in enumerate(headers):
        match = _NUMBERED_PART.match(header)
        if match is not None:
            thing, number, part = match.groups()
            parts.setdefault((normalise_header(thing), number), {})[normalise_header(part)] = i
    pairs: dict[int, int] = {}
    for found in parts.values():
        kind_col = found.get("type", found.get("label"))
        if "value" in found and kind_col is not None:
            pairs[found["value"]] = kind_col
    return pairs


# The start of a notes line that keeps a value the import could not put in a field: one wording
# for every reader (spreadsheets, vCards) and for the check that a line is kept only once.
KEPT_PREFIX = {"zh": "导入时未识别：", "en": "Not recognised on import: "}
KEPT_LINE = {lang: prefix + "{column} {value}" for lang, prefix in KEPT_PREFIX.items()}


def kept_line(column: str, value: Any, lang: str | None) -> str:
    """The line a value without a field of its own leaves in the customer's notes."""
    return KEPT_LINE["zh" if lang == "zh" else "en"].format(column=column, value=cell_words(value))


def cell_words(value: Any) -> str:
    """A cell as its file shows it: `13800138000` (not `13800138000.0`), `1980-03-22`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat") and not isinstance(value, str):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text.replace("T", " ")
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


Arranged = tuple[list[Any], dict[str, Any] | None, list[str] | None]


class RowArranger:
    """Puts a customer row's values where they belong before they are converted.

    Of several phone columns the first two non-blank values (mobiles first, by header or by the
    `- Type` cell beside them) go to phone and other phone; of several emails the first goes to
    email; a birthday in three columns becomes one date; every other value without a field
    (`KEEP` columns, the third phone) becomes a line for the notes. Returns (cells, values, lines).
    """

    def __init__(self, mapping: Mapping, lang: str | None) -> None:
        targets = mapping.targets
        families = mapping.families or [None] * len(targets)
        self.headers = mapping.headers
        self.lang = lang
        self.mobile = mapping.mobile or [False] * len(targets)
        self.type_of = mapping.type_of

        def family(name: str, keys: tuple[str, ...]) -> list[int]:
            return [i for i, t in enumerate(targets) if t in keys or (t == KEEP and families[i] == name)]

        self.phones = family("phone", ("phone", "alt_phone"))
        self.phone_slots = [targets.index(k) for k in ("phone", "alt_phone") if k in targets]
        self.emails = family("email", ("email",))
        # the columns the mapping chose come first (the primary email, the user's pick), then the rest
        rank = {"phone": 0, "alt_phone": 1, "email": 0}
        self.phones.sort(key=lambda i: rank.get(targets[i] or "", 2))
        self.emails.sort(key=lambda i: rank.get(targets[i] or "", 2))
        self.email_slots = [targets.index("email")] if "email" in targets else []
        self.kept = [i for i, t in enumerate(targets) if t == KEEP and families[i] is None]
        self.names = [i for i, t in enumerate(targets) if t in ("name", FIRST_NAME, LAST_NAME)]
        self.birth = {t: targets.index(t) for t in _BIRTH_TARGETS.values() if t in targets}
        self.arranges = self.needed()

    def needed(self) -> bool:
        """Whether any row needs more than its name checked for a label."""
        several = len(self.phones) > 1 or len(self.emails) > 1
        return bool(self.kept or self.birth or several or self.type_of)

    def _is_mobile(self, i: int, cells: list[Any]) -> bool:
        if self.mobile[i]:
            return True
        kind_col = self.type_of.get(i)
        kind = normalise_header(cells[kind_col]) if kind_col is not None else ""
        return any(w in kind for w in _MOBILE_WORDS)

    def _spread(
        self, cells: list[Any], new: list[Any], cols: list[int], slots: list[int], lines: list[str]
    ) -> None:
        phones = cols is self.phones
        present = [i for i in cols if not _blank(cells[i])]
        if phones:
            present.sort(key=lambda i: not self._is_mobile(i, cells))
        seen: set[str] = set()
        values: list[tuple[int, Any]] = []
        for i in present:
            cell = cells[i]
            # Google Contacts writes two numbers of one kind in one cell: `a ::: b`
            parts = [p.strip() for p in cell.split(":::")] if isinstance(cell, str) else [cell]
            for part in parts:
                key = re.sub(r"\D", "", cell_words(part)) if phones else ""
                key = key or cell_words(part).strip().lower()
                if not key or key in seen:
                    continue  # the same number in two columns is one number
                seen.add(key)
                values.append((i, part))
        for i in cols:
            new[i] = ""
        for slot, (_i, value) in zip(slots, values, strict=False):
            new[slot] = value
        lines.extend(kept_line(self.headers[i], value, self.lang) for i, value in values[len(slots) :])

    def __call__(self, cells: list[Any]) -> Arranged:
        if not self.arranges and not any(is_label(cells[i]) for i in self.names):
            return cells, None, None  # the common row: nothing to move, nothing to keep
        new = list(cells)
        lines: list[str] = []
        extra: dict[str, Any] = {}
        for i in self.names:
            if is_label(cells[i]):  # `姓名` or `工作经历：` in the name column is a label, no person
                new[i] = ""
                lines.append(kept_line(self.headers[i], cells[i], self.lang))
        if not self.arranges:
            return new, extra, lines
        self._spread(cells, new, self.phones, self.phone_slots, lines)
        self._spread(cells, new, self.emails, self.email_slots, lines)
        if self.birth:
            born = _birthday({t: cells[i] for t, i in self.birth.items()})
            if born is not None:
                extra["birthday"] = born
            else:
                lines.extend(
                    kept_line(self.headers[i], cells[i], self.lang)
                    for i in self.birth.values()
                    if not _blank(cells[i])
                )
        lines.extend(
            kept_line(self.headers[i], cells[i], self.lang) for i in self.kept if not _blank(cells[i])
        )
        return new, extra, lines


def _birthday(parts: dict[str, Any]) -> date | None:
    numbers: dict[str, int] = {}
    for target, value in parts.items():
        text = cell_words(value).strip() if not _blank(value) else ""
        if not text.isdigit():
            return None
        numbers[target] = int(text)
    if len(numbers) < 3:
        return None
    try:
        return date(numbers[BIRTH_YEAR], numbers[BIRTH_MONTH], numbers[BIRTH_DAY])
    except ValueError:
        return None


def row_arranger(mapping: Mapping, lang: str | None) -> RowArranger | None:
    """The `RowArranger` of a customers mapping, or None when no row needs one."""
    if mapping.kind != "customers":
        return None
    arranger = RowArranger(mapping, lang)
    return arranger if arranger.needed() or arranger.names else None


def with_kept(notes: Any, lines: list[str], limit: int = 20000) -> str:
    """The notes with the kept lines added at their end (cut to what the field holds)."""
    text = str(notes).strip() if notes not in (None, "") else ""
    return "\n".join([text, *lines] if text else lines)[:limit]


# Headers that only a list of organisations has: the organisation's own id, its founding, its
# staff (normalised). One of them is enough; so is a sheet (or CSV file) named like such a list.
_ORGANISATION_HEADERS = frozenset(
    normalise_header(h)
    for h in (
        "Organization Id",
        "Organisation Id",
        "Organization Number",
        "Founded",
        "Year Founded",
        "Founded Year",
        "Founding Year",
        "Number of employees",
        "Employee Count",
        "成立日期",
        "成立时间",
        "成立年份",
        "员工人数",
        "员工数",
        "统一社会信用代码",
        "注册资本",
        "法定代表人",
        "法人代表",
    )
)
_ORGANISATION_SHEETS = re.compile(
    r"organi[sz]ations?|companies|企业名录|企业列表|企业客户|公司名录|公司列表|公司客户|单位名录|单位客户",
    re.I,
)
# Columns that only a list of people has: a name in two halves, a gender, a birthday.
_PERSON_TARGETS = frozenset((FIRST_NAME, LAST_NAME, "gender", "birthday"))


def lists_organisations(headers: Sequence[object], targets: Sequence[str | None], sheet: str = "") -> bool:
    """True when a customers file lists organisations rather than people.

    Its rows are then companies unless a row says otherwise (a Type column): a header such as
    `Organization Id`, `Founded` or `Number of employees`, or a sheet or CSV file named like
    `organizations` / `companies` / `企业名录`, says so, unless the file also has a column that only
    people have (First/Last name, gender, birthday).
    """
    if any(t in _PERSON_TARGETS for t in targets):
        return False
    if any(normalise_header(h) in _ORGANISATION_HEADERS for h in headers):
        return True
    return bool(_ORGANISATION_SHEETS.search(normalise_header(sheet)))


def apply_saved(mapping: Mapping, path: str | Path) -> Mapping:
    """Override `mapping` with a saved mapping file: JSON `{header: target or null}`."""
    path = Path(path)
    try:
        saved = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise CrmError("import.bad_mapping", path=path, detail=str(exc)[:120]) from exc
    if not isinstance(saved, dict):
        raise CrmError("import.bad_mapping", path=path, detail="expected {header: field}")
    return apply_saved_dict(mapping, saved, path)


def apply_saved_dict(mapping: Mapping, saved: dict[str, Any], source: object = "mapping") -> Mapping:
    """Override `mapping` with `{header: target or None}` (e.g. kept in a Setting by the GUI)."""
    by_norm = {normalise_header(k): v for k, v in saved.items()}
    for i, header in enumerate(mapping.headers):
        norm = normalise_header(header)
        if norm in by_norm:
            target = by_norm[norm]
            if target is not None and not isinstance(target, str):
                raise CrmError("import.bad_mapping", path=source, detail=f"{header}: {target!r}")
            mapping.set(i, target or None)
    return mapping


def import_targets(kind: str) -> list[tuple[str, str, str]]:
    """What a column can be mapped to, for the wizard's choice list: (target, English, Chinese)."""
    targets = [(f.key, f.en, f.zh) for f in CATALOGUES[kind] if not f.readonly or importable(kind, f.key)]
    if kind == "customers":
        targets[2:2] = [(FIRST_NAME, "First name", "名"), (LAST_NAME, "Last name", "姓")]
        birthday = next(i for i, t in enumerate(targets) if t[0] == "birthday") + 1
        targets[birthday:birthday] = [
            (BIRTH_YEAR, "Birth year", "出生年份"),
            (BIRTH_MONTH, "Birth month", "出生月份"),
            (BIRTH_DAY, "Birth day", "出生日"),
        ]
        targets.append((KEEP, "Keep in notes", "保留到备注"))
    return targets
