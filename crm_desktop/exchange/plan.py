"""The result of planning an import: what will happen to every row, before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm_desktop.errors import CrmError
from crm_desktop.exchange.matching import Mapping

POLICIES = ("skip", "update", "add")
# actions of a row
CREATE, UPDATE, UNCHANGED, DUPLICATE, ERROR = "create", "update", "unchanged", "duplicate", "error"


@dataclass(slots=True)
class RowError:
    """Why one cell (or row) cannot be imported; `row` is the sheet row number."""

    row: int
    column: str
    error: CrmError
    value: Any = None  # the cell as it was in the file (kept aside, word for word)
    kept: bool = False  # the value was kept aside (in the customer's notes), its row imported
    col: int | None = None  # the column's index in the file, when the problem is one cell

    def reason(self, lang: str | None = None) -> str:
        return self.error.message(lang)

    def describe(self, lang: str | None = None) -> str:
        """The reason, after the file's column name when the reason does not already name it.

        A value error names its field (`邮箱：bad-email 不是有效的电子邮箱。`); repeating a column
        of the same name in front read `邮箱: 邮箱：...`. A column the user named differently
        (`E-mail Address`) is kept so the cell can be found in the file.
        """
        text = self.reason(lang)
        if not self.column:  # about the whole row
            return text
        key = getattr(self.error, "field", None)
        if key is not None:
            from crm_desktop.fields import field_label

            names = {key, field_label(key, "zh"), field_label(key, "en")}
            if self.column.strip().casefold() in {n.casefold() for n in names}:
                return text
        return f"{self.column}{'：' if lang == 'zh' else ': '}{text}"


@dataclass(slots=True)
class RowResult:
    """What the import will do with one row of the file."""

    row: int
    action: str
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)
    record_id: int | None = None  # the existing record updated, or duplicated
    duplicate_of_row: int | None = None  # an earlier row of the same file
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (before, after)
    cells: list[Any] = field(default_factory=list)  # the raw cells, for the rejected-rows file
    # values that could not be used whole (text cut to fit, a bad past-purchase figure left
    # out): the row is still imported, and these are reported
    notes: list[RowError] = field(default_factory=list)
    own_id: int | None = None  # the id column of our own export, matched to that customer only
    person: Any = None  # importer._Person of this row, made once when duplicates are decided
    # past purchases the row brings in (customers; `exchange.history.History`), or None
    history: Any = None
    # why the row is a duplicate or was kept apart from a customer it shares a phone with
    # (`exchange.importer.Reason`), shown in the dry run
    reason: Any = None
    # lines kept aside in the notes (`导入时未识别：手机 -9892`), merged into known notes on update
    kept: str | None = None

    def describe(self, lang: str | None = None) -> str:
        """One line for a dry run: will create / will update (fields) / duplicate of ... / error."""
        text = self._action(lang)
        if self.reason is not None:
            text += ("（" if lang == "zh" else " (") + self.reason.describe(lang)
            text += "）" if lang == "zh" else ")"
        if self.notes and self.action in (CREATE, UPDATE):
            sep = "；" if lang == "zh" else "; "
            text += ("（" if lang == "zh" else " (") + sep.join(n.describe(lang) for n in self.notes)
            text += "）" if lang == "zh" else ")"
        return text

    def _action(self, lang: str | None) -> str:
        zh = lang == "zh"
        if self.action == CREATE:
            return "将新建" if zh else "will create"
        if self.action == UPDATE:
            from crm_desktop.fields import field_label

            fields = ("、" if zh else ", ").join(field_label(k, "zh" if zh else "en") for k in self.changes)
            return (
                f"将更新记录 {self.record_id}：{fields}"
                if zh
                else f"will update record {self.record_id}: {fields}"
            )
        if self.action == UNCHANGED:
            return (
                f"与记录 {self.record_id} 相同，无需更改"
                if zh
                else f"same as record {self.record_id}: nothing to change"
            )
        if self.action == DUPLICATE:
            if self.record_id is not None:
                return (
                    f"与记录 {self.record_id} 重复，跳过"
                    if zh
                    else f"duplicate of record {self.record_id}: skipped"
                )
            return (
                f"与第 {self.duplicate_of_row} 行重复，跳过"
                if zh
                else f"duplicate of row {self.duplicate_of_row}: skipped"
            )
        sep = "；" if zh else "; "
        reasons = sep.join(e.describe(lang) for e in self.errors)
        return ("不导入：" if zh else "left out: ") + reasons


@dataclass
class ImportPlan:
    """Every row's planned action; `run_import` writes it, a dry run only shows it."""

    kind: str
    path: Path
    sheet: str
    header_row: int
    headers: list[str]
    mapping: Mapping
    policy: str
    rows: list[RowResult]
    warnings: list[str] = field(default_factory=list)
    lang: str | None = None  # the language of titles the import writes
    # what the customers table looked like when duplicates were decided (`customers_state`)
    customers_state: tuple[Any, ...] | None = None

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def errors(self) -> list[RowError]:
        """Every problem of every invalid row, in row order."""
        return [e for r in self.rows if r.action == ERROR for e in r.errors]

    @property
    def notes(self) -> list[RowError]:
        """Values of the rows to be written that could not be used whole, in row order."""
        return [n for r in self.rows if r.action in (CREATE, UPDATE) for n in r.notes]

    @property
    def invalid_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == ERROR]

    @property
    def kept(self) -> list[RowError]:
        """Values kept aside (in the customer's notes) by rows to be written, in row order."""
        return [n for n in self.notes if n.kept]

    @property
    def problems(self) -> list[RowError]:
        """Every problem in row order: values kept aside or cut, and the rows left out."""
        found = [
            p
            for r in self.rows
            if r.action in (ERROR, CREATE, UPDATE)
            for p in (r.errors if r.action == ERROR else r.notes)
        ]
        return sorted(found, key=lambda p: p.row)

    def summary(self) -> dict[str, int]:
        """Counts by action, e.g. {'create': 98, 'duplicate': 2, 'error': 0, ...}, and `kept`:
        the values kept aside."""
        counts = {a: self.count(a) for a in (CREATE, UPDATE, UNCHANGED, DUPLICATE, ERROR)}
        counts["kept"] = len(self.kept)
        return counts


@dataclass
class ImportResult:
    """What an import wrote: its batch (for undo) and the counts."""

    batch_id: int | None
    created: int
    updated: int
    skipped: int
    rejected: int
    rejected_path: Path | None = None  # the problems file, when one was asked for
    # values of the written rows that could not be used whole (see `ImportPlan.notes`)
    notes: list[RowError] = field(default_factory=list)
    record_ids: list[int] = field(default_factory=list, repr=False)
