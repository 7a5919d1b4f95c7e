"""Issue 13 from the command line: past purchases imported into the figures (and undone), values
that cannot be used whole reported while their rows still come in."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from test_cli_import_zh import cli


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


def test_history_columns_fill_the_figures_and_undo_takes_them_away(home: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "手机", "累计消费(元)", "消费次数", "最近消费", "备注"])
    sheet.append(["张伟", "13800138000", 12380.19, 7, datetime(2026, 10, 3), "老客户"])
    sheet.append(["李娜", "13900139000", "abc", 2, "2026-06-15", "很长" * 15000])
    src = home / "会员.xlsx"
    book.save(src)
    db = home / "shop.db"

    done = cli(home, "--lang", "zh", "import", "customers", src, "--db", db)
    assert done.returncode == 0, done.stderr
    for line in (
        "  累计消费(元) -> 累计消费",
        "  消费次数 -> 购买次数",
        "  最近消费 -> 最近购买",
        "导入 1：新建 2",
    ):
        assert line in done.stdout
    assert "不导入" not in done.stdout  # nothing left for a custom field
    assert "共 2 处问题：" in done.stdout
    assert "第 3 行：累计消费(元)：累计消费：abc 不是数字。该值未导入" in done.stdout
    assert "第 3 行：备注有 30000 个字符，超过了上限 20000 个：只导入了前 20000 个。" in done.stdout

    listed = cli(home, "customers", "list", "--db", db, "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {r["name"]: r for r in json.loads(listed.stdout)}
    assert [(rows[n]["total_spent"], rows[n]["purchase_count"]) for n in ("张伟", "李娜")] == [
        (12380.19, 7),
        (0.0, 2),  # the bad amount cost only itself
    ]
    assert len(rows["李娜"]["notes"]) == 20000
    shown = cli(home, "customers", "show", str(rows["张伟"]["id"]), "--db", db, "--json")
    record = json.loads(shown.stdout)
    assert (record["total_spent"], record["purchase_count"], record["last_purchase_at"][:10]) == (
        12380.19,
        7,
        "2026-10-03",
    )

    undone = cli(home, "--lang", "zh", "imports", "undo", "1", "--db", db)
    assert undone.returncode == 0, undone.stderr
    assert "删除 4 条记录" in undone.stdout  # two customers, two opening deals
    assert json.loads(cli(home, "customers", "list", "--db", db, "--json").stdout) == []


def test_an_english_csv_updates_the_history_without_adding_a_second_one(home: Path) -> None:
    db = home / "shop.db"
    src = home / "orders.csv"
    src.write_text(
        "Name,Phone,Total spent,Orders,Last order\nAnn Lee,555-0100,100,1,2025-01-02\n", encoding="utf-8"
    )
    assert cli(home, "import", "customers", src, "--db", db).returncode == 0
    src.write_text(
        "Name,Phone,Total spent,Orders,Last order\nAnn Lee,555-0100,250,3,2025-03-04\n", encoding="utf-8"
    )
    dry = cli(home, "import", "customers", src, "--db", db, "--on-duplicate", "update", "--dry-run")
    assert "row 2: will update record 1: Total spent, Purchases, Last purchase" in dry.stdout
    done = cli(home, "import", "customers", src, "--db", db, "--on-duplicate", "update")
    assert "import 2: 0 created, 1 updated" in done.stdout, done.stderr
    record = json.loads(cli(home, "customers", "show", "1", "--db", db, "--json").stdout)
    assert (record["total_spent"], record["purchase_count"]) == (250.0, 3)
    exported = home / "deals.csv"
    assert cli(home, "export", "deals", exported, "--db", db).returncode == 0
    assert exported.read_text(encoding="utf-8-sig").count("Imported purchase history") == 1
    assert cli(home, "imports", "undo", "2", "--db", db).returncode == 0
    record = json.loads(cli(home, "customers", "show", "1", "--db", db, "--json").stdout)
    assert (record["total_spent"], record["purchase_count"]) == (100.0, 1)
