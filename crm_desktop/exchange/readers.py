"""Reading spreadsheet files into plain rows: .xlsx, .xls, .ods through python-calamine; .csv and .vcf by hand.

Every problem with the file itself (missing, empty, not a spreadsheet, truncated,
password-protected, no such sheet) becomes one `CrmError`; nothing here touches the database.
Cells come back as Python values: `str`, `float`, `int`, `bool`, `date`, `datetime` or `''`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm_desktop.errors import CrmError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".vcf")
SEPARATORS = (",", ";", "\t", "|")
# csv's default limit (131072 characters a cell) refused a file with one long note as damaged;
# a cell this long is read, and whatever keeps it (a field's length, an export) cuts it.
CSV_FIELD_LIMIT = 16 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
# The prefix our own CSV export puts before text that a spreadsheet would run as a formula.
FORMULA_CHARS = ("=", "+", "-", "@")


@dataclass
class Sheet:
    """One sheet as rows of cells; row i is sheet row i + 1 (A1 is rows[0][0])."""

    name: str
    rows: list[list[Any]]
    # merged ranges as ((first_row, first_col), (last_row, last_col)), 0-based, inclusive
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    # a vCard file: one row per card under headers this program made, so no header row to report
    vcard: bool = False


@dataclass
class Workbook:
    """The sheets of a file, read lazily by name."""

    path: Path
    sheet_names: list[str]
    csv_sheet: Sheet | None = None
    _book: Any = None

    def sheet(self, name: str | None = None) -> Sheet:
        """The sheet called `name` (the first sheet when None); `CrmError` when there is none."""
        if self.csv_sheet is not None:
            if name not in (None, self.csv_sheet.name):
                raise CrmError("import.no_sheet", path=self.path, sheet=name, sheets=self.csv_sheet.name)
            return self.csv_sheet
        if name is None:
            name = self.sheet_names[0]
        if name not in self.sheet_names:
            raise CrmError("import.no_sheet", path=self.path, sheet=name, sheets=", ".join(self.sheet_names))
        try:
            raw = self._book.get_sheet_by_name(name)
            rows = raw.to_python(skip_empty_area=False)
            merged = list(getattr(raw, "merged_cell_ranges", None) or [])
        except Exception as exc:  # calamine raises its own types for every damaged part
            raise CrmError("import.damaged", path=self.path, detail=_detail(exc)) from exc
        _unprefix_rows(rows)
        return Sheet(name, rows, merged)


# What a Chinese message says instead of a reading library's English (e.g. calamine's
# "invalid Zip archive: Could not find EOCD" for a file cut short by a download or a copy).
_ZH_DAMAGED = "文件不完整或已损坏"
_ZH_BAD_CSV = "CSV 格式有误（引号或分隔符不配对）"


def _detail(exc: BaseException) -> Callable[[str], str]:
    """Why a file cannot be read: the library's words in English, a Chinese reason in Chinese."""
    text = " ".join(str(exc).split())[:200] or type(exc).__name__
    zh = _ZH_BAD_CSV if isinstance(exc, csv.Error) else _ZH_DAMAGED
    return lambda lang: zh if lang == "zh" else text


def _is_encrypted_ole(head: bytes) -> bool:
    # An encrypted .xlsx/.docx is an OLE container with these streams instead of a zip.
    return "EncryptedPackage".encode("utf-16-le") in head or "EncryptionInfo".encode("utf-16-le") in head


def open_workbook(path: str | Path, lang: str | None = None) -> Workbook:
    """Open a spreadsheet, CSV or vCard file for reading; the format comes from its content, not its name.

    `lang` ("zh" or "en") is the language of the few words a vCard's rows get (see `vcard`).
    """
    path = Path(path)
    if not path.exists() or path.is_dir():
        raise CrmError("import.file_missing", path=path)
    try:
        with path.open("rb") as fh:  # closed at once: Windows keeps an open file locked
            data_head = fh.read(65536)
    except OSError as exc:
        raise CrmError("import.file_missing", path=path) from exc
    if not data_head:
        raise CrmError("import.empty", path=path)
    if data_head.startswith(OLE_MAGIC):
        with path.open("rb") as fh:
            whole = fh.read()
        if _is_encrypted_ole(whole):
            raise CrmError("import.encrypted", path=path)
        return _open_calamine(path)
    if data_head.startswith(ZIP_MAGIC):
        from crm_desktop.exchange.limits import check_workbook

        check_workbook(path)  # a bomb is refused before calamine builds its grid
        return _open_calamine(path)
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        # named like a workbook but not one: a renamed or broken file
        raise CrmError("import.not_spreadsheet", path=path)
    return _open_csv(path, lang)


