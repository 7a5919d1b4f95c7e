"""`crm-desktop report NAME OUT.pdf`: writes the PDF, or one line on stderr, exit 1 and no file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from crm_desktop.cli import main
from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, Deal, PipelineStage
from crm_desktop.services.presets import set_setting


@pytest.fixture
def shop(db: Database) -> Path:
    """A shop with one customer and one won deal; returns the database path."""
    with db.session() as s:
        set_setting(s, "business_profile", {"name": "小王水果店"})
        c = Customer(name="王芳", phone="13912345678")
        s.add(c)
        s.flush()
        won = s.query(PipelineStage).filter_by(code="won").one()
        s.add(
            Deal(
                customer_id=c.id,
                title="果篮",
                amount=388.0,
                stage_id=won.id,
                status="won",
                closed_at=datetime(2026, 2, 14, 10, 0),
                close_reason="quality",
            )
        )
    db.close()
    return db.path


def text_of(path: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.mark.parametrize(
    ("name", "extra", "zh_words", "en_words"),
    [
        ("customers", [], ["客户名单", "王芳", "13912345678"], ["Customerlist", "王芳", "13912345678"]),
        ("profile", ["--customer", "1"], ["客户档案", "王芳", "果篮"], ["Customerprofile", "王芳", "388.00"]),
        (
            "agenda",
            ["--from", "2026-02-14"],
            ["跟进日程", "没有计划的跟进"],
            ["Follow-upagenda", "Nofollow-upsplanned"],
        ),
        (
            "pipeline",
            ["--from", "2026-01-01", "--to", "2026-03-31"],
            ["本期赢单", "果篮", "388.00", "质量满意"],
            ["Wonintheperiod", "果篮", "388.00", "Quality"],
        ),
        (
            "service",
            ["--from", "2026-01-01", "--to", "2026-03-31"],
            ["服务报告", "期间：2026-01-01至2026-03-31"],
            ["Servicereport", "Period:2026-01-01–2026-03-31"],
        ),
    ],
)
def test_every_report_in_both_languages(
    shop: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    extra: list[str],
    zh_words: list[str],
    en_words: list[str],
) -> None:
    for lang, words in (("zh", zh_words), ("en", en_words)):
        out = tmp_path / f"{name}-{lang}.pdf"
        assert main(["report", name, str(out), "--db", str(shop), "--lang", lang, *extra]) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        text = text_of(out)
        assert "小王水果店" in text
        for word in words:
            assert word in text, (lang, word)


def test_letter_paper(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "list.pdf"
    assert main(["report", "customers", str(out), "--db", str(shop), "--page-size", "Letter"]) == 0
    box = PdfReader(out).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["report", "sales", "{out}", "--db", "{db}"], "no report called sales"),
        (["report", "profile", "{out}", "--db", "{db}", "--customer", "42"], "no customer with id 42"),
        (["report", "profile", "{out}", "--db", "{db}"], "--customer"),
        (["report", "pipeline", "{out}", "--db", "{db}", "--from", "2026-02-30"], "2026-02-30 is not a date"),
        (
            ["report", "pipeline", "{out}", "--db", "{db}", "--from", "2026-03-01", "--to", "2026-02-01"],
            "ends (2026-02-01) before it starts",
        ),
        (["report", "customers", "{tmp}/no/such/folder/x.pdf", "--db", "{db}"], "Cannot write report"),
        (["report", "customers", "{tmp}", "--db", "{db}"], "Cannot write report"),
        (["report", "customers", "{out}", "--db", "{tmp}/missing.db"], "does not exist"),
    ],
)
def test_user_errors_exit_1_with_one_line_and_write_nothing(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    out = tmp_path / "out.pdf"
    before = sorted(p.name for p in tmp_path.iterdir())
    argv = [a.format(out=out, db=shop, tmp=tmp_path) for a in args]
    assert main([*argv, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("crm-desktop: ")
    assert needle in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_chinese_error_message(shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "report",
                "profile",
                str(tmp_path / "x.pdf"),
                "--db",
                str(shop),
                "--customer",
                "7",
                "--lang",
                "zh",
            ]
        )
        == 1
    )
    assert "没有编号为 7 的客户" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["report", "customers", str(folder / "x.pdf"), "--db", str(shop)]) == 1
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_command_runs_as_a_program(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "agenda.pdf"
    env = {**os.environ, "CRM_DESKTOP_LANG": "zh"}
    done = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "report", "agenda", str(out), "--db", str(shop)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "跟进日程" in text_of(out)
