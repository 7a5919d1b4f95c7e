"""Planning a customers import: values, validation and duplicates, row by row, without writing.

`plan_import` reads the database only (existing phones and emails) and returns an `ImportPlan`
that a dry run prints and `run_import` (`exchange.dbwrite`) writes in one transaction.
Duplicates are found by normalised phone or email, against the database and within the file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.db.keys import normalise_email, normalise_name, normalise_phone
from crm_desktop.db.models import stored_date, stored_datetime
from crm_desktop.errors import CrmError, ValidationError
from crm_desktop.exchange.history import known_figures, plan_update, take_history
from crm_desktop.exchange.matching import (
    ARRANGED,
    FIRST_NAME,
    KEPT_PREFIX,
    LAST_NAME,
    Mapping,
    RowArranger,
    fields_by_key,
    kept_line,
    lists_organisations,
    row_arranger,
)
from crm_desktop.exchange.plan import (
    CREATE,
    DUPLICATE,
    ERROR,
    POLICIES,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    RowError,
    RowResult,
)
from crm_desktop.exchange.table import Table
from crm_desktop.exchange.values import (
    converter,
    custom_converter,
    cut_to_fit,
    join_name,
    kept_aside,
    left_out,
)
from crm_desktop.fields import CUSTOM_PREFIX, CUSTOMER_FIELDS, HISTORY_KEYS
from crm_desktop.services.customer_query import customers_state
from crm_desktop.services.progress import Progress, cancelled, report

PROGRESS_EVERY = 5000

# Customer columns an import may write (catalogue keys that are table columns).
WRITABLE = tuple(f.key for f in CUSTOMER_FIELDS if not f.readonly and f.key != "tags")
_DATE_KEYS = {f.key for f in CUSTOMER_FIELDS if f.type in ("date", "datetime")}
_FIELD_TYPES = {f.key: f.type for f in CUSTOMER_FIELDS}
_FIELDS = {f.key: f for f in CUSTOMER_FIELDS}


def plan_import(
    s: Session,
    kind: str,
    table: Table,
    mapping: Mapping,
    policy: str = "skip",
    progress: Progress | None = None,
    lang: str | None = None,
    strict: bool = False,
) -> ImportPlan:
    """What importing `table` with `mapping` would do to every row; writes nothing.

    `policy` says what happens to a row whose phone or email is already known: `skip` it,
    `update` the known record from it, or `add` it anyway. `progress` hears about every few
    thousand rows; a cancel raises `CrmError('import.cancelled')`. `lang` is the language of
    the titles the import writes (the opening deal of imported purchase history) and of the
    lines that keep unusable values in the notes. A customer row that identifies someone is
    imported even when some of its values cannot be used (they are kept aside); `strict` makes
    any such value, and any row that identifies no one, an invalid row instead.
    """
    if policy not in POLICIES:
        raise CrmError("cli.bad_option", detail=f"--on-duplicate must be one of {', '.join(POLICIES)}")
    if not table.rows:
        raise CrmError("import.no_rows", path=table.path)
    if kind == "customers":
        from crm_desktop.exchange.table import check_customer_table

        check_customer_table(table, mapping)  # a blank form or a template lists no one: refused
    if not any(t is not None and t != "id" for t in mapping.targets):
        raise CrmError("import.no_columns", path=table.path, headers=", ".join(table.headers)[:200])
    if kind != "customers":
        from crm_desktop.exchange.records import plan_records

        plan = plan_records(s, kind, table, mapping, policy)
        plan.lang = lang
        return plan
    converters = _converters(table, mapping)
    arrange = row_arranger(mapping, lang)  # several phones/emails, a birthday in parts, kept values
    # a list of organisations: its rows are companies unless a row says otherwise
    default_kind = "company" if lists_organisations(table.headers, mapping.targets, table.sheet) else None
    rows: list[RowResult] = []
    total = len(table.rows)
    for start in range(0, total, PROGRESS_EVERY):
        if cancelled(progress):
            raise CrmError("import.cancelled")
        rows.extend(
            _clean_row(row, cells, table, mapping, converters, default_kind, arrange, strict, lang)
            for row, cells in table.rows[start : start + PROGRESS_EVERY]
        )
        report(progress, len(rows), total)
    plan = ImportPlan(kind, table.path, table.sheet, table.header_row, table.headers, mapping, policy, rows)
    plan.lang = lang
    if policy != "add":
        plan.customers_state = customers_state(s)
        _mark_duplicates(s, plan)
    return plan


def recheck_duplicates(s: Session, plan: ImportPlan) -> bool:
    """Decide duplicates again inside the writing transaction (which holds the write lock),
    when the customers changed since the plan: two imports of the same people at once both
    passed the check and created 74,503 duplicate phone groups. True when it had to."""
    if plan.kind != "customers" or plan.policy == "add" or plan.customers_state == customers_state(s):
        return False
    for result in plan.rows:
        if result.action != ERROR:
            result.action, result.record_id, result.duplicate_of_row = CREATE, None, None
            result.changes, result.reason = {}, None
    _mark_duplicates(s, plan)
    plan.customers_state = customers_state(s)
    return True


def _not_negative(convert: Any, key: str) -> Any:
    # a past-purchase figure below zero is a typo or a refund column, not a history
    def check(raw: Any) -> Any:
        value = convert(raw)
        if value is not None and value < 0:
            raise ValidationError("value.negative", key, value=value)
        return value

    return check


def _converters(table: Table, mapping: Mapping) -> list[tuple[int, str, Any]]:
    fields = fields_by_key("customers")
    result: list[tuple[int, str, Any]] = []
    for i, target in enumerate(mapping.targets):
        if target is None or target in (FIRST_NAME, LAST_NAME, "id") or target in ARRANGED:
            continue  # ARRANGED: placed by the row arranger (kept in notes, a birthday in parts)
        if target.startswith(CUSTOM_PREFIX):
            result.append((i, target, custom_converter()))
        elif target in HISTORY_KEYS and fields[target].type != "datetime":
            result.append((i, target, _not_negative(converter(fields[target], table.column(i)), target)))
        else:
            result.append((i, target, converter(fields[target], table.column(i))))
    return result


def _clean_row(
    row: int,
    cells: list[Any],
    table: Table,
    mapping: Mapping,
    converters: list[tuple[int, str, Any]],
    default_kind: str | None = None,
    arrange: RowArranger | None = None,
    strict: bool = False,
    lang: str | None = None,
) -> RowResult:
    """One row's values. A value that cannot be used costs only itself: it is kept aside, word
    for word with its column name, in the customer's notes (`strict`: the row is invalid). A row
    that identifies no one (no name, company, phone or email) is left out."""
    values: dict[str, Any] = {}
    used, extra, arranged_kept = arrange(cells) if arrange is not None else (cells, None, None)
    errors: list[RowError] = []
    notes: list[RowError] = []
    kept: list[RowError] = []
    unusable: list[RowError] = []  # the same values, with the reason they could not be used
    custom: dict[str, Any] = {}
    for i, target, convert in converters:
        cell = used[i]
        if target == "name" and (cell is None or str(cell).strip() == ""):
            continue  # a missing name may come from First/Last name or the company, below
        try:
            value = convert(cell)
        except ValidationError as exc:
            cut = cut_to_fit(target, _FIELDS.get(target), cell, exc)
            if cut is not None:  # a text too long keeps what fits, and says so
                value = cut[0]
                notes.append(RowError(row, table.headers[i], cut[1]))
            elif target in HISTORY_KEYS:  # a bad past-purchase figure costs only that value
                notes.append(RowError(row, table.headers[i], left_out(target, exc)))
                continue
            elif strict:
                errors.append(RowError(row, table.headers[i], exc, value=cell, col=i))
                continue
            else:  # kept aside in the notes, word for word
                header = table.headers[i]
                kept.append(RowError(row, header, kept_aside(target, exc), value=cell, kept=True, col=i))
                unusable.append(RowError(row, header, exc, value=cell, col=i))
                continue
        if value is None or value == []:
            continue
        if target.startswith(CUSTOM_PREFIX):
            custom[target[len(CUSTOM_PREFIX) :]] = value
        else:
            values[target] = value
    if custom:
        values["custom"] = custom
    if extra:
        for key, value in extra.items():
            values.setdefault(key, value)
    targets = mapping.targets
    if "name" not in values and (FIRST_NAME in targets or LAST_NAME in targets):
        first = cells[targets.index(FIRST_NAME)] if FIRST_NAME in targets else None
        last = cells[targets.index(LAST_NAME)] if LAST_NAME in targets else None
        joined = join_name(first, last)
        if joined:
            values["name"] = joined[:200]
    if "name" not in values and values.get("company"):
        # an organisation listed without a contact person: the company is the customer
        values["name"] = values["company"]
        values.setdefault("kind", "company")
        if default_kind != "company":  # a contact of a phone or a mail program, not a company list
            values["name_missing"] = True
    if "name" not in values:
        # a contact without a name is still a contact: phones list them by their number
        stand_in = values.get("email") or next(
            (p for p in (values.get("phone"), values.get("alt_phone")) if _looks_like_a_phone(p)), None
        )
        if stand_in:
            values["name"] = str(stand_in)[:200]
            values["name_missing"] = True
    if default_kind is not None:
        values.setdefault("kind", default_kind)
    if "name" not in values and not any(getattr(e.error, "field", None) == "name" for e in errors):
        # no name, company, phone or email: a lone 女, a blank line with a number
        if strict:
            header = next(
                (table.headers[i] for i, t in enumerate(targets) if t in ("name", FIRST_NAME)), "name"
            )
            errors.append(RowError(row, header, ValidationError("value.required", "name", value="")))
        else:
            errors.append(RowError(row, "", CrmError("import.no_one")))
            errors.extend(unusable)
            kept = []
    if "id" in targets:
        raw_id = cells[targets.index("id")]
        if isinstance(raw_id, float | int) and float(raw_id).is_integer():
            values["_id"] = int(raw_id)
        elif isinstance(raw_id, str) and raw_id.strip().isdigit():
            values["_id"] = int(raw_id.strip())
    # values without a field of their own (a third phone, a department) and values that could
    # not be used: one block of lines, which an update adds to the known notes (`result.kept`)
    # instead of taking them for the file's notes
    lines_list = list(arranged_kept or [])
    if kept and not errors:
        lines_list += [kept_line(k.column, k.value, lang) for k in kept]
        notes = [*notes, *kept]
    lines = "\n".join(lines_list) or None
    if lines and not errors:
        values["notes"] = _with_line(values.get("notes"), lines)
    history = take_history(values)
    result = RowResult(
        row, ERROR if errors else CREATE, values, errors, cells=cells, notes=notes, history=history
    )
    result.kept = lines
    return result


_NOTES_MAX = _FIELDS["notes"].max_len or 20000


_PHONE_SHAPE = re.compile(r"\+?[\d\s\-()（）]{5,}")
_DATE_SHAPE = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}")


def _looks_like_a_phone(value: Any) -> bool:
    """A number that can stand for a nameless contact: digits and separators, five digits or
    more -- not a stray figure (0.703125) or a date in a footer line (2024-05-01)."""
    text = str(value or "").strip()
    digits = sum(c.isdigit() for c in text)
    return digits >= 5 and bool(_PHONE_SHAPE.fullmatch(text)) and not _DATE_SHAPE.fullmatch(text)


_KEPT_PREFIXES = tuple(KEPT_PREFIX.values())


def _kept_body(line: str) -> str:
    for prefix in _KEPT_PREFIXES:
        if line.startswith(prefix):
            return line[len(prefix) :]
    return line


def _already_kept(notes: str, lines: str) -> bool:
    """Whether every kept line is in `notes` already, in whichever language it was written
    (importing the same file in English, then in Chinese, wrote each value twice)."""
    have = {_kept_body(line.strip()) for line in notes.splitlines()}
    return all(_kept_body(line.strip()) in have for line in lines.splitlines() if line.strip())


def _with_line(notes: str | None, lines: str) -> str:
    """`notes` with `lines` after them (the notes cut, never the lines, when both do not fit)."""
    if not notes:
        return lines[:_NOTES_MAX]
    room = _NOTES_MAX - len(lines) - 1
    return (notes[: max(room, 0)] + "\n" + lines)[-_NOTES_MAX:] if room < len(notes) else notes + "\n" + lines


def _keys(values: dict[str, Any]) -> tuple[list[str], str | None, str | None]:
    """(phone keys, email key, name key): the name key only when there is nothing else."""
    phones = []
    for key in ("phone", "alt_phone"):
        norm = normalise_phone(values.get(key))
        if norm and len(norm) >= 5 and "p:" + norm not in phones:
            phones.append("p:" + norm)
    email = normalise_email(values.get("email"))
    email_key = "e:" + email if email else None
    # nothing to match on but the name: the same name at the same company is the same customer
    name_key = None if phones or email_key else _name_key(values.get("name"), values.get("company"))
    return phones, email_key, name_key


def _name_key(name: str | None, company: str | None) -> str:
    return f"n:{normalise_name(name)}|{normalise_name(company)}"


# a remark in brackets after a name (赵六（重复）, Ann (work)) is not part of who it is
_BRACKETS = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")


class _Person:
    """A name as duplicates compare it: folded (width, case, spacing, a remark in brackets), its
    pinyin, both worked out only when needed, and whether it is a stand-in (a contact listed by
    company, email or phone)."""

    __slots__ = ("_folded", "_pinyin", "kind", "missing", "name")

    def __init__(self, name: str | None, kind: str | None, missing: bool, pinyin: str | None = None) -> None:
        self.name = name or ""
        self.kind = kind
        self.missing = missing
        self._folded: str | None = None
        self._pinyin = pinyin

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = normalise_name(_BRACKETS.sub("", self.name))
        return self._folded

    def pinyin(self) -> str:
        if self._pinyin is None:
            from crm_desktop.db.keys import pinyin_keys

            self._pinyin = pinyin_keys(self.name, self.kind)[0] or ""
        return self._pinyin.replace(" ", "").lower()


def similar_names(a: _Person, b: _Person, *, stand_in_is_anyone: bool = False) -> bool:
    """Whether two names on one phone are the same person.

    Yes: the same once folded (width, case, spaces, a remark in brackets); a name in Chinese
    characters and its pinyin (张伟 / Zhang Wei, Wei Zhang); Latin names with the same words in
    another order (Smith John) or one slip of spelling with the same first word. No: two
    different Chinese names, even of one sound (张伟 / 张薇 share 13800138000 as a family does);
    Mary / Mark Johnson; a contact without a name yet and a named one (a phone-only card must
    not swallow everyone with its number) -- two nameless ones on one number are one.
    `stand_in_is_anyone`: against a customer already known, a contact listed by its number is
    the one customer who has that number (the file completes or updates it).
    """
    if a.missing or b.missing:
        return stand_in_is_anyone or (a.missing and b.missing)
    if not a.folded or not b.folded:
        return False
    if a.folded == b.folded:
        return True
    a_cjk, b_cjk = _has_cjk(a.name), _has_cjk(b.name)
    if a_cjk and b_cjk:
        return False
    if a_cjk != b_cjk:
        chinese, latin = (a, b) if a_cjk else (b, a)
        words = unicodedata.normalize("NFKC", latin.name).lower().split()
        spelled = {"".join(words), "".join(reversed(words))}
        return chinese.pinyin() in spelled
    from rapidfuzz import fuzz

    words_a, words_b = (unicodedata.normalize("NFKC", p.name).lower().split() for p in (a, b))
    if sorted(words_a) == sorted(words_b):
        return True  # Smith John / John Smith
    return words_a[:1] == words_b[:1] and fuzz.ratio(a.folded, b.folded) >= NAME_SIMILARITY


# rows of one file on one number whose names are compared for spellings (a shop's landline on
# thousands of rows: each new name is looked up exactly, and compared with these few only)
SPELLINGS_COMPARED = 50


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


NAME_SIMILARITY = 90  # rapidfuzz ratio, same first word: Jon Smithe / Jon Smith yes; Mary / Mark Johnson no


class Reason:
    """Why a row is a duplicate (same email, same phone and a similar name, our own id, the same
    name and company), or why it was not (it shares a phone with someone of another name)."""

    __slots__ = ("code", "other", "record_id", "row")

    def __init__(self, code: str, other: str, record_id: int | None = None, row: int | None = None) -> None:
        self.code, self.other, self.record_id, self.row = code, other, record_id, row

    def describe(self, lang: str | None = None) -> str:
        from crm_desktop import messages

        zh = lang == "zh"
        if self.record_id is not None:
            who = (
                f"{self.other}（记录 {self.record_id}）" if zh else f"{self.other} (record {self.record_id})"
            )
        else:
            who = f"{self.other}（第 {self.row} 行）" if zh else f"{self.other} (row {self.row})"
        return messages.text("import.dup_" + self.code, "zh" if zh else "en", who=who)


def _existing_keys(
    s: Session,
) -> tuple[dict[str, int], dict[str, list[int]], dict[int, _Person]]:
    """The known customers' email and name keys (first id), phone keys (every id) and names."""
    found: dict[str, int] = {}
    phones: dict[str, list[int]] = {}
    names: dict[int, _Person] = {}
    rows = s.execute(
        text(
            "SELECT id, phone_norm, alt_phone_norm, email_norm, name, company, kind, name_pinyin, name_missing "
            "FROM customers ORDER BY id"
        )
    )
    for cid, phone, alt, email, name, company, kind, pinyin, missing in rows:
        keyed = False
        for norm in (phone, alt):
            if norm and len(norm) >= 5:
                ids = phones.setdefault("p:" + norm, [])
                if cid not in ids:
                    ids.append(cid)
                keyed = True
        if email:
            found.setdefault("e:" + email, cid)
            keyed = True
        if not keyed:
            found.setdefault(_name_key(name, company), cid)
        names[cid] = _Person(name, kind, bool(missing), pinyin=pinyin)
    return found, phones, names


