"""`import`, `imports list`, `imports undo ID` and `export`: spreadsheets in and out from the command line."""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from pathlib import Path
from typing import Any

KINDS = ("customers", "follow-ups", "deals", "service")


def register(subparsers: Any) -> None:
    """Add the import and export commands."""
    from crm_desktop.cli import add_command

    imp = add_command(subparsers, "import", help="import records from .xlsx, .xls, .ods or .csv")
    imp.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--sheet", metavar="NAME", help="sheet to read (default: the first)")
    imp.add_argument("--header-row", type=int, metavar="N", help="row number of the header (default: found)")
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would happen row by row; change nothing"
    )
    imp.add_argument(
        "--create",
        action="store_true",
        help="the database file exists but is empty: start a new database in it",
    )
    imp.add_argument(
        "--strict",
        action="store_true",
        help="refuse the whole file, writing nothing, if any row or value has a problem "
        "(default: every row that names someone is imported; unusable values are kept in its notes)",
    )
    imp.add_argument(
        "--problems-file",
        "--rejected-file",
        dest="problems_file",
        metavar="OUT.xlsx",
        help="write every problem (sheet row, column, value, reason) to this .xlsx file",
    )
    imp.add_argument(
        "--skip-invalid",
        action="store_true",
        help="accepted for older scripts: rows that identify no one are always left out",
    )
    imp.add_argument(
        "--on-duplicate",
        choices=("skip", "update", "add"),
        default="skip",
        help="a row matching a known record (customers: same email, or same phone and a similar "
        "name; other kinds: same customer, date and title): skip = leave it out, the known record "
        "unchanged (default); "
        "update = customers only: write the row's filled-in cells into the known customer; "
        "add = import it as a new record anyway",
    )
    imp.add_argument(
        "--mapping", metavar="FILE", help="JSON {header: field} overriding the automatic matching"
    )
    imp.add_argument("--save-mapping", metavar="FILE", help="write the mapping used to FILE for next time")
    imp.set_defaults(handler=_import)

    imports = add_command(subparsers, "imports", help="list or undo earlier imports")
    sub = imports.add_subparsers(dest="imports_command", metavar="ACTION", required=True)
    lst = add_command(sub, "list", help="list imports, newest first")
    lst.set_defaults(handler=_list)
    undo = add_command(sub, "undo", help="undo an import: remove what it created, put back what it changed")
    undo.add_argument("id", type=int, metavar="ID")
    undo.set_defaults(handler=_undo)

    exp = add_command(subparsers, "export", help="export records to .xlsx or .csv (by the file's extension)")
    exp.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("--search", metavar="TEXT", help="only the customers this search finds")
    exp.set_defaults(handler=_export)


def _open(args: argparse.Namespace, create: bool = False) -> Any:
    from crm_desktop.cli import open_db

    db = open_db(args, create=create, adopt_empty=create and bool(getattr(args, "create", False)))
    if db.created:
        # a file made by this import: give it the default stages and kinds, as the app would
        from crm_desktop.services.presets import apply_preset

        with db.session() as s:
            apply_preset(s, "shop")
    return db


def _import(args: argparse.Namespace) -> int:
    from crm_desktop.cli import db_path
    from crm_desktop.exchange.table import read_table

    rejected = _problems_target(args)
    table = read_table(
        args.file, sheet=args.sheet, header_row=args.header_row, kind=args.kind, lang=args.lang
    )
    with contextlib.ExitStack() as stack:
        target = db_path(args)
        if args.dry_run and (not target.exists() or (target.is_file() and target.stat().st_size == 0)):
            # a dry run never creates the database: plan against an empty one that is thrown away
            args = argparse.Namespace(
                **{**vars(args), "db": stack.enter_context(tempfile.TemporaryDirectory()) + "/dry.db"}
            )
        return _import_into(args, table, rejected)


def _problems_target(args: argparse.Namespace) -> Path | None:
    """`--problems-file PATH`, checked before any work: a new or replaceable .xlsx file in an
    existing folder, never the file being imported or the database."""
    from crm_desktop.cli import db_path
    from crm_desktop.errors import CrmError

    if args.problems_file is None:
        return None
    path = Path(args.problems_file).expanduser().absolute()

    def refuse(en: str, zh: str) -> CrmError:
        return CrmError("import.rejected_file", path=path, detail=lambda lang: zh if lang == "zh" else en)

    if path.is_dir():
        raise refuse("it is a folder", "这是一个文件夹")
    if path.suffix.lower() != ".xlsx":
        raise refuse("the problems are written as an .xlsx workbook", "问题清单只能写成 .xlsx 工作簿")
    if not path.parent.is_dir():
        raise refuse(f"there is no folder {path.parent}", f"文件夹 {path.parent} 不存在")
    for other, en, zh in (
        (Path(args.file), "it is the file being imported", "这是正在导入的文件"),
        (db_path(args), "it is the database file", "这是数据库文件"),
    ):
        if path.exists() and other.exists() and path.samefile(other):
            raise refuse(en, zh)
    return path


