"""`crm-desktop --help` in Chinese: the parser's texts and argparse's own words, translated.

The command modules write their help in English (the source language, as the window's
`self.tr` does); `translate_parser` replaces every description and option help of the whole
parser tree by its entry in `ZH`, and argparse's headings by `ARGPARSE_ZH`. A help that is a
list of values to type (`customers | follow-ups | …`) stays as it is. `untranslated` lists what
has no entry, so a new option without its Chinese fails a test instead of reaching a user.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from typing import Any

# argparse's own words (its gettext catalogue has no Chinese)
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "show program's version number and exit": "显示程序的版本号并退出",
}

ZH: dict[str, str] = {
    # the program and its common options
    "CRM Desktop: an offline CRM for small businesses.": "CRM Desktop：为小商户设计的离线客户管理软件。",
    "database file": "数据库文件",
    "language of messages": "提示信息的语言（zh 中文，en 英文）",
    # demo
    "fill a new database with demo customers and two years of history": "在新数据库中填入演示客户和两年的历史记录",
    "Fill a new (or empty) database with demo data in the --lang language.": "在新的（或空的）数据库中填入演示数据，语言由 --lang 决定。",
    "default 200": "演示客户数量（默认 200）",
    "default shop": "默认 shop（店铺）；也可为 school（培训学校）或 office（办公室）",
    "same seed, same data (default 1)": "种子相同则数据相同（默认 1）",
    # customers
    "list or show customers": "列出或查看客户",
    "list customers (a search finds any fragment or pinyin initials)": "列出客户（可按任意片段或拼音首字母搜索）",
    "name, phone, email, company or notes fragment; zw finds 张伟": "姓名、电话、邮箱、公司或备注中的片段；输入 zw 可找到 张伟",
    "at most N customers (default: all)": "最多列出 N 位客户（默认全部）",
    "only the customers without a name yet (imported with a company, email or phone as the name)": "只列出待补全姓名的客户（导入时以公司、邮箱或电话作为姓名）",
    "a JSON array keyed by the field catalogue": "输出 JSON 数组，键为字段目录中的字段名",
    "one customer with every field": "查看一位客户的全部字段",
    "a JSON object keyed by the field catalogue": "输出 JSON 对象，键为字段目录中的字段名",
    "erase a customer and everything linked for good (privacy request)": "彻底删除一位客户及其所有关联记录（隐私删除请求）",
    "confirm: this cannot be undone": "确认删除：此操作无法撤销",
    # data
    "run SQLite's integrity and foreign-key checks": "运行 SQLite 完整性检查和外键检查",
    "copy the database to a new FILE (safe while the app runs)": "把数据库复制到新文件 FILE（程序运行时也可安全执行）",
    "replace the database with backup FILE (the current file is kept aside)": "用备份文件 FILE 替换数据库（当前文件会另存保留）",
    # import, imports, export
    "import records from .xlsx, .xls, .ods or .csv": "从 .xlsx、.xls、.ods、.csv 或 .vcf 文件导入记录",
    "sheet to read (default: the first)": "要读取的工作表（默认第一个）",
    "row number of the header (default: found)": "表头所在的行号（默认自动查找）",
    "show what would happen row by row; change nothing": "逐行显示将会发生什么，不做任何改动",
    "the database file exists but is empty: start a new database in it": "数据库文件存在但为空：在其中新建数据库",
    "refuse the whole file, writing nothing, if any row or value has a problem "
    "(default: every row that names someone is imported; unusable values are kept in its notes)": "只要有任何一行或一个值有问题，就拒绝整个文件、不写入任何数据"
    "（默认：凡能对应到某个人的行都会导入，无法识别的值原样保留在备注中）",
    "write every problem (sheet row, column, value, reason) to this .xlsx file": "把每个问题（工作表行号、列、值、原因）写入这个 .xlsx 文件",
    "accepted for older scripts: rows that identify no one are always left out": "为兼容旧脚本而保留：无法对应到任何人的行总是不导入",
    "a row matching a known record (customers: same email, or same phone and a similar "
    "name; other kinds: same customer, date and title): skip = leave it out, the known record "
    "unchanged (default); "
    "update = customers only: write the row's filled-in cells into the known customer; "
    "add = import it as a new record anyway": "与已有记录相同的行（客户：邮箱相同，或电话相同且姓名相近；其他类型：客户、日期和标题相同）："
    "skip = 跳过该行，已有记录不变（默认）；update = 仅限客户：把该行已填写的单元格写入已有客户；"
    "add = 仍作为新记录导入",
    "JSON {header: field} overriding the automatic matching": "JSON 格式的 {表头: 字段} 映射，代替自动匹配",
    "write the mapping used to FILE for next time": "把本次使用的映射写入 FILE，供下次使用",
    "list or undo earlier imports": "列出或撤销以前的导入",
    "list imports, newest first": "列出导入记录，最新的在前",
    "undo an import: remove what it created, put back what it changed": "撤销一次导入：删除它新建的记录，恢复它修改过的记录",
    "export records to .xlsx or .csv (by the file's extension)": "把记录导出为 .xlsx 或 .csv 文件（按文件扩展名）",
    "only the customers this search finds": "只导出此搜索找到的客户",
    # reports
    "write a PDF report": "生成 PDF 报表",
    "Write a printable PDF report. NAME is customers, profile, agenda, pipeline, service or insight.": "生成可打印的 PDF 报表。NAME 为 customers（客户名单）、profile（客户档案）、"
    "agenda（跟进日程）、pipeline（销售流程）、service（售后服务）或 insight（客户洞察）。",
    "customers, profile, agenda, pipeline, service or insight": "customers（客户名单）、profile（客户档案）、agenda（跟进日程）、"
    "pipeline（销售流程）、service（售后服务）或 insight（客户洞察）",
    "the PDF file to write": "要写入的 PDF 文件",
    "the customer of the profile report": "客户档案报表所对应的客户编号",
    "first day of the period (2024-05-01)": "期间的第一天（如 2024-05-01）",
    "last day of the period (2024-05-31)": "期间的最后一天（如 2024-05-31）",
    "paper size (default A4)": "纸张大小（默认 A4）",
}

_TOKENS = re.compile(r"[!-~]+| |.")  # an ASCII word, a space, or one other character
_VALUES = re.compile(r"^[a-z][a-z-]*( \| [a-z][a-z-]*)+$")  # "customers | follow-ups | deals | service"


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """`parser` and every subcommand parser under it."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases share a parser
                found += _parsers(sub)
    return found


