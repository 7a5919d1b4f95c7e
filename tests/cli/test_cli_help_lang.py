"""`crm-desktop --help` and every command's help speak Chinese when the language is zh
(`--lang zh`, CRM_DESKTOP_LANG or the system locale, as for messages) and stay English in en."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop.cli import build_parser, help_lang, main
from crm_desktop.cli.help_zh import untranslated

REPO = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# every help page: the program's and each command's (groups with their actions)
COMMANDS = [
    [],
    ["demo"],
    ["customers"],
    ["customers", "list"],
    ["customers", "show"],
    ["customers", "erase"],
    ["check"],
    ["backup"],
    ["restore"],
    ["report"],
    ["import"],
    ["imports"],
    ["imports", "list"],
    ["imports", "undo"],
    ["export"],
]


def help_text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main([*args, "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


def option_lines(text: str) -> list[str]:
    """The description column of each option or argument line (after the name, 2+ spaces)."""
    described = []
    for line in text.splitlines():
        m = re.match(r"^  \S.*?\s{2,}(\S.*)$", line)
        if m:
            described.append(m.group(1))
    return described


def test_every_help_text_has_its_chinese() -> None:
    assert untranslated(build_parser()) == []


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "crm-desktop")
def test_chinese_help_has_no_untranslated_description(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = help_text(capsys, "--lang", "zh", *command)
    assert text.startswith("用法：")
    assert "位置参数" in text or "选项" in text
    for heading in ("usage:", "options:", "positional arguments", "show this help"):
        assert heading not in text
    for described in option_lines(text):
        # values to type (customers | follow-ups …) are not sentences; every sentence is Chinese
        if not re.fullmatch(r"[a-z-]+( \| [a-z-]+)+", described):
            assert CHINESE.search(described), (command, described)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "crm-desktop")
def test_english_help_stays_english(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text(capsys, "--lang", "en", *command)
    assert text.startswith("usage: ")
    assert not CHINESE.search(text.replace("张伟", ""))  # the search example keeps its name


def test_the_language_is_decided_like_the_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh")
    assert help_lang(["import", "--help"]) == "zh"
    assert help_lang(["--lang", "en", "import", "--help"]) == "en"
    assert help_lang(["import", "--lang=en", "--help"]) == "en"
    monkeypatch.setenv("CRM_DESKTOP_LANG", "en")
    assert help_lang(["import", "--lang", "zh", "--help"]) == "zh"
    monkeypatch.delenv("CRM_DESKTOP_LANG")
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert help_lang(["--help"]) == "zh"


def test_the_installed_command_shows_chinese_help_from_the_environment(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CRM_DESKTOP_DB", "LC_ALL", "LC_MESSAGES")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(REPO), CRM_DESKTOP_LANG="zh", PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "export", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "只导出此搜索找到的客户" in done.stdout  # the option's description, in Chinese
    assert done.stdout.startswith("用法：")