def _person(result: RowResult) -> _Person:
    """The row's name as duplicates compare it, made once per row (rows sharing a landline are
    compared with each other: rebuilt each time, 5,000 rows on one number took 82 s)."""
    person = result.person
    if person is None:
        v = result.values
        person = result.person = _Person(v.get("name"), v.get("kind"), bool(v.get("name_missing")))
    return person


def _mark_duplicates(s: Session, plan: ImportPlan) -> None:
    """Decide every row: a known customer (same email; same phone and a similar name; our own
    id; same name and company when nothing else), an earlier row of the file, or new. Two
    different names on one phone (a family, a shop's landline) are two customers."""
    existing, phones, names = _existing_keys(s)
    in_file: dict[str, RowResult] = {}  # email and name keys -> first row
    file_phones: dict[str, list[RowResult]] = {}  # phone key -> the first rows with it
    file_names: dict[tuple[str, str], RowResult] = {}  # (phone key, folded name) -> first row
    claimed: dict[int, int] = {}  # existing customer id -> first row that matched it
    for result in plan.rows:
        if result.action == ERROR:
            continue
        result.reason = None
        phone_keys, email_key, name_key = _keys(result.values)
        # an id column from our own export matches only the same customer (same name)
        own_id = result.values.pop("_id", None) or result.own_id
        result.own_id = own_id
        me: _Person | None = None
        match, reason, shares = None, None, None
        if (
            own_id is not None
            and own_id in names
            and names[own_id].folded == normalise_name(result.values.get("name"))
        ):
            match, reason = own_id, "id"
        for key in (email_key, name_key):
            if match is None and key is not None and key in existing:
                match, reason = existing[key], "email" if key is email_key else "name"
        for key in phone_keys if match is None else ():
            for cid in phones.get(key, ()):
                me = me or _person(result)
                if similar_names(me, names[cid], stand_in_is_anyone=True):
                    match, reason = cid, "phone"
                    break
                shares = shares or Reason("shares_phone", names[cid].name, record_id=cid)
            if match is not None:
                break
        if match is not None:
            result.reason = Reason(
                reason or "email", names[match].name if match in names else "", record_id=match
            )
            if match in claimed:
                result.action, result.duplicate_of_row = DUPLICATE, claimed[match]
            else:
                claimed[match] = result.row
                result.record_id = match
                result.action = UPDATE if plan.policy == "update" else DUPLICATE
            continue
        earlier, why = None, None
        for key in (email_key, name_key):
            if earlier is None and key is not None and key in in_file:
                earlier, why = in_file[key], "email" if key is email_key else "name"
        for key in phone_keys if earlier is None else ():
            me = me or _person(result)
            # the same name on this number: a dictionary look-up, however many share the number
            same = file_names.get((key, "" if me.missing else me.folded))
            if same is not None:
                earlier, why = same, "phone"
                break
            # spellings (张伟 / Zhang Wei): compared with the first few on the number only
            for other in file_phones.get(key, ()):
                if similar_names(me, _person(other)):
                    earlier, why = other, "phone"
                    break
                shares = shares or Reason("shares_phone", str(other.values.get("name") or ""), row=other.row)
            if earlier is not None:
                break
        if earlier is not None:
            result.action, result.duplicate_of_row = DUPLICATE, earlier.row
            result.reason = Reason(why or "email", str(earlier.values.get("name") or ""), row=earlier.row)
            continue
        result.reason = shares
        for key in (email_key, name_key):
            if key is not None:
                in_file.setdefault(key, result)
        for key in phone_keys:
            me = me or _person(result)
            file_names.setdefault((key, "" if me.missing else me.folded), result)
            on_number = file_phones.setdefault(key, [])
            if len(on_number) < SPELLINGS_COMPARED:
                on_number.append(result)
    updates = [r for r in plan.rows if r.action == UPDATE]
    if updates:
        _plan_changes(s, updates)


