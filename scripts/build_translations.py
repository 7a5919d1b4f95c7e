"""Update the Chinese translation sources and compile them into the one shipped .qm file.

    python scripts/build_translations.py            # lupdate every source set, then lrelease
    python scripts/build_translations.py --release  # only compile (the .ts files as they are)
    python scripts/build_translations.py --check    # also fail when a string is untranslated
    python scripts/build_translations.py --only shell_zh_CN.ts   # refresh one set, compile all

English is the source language. Each part of the app keeps its own `*_zh_CN.ts` in
`crm_desktop/resources/translations/` (fewer edit clashes); `pyside6-lupdate` refreshes each
from its source files (SOURCE_SETS), and `pyside6-lrelease` compiles ALL `*_zh_CN.ts` there into
ONE `crm_desktop_zh_CN.qm`, which the app loads after Qt's own `qtbase_zh_CN`. Both the .ts
sources and the .qm are committed. A later part adds its entry to SOURCE_SETS.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "crm_desktop" / "resources" / "translations"
QM = TRANSLATIONS / "crm_desktop_zh_CN.qm"

# .ts file -> the source files (globs, relative to the repository) whose strings it holds.
SOURCE_SETS: dict[str, tuple[str, ...]] = {
    "shell_zh_CN.ts": (
        "crm_desktop/ui/app.py",
        "crm_desktop/ui/main_window.py",
        "crm_desktop/ui/first_start.py",
        "crm_desktop/ui/workers.py",
        "crm_desktop/ui/models/customers.py",
        "crm_desktop/ui/pages/customers.py",
        "crm_desktop/ui/pages/trash.py",
        "crm_desktop/ui/pages/settings.py",
        "crm_desktop/ui/dialogs/__init__.py",
        "crm_desktop/ui/dialogs/customer.py",
        "crm_desktop/ui/dialogs/customer_timeline.py",
        "crm_desktop/ui/dialogs/duplicates.py",
    ),
    "followups_zh_CN.ts": (
        "crm_desktop/ui/pages/today.py",
        "crm_desktop/ui/pages/follow_ups.py",
        "crm_desktop/ui/reminders.py",
        "crm_desktop/ui/dialogs/follow_up*.py",
        "crm_desktop/ui/widgets/customer_picker.py",
        "crm_desktop/ui/models/follow_ups.py",
    ),
    "insight_zh_CN.ts": ("crm_desktop/ui/pages/insight*.py",),
    "safety_zh_CN.ts": (
        "crm_desktop/ui/safety.py",
        "crm_desktop/ui/single_instance.py",
        "crm_desktop/ui/pages/backups.py",
    ),
    "pipeline_zh_CN.ts": (
        "crm_desktop/ui/pages/pipeline*.py",
        "crm_desktop/ui/pages/service.py",
        "crm_desktop/ui/widgets/kanban.py",
        "crm_desktop/ui/widgets/stage_editor.py",
        "crm_desktop/ui/dialogs/deal.py",
        "crm_desktop/ui/dialogs/close_deal.py",
        "crm_desktop/ui/dialogs/service_record.py",
        "crm_desktop/ui/models/deals.py",
        "crm_desktop/ui/models/service_records.py",
    ),
    "reports_zh_CN.ts": ("crm_desktop/ui/pages/reports.py", "crm_desktop/ui/pages/report_printing.py"),
    "files_zh_CN.ts": (
        "crm_desktop/ui/file_dialogs.py",
        "crm_desktop/ui/file_switch.py",
        "crm_desktop/ui/help.py",
        "crm_desktop/ui/window_files.py",
    ),
    "exchange_zh_CN.ts": (
        "crm_desktop/ui/dialogs/import_*.py",
        "crm_desktop/ui/export_actions.py",
    ),
}


def _tool(name: str) -> str:
    """The PySide6 tool next to this Python (the venv), else on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials")
    return found


def sources(patterns: tuple[str, ...]) -> list[str]:
    files: list[str] = []
    for pattern in patterns:
        files.extend(str(p) for p in sorted(REPO.glob(pattern)))
    return files


def update(ts_name: str) -> None:
    """Refresh one .ts from its sources, keeping existing translations, dropping vanished strings."""
    files = sources(SOURCE_SETS[ts_name])
    if not files:
        print(f"skip {ts_name}: none of its sources exist yet")
        return
    ts = TRANSLATIONS / ts_name
    subprocess.run(
        [_tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none", *files, "-ts", str(ts)],
        check=True,
        cwd=REPO,
    )
    print(f"updated {ts.relative_to(REPO)} from {len(files)} files")


def unfinished(ts: Path) -> int:
    """How many strings of `ts` still lack a translation."""
    return len(re.findall(r'type="unfinished"', ts.read_text(encoding="utf-8")))


def release() -> Path:
    """Compile every *_zh_CN.ts into the one shipped .qm."""
    all_ts = sorted(TRANSLATIONS.glob("*_zh_CN.ts"))
    if not all_ts:
        raise SystemExit(f"no *_zh_CN.ts in {TRANSLATIONS}")
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", *map(str, all_ts), "-qm", str(QM)], check=True, cwd=REPO
    )
    print(f"compiled {len(all_ts)} .ts files into {QM.relative_to(REPO)} ({QM.stat().st_size} bytes)")
    return QM


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only compile, do not run lupdate")
    parser.add_argument("--check", action="store_true", help="exit 1 when a string is untranslated")
    parser.add_argument("--only", action="append", metavar="TS", help="update only this .ts (repeatable)")
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    if not args.release:
        for ts_name in args.only or SOURCE_SETS:
            update(ts_name)
    release()
    missing = {ts.name: unfinished(ts) for ts in sorted(TRANSLATIONS.glob("*_zh_CN.ts"))}
    for name, count in missing.items():
        if count:
            print(f"{name}: {count} untranslated")
    return 1 if args.check and any(missing.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
