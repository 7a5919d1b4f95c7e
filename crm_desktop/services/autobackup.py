"""Automatic backups: a verified copy on close and once a day, rotated, listed, restorable.

Backups live in a folder beside the data, `<db folder>/backups/<db stem>/`, named
`<stem>-YYYYMMDD-HHMMSS[-N]-<kind>.db` (`services.backup.backup_name`), so the time and the
reason of a backup are in its name and survive copying the folder to a USB stick. Each one is
made with SQLite's online backup (`services.backup`) and verified (quick check; the daily and
manual ones also the full integrity and foreign-key check); a copy that fails is removed.

Kinds: `daily` (while the app runs), `close` (when it closes), `manual` (Back up now),
`before-restore` and `before-undo` (the state a restore or an import undo replaced). Files
named before kinds existed count as `daily`.

Rotation (grandfather-father-son) applies to the automatic kinds only: the newest
`KEEP_PER_DAY` backups of each of the last `keep_daily` days that have backups (so a mistake
made and then closed on leaves the copy from before it that day), plus the newest of each of
the `keep_weekly` ISO weeks before those, are kept; so is the newest backup of all. Manual
backups and the copies from before a restore or an undo are never rotated away: the user
asked for them, or they are the only way back. The numbers are business configuration,
stored in the database's settings table (key `backup_policy`) so a restored backup carries them.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database, private_folder
from crm_desktop.errors import CrmError
from crm_desktop.services.backup import (
    AUTOMATIC_KINDS,
    BACKUP_KINDS,
    backup_database,
    backup_name,
    backups_dir,
    check_database,
    parse_backup_name,
)
from crm_desktop.services.presets import get_setting, set_setting

POLICY_KEY = "backup_policy"
DEFAULT_KEEP_DAILY = 7
DEFAULT_KEEP_WEEKLY = 4
MAX_KEEP_DAILY = 365
MAX_KEEP_WEEKLY = 520
DAILY_INTERVAL = timedelta(days=1)
KEEP_PER_DAY = 3  # of a day rotation keeps: its newest automatic backups (daily and close)
__all__ = ["BACKUP_KINDS", "backups_dir"]
_TMP_AGE = timedelta(hours=1)  # a temporary file older than this was left by a killed backup


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where it is, when it was made (from its name), its size in bytes, and
    why it was made (`daily`, `close`, `manual`, `before-restore`, `before-undo`)."""

    path: Path
    made_at: datetime
    size: int
    kind: str = "daily"
    number: int = 0  # the -N of backups made in the same second

    @property
    def rotated(self) -> bool:
        """Whether rotation may remove it (automatic kinds only)."""
        return self.kind in AUTOMATIC_KINDS


@dataclass(frozen=True)
class BackupPolicy:
    """How many backups rotation keeps, and whether automatic backups run at all."""

    keep_daily: int = DEFAULT_KEEP_DAILY
    keep_weekly: int = DEFAULT_KEEP_WEEKLY
    enabled: bool = True


def get_policy(s: Session) -> BackupPolicy:
    """The stored rotation policy, defaults for what is missing or unreadable."""
    raw = get_setting(s, POLICY_KEY) or {}
    if not isinstance(raw, dict):
        return BackupPolicy()
    try:
        return _checked(
            int(raw.get("keep_daily", DEFAULT_KEEP_DAILY)),
            int(raw.get("keep_weekly", DEFAULT_KEEP_WEEKLY)),
            bool(raw.get("enabled", True)),
        )
    except (CrmError, TypeError, ValueError):
        return BackupPolicy()


def set_policy(s: Session, keep_daily: int, keep_weekly: int, enabled: bool = True) -> BackupPolicy:
    """Store the rotation policy; CrmError `backup.bad_policy` for numbers out of range."""
    policy = _checked(keep_daily, keep_weekly, enabled)
    set_setting(
        s,
        POLICY_KEY,
        {"keep_daily": policy.keep_daily, "keep_weekly": policy.keep_weekly, "enabled": policy.enabled},
    )
    return policy


def _checked(keep_daily: int, keep_weekly: int, enabled: bool) -> BackupPolicy:
    if not (1 <= keep_daily <= MAX_KEEP_DAILY and 0 <= keep_weekly <= MAX_KEEP_WEEKLY):
        raise CrmError("backup.bad_policy", max_daily=MAX_KEEP_DAILY, max_weekly=MAX_KEEP_WEEKLY)
    return BackupPolicy(keep_daily, keep_weekly, enabled)


def list_backups(db_path: str | os.PathLike[str]) -> list[BackupInfo]:
    """The automatic backups of `db_path`, newest first (files of other names are ignored)."""
    folder = backups_dir(db_path)
    stem = Path(db_path).expanduser().resolve().stem  # the real file's, as backups_dir uses
    found: list[BackupInfo] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        parsed = parse_backup_name(entry.name)
        if parsed is None or parsed.stem != stem or not entry.is_file():
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(Path(entry.path), parsed.made_at, size, parsed.kind, parsed.number))
    found.sort(key=lambda b: (b.made_at, b.number), reverse=True)
    return found