def _save_mapping(path: Path, text: str) -> None:
    """Write `--save-mapping FILE`; a folder that is missing or read-only is the user's to fix."""
    from crm_desktop.errors import CrmError

    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CrmError("export.cannot_write", path=path, detail=exc.strerror or str(exc)) from exc


def _import_into(args: argparse.Namespace, table: Any, rejected: Path | None = None) -> int:
    from crm_desktop.cli import say
    from crm_desktop.exchange.dbwrite import run_import
    from crm_desktop.exchange.importer import plan_import
    from crm_desktop.exchange.matching import apply_saved, match_headers
    from crm_desktop.fields import field_label
    from crm_desktop.services.customer_query import custom_field_names

    db = _open(args, create=True)
    try:
        with db.session() as s:
            customs = custom_field_names(s) if args.kind == "customers" else []
            mapping = match_headers(args.kind, table.headers, customs)
            if args.mapping:
                apply_saved(mapping, args.mapping)
            plan = plan_import(
                s, args.kind, table, mapping, args.on_duplicate, lang=args.lang, strict=args.strict
            )
        if args.save_mapping:
            _save_mapping(Path(args.save_mapping), mapping.to_json())
        out = sys.stdout
        if table.vcard:  # cards, not a sheet with a header row
            line = _t(
                args,
                f"{table.path.name}: {len(table.rows)} contact cards",
                f"{table.path.name}：共 {len(table.rows)} 张名片",
            )
        else:
            line = _t(
                args,
                f"{table.path.name} [{table.sheet}], header row {table.header_row}, {len(table.rows)} rows",
                f"{table.path.name} [{table.sheet}]，表头在第 {table.header_row} 行，共 {len(table.rows)} 行",
            )
        print(line, file=out)
        if table.sheet_chosen:  # the first sheet was empty or held no one: say which was read
            say(
                "import.sheet_chosen",
                args,
                first=table.sheets[0],
                sheet=table.sheet,
                sheets=table.sheet_list(),
            )
        labels = _target_labels(args)
        for header, target in mapping.matched().items():
            print(f"  {header} -> {labels.get(target) or field_label(target, args.lang)}", file=out)
        if mapping.unmatched():
            print(_t(args, "  not imported: ", "  不导入：") + ", ".join(mapping.unmatched()), file=out)
        if args.dry_run:
            for row in plan.rows:
                print(_t(args, f"row {row.row}: ", f"第 {row.row} 行：") + row.describe(args.lang), file=out)
            print(_counts(args, plan.summary()), file=out)
            _print_problems(args, plan.problems)
            if rejected is not None:
                from crm_desktop.exchange.writers import write_problems

                write_problems(rejected, plan, args.lang)
                say("import.problems_written", args, path=rejected)
            if args.strict:  # the real run would refuse the file: say so, as it would
                from crm_desktop.exchange.dbwrite import refuse_if_any_problem

                refuse_if_any_problem(plan)
            return 0
        result = run_import(db, plan, strict=args.strict, problems_path=rejected)
    finally:
        db.close()
    r = result
    from crm_desktop import messages

    counts = plan.summary()
    summary = messages.text(
        "import.summary",
        args.lang,
        created=r.created,
        updated=r.updated,
        duplicates=counts["duplicate"] + counts["unchanged"],
        kept=counts["kept"],
        left_out=r.rejected,
    )
    print(_t(args, f"import {r.batch_id}: ", f"导入 {r.batch_id}：") + summary)
    _print_problems(args, plan.problems)
    if r.rejected_path is not None:
        say("import.problems_written", args, path=r.rejected_path)
    return 0


SHOWN_PROBLEMS = 20


