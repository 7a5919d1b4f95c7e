"""Data safety, round 2 (issue 14): each break a tester found, as a test that failed before
its fix. Real files and real SQLite databases throughout."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from crm_desktop.db.engine import Database
from crm_desktop.errors import CrmError
from crm_desktop.services.backup import backup_database, check_database, restore_database
from crm_desktop.services.customers import create_customer


def fingerprint(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


@pytest.fixture
def filled(db: Database) -> Iterator[Database]:
    with db.session() as s:
        for name, city in (("张伟", "北京"), ("王芳", "上海"), ("Anna Lee", "London")):
            create_customer(s, {"name": name, "city": city, "tags": ["VIP"]})
    yield db


def _index_disagrees_with_table(path: Path) -> None:
    """One index's definition changed under its b-tree: SQLite's quick check passes it."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_customers_city ON customers (source)' "
            "WHERE name = 'ix_customers_city'"
        )
        conn.commit()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


# -- 3. restore and backup accept a damaged file --------------------------------------------


def test_restore_refuses_a_backup_whose_index_disagrees_with_its_table(
    filled: Database, tmp_path: Path
) -> None:
    backup = backup_database(filled.path, tmp_path / "b.db")
    _index_disagrees_with_table(backup)
    before = fingerprint(filled.path)
    with pytest.raises(CrmError) as err:
        restore_database(backup, filled.path)
    assert err.value.code == "restore.damaged"
    assert "missing from index" in err.value.message("en")
    assert fingerprint(filled.path) == before and check_database(filled.path) == []


def test_backup_refuses_to_copy_a_file_whose_index_disagrees(filled: Database, tmp_path: Path) -> None:
    filled.close()
    _index_disagrees_with_table(filled.path)
    with pytest.raises(CrmError) as err:
        backup_database(filled.path, tmp_path / "b.db")
    assert err.value.code == "db.damaged"
    assert not (tmp_path / "b.db").exists()


# -- 4. erase commits, then reports failure ----------------------------------------------------


