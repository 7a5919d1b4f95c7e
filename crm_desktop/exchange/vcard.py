"""Reading vCard files (.vcf, versions 2.1-4.0) as a table of contacts, one row per card.

Phones, mail programs and address books write vCards in many dialects; this reads what they
really write:

- 2.1 QUOTED-PRINTABLE values with soft line breaks, with a declared CHARSET or without one
  (then the bytes are guessed once for the whole file: UTF-8, GB18030, then the Windows code
  pages -- never leaving `�`); folded lines; UTF-16 files are decoded by `readers.decode_text`;
- 3.0 and 4.0: `tel:` URIs (`;ext=102` becomes ` ext. 102`), `BDAY:--0203` without a year,
  escaped `\\:` `\\,` `\\;` `\\n`, grouped `item1.` properties (an `item1.X-ABLabel` names its
  group's phone), structured `N`, `ORG` and `ADR` (street, city, postcode and country);
- photos, logos, sounds and keys are skipped without decoding them.

Several phones: the first two become phone and alt_phone, mobiles first; every further phone,
email, address or website is kept as a line in the notes, `导入时未识别：工作电话 905-777-1234`
(`Not recognised on import: Work phone 905-777-1234` in English).

A card without a person's name leaves the name column empty: the importer names such a
customer after the company, else the email, else the phone (and marks it as having no name yet).

`vobject` was tried on every sample card (tests/data/samples): it stops at 2.1 quoted-printable
soft line breaks (Android, Outlook), at an iPhone photo's unindented base64 lines, at undeclared
8-bit charsets and at UTF-16 without a BOM -- 5 of the 12 files -- so this hand parser stays.
"""

from __future__ import annotations

import quopri
import re
from datetime import date
from typing import Any

from crm_desktop.exchange.matching import kept_line
from crm_desktop.exchange.readers import guess_charset

# The customer fields a card's columns hold, in column order.
KEYS = (
    "name",
    "company",
    "title",
    "phone",
    "alt_phone",
    "email",
    "website",
    "address",
    "city",
    "postcode",
    "country",
    "birthday",
    "notes",
)

# A birthday written without its year (`BDAY:--0203`) is stored in this year, as Apple's
# address book does (X-APPLE-OMIT-YEAR=1604): a leap year, so 29 February survives; the
# month-day match of the birthday lists finds it, and an age of 400 years is shown as none.
NO_YEAR = 1604


# Properties whose value is binary or of no use here: never decoded.
_SKIPPED = frozenset(("PHOTO", "LOGO", "SOUND", "KEY"))
# What a phone's TYPE says, in words: (zh, en).
_PHONE_KIND = {"CELL": ("手机", "Mobile"), "FAX": ("传真", "Fax"), "PAGER": ("寻呼机", "Pager")}
_PLACE = {"HOME": ("住宅", "Home"), "WORK": ("工作", "Work")}
_ESCAPE = re.compile(r"\\(.)", re.S)
_SPLIT_SEMI = re.compile(r"(?<!\\)((?:\\\\)*);")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BDAY_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_BDAY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_AB_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


def headers(lang: str | None = None) -> list[str]:
    """The column headers: the fields' catalogue names in `lang` (姓名, 公司 … in a Chinese
    import; English otherwise), so that matching picks them up like any file's and the wizard
    shows them in the user's language."""
    return [_label(key, lang) for key in KEYS]


def _label(key: str, lang: str | None) -> str:
    from crm_desktop.fields import customer_field

    return customer_field(key).label("zh" if lang == "zh" else "en")


# The English headers (what a vCard read without a language gets).
HEADERS = headers("en")


def looks_like_vcard(text: str) -> bool:
    """True when the text starts with a vCard."""
    return text.lstrip("\ufeff \r\n\t")[:11].upper() == "BEGIN:VCARD"


