"""What a new-user trial of the command line found, end to end through real processes and files:
a database locked by another program is one line (not a traceback) for every command, so is any
unexpected error; erase and damaged-file messages speak one language; `import --rejected-file`;
`report` says what it wrote."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from crm_desktop.cli import is_busy_error, main
from crm_desktop.db.engine import open_database
from crm_desktop.services.demo import generate_demo

REPO = Path(__file__).resolve().parents[2]
# SQLite waits this long (db/engine.py BUSY_TIMEOUT_MS) before it gives up on a lock
LOCK_WAIT_S = 5


def env_for(home: Path, lang: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("CRM_DESKTOP_DB", "CRM_DESKTOP_LANG")}
    base.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        PYTHONPATH=str(REPO),
        CRM_DESKTOP_LANG=lang,
        PYTHONIOENCODING="utf-8",
    )
    return base


def command(home: Path, *args: str | Path, lang: str = "en") -> list[str]:
    return [sys.executable, "-m", "crm_desktop", *map(str, args), "--lang", lang]


def run(home: Path, *args: str | Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(home, *args, lang=lang),
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=env_for(home, lang),
    )


def one_line(returncode: int, stderr: str, *words: str) -> str:
    """Exit 1 with exactly one line on stderr, no traceback; returns the line."""
    assert returncode == 1, stderr
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("crm-desktop: ")
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def dump_hash(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def scalar(path: Path, sql: str) -> int:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return int(conn.execute(sql).fetchone()[0])


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


@pytest.fixture
def shop(home: Path) -> Path:
    """A small Chinese demo shop in WAL mode, as the app leaves its file."""
    path = home / "crm.db"
    db = open_database(path)
    generate_demo(db, customers=12, lang="zh", business="shop", seed=5)
    db.close()
    return path


@contextmanager
def held_exclusive(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another program holding `BEGIN EXCLUSIVE` on `path` until the block ends."""
    script = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


# -- 1. a locked database, any unexpected error -----------------------------------------------


def test_locked_database_is_one_line_for_import_and_erase_and_nothing_changes(home: Path, shop: Path) -> None:
    customer = scalar(shop, "SELECT customer_id FROM follow_ups ORDER BY id LIMIT 1")
    csv = home / "new.csv"
    csv.write_text("Name,Phone\n新客户,13800000001\n", encoding="utf-8")
    before = dump_hash(shop)
    jobs = {
        "import zh": command(home, "import", "customers", csv, "--db", shop, lang="zh"),
        "erase en": command(home, "customers", "erase", customer, "--yes", "--db", shop, lang="en"),
    }
    with held_exclusive(shop):
        # run side by side: each waits out SQLite's busy timeout once
        procs = {
            name: subprocess.Popen(
                argv,
                cwd=home,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                env=env_for(home, name.split()[1]),
            )
            for name, argv in jobs.items()
        }
        results = {name: (*p.communicate(timeout=120), p.returncode) for name, p in procs.items()}
    # the file opened and was read (WAL lets readers in): the lock bit only when writing
    assert "new.csv [" in results["import zh"][0]
    for name, (_out, err, code) in results.items():
        if name.endswith("zh"):
            line = one_line(code, err, str(shop), "正被其他程序占用写入。请关闭其他程序后重试。")
        else:
            line = one_line(code, err, str(shop), "is busy: another program is writing to it")
        message = line.replace(str(shop), "PATH")  # the test's folder name says "locked" itself
        assert "OperationalError" not in message and "locked" not in message, line
    assert dump_hash(shop) == before
    # the lock gone, the same commands work
    assert run(home, "customers", "erase", customer, "--yes", "--db", shop).returncode == 0