def _open_calamine(path: Path) -> Workbook:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception as exc:
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise CrmError("import.encrypted", path=path) from exc
        if "detect" in text and "format" in text:
            raise CrmError("import.not_spreadsheet", path=path) from exc
        raise CrmError("import.damaged", path=path, detail=_detail(exc)) from exc
    if not names:
        raise CrmError("import.empty", path=path)
    return Workbook(path=path, sheet_names=names, _book=book)


def decode_text(data: bytes) -> str:
    """Text of a CSV or vCard file: UTF-8 (with or without BOM), UTF-16 (with or without BOM),
    or GB18030 (GBK) as Chinese Excel saves it."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8 throughout: GB18030 (a superset of GBK and GB2312), or the Windows code page
    # the text reads as (a European Excel's Müller in cp1252 became M黮ler): one guess over the
    # lines that are not UTF-8 (`guess_charset`). A file that two programs appended to can mix
    # UTF-8 in: decoded whole as GB18030, a UTF-8 张伟 became 寮犱紵. So a line that is valid
    # UTF-8 is taken as UTF-8 -- in a Chinese file only when it also reads as Chinese that way:
    # about 3% of two-character GBK names are valid UTF-8 bytes by chance (卢伟 reads "¬ΰ").
    lines = data.splitlines(keepends=True)
    sample, size = [], 0
    for line in lines:
        if not line.isascii() and _utf8_chinese(line) is None:
            sample.append(line)  # whole lines: a GBK character cut in two is no GBK
            size += len(line)
            if size > GUESS_SAMPLE:
                break
    chunk = b"".join(sample)
    # GB18030 first, whenever the text reads as Chinese that way: on a few short lines
    # charset-normalizer took 3 GBK names for Thai or Polish (Đěľ˛·Ľ)
    charset = "gb18030" if _reads_as_chinese(chunk) else guess_charset(chunk)
    return "".join(_decode_line(line, charset) for line in lines)


def _reads_as_chinese(data: bytes) -> bool:
    """Whether `data` decodes strictly as GB18030 with (nearly) all its non-ASCII text Chinese.

    Common Chinese characters (GB2312) have both bytes at 0xA1 or above; a Windows code page's
    accented letter before an ASCII letter also pairs up as "Chinese" (Müller in cp1252 reads
    M黮ler), but with an ASCII second byte. Mostly such pairs: not Chinese text.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    pairs = re.findall(rb"[\x81-\xfe][\x40-\xfe]", data)
    if pairs and sum(p[1] < 0x80 for p in pairs) * 3 > len(pairs):
        return False
    wide = [ch for ch in text if ord(ch) >= 0x80]
    chinese = sum(
        "\u3400" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" for ch in wide
    )
    return bool(wide) and chinese >= 0.9 * len(wide)


def _utf8_chinese(line: bytes) -> str | None:
    """`line` as UTF-8 when it is valid UTF-8 with non-ASCII text that is all Chinese (CJK
    ideographs, CJK and full-width punctuation, general punctuation); else None."""
    if line.isascii():
        return None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    for char in text:
        code = ord(char)
        if code < 0x80:
            continue
        if not (
            0x4E00 <= code <= 0x9FFF
            or 0x3400 <= code <= 0x4DBF
            or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF
            or 0x2010 <= code <= 0x2027
            or code == 0xFEFF
        ):
            return None
    return text


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# How much of a file's non-UTF-8 text its charset is guessed from (bytes).
GUESS_SAMPLE = 65536
# Windows code pages tried (after UTF-8 and GB18030) for 8-bit text that says no charset.
CODE_PAGES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "cp1255", "cp1256", "cp874")