def _plan_changes(s: Session, updates: list[RowResult]) -> None:
    ids = [r.record_id for r in updates if r.record_id is not None]
    current = {cid: row for cid, row in zip(ids, current_values(s, ids), strict=True)}
    with_history = [r.record_id for r in updates if r.history is not None and r.record_id is not None]
    from crm_desktop.exchange.dbwrite import sqlite_of

    known = known_figures(sqlite_of(s), with_history) if with_history else {}
    for result in updates:
        before = current[result.record_id or 0]
        # the values compared; the row's own values stay as read (a recheck may make it a new row)
        values = {k: v for k, v in result.values.items() if k != "name_missing"}
        if result.values.get("name_missing"):
            # a contact listed by its number or email never replaces a known name
            values = {k: v for k, v in values.items() if k not in ("name", "kind")}
        if result.kept and before.get("notes"):
            # the values kept aside join the known notes (once), not replace them
            file_notes = values.get("notes", "")
            file_notes = (
                file_notes[: -len(result.kept)].rstrip("\n")
                if file_notes.endswith(result.kept)
                else file_notes
            )
            base = file_notes or before["notes"]
            values["notes"] = base if _already_kept(base, result.kept) else _with_line(base, result.kept)
        if result.history is not None:
            # past purchases: the opening deal makes the figures what the file says
            result.changes.update(plan_update(result.history, known[result.record_id or 0]))
            if not result.changes:
                result.history = None
        for key, new in values.items():
            old = before.get(key)
            if key == "custom":
                merged = {**(old or {}), **new}
                if merged != (old or {}):
                    result.changes[key] = (old, merged)
            elif key == "tags":
                if [t.casefold() for t in new] != [t.casefold() for t in old or []]:
                    result.changes[key] = (old, new)
            elif _comparable(old) != _comparable(new):
                result.changes[key] = (old, new)
        if not result.changes:
            result.action = UNCHANGED