def _one_byte_short(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path.write_bytes(path.read_bytes()[:-1])  # no connection is open here


def test_erase_on_a_file_one_byte_short_changes_nothing_and_says_so(tmp_path: Path) -> None:
    from crm_desktop.cli import main as cli_main
    from crm_desktop.db.engine import open_database
    from crm_desktop.services.demo import generate_demo

    path = tmp_path / "short.db"
    db = open_database(path)
    generate_demo(db, customers=300, lang="zh", business="shop")
    db.close()
    _one_byte_short(path)
    before = path.read_bytes()
    code = cli_main(["customers", "erase", "5", "--db", str(path), "--yes"])
    assert code == 1
    # exit 1 promises nothing was changed: the customer is still there, the file as it was
    assert path.read_bytes() == before
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT count(*) FROM customers WHERE id = 5").fetchone()[0] == 1


def test_erase_removes_a_tag_only_they_had(filled: Database) -> None:
    from sqlalchemy import select

    from crm_desktop.db.models import Tag
    from crm_desktop.services.erase import erase_customers_for_good

    with filled.session() as s:
        secret = create_customer(s, {"name": "刘秘密", "tags": ["刘秘密的表姐", "VIP"]})
        s.flush()
        secret_id = secret.id
    erased = erase_customers_for_good(filled, [secret_id])
    assert erased.customers == 1 and erased.log_emptied
    with filled.session() as s:
        assert sorted(s.scalars(select(Tag.name))) == ["VIP"]  # VIP is others' tag too


# -- 12. a symlink dodged the one-writer lock ----------------------------------------------------


def test_a_link_to_the_database_meets_the_same_lock_backups_and_restore(
    filled: Database, tmp_path: Path
) -> None:
    from crm_desktop.services.autobackup import backups_dir, make_backup
    from crm_desktop.services.lock import WriterLock

    link = tmp_path / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(filled.path)
    held = WriterLock(filled.path)
    assert held.try_acquire()
    try:
        assert not WriterLock(link).try_acquire()  # a second window through the link is refused
    finally:
        held.release()
    assert backups_dir(link) == backups_dir(filled.path)
    made = make_backup(link)
    with filled.session() as s:
        create_customer(s, {"name": "Later"})
    filled.close()
    restore_database(made.path, link)
    assert link.is_symlink() and link.resolve() == filled.path  # the link is still a link
    with closing(sqlite3.connect(filled.path)) as conn:
        assert conn.execute("SELECT count(*) FROM customers WHERE name = 'Later'").fetchone()[0] == 0


# -- 13. leftovers and permissions ---------------------------------------------------------------


def test_the_database_its_backups_and_their_folder_are_private(tmp_path: Path) -> None:
    import os
    import stat

    from crm_desktop.db.engine import open_database
    from crm_desktop.services.autobackup import backups_dir, make_backup

    old = os.umask(0o022)  # the usual umask: files 0644, folders 0755
    try:
        path = tmp_path / "data" / "shop.db"
        db = open_database(path)
        with db.session() as s:
            create_customer(s, {"name": "张伟"})
        made = make_backup(path)
        db.close()
        kept = restore_database(made.path, path)
        copy = backup_database(path, tmp_path / "copy.db")
    finally:
        os.umask(old)

    def mode(p: Path) -> int:
        return stat.S_IMODE(p.stat().st_mode)

    assert mode(path) == 0o600
    assert mode(made.path) == 0o600 and kept is not None and mode(kept) == 0o600 and mode(copy) == 0o600
    assert mode(backups_dir(path)) == 0o700 and mode(backups_dir(path).parent) == 0o700


def test_a_killed_restore_leaves_no_database_sized_file_after_the_next_open(filled: Database) -> None:
    import subprocess

    from crm_desktop.db.engine import open_database

    gone = subprocess.Popen(["true"])  # a process id that has ended
    gone.wait()
    leftover = filled.path.with_name(f".{filled.path.name}.{gone.pid}.tmp")
    leftover.write_bytes(b"half a copy" * 1000)
    mine = filled.path.with_name(f".{filled.path.name}.1.tmp")  # pid 1 is alive: not ours to take
    mine.write_bytes(b"busy")
    filled.close()
    open_database(filled.path).close()
    assert not leftover.exists() and mine.exists()


# -- 1. restore during a command-line import -----------------------------------------------------


def test_restore_is_refused_while_anything_has_the_file_open_and_opens_wait_for_a_restore(
    filled: Database, tmp_path: Path
) -> None:
    from crm_desktop.db.engine import open_database
    from crm_desktop.db.uselock import UseLock

    backup = backup_database(filled.path, tmp_path / "b.db")
    before = fingerprint(filled.path)
    with pytest.raises(CrmError) as err:  # `filled` is open: an import, the app ...
        restore_database(backup, filled.path)
    assert err.value.code == "db.in_use" and fingerprint(filled.path) == before
    filled.close()
    restoring = UseLock(filled.path)
    restoring.acquire_exclusive()  # a restore under way (another process, as restore holds it)
    try:
        with pytest.raises(CrmError) as err:
            open_database(filled.path)
        assert err.value.code == "db.restoring"
    finally:
        restoring.release()
    open_database(filled.path).close()
    assert not list(tmp_path.glob(".*.inuse"))  # the last user took the lock file away


# -- 10. mixed encodings ------------------------------------------------------------------------------


def test_a_csv_mixing_utf8_and_gbk_rows_keeps_every_name(tmp_path: Path) -> None:
    from crm_desktop.exchange.table import read_table

    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "姓名,手机\n".encode("gbk")
        + "李娜,13800000001\n".encode("gbk")
        + "张伟,13800000002\n".encode()  # appended by another program
        + "王芳,13800000003\n".encode("gbk")
    )
    table = read_table(path)
    names = [cells[0] for _row, cells in table.rows]
    assert names == ["李娜", "张伟", "王芳"]  # never 寮犱紵


