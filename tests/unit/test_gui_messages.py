"""The window never speaks of command-line flags, and its Chinese sentences carry no English.

Every catalogue sentence the window can show (all but `messages.CLI_ONLY`) is scanned: no
`--flag` in either language, and in Chinese no ASCII word beyond the few names a Chinese
user sees as they are (the product name, Excel, file extensions).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from crm_desktop import messages
from crm_desktop.errors import CrmError

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*")
# Names a Chinese sentence keeps as they are.
ALLOWED = {"CRM", "Desktop", "Excel", "CSV", "xlsx", "xls", "ods", "csv", "vcf", "www.example.com", "wal"}
GUI_CODES = sorted(code for code in messages.MESSAGES if code not in messages.CLI_ONLY)


class _Filled(dict[str, str]):
    """Every placeholder as one Chinese character: what a parameter holds is not the wording."""

    def __missing__(self, key: str) -> str:
        return "某"


def gui_sentence(code: str, lang: str) -> str:
    return string.Formatter().vformat(messages.MESSAGES[code][lang], (), _Filled())


@pytest.mark.parametrize("code", GUI_CODES)
def test_no_window_sentence_names_a_command_line_flag(code: str) -> None:
    for lang in messages.LANGS:
        assert not FLAG.search(gui_sentence(code, lang)), (code, lang, gui_sentence(code, lang))


@pytest.mark.parametrize("code", GUI_CODES)
def test_no_english_word_in_a_chinese_window_sentence(code: str) -> None:
    words = set(ASCII_WORD.findall(gui_sentence(code, "zh"))) - ALLOWED
    assert not words, (code, words)


def test_the_command_line_still_names_its_flags() -> None:
    err = CrmError("import.invalid_rows", count=2, row=3, reason="x")
    assert "--strict" in err.message("en", cli=True)
    assert "--strict" in err.message("zh", cli=True)
    assert "--strict" not in err.message("en")
    assert "关闭严格检查" in err.message("zh")
    no_columns = CrmError("import.no_columns", path="a.xlsx", headers="甲, 乙")
    assert "--mapping" in no_columns.message("zh", cli=True)
    assert no_columns.message("zh") == (
        "a.xlsx 中没有可识别的列（甲, 乙）。请修改表头（如 姓名、手机），或在“对应列”一步为每一列选择对应的字段。"
    )
    # a code without a command-line variant says the same everywhere
    assert CrmError("import.cancelled").message("zh", cli=True) == CrmError("import.cancelled").message("zh")


def test_every_variant_has_both_languages() -> None:
    for code, entry in messages.MESSAGES.items():
        assert {"en", "zh"} <= set(entry), code
        assert ("cli_en" in entry) == ("cli_zh" in entry), code
        assert set(entry) <= {"en", "zh", "cli_en", "cli_zh"}, code


def test_a_truncated_workbook_gives_a_chinese_reason_in_chinese(tmp_path: Path) -> None:
    from sample_files import SAMPLES

    from crm_desktop.exchange.table import read_table

    whole = (SAMPLES / "odoo_res_partner_import_template.xlsx").read_bytes()
    path = tmp_path / "名单.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CrmError) as err:
        read_table(path)
    zh = err.value.message("zh")
    assert "文件不完整或已损坏" in zh
    words = set(ASCII_WORD.findall(zh.replace(str(path), ""))) - ALLOWED
    assert not words, zh  # not calamine's "invalid Zip archive: Could not find EOCD"
    assert "Zip" in err.value.message("en") or "zip" in err.value.message(
        "en"
    )  # English keeps the library's words


def test_a_broken_csv_gives_a_chinese_reason_in_chinese(tmp_path: Path) -> None:
    from crm_desktop.exchange.table import read_table

    path = tmp_path / "坏.csv"
    path.write_bytes(b'Name,Phone\n"unclosed,1\x00\n')
    try:
        read_table(path)
    except CrmError as exc:
        zh = exc.message("zh")
        assert not set(ASCII_WORD.findall(zh.replace(str(path), ""))) - ALLOWED, zh


def test_the_systems_reason_is_said_in_chinese(tmp_path: Path) -> None:
    """An OSError's strerror is English whatever the locale: a Chinese message says it in Chinese."""
    import errno
    import os

    err = CrmError("export.cannot_write", path="a.xlsx", detail=os.strerror(errno.EACCES))
    assert err.message("zh") == "无法写入 a.xlsx（没有权限）。如已在 Excel 中打开请先关闭，或选择其他文件夹。"
    assert "Permission denied" in err.message("en")

    from crm_desktop.exchange.writers import write_table

    blocker = tmp_path / "文件"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(CrmError) as raised:
        write_table(blocker / "导出.xlsx", ["姓名"], iter([["张伟"]]), total=1)
    zh = raised.value.message("zh")
    assert "（文件夹不存在）" in zh, zh
    assert not set(ASCII_WORD.findall(zh.replace(str(blocker / "导出.xlsx"), ""))) - ALLOWED, zh
