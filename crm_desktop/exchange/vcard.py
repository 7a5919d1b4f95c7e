"""Reading vCard files (.vcf, versions 2.1-4.0) as a table of contacts, one row per card.

Phones exported from a phone's address book arrive this way. Folded lines, CHARSET and
QUOTED-PRINTABLE parameters are handled; photos are skipped. A card without a person's name
(a company card: empty N/FN with the name in ORG) keeps the ORG as its company, and the
importer makes the company the customer. Phones beyond the first two go to the notes, labelled
in the import's language when it is known (`lang`), else in both: `电话/Tel: ...`.
"""

from __future__ import annotations

import quopri
import re
from typing import Any

# The customer fields a card's columns hold, in column order.
KEYS = ("name", "company", "title", "phone", "alt_phone", "email", "website", "address", "birthday", "notes")


def headers(lang: str | None = None) -> list[str]:
    """The column headers: the fields' catalogue names in `lang` (姓名, 公司 … in a Chinese
    import; English otherwise), so that matching picks them up like any file's and the wizard
    shows them in the user's language."""
    from crm_desktop.fields import customer_field

    return [customer_field(key).label("zh" if lang == "zh" else "en") for key in KEYS]


# The English headers (what a vCard read without a language gets).
HEADERS = headers("en")
# The label of the phones beyond the first two, in the notes.
_MORE_PHONES = {"zh": "其他电话：", "en": "Other phones: ", None: "电话/Tel: "}
_PARAM = re.compile(r";(?P<key>[^;=:]+)(?:=(?P<value>[^;:]*))?")


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


def _value(params: dict[str, str], raw: str) -> str:
    if params.get("ENCODING", "").upper() in ("QUOTED-PRINTABLE", "QP"):
        charset = params.get("CHARSET") or "utf-8"
        try:
            return quopri.decodestring(raw.encode("ascii", "replace")).decode(charset, "replace")
        except LookupError:
            return quopri.decodestring(raw.encode("ascii", "replace")).decode("utf-8", "replace")
    return raw.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";")


def _split(line: str) -> tuple[str, dict[str, str], str] | None:
    head, sep, raw = line.partition(":")
    if not sep:
        return None
    name, _, rest = head.partition(";")
    name = name.split(".")[-1].upper()  # item1.TEL -> TEL
    params: dict[str, str] = {}
    for m in _PARAM.finditer(";" + rest if rest else ""):
        key, value = m.group("key").upper(), m.group("value")
        if value is None:  # vCard 2.1: TEL;CELL;QUOTED-PRINTABLE
            if key in ("QUOTED-PRINTABLE", "BASE64", "B"):
                params["ENCODING"] = key
            continue
        params[key] = value
    return name, params, raw


def read_vcards(text: str, lang: str | None = None) -> list[list[Any]]:
    """The rows of a vCard file: `headers(lang)` first, then one row per card.

    `lang` ("zh" or "en", when the import knows it) is the language of what this adds to a
    card's notes; without it the label is bilingual.
    """
    label = _MORE_PHONES.get(lang, _MORE_PHONES[None])
    rows: list[list[Any]] = [headers(lang)]
    card: dict[str, list[str]] | None = None
    for line in _unfold(text):
        parts = _split(line)
        if parts is None:
            continue
        name, params, raw = parts
        if name == "BEGIN" and raw.strip().upper() == "VCARD":
            card = {}
        elif name == "END" and card is not None:
            rows.append(_row(card, label))
            card = None
        elif card is not None and name not in ("PHOTO", "LOGO", "SOUND", "KEY"):
            card.setdefault(name, []).append(_value(params, raw).strip())
    return rows


def _first(card: dict[str, list[str]], key: str) -> str:
    return next((v for v in card.get(key, []) if v), "")


def _row(card: dict[str, list[str]], more_phones: str) -> list[Any]:
    name = _first(card, "FN")
    if not name:
        parts = (_first(card, "N") + ";;;;").split(";")
        family, given = parts[0].strip(), parts[1].strip()
        name = (
            (family + given) if re.search(r"[\u3400-\u9fff]", family + given) else f"{given} {family}".strip()
        )
    company = _first(card, "ORG").replace(";", " ").strip()
    phones = [p for p in card.get("TEL", []) if p]
    address = " ".join(p for p in _first(card, "ADR").split(";") if p.strip())
    notes = [n for n in card.get("NOTE", []) if n]
    if len(phones) > 2:
        notes.append(more_phones + ", ".join(phones[2:]))
    return [
        name,
        company,
        _first(card, "TITLE"),
        phones[0] if phones else "",
        phones[1] if len(phones) > 1 else "",
        _first(card, "EMAIL"),
        _first(card, "URL"),
        address,
        _first(card, "BDAY"),
        "\n".join(notes),
    ]
