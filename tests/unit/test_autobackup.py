"""Automatic backups: made beside the data, verified, listed newest first, rotated by policy."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from crm_desktop.db.engine import Database, open_database
from crm_desktop.errors import CrmError
from crm_desktop.services.autobackup import (
    BackupInfo,
    BackupPolicy,
    auto_backup,
    backup_due,
    backups_dir,
    backups_to_remove,
    get_policy,
    list_backups,
    make_backup,
    newest_backup,
    rotate,
    set_policy,
)
from crm_desktop.services.backup import restore_database
from crm_desktop.services.customers import create_customer


def _names(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM customers ORDER BY id")]
    finally:
        conn.close()


def test_backup_goes_beside_the_data_and_holds_it(db: Database) -> None:
    with db.session() as s:
        create_customer(s, {"name": "张伟", "phone": "13800138000"})
    made = make_backup(db.path, now=datetime(2026, 5, 3, 18, 30, 5))
    assert made.path == db.path.parent / "backups" / "crm" / "crm-20260503-183005-manual.db"
    assert made.kind == "manual"
    assert made.made_at == datetime(2026, 5, 3, 18, 30, 5)
    assert made.size == made.path.stat().st_size > 0
    assert _names(made.path) == ["张伟"]
    # a self-contained file: no -wal needed to read it
    assert not Path(f"{made.path}-wal").exists()


def test_two_backups_in_one_second_both_stay(db: Database) -> None:
    at = datetime(2026, 5, 3, 18, 30, 5)
    first = make_backup(db.path, now=at)
    second = make_backup(db.path, now=at)
    assert first.path != second.path
    assert [b.path for b in list_backups(db.path)] == [second.path, first.path]


def test_list_is_newest_first_and_ignores_other_files(db: Database) -> None:
    for day in (1, 3, 2):
        make_backup(db.path, now=datetime(2026, 5, day, 12))
    folder = backups_dir(db.path)
    (folder / "notes.txt").write_text("mine")
    (folder / "other-20260509-120000.db").write_bytes(b"")
    listed = list_backups(db.path)
    assert [b.made_at.day for b in listed] == [3, 2, 1]
    assert newest_backup(db.path) == listed[0]
    assert all(isinstance(b, BackupInfo) and b.size > 0 for b in listed)


def test_no_backups_yet(db_path: Path) -> None:
    assert list_backups(db_path) == []
    assert newest_backup(db_path) is None
    assert backup_due(db_path)


def test_daily_backup_due_after_a_day(db: Database) -> None:
    make_backup(db.path, now=datetime(2026, 5, 3, 9))
    assert not backup_due(db.path, datetime(2026, 5, 4, 8, 59))
    assert backup_due(db.path, datetime(2026, 5, 4, 9))
    assert auto_backup(db, now=datetime(2026, 5, 4, 8), force=False) is None
    made = auto_backup(db, now=datetime(2026, 5, 4, 10), force=False)
    assert made is not None and made.made_at == datetime(2026, 5, 4, 10)


def _fake(day: datetime, kind: str = "daily") -> BackupInfo:
    return BackupInfo(Path(f"/b/crm-{day:%Y%m%d-%H%M%S}-{kind}.db"), day, 1, kind)


def test_rotation_keeps_seven_daily_and_four_weekly() -> None:
    start = datetime(2026, 1, 1, 18)
    backups = [_fake(start + timedelta(days=d)) for d in range(60)]  # one a day for 60 days
    backups += [_fake(start + timedelta(days=59, hours=2), "close")]  # two on the last day
    removed = backups_to_remove(backups, BackupPolicy())
    kept = sorted({b.made_at for b in backups} - {b.made_at for b in removed}, reverse=True)
    assert len(kept) == 12
    newest = start + timedelta(days=59, hours=2)
    # every backup of the last day (up to three) and the newest of each of the 6 days before
    assert kept[:8] == [newest] + [start + timedelta(days=d) for d in range(59, 52, -1)]
    # then the newest of each of 4 earlier ISO weeks, one a week
    weeks = [k.isocalendar()[:2] for k in kept[8:]]
    assert len(set(weeks)) == 4
    assert all(k.isocalendar()[:2] not in {d.isocalendar()[:2] for d in kept[:8]} for k in kept[8:])
    for k in kept[8:]:  # the newest of its week
        assert not any(b.made_at > k and b.made_at.isocalendar()[:2] == k.isocalendar()[:2] for b in backups)


def test_rotation_with_small_policy_keeps_newest() -> None:
    start = datetime(2026, 1, 1, 18)
    backups = [_fake(start + timedelta(days=d)) for d in range(10)]
    removed = backups_to_remove(backups, BackupPolicy(keep_daily=1, keep_weekly=0))
    assert {b.made_at for b in backups} - {b.made_at for b in removed} == {start + timedelta(days=9)}
    assert backups_to_remove([], BackupPolicy()) == []


def test_rotate_deletes_files(db: Database) -> None:
    for day in range(1, 11):
        make_backup(db.path, now=datetime(2026, 3, day, 12), kind="daily")
    removed = rotate(db.path, BackupPolicy(keep_daily=3, keep_weekly=1))
    left = list_backups(db.path)
    assert [b.made_at.day for b in left] == [10, 9, 8, 1]  # 2026-03-01 is the Sunday of an earlier week
    assert len(removed) == 6 and not any(p.exists() for p in removed)


def test_policy_is_stored_in_the_database(db: Database) -> None:
    with db.session() as s:
        assert get_policy(s) == BackupPolicy(7, 4, True)
        set_policy(s, 14, 8)
    with db.session() as s:
        assert get_policy(s) == BackupPolicy(14, 8, True)
        for bad in ((0, 4), (7, -1), (366, 4)):
            with pytest.raises(CrmError) as err:
                set_policy(s, *bad)
            assert err.value.code == "backup.bad_policy"
        assert get_policy(s) == BackupPolicy(14, 8, True)


def test_auto_backup_rotates_by_stored_policy_and_can_be_off(db: Database) -> None:
    with db.session() as s:
        set_policy(s, 2, 0)
    for day in range(1, 6):
        auto_backup(db, now=datetime(2026, 5, day, 12))
    assert [b.made_at.day for b in list_backups(db.path)] == [5, 4]
    with db.session() as s:
        set_policy(s, 2, 0, enabled=False)
    assert auto_backup(db, now=datetime(2026, 5, 6, 12)) is None
    assert len(list_backups(db.path)) == 2


def test_read_only_database_makes_no_backup(db: Database) -> None:
    ro = open_database(db.path)
    ro.read_only = True  # as open_database sets it for a file on a read-only medium
    try:
        assert auto_backup(ro) is None
    finally:
        ro.close()
    assert list_backups(db.path) == []


def test_damaged_database_gets_no_backup(tmp_path: Path) -> None:
    bad = tmp_path / "crm.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    with pytest.raises(CrmError):
        make_backup(bad)
    assert list_backups(bad) == []


def test_unwritable_backups_folder_is_a_clear_error(db: Database) -> None:
    (db.path.parent / "backups").write_text("a file where the folder should be")
    with pytest.raises(CrmError) as err:
        make_backup(db.path)
    assert err.value.code == "backup.cannot_write"


def test_a_backup_restores(db: Database) -> None:
    with db.session() as s:
        create_customer(s, {"name": "Before"})
    made = make_backup(db.path)
    with db.session() as s:
        create_customer(s, {"name": "After"})
    db.close()
    kept = restore_database(made.path, db.path)
    assert kept is not None and kept.exists()
    assert _names(db.path) == ["Before"]
    assert made.path.exists()  # the backup itself stays for another restore


def test_stale_temporary_file_of_a_killed_backup_is_cleared(db: Database) -> None:
    import os

    folder = backups_dir(db.path)
    folder.mkdir(parents=True)
    stale = folder / ".crm-20260101-000000.db.999.tmp"
    stale.write_bytes(b"half a copy")
    old = datetime.now().timestamp() - 7200
    os.utime(stale, (old, old))
    make_backup(db.path)
    assert not stale.exists()
    assert len(list_backups(db.path)) == 1


def test_a_copy_failing_verification_is_removed(db: Database) -> None:
    # a note pointing at a customer that does not exist: the copy passes SQLite's quick check
    # but not the foreign-key check of the full verification
    conn = sqlite3.connect(db.path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO notes (customer_id, body, created_at) VALUES (999, 'orphan', '2026-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(CrmError) as err:
        make_backup(db.path)
    assert err.value.code == "backup.verify_failed"
    assert "missing customers record" in err.value.message("en")
    assert list_backups(db.path) == []
    # the quick check alone (the backup at close) lets it through
    assert make_backup(db.path, full_check=False).path.exists()


def test_a_mistake_closed_on_still_has_the_copy_from_before_it(db: Database) -> None:
    """Three close backups of a day stay, so closing after a mistake keeps the earlier one."""
    at = datetime(2026, 5, 4, 9)
    with db.session() as s:
        create_customer(s, {"name": "Morning"})
    auto_backup(db, now=at)  # closed once in the morning
    with db.session() as s:
        create_customer(s, {"name": "Mistake"})
    auto_backup(db, now=at + timedelta(hours=3))  # the mistake, then closed again
    listed = list_backups(db.path)
    assert [b.kind for b in listed] == ["close", "close"]
    assert _names(listed[-1].path) == ["Morning"]
    for hour in range(4, 8):
        auto_backup(db, now=at + timedelta(hours=hour))
    assert len(list_backups(db.path)) == 3  # the newest three of the day


def test_manual_and_safety_copies_are_never_rotated(db: Database) -> None:
    with db.session() as s:
        set_policy(s, 1, 0)
    manual = [make_backup(db.path, now=datetime(2026, 5, day, 12)) for day in (1, 2)]
    third = make_backup(db.path, now=datetime(2026, 5, 3, 12)).path
    db.close()  # a restore needs the file to itself
    kept = restore_database(third, db.path)
    assert kept is not None and kept.parent == backups_dir(db.path)
    db = open_database(db.path)
    for day in range(4, 12):
        auto_backup(db, now=datetime(2026, 5, day, 12))
    db.close()
    listed = list_backups(db.path)
    kinds = sorted(b.kind for b in listed)
    assert kinds == ["before-restore", "close", "manual", "manual", "manual"]
    assert all(m.path.exists() for m in manual)
    assert any(b.path == kept and b.kind == "before-restore" for b in listed)


def test_an_import_undo_keeps_a_backup_from_before_it(db: Database, tmp_path: Path) -> None:
    from crm_desktop.cli import main as cli_main
    from crm_desktop.exchange.undo import list_imports, undo_import_keeping_backup

    sheet = tmp_path / "people.csv"
    sheet.write_text("姓名,手机\n王小明,13800138000\n", encoding="utf-8")
    assert cli_main(["import", "customers", str(sheet), "--db", str(db.path)]) == 0
    with db.session() as s:
        batch_id = list_imports(s)[0].id
    done, made = undo_import_keeping_backup(db, batch_id)
    assert done["removed"] == 1 and made is not None
    assert [b.kind for b in list_backups(db.path)] == ["before-undo"]
    assert _names(made) == ["王小明"]
    assert _names(db.path) == []
    with pytest.raises(CrmError):  # undoing twice is refused, and makes no second backup
        undo_import_keeping_backup(db, batch_id)
    assert len(list_backups(db.path)) == 1


def test_backup_names_say_when_and_why() -> None:
    from crm_desktop.services.backup import backup_name, parse_backup_name

    at = datetime(2026, 5, 3, 18, 30, 5)
    for kind in ("daily", "close", "manual", "before-restore", "before-undo"):
        for number in (0, 2):
            parsed = parse_backup_name(backup_name("shop-2", at, kind, number))
            assert parsed is not None and (parsed.stem, parsed.made_at, parsed.number, parsed.kind) == (
                "shop-2", at, number, kind,
            )  # fmt: skip
    old = parse_backup_name("shop-20260503-183005-1.db")  # named before kinds existed
    assert old is not None and old.kind == "daily" and old.number == 1
    assert parse_backup_name("shop.db") is None


def test_the_backup_offered_for_a_damaged_file_is_never_the_discarded_state(
    db: Database, tmp_path: Path
) -> None:
    make_backup(db.path, now=datetime(2026, 5, 1, 9))
    db.close()
    restore_database(make_backup(db.path, now=datetime(2026, 5, 2, 9)).path, db.path)
    assert list_backups(db.path)[0].kind == "before-restore"  # the newest: what was replaced
    offered = newest_backup(db.path, to_restore=True)
    assert offered is not None and offered.kind == "manual" and offered.made_at.day == 2
    # through a link to the file: the same backups
    link = tmp_path / "link.db"
    link.symlink_to(db.path)
    assert [b.path for b in list_backups(link)] == [b.path for b in list_backups(db.path)]