def _comparable(value: Any) -> Any:
    # a datetime and the same day as a date compare equal (a birthday read from a datetime cell)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def from_sql(key: str, stored: str) -> date | datetime | None:
    """A date or datetime column's value as SQLAlchemy stored it in SQLite (None if damaged)."""
    if _FIELD_TYPES[key] == "date":
        return stored_date(stored)
    return stored_datetime(stored)


def current_values(s: Session, ids: Iterable[int]) -> list[dict[str, Any]]:
    """The writable values (and tags, custom) of customers `ids` as stored, in the order given."""
    ids = list(ids)
    by_id: dict[int, dict[str, Any]] = {}
    cols = ", ".join(WRITABLE)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        from crm_desktop.exchange.dbwrite import sqlite_of

        raw = sqlite_of(s)
        for row in raw.execute(f"SELECT id, {cols}, custom FROM customers WHERE id IN ({marks})", chunk):
            values = dict(zip(WRITABLE, row[1:-1], strict=True))
            values["custom"] = json.loads(row[-1]) if row[-1] else None
            values["tags"] = []
            by_id[row[0]] = values
        for cid, tag in raw.execute(
            "SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
            f"WHERE ct.customer_id IN ({marks}) ORDER BY t.name",
            chunk,
        ):
            by_id[cid]["tags"].append(tag)
    for values in by_id.values():
        for key in _DATE_KEYS & values.keys():
            if isinstance(values[key], str):
                values[key] = from_sql(key, values[key])
    return [by_id[i] for i in ids]