def guess_charset(data: bytes) -> str:
    """The charset of 8-bit text that says none: UTF-8, GB18030, then the Windows code pages.

    charset-normalizer picks among these by how the text reads (`Piotr Iksi\\xf1ski` is
    Windows-1250: Iksiński; GBK 王芳 is GB18030); failing that, the first of them that decodes
    every byte, else Latin-1 (which decodes any byte: never a `�`).
    """
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = ("gb18030", *CODE_PAGES)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(candidates)).best()
    if best is not None and best.encoding in candidates:
        return str(best.encoding)
    for charset in candidates:
        try:
            data.decode(charset)
            return charset
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` for UTF-16 text saved without a byte order mark, else None.

    Latin letters, digits, separators and line ends in UTF-16 have a zero byte each, all on the
    same side (even offsets big-endian, odd little-endian); no UTF-8 or GBK text has zero bytes.
    """
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    if even * 4 > pairs and odd * 20 < pairs:
        return "utf-16-be"
    if odd * 4 > pairs and even * 20 < pairs:
        return "utf-16-le"
    return None


def _decode_line(line: bytes, charset: str = "gb18030") -> str:
    text = _utf8_chinese(line)
    if text is not None:
        return text
    if charset != "gb18030" and _is_utf8(line):
        return line.decode("utf-8")  # a European file: its UTF-8 lines are UTF-8
    try:
        return line.decode(charset)
    except UnicodeDecodeError:
        return line.decode("gb18030", "replace")


def _looks_like_text(text: str) -> bool:
    if "\x00" in text:
        return False
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls <= len(sample) // 200


def detect_separator(text: str) -> str:
    """The separator that splits the first lines into the most equal, widest rows."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (-1, 0)
    for sep in SEPARATORS:
        try:
            rows = list(csv.reader(lines, delimiter=sep))
        except csv.Error:
            continue
        widths = [len(r) for r in rows]
        if max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        # how many lines agree on the width, then how wide
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = sep, score
    return best


def _open_csv(path: Path, lang: str | None = None) -> Workbook:
    data = path.read_bytes()
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        raise CrmError("import.not_spreadsheet", path=path) from exc
    if not _looks_like_text(text):
        raise CrmError("import.not_spreadsheet", path=path)
    if not text.strip():
        raise CrmError("import.empty", path=path)
    from crm_desktop.exchange.vcard import looks_like_vcard, read_vcards

    if looks_like_vcard(text):
        cards = Sheet(path.stem, read_vcards(text, lang), vcard=True)
        return Workbook(path=path, sheet_names=[path.stem], csv_sheet=cards)
    sep = detect_separator(text)
    try:
        rows: list[list[Any]] = [
            [_unprefix(cell) for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        ]
    except csv.Error as exc:
        raise CrmError("import.damaged", path=path, detail=_detail(exc)) from exc
    return Workbook(path=path, sheet_names=[path.stem], csv_sheet=Sheet(path.stem, rows))


def _unprefix_rows(rows: list[list[Any]]) -> None:
    """Our CSV's apostrophes taken off the cells of a workbook too: a spreadsheet that opened
    our CSV keeps `'+86 138...` as text with the apostrophe in it, and saves it so in .xlsx,
    .ods or .csv alike."""
    # one pass of cheap tests (0.16 s over 100,000 rows of 14 cells, against 2 s for calamine
    # to read them; a row's repr looked cheaper but dates make it 0.3-0.45 s)
    for row in rows:
        for cell in row:
            if cell.__class__ is str and cell[:1] == "'":
                break
        else:
            continue
        for i, cell in enumerate(row):
            if cell.__class__ is str and cell.startswith(_PREFIXED):
                row[i] = cell[1:]


_PREFIXED = tuple("'" + ch for ch in FORMULA_CHARS)


def _unprefix(cell: str) -> str:
    # Our CSV export writes '=..., '+..., '-..., '@... so that Excel shows text, not a formula;
    # take the apostrophe off again. Nobody types an apostrophe before these characters on purpose.
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_CHARS:
        return cell[1:]
    return cell