def _unfold(text: str) -> list[str]:
    """The logical lines of a vCard: folded lines (a leading space or tab) and quoted-printable
    soft breaks (a trailing `=`) joined to the line they continue.

    Linear: the pieces of a line are collected and joined once. Appending to the growing line
    (and upper-casing it each time to look for QUOTED-PRINTABLE) was quadratic -- an 8 MB
    folded card took 13.7 s, a 24 MB one 282 s (tests/bench/bench_vcard.py).
    """
    lines: list[str] = []
    pieces: list[str] = []
    quoted_printable = False
    for line in re.split(r"\r\n|\n|\r", text):
        if pieces and line[:1] in (" ", "\t"):
            pieces.append(line[1:])
        elif pieces and quoted_printable and pieces[-1].endswith("="):
            pieces[-1] = pieces[-1][:-1]  # soft line break of quoted-printable
            pieces.append(line)
        else:
            if pieces:
                lines.append("".join(pieces))
            pieces = [line]
            quoted_printable = "QUOTED-PRINTABLE" in line.partition(":")[0].upper()
    if pieces:
        lines.append("".join(pieces))
    return lines


class _Prop:
    """One property of a card: `item1.TEL;TYPE=CELL:...` → group, name, types, params, value."""

    __slots__ = ("data", "group", "name", "params", "raw", "types")

    def __init__(self, group: str, name: str, params: dict[str, str], types: set[str], raw: str) -> None:
        self.group, self.name, self.params, self.types, self.raw = group, name, params, types, raw
        # the bytes of a quoted-printable value without a declared charset, decoded later
        self.data: bytes | None = None

    def text(self, charset: str | None) -> str:
        """The value as text (escapes still in: structured values are split on `;` first)."""
        if self.data is not None:
            return _decode(self.data, charset)
        return self.raw


def _head_end(line: str) -> int:
    """Where the property's name and parameters end: the first `:` outside double quotes."""
    quote = line.find('"')
    colon = line.find(":")
    if quote < 0 or colon < quote:
        return colon
    inside = False
    for i, ch in enumerate(line):
        if ch == '"':
            inside = not inside
        elif ch == ":" and not inside:
            return i
    return -1


def _parse(line: str) -> _Prop | None:
    end = _head_end(line)
    if end < 0:
        return None  # the base64 lines of a photo an iPhone did not fold, blank lines
    head, raw = line[:end], line[end + 1 :]
    name, _, rest = head.partition(";")
    group, _, name = name.rpartition(".")  # item1.TEL -> group item1, TEL
    params: dict[str, str] = {}
    types: set[str] = set()
    for part in rest.split(";") if rest else ():
        key, eq, value = part.partition("=")
        key = key.strip().upper()
        if not eq:  # vCard 2.1: TEL;CELL;QUOTED-PRINTABLE
            if key in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT"):
                params["ENCODING"] = key
            else:
                types.add(key)
            continue
        value = value.strip().strip('"')
        if key == "TYPE":
            types.update(t.strip().upper() for t in value.split(",") if t.strip())
        elif key == "PREF":
            types.add("PREF")
        else:
            params[key] = value
    prop = _Prop(group.upper(), name.strip().upper(), params, types, raw)
    encoding = params.get("ENCODING", "").upper()
    if encoding in ("QUOTED-PRINTABLE", "QP"):
        data = quopri.decodestring(raw.encode("utf-8", "replace"))
        charset = params.get("CHARSET")
        if charset and _known(charset):
            prop.raw = _decode_declared(data, charset)
        elif data.isascii():
            prop.raw = data.decode("ascii")
        else:
            prop.data = data
    return prop


def _known(charset: str) -> bool:
    import codecs

    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True


def _decode_declared(data: bytes, charset: str) -> str:
    """Bytes in the charset the card names. A stray byte that is no text in it (Android wrote
    one `=80` after a UTF-8 company name) is dropped, not shown as `�`; text mostly not in the
    charset it names is read as what it looks like."""
    try:
        return data.decode(charset)
    except UnicodeDecodeError:
        pass
    text = data.decode(charset, "replace")
    if text.count("\ufffd") * 20 > len(text):
        return _decode(data, None)
    return data.decode(charset, "ignore")


