"""Core benchmark: builds a demo database and prints one table of figures.

Run: .venv/bin/python tests/bench/bench_core.py [--customers 100000] [--out FILE]
     [--lang zh|en] [--business shop|school|office] [--keep PATH]

Rows: demo generation time, search latency (median / p95 of first-50 searches, from
tests/bench/bench_search.py), `customers list --json` as a user runs it, check and backup
times, database size. Later issues add rows: write a function `step(ctx) -> list[(label,
value)]` and append it to STEPS. Prints figures only; never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from crm_desktop.db.engine import open_database  # noqa: E402
from crm_desktop.services.backup import backup_database, check_database  # noqa: E402
from crm_desktop.services.demo import generate_demo  # noqa: E402

Row = tuple[str, str]


@dataclass
class Context:
    """What the steps share: the options, the database and a scratch folder."""

    customers: int
    lang: str
    business: str
    db_path: Path
    scratch: Path
    notes: dict[str, object] = field(default_factory=dict)


def step_demo(ctx: Context) -> list[Row]:
    db = open_database(ctx.db_path)
    cpu = time.process_time()
    wall = time.perf_counter()
    summary = generate_demo(db, customers=ctx.customers, lang=ctx.lang, business=ctx.business, seed=1)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    db.close()
    phases = ", ".join(f"{name} {seconds:.1f}" for name, seconds in summary.phases.items())
    return [
        (
            f"demo: {summary.customers:,} customers ({ctx.lang}, {ctx.business})",
            f"{wall:.1f} s wall, {cpu:.1f} s CPU",
        ),
        ("demo: wall seconds by phase", phases),
        (
            "demo: records made",
            f"{summary.deals:,} deals, {summary.stage_changes:,} stage changes, {summary.follow_ups:,} "
            f"follow-ups, {summary.service_records:,} service records, {summary.notes:,} notes",
        ),
    ]


def step_search(ctx: Context) -> list[Row]:
    try:
        from bench_search import bench_search
    except ImportError as exc:
        return [("search", f"not measured: {exc}")]
    return [
        (f"{label} (first 50)", f"median {med:.1f} ms, p95 {p95:.1f} ms")
        for label, med, p95 in bench_search(ctx.db_path)
    ]


def _cli(ctx: Context, *args: str, out: Path | None = None) -> float:
    env = {k: v for k, v in os.environ.items() if k != "CRM_DESKTOP_DB"}
    env["PYTHONPATH"] = str(REPO)
    start = time.perf_counter()
    with open(out or os.devnull, "wb") as sink:
        subprocess.run(
            [sys.executable, "-m", "crm_desktop", *args, "--db", str(ctx.db_path)],
            stdout=sink,
            stderr=subprocess.PIPE,
            check=True,
            env=env,
        )
    return time.perf_counter() - start


def step_list_json(ctx: Context) -> list[Row]:
    out = ctx.scratch / "list.json"
    seconds = _cli(ctx, "customers", "list", "--json", out=out)
    size = out.stat().st_size / 1e6
    limited = _cli(ctx, "customers", "list", "--limit", "50")
    return [
        ("customers list --json (all, new process)", f"{seconds:.1f} s, {size:.0f} MB of JSON"),
        ("customers list --limit 50 (table, new process)", f"{limited * 1000:.0f} ms"),
        ("crm-desktop --version (new process)", f"{_cli(ctx, '--version') * 1000:.0f} ms"),
    ]


def step_check_backup(ctx: Context) -> list[Row]:
    start = time.perf_counter()
    problems = check_database(ctx.db_path)
    checked = time.perf_counter() - start
    start = time.perf_counter()
    backup_database(ctx.db_path, ctx.scratch / "backup.db")
    backed = time.perf_counter() - start
    return [
        ("check (integrity + foreign keys)", f"{checked:.1f} s, {len(problems)} problems"),
        ("backup (online API + quick check)", f"{backed:.1f} s"),
    ]


def step_size(ctx: Context) -> list[Row]:
    db = open_database(ctx.db_path, create=False)
    with db.raw_connection() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    size = ctx.db_path.stat().st_size / 1e6
    return [
        ("database size", f"{size:.0f} MB ({size * 1e6 / max(ctx.customers, 1) / 1000:.1f} kB a customer)")
    ]


STEPS: list[Callable[[Context], list[Row]]] = [
    step_demo,
    step_search,
    step_list_json,
    step_check_backup,
    step_size,
]


def format_rows(rows: list[Row]) -> str:
    """The figures as one Markdown table (readable in a terminal and in a report)."""
    width = max(len(label) for label, _ in rows)
    lines = [f"| {'measure'.ljust(width)} | value", f"|-{'-' * width}-|------"]
    lines += [f"| {label.ljust(width)} | {value}" for label, value in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--business", choices=("shop", "school", "office"), default="shop")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--keep", type=Path, help="build the database here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
        scratch = Path(tmp)
        db_path = args.keep or scratch / "bench.db"
        ctx = Context(args.customers, args.lang, args.business, db_path, scratch)
        rows: list[Row] = []
        for step in STEPS:
            new = step(ctx)
            for label, value in new:
                print(f"{label}: {value}", file=sys.stderr, flush=True)
            rows += new
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows.append(("machine", f"{os.cpu_count()} CPUs, load average {load:.1f} at the end (shared machine)"))
    table = format_rows(rows)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
