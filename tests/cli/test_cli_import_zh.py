"""`import` / `imports list|undo` in Chinese end to end, and `--skip-invalid` with a source on
a read-only medium (a real read-only bind mount: root and a working `mount` only)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CSV = "客户姓名,邮箱,手机\n张三,bad-email,13800138000.0\n李四,li@example.com,13900139000\n"


def cli(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CRM_DESKTOP_DB", "CRM_DESKTOP_LANG")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        PYTHONPATH=str(REPO),
        CRM_DESKTOP_LANG="en",  # --lang zh must win over the environment
        PYTHONIOENCODING="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *map(str, args)],
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=env,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


def test_import_in_chinese_names_fields_by_their_chinese_labels(home: Path) -> None:
    src = home / "客户.csv"
    src.write_text(CSV, encoding="utf-8")
    db = home / "crm.db"

    dry = cli(home, "--lang", "zh", "import", "customers", src, "--db", db, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "  客户姓名 -> 姓名" in dry.stdout
    assert "  邮箱 -> 邮箱" in dry.stdout
    assert "-> name" not in dry.stdout and "-> email" not in dry.stdout
    assert "第 2 行：将新建（邮箱：bad-email 不是有效的电子邮箱。已原样保留在备注中" in dry.stdout
    assert "保留在备注中的值 1，未导入的行 0" in dry.stdout
    assert "邮箱: 邮箱" not in dry.stdout and "email：" not in dry.stdout

    refused = cli(home, "--lang", "zh", "import", "customers", src, "--db", db, "--strict")
    assert refused.returncode == 1
    assert "第 2 行：邮箱：bad-email 不是有效的电子邮箱" in refused.stderr
    assert "「邮箱」" not in refused.stderr and "Email" not in refused.stderr

    done = cli(home, "--lang", "zh", "import", "customers", src, "--db", db)
    assert done.returncode == 0, done.stderr
    assert "导入 1：新建 2，更新 0，重复 0，保留在备注中的值 1，未导入的行 0" in done.stdout
    assert "第 2 行：邮箱：bad-email 不是有效的电子邮箱。已原样保留在备注中" in done.stdout
    shown = cli(home, "--lang", "zh", "customers", "list", "--db", db, "--search", "bad-email")
    assert "张三" in shown.stdout  # the value kept aside is found

    listed = cli(home, "--lang", "zh", "imports", "list", "--db", db)
    assert listed.returncode == 0, listed.stderr
    assert "客户" in listed.stdout and "新建 2，更新 0" in listed.stdout
    assert "created" not in listed.stdout and "customers" not in listed.stdout

    undone = cli(home, "--lang", "zh", "imports", "undo", "1", "--db", db)
    assert undone.returncode == 0, undone.stderr
    listed = cli(home, "--lang", "zh", "imports", "list", "--db", db)
    assert "已撤销" in listed.stdout and "undone" not in listed.stdout


def test_a_phone_written_as_float_text_is_listed_whole(home: Path) -> None:
    src = home / "p.csv"
    src.write_text("Name,Phone\nAnn,13800138000.0\n", encoding="utf-8")
    db = home / "crm.db"
    assert cli(home, "import", "customers", src, "--db", db).returncode == 0
    listed = cli(home, "customers", "list", "--db", db)
    assert "13800138000" in listed.stdout and "13800138000.0" not in listed.stdout


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(a folder, the same folder bind-mounted read-only)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a read-only bind mount needs root and mount")
    src, ro = tmp_path / "share-src", tmp_path / "share"
    src.mkdir()
    ro.mkdir()
    if subprocess.run(["mount", "--bind", str(src), str(ro)], capture_output=True).returncode != 0:
        pytest.skip("mount refused")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], capture_output=True).returncode:
            pytest.skip("read-only remount refused")
        yield src, ro
    finally:
        subprocess.run(["umount", str(ro)], capture_output=True)


def test_an_import_from_a_read_only_folder_writes_nothing_there(
    home: Path, read_only_folder: tuple[Path, Path]
) -> None:
    src, ro = read_only_folder
    (src / "客户.csv").write_text(CSV, encoding="utf-8")
    db = home / "crm.db"
    done = cli(home, "import", "customers", ro / "客户.csv", "--db", db, "--skip-invalid")
    assert done.returncode == 0, done.stderr
    assert "2 created" in done.stdout and "1 values kept aside" in done.stdout
    assert sorted(os.listdir(src)) == ["客户.csv"]
    problems = home / "问题.xlsx"
    zh = cli(
        home, "--lang", "zh", "import", "customers", ro / "客户.csv", "--db", db, "--problems-file", problems
    )
    assert zh.returncode == 0, zh.stderr
    assert f"所有问题（行号、列、值、原因）已列在 {problems}" in zh.stdout
    assert problems.exists() and sorted(os.listdir(src)) == ["客户.csv"]