def test_busy_errors_are_recognised_raw_and_wrapped() -> None:
    from sqlalchemy.exc import OperationalError

    raw = sqlite3.OperationalError("database is locked")
    assert is_busy_error(raw)
    assert is_busy_error(sqlite3.OperationalError("database table is locked"))
    assert is_busy_error(OperationalError("INSERT INTO customers ...", {}, raw))
    try:
        try:
            raise raw
        except sqlite3.OperationalError as exc:
            raise RuntimeError("while importing") from exc
    except RuntimeError as chained:
        assert is_busy_error(chained)
    assert not is_busy_error(sqlite3.OperationalError("no such table: customers"))
    assert not is_busy_error(ValueError("the database is locked"))  # not SQLite's


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_log(
    home: Path, shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import crm_desktop.services.erase as erase

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a bug\nwith a second line")

    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setattr(erase, "erase_customers_for_good", broken)
    for lang, words in (
        ("en", ("unexpected error", "ZeroDivisionError: a bug", "crm-desktop.log")),
        ("zh", ("意外错误", "ZeroDivisionError: a bug", "crm-desktop.log")),
    ):
        code = main(["customers", "erase", "1", "--yes", "--db", str(shop), "--lang", lang])
        one_line(code, capsys.readouterr().err, *words)
    log = (home / "data" / "CRM Desktop" / "crm-desktop.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "with a second line" in log and "customers erase 1 --yes" in log


# -- 2. one language a message ------------------------------------------------------------------


def test_erase_says_its_counts_in_the_language_of_the_message(home: Path, shop: Path) -> None:
    first = scalar(shop, "SELECT customer_id FROM follow_ups ORDER BY id LIMIT 1")
    zh = run(home, "customers", "erase", first, "--yes", "--db", shop, lang="zh")
    assert zh.returncode == 0, zh.stderr
    assert f"客户 {first} 已彻底删除：1 位客户、" in zh.stdout and "条跟进" in zh.stdout
    assert not any(word in zh.stdout for word in ("customers", "follow_ups", "deals", "notes"))
    other = scalar(shop, "SELECT customer_id FROM follow_ups ORDER BY id LIMIT 1")
    en = run(home, "customers", "erase", other, "--yes", "--db", shop, lang="en")
    assert en.returncode == 0, en.stderr
    assert f"Customer {other} erased for good: 1 customer, " in en.stdout and "follow-up" in en.stdout
    assert "follow_ups" not in en.stdout and "deal_history" not in en.stdout


def test_a_damaged_file_is_explained_in_one_language(home: Path) -> None:
    junk = home / "junk.db"
    junk.write_bytes(b"these are not the bytes of a database\n" * 20)
    header_only = home / "header.db"
    header_only.write_bytes(b"SQLite format 3\x00" + b"\xa5" * 8000)
    for path in (junk, header_only):
        before = path.read_bytes()
        zh = one_line(
            *_code_err(run(home, "customers", "list", "--db", path, lang="zh")), "已损坏或不是数据库（"
        )
        detail = zh.split("（", 1)[1].split("）")[0]
        assert not any(word in detail for word in ("not ", "file", "database", "malformed")), zh
        en = one_line(
            *_code_err(run(home, "customers", "list", "--db", path)), "is damaged or not a database ("
        )
        assert path.read_bytes() == before
        if path is junk:
            assert "（文件不是数据库）" in zh and "(file is not a database)" in en


def _code_err(result: subprocess.CompletedProcess[str]) -> tuple[int, str]:
    return result.returncode, result.stderr


# -- 3. import --rejected-file, --on-duplicate help ---------------------------------------------


def test_problems_go_where_the_user_says(home: Path) -> None:
    db = home / "new.db"
    source = home / "in" / "people.csv"
    source.parent.mkdir()
    source.write_text(
        "Name,Email,Gender\nAnna,anna@example.com,\nBad,not-an-email,\n,,女\n", encoding="utf-8"
    )
    target = home / "out" / "problems.xlsx"
    target.parent.mkdir()
    # --rejected-file is the former name of --problems-file
    done = run(home, "import", "customers", source, "--db", db, "--skip-invalid", "--rejected-file", target)
    assert done.returncode == 0, done.stderr
    assert f"Every problem (row, column, value, reason) is listed in {target}." in done.stdout
    assert not (source.parent / "people.csv.rejected.xlsx").exists()
    from openpyxl import load_workbook

    rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert rows[0] == ("Row", "Column", "Value", "Outcome", "Reason")
    assert rows[1][:4] == (3, "Email", "not-an-email", "kept in the notes")
    assert rows[2][0] == 4 and rows[2][3] == "row left out"
    assert scalar(db, "SELECT COUNT(*) FROM customers") == 2
    # the dry run writes the same list, and nothing else
    dry_target = home / "out" / "dry.xlsx"
    dry = run(
        home,
        "import",
        "customers",
        source,
        "--db",
        home / "dry.db",
        "--dry-run",
        "--problems-file",
        dry_target,
    )
    assert dry.returncode == 0, dry.stderr
    assert list(load_workbook(dry_target, read_only=True).active.iter_rows(values_only=True)) == rows
    assert not (home / "dry.db").exists()


@pytest.mark.parametrize(
    ("rejected", "words_en", "words_zh"),
    [
        ("{home}/rejects.csv", ".xlsx workbook", ".xlsx 工作簿"),
        ("{home}/no/such/folder/r.xlsx", "there is no folder", "不存在"),
        ("{home}/in", "it is a folder", "这是一个文件夹"),
    ],
)
def test_a_rejected_file_that_cannot_be_is_one_line_and_changes_nothing(
    home: Path, rejected: str, words_en: str, words_zh: str
) -> None:
    db = home / "crm.db"
    (home / "in").mkdir()
    source = home / "in" / "people.csv"
    source.write_text("Name,Email\nAnna,anna@example.com\nBad,not-an-email\n", encoding="utf-8")
    target = rejected.format(home=home)
    for lang, word in (("en", words_en), ("zh", words_zh)):
        result = run(
            home,
            "import",
            "customers",
            source,
            "--db",
            db,
            "--skip-invalid",
            "--rejected-file",
            target,
            lang=lang,
        )
        one_line(result.returncode, result.stderr, "--problems-file", word)
    assert not db.exists()
    assert sorted(p.name for p in (home / "in").iterdir()) == ["people.csv"]


def test_problems_file_is_never_the_source(home: Path) -> None:
    db = home / "crm.db"
    source = home / "people.xlsx"
    import xlsxwriter

    book = xlsxwriter.Workbook(source)
    sheet = book.add_worksheet()
    for r, row in enumerate([("Name", "Email"), ("Anna", "anna@example.com"), ("Bad", "x")]):
        sheet.write_row(r, 0, row)
    book.close()
    before = source.read_bytes()
    same = run(home, "import", "customers", source, "--db", db, "--problems-file", source)
    one_line(same.returncode, same.stderr, "it is the file being imported")
    assert source.read_bytes() == before and not db.exists()


def test_import_help_explains_rejected_file_and_on_duplicate(home: Path) -> None:
    helped = run(home, "import", "--help")
    assert helped.returncode == 0
    text = " ".join(helped.stdout.split())
    assert "--problems-file OUT.xlsx, --rejected-file OUT.xlsx" in text and "--strict" in text
    for policy in ("skip =", "update =", "add ="):
        assert policy in text


# -- 4. report says what it wrote -----------------------------------------------------------------


def test_report_says_where_and_how_many_pages(home: Path, shop: Path) -> None:
    for lang, name in (("en", "customers"), ("zh", "agenda")):
        out = home / f"{name}.pdf"
        done = run(home, "report", name, out, "--db", shop, lang=lang)
        assert done.returncode == 0, done.stderr
        pages = len(PdfReader(io.BytesIO(out.read_bytes())).pages)
        lines = done.stdout.splitlines()
        assert len(lines) == 1 and done.stderr == ""
        if lang == "en":
            assert lines[0] == f"Report written to {out} ({pages} page{'' if pages == 1 else 's'})."
        else:
            assert lines[0] == f"报表已写入 {out}（共 {pages} 页）。"


def test_a_vcard_import_speaks_of_cards_not_a_header_row(tmp_path: Path) -> None:
    import shutil

    from sample_files import SAMPLES

    vcf = next(p for p in sorted(SAMPLES.rglob("*.vcf")))
    source = tmp_path / vcf.name  # a copy: nothing is written beside the shared samples
    shutil.copy(vcf, source)
    out = run(tmp_path, "import", "customers", source, "--db", tmp_path / "v.sqlite", "--dry-run", lang="zh")
    assert out.returncode == 0, out.stderr
    first = out.stdout.splitlines()[0]
    assert "张名片" in first and "表头" not in first