def _decode(data: bytes, charset: str | None) -> str:
    for name in (charset, guess_charset(data)):
        if name:
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                continue
    return data.decode("latin-1")


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _components(text: str) -> list[str]:
    """A structured value (N, ADR, ORG) split on its unescaped `;`, each part unescaped."""
    if "\\" not in text:
        return [part.strip() for part in text.split(";")]
    parts = _SPLIT_SEMI.sub(lambda m: m.group(1) + "\x00", text).split("\x00")
    return [_unescape(part).strip() for part in parts]


def read_vcards(text: str, lang: str | None = None) -> list[list[Any]]:
    """The rows of a vCard file: `headers(lang)` first, then one row per card.

    `lang` ("zh" or "en", when the import knows it) is the language of what this adds to a
    card's notes; without it the labels are bilingual.
    """
    cards: list[list[_Prop]] = []
    card: list[_Prop] | None = None
    undeclared: list[bytes] = []
    for line in _unfold(text):
        head = line[:6].upper()
        if head.startswith("BEGIN:") and line[6:].strip().upper() == "VCARD":
            card = []
            cards.append(card)
            continue
        if head.startswith("END:") and line[4:].strip().upper() == "VCARD":
            card = None
            continue
        colon = line.find(":")
        if card is None or colon < 0:
            continue  # blank lines, and the bare base64 lines of a photo an iPhone did not fold
        semicolon = line.find(";", 0, colon)
        name = line[: semicolon if semicolon >= 0 else colon]
        if name.rpartition(".")[2].strip().upper() in _SKIPPED:
            continue  # a photo: not even its parameters are read
        prop = _parse(line)
        if prop is not None:
            card.append(prop)
            if prop.data is not None:
                undeclared.append(prop.data)
    # 8-bit text without a charset: one guess from all of the file's such text reads better
    # than a guess per value (a single `ñ` could be anything)
    charset = guess_charset(b"\n".join(undeclared)) if undeclared else None
    rows: list[list[Any]] = [headers(lang)]
    rows.extend(_Card(props, charset, lang).row() for props in cards)
    return rows


