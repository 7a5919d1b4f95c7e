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
from functools import lru_cache
from pathlib import Path
from typing import Any

from crm_desktop.errors import CrmError
from crm_desktop.fields import CATALOGUES, CUSTOM_PREFIX, HISTORY_KEYS, Field

# Targets that are not catalogue keys: the two halves of a person's name.
FIRST_NAME = "name.first"
LAST_NAME = "name.last"
_NAME_PARTS = {
    FIRST_NAME: ("first name", "firstname", "given name", "forename", "名", "名字"),
    LAST_NAME: ("last name", "lastname", "surname", "family name", "姓", "姓氏"),
}
# When a second column claims a taken key, it may fall back to a sibling key.
_SECOND_CHOICE = {"phone": "alt_phone", "customer_phone": None}
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
    index.pop("", None)
    return index


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
    if norm in custom_names:
        return CUSTOM_PREFIX + custom_names[norm]
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

    def unmatched(self) -> list[str]:
        """Headers of the columns that were not recognised and will not be imported."""
        return [
            h
            for h, t in zip(self.headers, self.targets, strict=True)
            if t is None and str(h).strip() and h not in self.computed
        ]

    def matched(self) -> dict[str, str]:
        """Header → target of every column that will be imported."""
        return {h: t for h, t in zip(self.headers, self.targets, strict=True) if t is not None}

    def set(self, column: int, target: str | None) -> None:
        """Point column `column` at `target` (None to leave it out); a key keeps one column only."""
        if target is not None:
            _check_target(self.kind, target)
            if target != FIRST_NAME and target != LAST_NAME:
                self.targets = [None if t == target else t for t in self.targets]
        self.targets[column] = target
        if self.automatic:
            self.automatic[column] = False

    def keep_unmatched_as_custom(self) -> None:
        """Import every unmatched, named column as a custom field named like its header."""
        for i, (header, target) in enumerate(zip(self.headers, self.targets, strict=True)):
            name = str(header).strip()
            if target is None and name and header not in self.computed:
                self.targets[i] = CUSTOM_PREFIX + name

    def to_json(self) -> str:
        """The mapping as JSON text keyed by header, for `--mapping FILE` next time."""
        return json.dumps(dict(zip(self.headers, self.targets, strict=True)), ensure_ascii=False, indent=2)

    def has_name(self) -> bool:
        """True when some column gives the record its required name (customers) or title."""
        return any(t in ("name", FIRST_NAME, LAST_NAME, "company") for t in self.targets)


def _check_target(kind: str, target: str) -> None:
    if target in (FIRST_NAME, LAST_NAME) and kind == "customers":
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
    """
    customs = {normalise_header(n): n for n in custom_names}
    taken: set[str] = set()
    targets: list[str | None] = []
    computed: list[str] = []
    fields = fields_by_key(kind)
    for header in headers:
        target = _guess(kind, header, customs)
        if target in taken and target not in (None,):
            target = _SECOND_CHOICE.get(target)
        if target is not None and target in taken:
            target = None
        f = fields.get(target or "")
        if f is not None and f.readonly and not importable(kind, target or ""):
            computed.append(str(header))  # figures such as last_contact_at are computed, never imported
            target = None
        if target is not None:
            taken.add(target)
        targets.append(target)
    return Mapping(kind, [str(h) for h in headers], targets, [t is not None for t in targets], computed)


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
    return targets