def _help_actions(parser: argparse.ArgumentParser) -> list[Any]:
    """The options and arguments of `parser`, and its subcommands' one-line entries."""
    actions: list[Any] = []
    for action in parser._actions:
        actions.append(action)
        if isinstance(action, argparse._SubParsersAction):
            actions += action._choices_actions
    return actions


def _texts(parser: argparse.ArgumentParser) -> list[tuple[Any, str]]:
    """(owner, attribute) of every help text in the tree whose owner has one."""
    texts: list[tuple[Any, str]] = []
    for p in _parsers(parser):
        if p.description:
            texts.append((p, "description"))
        for action in _help_actions(p):
            if action.help and action.help is not argparse.SUPPRESS:
                texts.append((action, "help"))
    return texts


def _needs_words(text: str) -> bool:
    return not _VALUES.match(text)


def untranslated(parser: argparse.ArgumentParser) -> list[str]:
    """Help texts of the tree with no Chinese (values lists excepted)."""
    missing = []
    for owner, attr in _texts(parser):
        text = getattr(owner, attr)
        if _needs_words(text) and text not in ZH and text not in ARGPARSE_ZH and text not in ZH.values():
            missing.append(text)
    return missing


class _ZhFormatter(argparse.HelpFormatter):
    """argparse's formatter with a Chinese "usage:" and headings."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, ARGPARSE_ZH["usage: "] if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(ARGPARSE_ZH.get(heading or "", heading))

    def _split_lines(self, text: str, width: int) -> list[str]:
        # A Chinese character takes two columns of a terminal; argparse counts it as one and
        # its lines ran past the edge. Wrap by display width, never inside an ASCII word.
        lines: list[str] = []
        line, used = "", 0
        for token in _TOKENS.findall(" ".join(text.split())):
            size = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in token)
            if used + size > width and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
                if token == " ":
                    continue
            line += token
            used += size
        if line.strip():
            lines.append(line.rstrip())
        return lines

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))


def translate_parser(parser: argparse.ArgumentParser) -> None:
    """Put the Chinese texts into `parser` and every parser under it (in place)."""
    for owner, attr in _texts(parser):
        text = getattr(owner, attr)
        setattr(owner, attr, ZH.get(text, ARGPARSE_ZH.get(text, text)))
    for p in _parsers(parser):
        p.formatter_class = _ZhFormatter