class _Card:
    """The values of one card, sorted into the columns of `KEYS`."""

    def __init__(self, props: list[_Prop], charset: str | None, lang: str | None) -> None:
        self.props = props
        self.charset = charset
        self.lang = lang
        self.kept: list[str] = []  # the notes lines of values that found no field
        labels = {}
        for p in props:
            if p.name == "X-ABLABEL" and p.group:
                label = _unescape(p.text(charset)).strip()
                m = _AB_LABEL.match(label)
                labels[p.group] = m.group(1) if m else label
        self.labels: dict[str, str] = labels

    def values(self, name: str) -> list[_Prop]:
        return [p for p in self.props if p.name == name and p.text(self.charset).strip()]

    def first(self, name: str) -> str:
        found = self.values(name)
        return _unescape(found[0].text(self.charset)).strip() if found else ""

    def keep(self, label: str, value: str) -> None:
        self.kept.append(kept_line(label, value, self.lang))  # the one wording (exchange.matching)

    def word(self, pair: tuple[str, str]) -> str:
        zh, en = pair
        return zh if self.lang == "zh" else en if self.lang == "en" else f"{zh}/{en}"

    def label(self, prop: _Prop, key: str) -> str:
        """What a kept value was, in words: its group's own label, else its TYPE (工作电话, Work phone)."""
        if prop.group and prop.group in self.labels:
            return self.labels[prop.group]
        zh, en = _label(key, "zh"), _label(key, "en")
        if key == "phone":
            zh, en = next((pair for kind, pair in _PHONE_KIND.items() if kind in prop.types), (zh, en))
        place = next((pair for p, pair in _PLACE.items() if p in prop.types), None)
        if place is not None:  # 住宅 + 电话 = 住宅电话, Home + fax = Home fax
            zh, en = place[0] + zh, f"{place[1]} {en.lower()}"
        return self.word((zh, en))

    def row(self) -> list[Any]:
        phones = self._phones()
        emails = self._ranked("EMAIL", "email", _email)
        urls = self._ranked("URL", "website", _unescape)
        address = self._address()
        company = self._company()
        notes = [_unescape(p.text(self.charset)).strip() for p in self.values("NOTE")]
        values: dict[str, Any] = {
            "name": self._name(),
            "company": company,
            "title": self.first("TITLE") or self.first("ROLE"),
            "phone": phones[0] if phones else "",
            "alt_phone": phones[1] if len(phones) > 1 else "",
            "email": emails[0] if emails else "",
            "website": urls[0] if urls else "",
            "birthday": self._birthday(),
            **address,
            "notes": "\n".join(n for n in [*notes, *self.kept] if n),
        }
        return [values.get(key, "") for key in KEYS]

    def _name(self) -> str:
        name = self.first("FN")
        if name:
            return " ".join(name.split())
        found = self.values("N")
        parts = [*_components(found[0].text(self.charset)), "", ""] if found else ["", ""]
        family, given = parts[0], parts[1]
        if _CJK.search(family + given):
            return family + given
        return f"{given} {family}".strip()

    def _company(self) -> str:
        orgs = [" ".join(c for c in _components(p.text(self.charset)) if c) for p in self.values("ORG")]
        orgs = [o for o in orgs if o]
        for other in dict.fromkeys(orgs[1:]):
            if other != orgs[0]:
                self.keep(self.word((_label("company", "zh"), _label("company", "en"))), other)
        return orgs[0] if orgs else ""

    def _phones(self) -> list[str]:
        props = self.values("TEL")
        # mobiles first, then the preferred, each in the card's order
        ranked = sorted(props, key=lambda p: ("CELL" not in p.types, "PREF" not in p.types))
        phones: list[str] = []
        for p in ranked:
            value = _phone(p.text(self.charset))
            if not value or value in phones:
                continue
            if len(phones) < 2:
                phones.append(value)
            else:
                self.keep(self.label(p, "phone"), value)
        return phones

    def _ranked(self, name: str, key: str, clean: Any) -> list[str]:
        props = sorted(self.values(name), key=lambda p: "PREF" not in p.types)
        found: list[str] = []
        for p in props:
            value = clean(p.text(self.charset))
            if not value or value in found:
                continue
            if found:
                self.keep(self.label(p, key), value)
            found.append(value)
        return found

    def _address(self) -> dict[str, str]:
        props = sorted(self.values("ADR"), key=lambda p: "PREF" not in p.types)
        result: dict[str, str] = {}
        for p in props:
            parts = [*_components(p.text(self.charset)), "", "", "", "", "", "", ""][:7]
            pobox, extended, street, city, region, postcode, country = (" ".join(x.split()) for x in parts)
            lines = [x.strip(" ,") for x in (pobox, extended, street) if x.strip(" ,")]
            if region and region not in (city, *lines) and not any(region in x for x in lines):
                # a province or state has no field of its own: it stays with the street
                lines = [region, *lines] if _CJK.search(region) else [*lines, region]
            one = {
                "address": (" " if _CJK.search("".join(lines)) else ", ").join(lines),
                "city": city,
                "postcode": postcode,
                "country": country,
            }
            if not any(one.values()):
                continue
            if not result:
                result = one
            else:
                text = ", ".join(
                    v for v in (one["address"], one["city"], one["postcode"], one["country"]) if v
                )
                self.keep(self.label(p, "address"), text)
        return result

    def _birthday(self) -> Any:
        text = self.first("BDAY")
        m = _BDAY_NO_YEAR.match(text)
        if m:  # --0203, --02-03: month and day only
            try:
                return date(NO_YEAR, int(m.group(1)), int(m.group(2)))
            except ValueError:
                return text
        m = _BDAY.match(text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return text
        return text


def _phone(raw: str) -> str:
    """A TEL value as a phone number: `tel:+1-418-656-9254;ext=102` → `+1-418-656-9254 ext. 102`."""
    text = _unescape(raw).strip()
    if text[:4].lower() == "tel:":
        number, *params = text[4:].split(";")
        ext = next((p.partition("=")[2] for p in params if p.lower().startswith("ext=")), "")
        text = f"{number.strip()} ext. {ext.strip()}" if ext.strip() else number.strip()
    return " ".join(text.split())


def _email(raw: str) -> str:
    text = _unescape(raw).strip()
    return text[7:].strip() if text[:7].lower() == "mailto:" else text