def newest_backup(db_path: str | os.PathLike[str], *, to_restore: bool = False) -> BackupInfo | None:
    """The most recent backup of `db_path`, or None. `to_restore` passes over the copies kept
    from before a restore: right after one, the newest is the state the user just discarded."""
    backups = [b for b in list_backups(db_path) if not (to_restore and b.kind == "before-restore")]
    return backups[0] if backups else None


def make_backup(
    db_path: str | os.PathLike[str],
    *,
    now: datetime | None = None,
    full_check: bool = True,
    kind: str = "manual",
) -> BackupInfo:
    """A new verified backup of `db_path` in its backups folder (safe while the app writes).

    Every copy passes SQLite's quick check; `full_check` adds the full integrity check
    (indexes against tables) and the foreign-key check -- about three times as long (11 s in
    all for a 250 MB file of 100,000 customers, tests/bench/bench_safety.py), so the backup
    at close, which the user waits for, skips it.

    Raises CrmError (from `backup_database`) for a damaged or locked source or an unwritable
    folder, and `backup.verify_failed` when the copy does not pass the integrity check.
    """
    source = Path(db_path).expanduser().resolve()
    folder = backups_dir(source)
    try:
        private_folder(folder)
    except OSError as exc:
        raise CrmError("backup.cannot_write", path=folder, detail=exc.strerror or str(exc)) from exc
    _remove_stale_temp_files(folder)
    made_at = (now or datetime.now()).replace(microsecond=0)
    target, number = _free_name(folder, source.stem, made_at, kind)
    backup_database(source, target, full_check=False)  # quick-checks the copy before it gets its name
    problems = check_database(target) if full_check else []
    if problems:
        with suppress(OSError):
            target.unlink()
        raise CrmError("backup.verify_failed", path=target, detail=problems[0])
    return BackupInfo(target, made_at, target.stat().st_size, kind, number)


def _free_name(folder: Path, stem: str, made_at: datetime, kind: str) -> tuple[Path, int]:
    """The first unused name for a backup made at `made_at` (a -N for the same second)."""
    taken = {
        (p.made_at, p.number)
        for p in (parse_backup_name(e.name) for e in os.scandir(folder))
        if p is not None and p.stem == stem
    }
    number = 0
    while (made_at, number) in taken:
        number += 1
    return folder / backup_name(stem, made_at, kind, number), number


def _remove_stale_temp_files(folder: Path) -> None:
    """Temporary copies left by a backup that was killed midway (never a finished backup)."""
    limit = datetime.now().timestamp() - _TMP_AGE.total_seconds()
    for tmp in folder.glob(".*.tmp"):
        with suppress(OSError):
            if tmp.stat().st_mtime < limit:
                tmp.unlink()


def backups_to_remove(backups: list[BackupInfo], policy: BackupPolicy) -> list[BackupInfo]:
    """Which of `backups` rotation removes under `policy` (pure: decides, deletes nothing).

    Only automatic backups are ever removed; see the module's docstring for what is kept.
    """
    ordered = sorted((b for b in backups if b.rotated), key=lambda b: (b.made_at, b.number), reverse=True)
    keep: set[Path] = set()
    days: dict[date, int] = {}
    weeks: list[tuple[int, int]] = []
    for backup in ordered:  # newest first: the first seen of a day or week is its newest
        day = backup.made_at.date()
        week = tuple(day.isocalendar())[:2]
        if day in days or len(days) < policy.keep_daily:
            if days.get(day, 0) < KEEP_PER_DAY:
                days[day] = days.get(day, 0) + 1
                keep.add(backup.path)
        elif (
            week not in weeks
            and len(weeks) < policy.keep_weekly
            # weekly backups reach further back than the daily ones; a week the daily
            # backups already stand for does not use up a weekly place
            and not any(tuple(d.isocalendar())[:2] == week for d in days)
        ):
            weeks.append(week)  # type: ignore[arg-type]
            keep.add(backup.path)
    if ordered:
        keep.add(ordered[0].path)
    return [b for b in ordered if b.path not in keep]


def rotate(db_path: str | os.PathLike[str], policy: BackupPolicy | None = None) -> list[Path]:
    """Delete the automatic backups of `db_path` that `policy` does not keep; returns them."""
    removed: list[Path] = []
    for backup in backups_to_remove(list_backups(db_path), policy or BackupPolicy()):
        with suppress(FileNotFoundError):
            backup.path.unlink()
            removed.append(backup.path)
    return removed


def backup_due(db_path: str | os.PathLike[str], now: datetime | None = None) -> bool:
    """Whether the daily backup is due: no backup yet, or the newest is a day old."""
    newest = newest_backup(db_path)
    return newest is None or (now or datetime.now()) - newest.made_at >= DAILY_INTERVAL


def auto_backup(
    db: Database, *, now: datetime | None = None, force: bool = True, full_check: bool = True
) -> BackupInfo | None:
    """The automatic backup of an open database: make one (always when `force`, else only
    when the daily one is due), then rotate by the stored policy.

    Returns None when nothing was made: automatic backups are off, the file is read-only (it
    cannot have changed), or the daily backup is not due yet.
    """
    if db.read_only:
        return None
    with db.session() as s:
        policy = get_policy(s)
    if not policy.enabled:
        return None
    if not force and not backup_due(db.path, now):
        return None
    made = make_backup(db.path, now=now, full_check=full_check, kind="close" if force else "daily")
    rotate(db.path, policy)
    return made