def _print_problems(args: argparse.Namespace, problems: list[Any], all_of_them: bool = False) -> None:
    """Each problem with its sheet row, column and reason (the first 20 after an import, with a
    pointer to --problems-file for the rest)."""
    if not problems:
        return
    shown = problems if all_of_them else problems[:SHOWN_PROBLEMS]
    print(
        _t(
            args,
            f"{len(problems)} problem{'' if len(problems) == 1 else 's'}:",
            f"共 {len(problems)} 处问题：",
        )
    )
    for p in shown:
        print("  " + _t(args, f"row {p.row}: ", f"第 {p.row} 行：") + p.describe(args.lang))
    if len(problems) > len(shown):
        more = len(problems) - len(shown)
        print(
            "  "
            + _t(
                args,
                f"… and {more} more (--problems-file OUT.xlsx lists them all)",
                f"…… 另有 {more} 处（用 --problems-file OUT.xlsx 可列出全部）",
            )
        )


def _target_labels(args: argparse.Namespace) -> dict[str, str]:
    """What a column was matched to, as the user knows it: the field's name in their language."""
    from crm_desktop.exchange.matching import import_targets

    zh = getattr(args, "lang", None) == "zh"
    return {key: zh_name if zh else en_name for key, en_name, zh_name in import_targets(args.kind)}


# the record kinds as `imports list` names them
_KIND_NAMES = {"customers": "客户", "follow-ups": "跟进", "deals": "商机", "service": "服务记录"}


def _t(args: argparse.Namespace, en: str, zh: str) -> str:
    return zh if getattr(args, "lang", None) == "zh" else en


def _n(count: int, word: str) -> str:
    """`1 row`, `2 rows`: an English count."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _counts(args: argparse.Namespace, c: dict[str, int]) -> str:
    return _t(
        args,
        f"{c['create']} to create, {c['update']} to update, {c['unchanged']} unchanged, "
        f"{_n(c['duplicate'], 'duplicate')}, {_n(c['kept'], 'value')} kept aside, "
        f"{_n(c['error'], 'row')} left out",
        f"将新建 {c['create']}，更新 {c['update']}，无变化 {c['unchanged']}，重复 {c['duplicate']}，"
        f"保留在备注中的值 {c['kept']}，未导入的行 {c['error']}",
    )


def _list(args: argparse.Namespace) -> int:
    from crm_desktop.exchange.undo import list_imports

    db = _open(args, create=False)
    try:
        with db.session() as s:
            batches = list_imports(s)
    finally:
        db.close()
    for b in batches:
        state = (
            _t(args, f"undone {b.undone_at:%Y-%m-%d %H:%M}", f"已撤销 {b.undone_at:%Y-%m-%d %H:%M}")
            if b.undone_at
            else ""
        )
        kind = _t(args, b.kind, _KIND_NAMES.get(b.kind, b.kind))
        counts = _t(
            args,
            f"{b.created} created, {b.updated} updated, {b.skipped} skipped",
            f"新建 {b.created}，更新 {b.updated}，跳过 {b.skipped}",
        )
        print(f"{b.id}\t{b.created_at:%Y-%m-%d %H:%M}\t{kind}\t{b.file_name}\t{counts}\t{state}".rstrip())
    return 0


def _undo(args: argparse.Namespace) -> int:
    from crm_desktop.errors import CrmError
    from crm_desktop.exchange.undo import undo_import_keeping_backup

    db = _open(args, create=False)
    try:
        if db.read_only:
            raise CrmError("db.readonly", path=db.path)
        done, _kept = undo_import_keeping_backup(db, args.id)
    finally:
        db.close()
    print(
        _t(
            args,
            f"import {args.id} undone: {done['removed']} records removed, {done['restored']} restored",
            f"导入 {args.id} 已撤销：删除 {done['removed']} 条记录，恢复 {done['restored']} 条",
        )
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from crm_desktop.exchange.export import export_records

    ids = None
    db = _open(args, create=False)
    try:
        with db.session() as s:
            if args.search:
                ids = _search_ids(s, args.kind, args.search)
            result = export_records(s, args.kind, args.file, ids=ids, lang=args.lang)
    finally:
        db.close()
    print(
        _t(
            args,
            f"{result.count} records written to {result.path}",
            f"已写入 {result.count} 条记录到 {result.path}",
        )
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _search_ids(s: Any, kind: str, text: str) -> list[int]:
    if kind == "customers":
        from crm_desktop.services.customer_query import CustomerQuery, customer_ids

        return customer_ids(s, CustomerQuery(search=text))
    from crm_desktop.exchange.records import search_record_ids

    return search_record_ids(s, kind, text)