def test_a_plain_gbk_csv_keeps_names_whose_bytes_happen_to_be_utf8(tmp_path: Path) -> None:
    from crm_desktop.exchange.table import read_table

    names = ["张伟", "卢伟", "王芳", "李娜"]  # 卢伟's GBK bytes are valid UTF-8 ("¬ΰ")
    assert "卢伟".encode("gbk").decode("utf-8") == "¬ΰ"
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        ("姓名,手机\n" + "".join(f"{n},1380000000{i}\n" for i, n in enumerate(names))).encode("gbk")
    )
    table = read_table(path)
    assert [cells[0] for _row, cells in table.rows] == names


# -- review: two programs opening an old file at once -------------------------------------------------

_OPEN_AND_WRITE = """
import sys
from crm_desktop.db.engine import open_database
from crm_desktop.errors import CrmError
from crm_desktop.services.customers import create_customer
try:
    db = open_database(sys.argv[1])
    with db.session() as s:
        create_customer(s, {"name": sys.argv[2]})
    print("ok", db.upgraded_from)
    db.close()
except CrmError as exc:
    print("refused", exc.code, exc.message("en"))
"""


def test_two_programs_opening_an_old_file_at_once_keep_both_their_writes(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time

    from sample_files import REPO
    from sqlalchemy import create_engine, text

    from crm_desktop.db import migrate

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0003")
        conn.execute(
            text(
                "INSERT INTO customers (name, kind, category, created_at, updated_at, total_spent,"
                " purchase_count, open_service_count) VALUES (:n, 'person', 'customer',"
                " '2025-01-02 03:04:05', '2025-01-02 03:04:05', 0, 0, 0)"
            ),
            [{"n": f"客户{i}"} for i in range(30000)],  # an upgrade that takes a moment
        )
    engine.dispose()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    first = subprocess.Popen(
        [sys.executable, "-c", _OPEN_AND_WRITE, str(path), "WRITTEN-BY-A"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    time.sleep(0.3)
    second = subprocess.run(
        [sys.executable, "-c", _OPEN_AND_WRITE, str(path), "WRITTEN-BY-B"],
        capture_output=True, text=True, env=env, timeout=180,
    )  # fmt: skip
    out_a = first.communicate(timeout=180)[0]
    assert out_a.startswith("ok 0003"), out_a
    assert second.stdout.startswith(("ok", "refused")) and "Traceback" not in second.stderr, second
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.HEAD
        names = {r[0] for r in conn.execute("SELECT name FROM customers WHERE name LIKE 'WRITTEN-BY-%'")}
    assert "WRITTEN-BY-A" in names
    assert ("WRITTEN-BY-B" in names) == second.stdout.startswith("ok")


def test_a_short_gbk_csv_is_chinese_not_thai_and_a_european_one_is_not_chinese(tmp_path: Path) -> None:
    """Review: with three GBK names charset-normalizer chose Thai or Polish (Đěľ˛·Ľ); and a
    cp1252 Müller pairs up as GB18030 'M黮ler'."""
    from crm_desktop.exchange.readers import decode_text

    for header in ("Name,Phone", "姓名", "姓名,备注"):
        text = header + "\n" + "".join(f"{n},139\n" for n in ("徐静芳", "张秀霞", "李超娜"))
        assert decode_text(text.encode("gbk")) == text
    assert decode_text("姓名\n欧阳娜娜\n".encode("gbk")) == "姓名\n欧阳娜娜\n"
    assert decode_text("Name\nMüller\nGarçon\n".encode("cp1252")) == "Name\nMüller\nGarçon\n"
    assert decode_text("Name\nIksiński\n".encode("cp1250")) == "Name\nIksiński\n"
