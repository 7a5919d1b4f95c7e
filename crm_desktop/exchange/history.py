"""Past purchases brought in by a customers import, as one opening "imported history" deal.

A file from an earlier system often says what a customer bought before (累计消费, 消费次数,
最近消费 / Total spent, Orders, Last order). The figures stay derived from records
(`services.figures`): the import writes one won deal per customer, titled "imported purchase
history", whose amount is the total, whose `history_purchases` is the number of purchases it
stands for and whose close date is the last purchase (or the import's time). Undoing the
import removes it.

The file's values are the customer's figures after the import. For a new customer the opening
deal carries them whole. For a known customer updated from the file, the opening deal carries
what the customer's other won deals do not already account for, and an earlier opening deal is
updated in place (never a second one); re-importing our own export therefore changes nothing.
A blank cell keeps what the customer had.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crm_desktop import messages
from crm_desktop.errors import CrmError
from crm_desktop.fields import HISTORY_KEYS, format_money


@dataclass(slots=True)
class History:
    """What one row says about a customer's past purchases, and the opening deal it makes."""

    total: float | None = None
    count: int | None = None
    last: datetime | None = None
    # worked out when planning: the opening deal to write
    deal_id: int | None = None  # the customer's earlier opening deal, updated in place
    amount: float = 0.0
    purchases: int = 0
    closed_at: datetime | None = None  # None: the import's own time


def take_history(values: dict[str, Any]) -> History | None:
    """Remove the past-purchase figures from a row's `values`; the opening deal for a new customer."""
    if not any(k in values for k in HISTORY_KEYS):
        return None
    total = values.pop("total_spent", None)
    count = values.pop("purchase_count", None)
    last = values.pop("last_purchase_at", None)
    h = History(total, count, last)
    h.amount = round(total or 0.0, 2)
    h.purchases = count if count is not None else (1 if (total or last) else 0)
    h.closed_at = last
    return h  # kept even when empty: on update, a 0 in the file brings an earlier opening deal down


@dataclass(slots=True)
class _Known:
    """A known customer's won deals: its newest opening deal, and all the others summed up."""

    other_total: float = 0.0
    other_count: int = 0
    other_last: datetime | None = None
    deal_id: int | None = None
    amount: float = 0.0
    purchases: int = 0
    closed_at: datetime | None = None

    def figures(self) -> tuple[float, int, datetime | None]:
        """Total spent, purchase count and last purchase as `services.figures` works them out."""
        total = round(self.other_total + self.amount, 2)
        last = _later(self.other_last, _dated(self.purchases, self.closed_at))
        return total, self.other_count + self.purchases, last

    def add(self, amount: float, purchases: int, closed_at: datetime | None) -> None:
        self.other_total += amount
        self.other_count += purchases
        self.other_last = _later(self.other_last, closed_at)


def _dated(purchases: int, closed_at: datetime | None) -> datetime | None:
    # an opening deal that stands for no purchase has no purchase date (as `services.figures`)
    return closed_at if purchases else None


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return max(a, b) if a is not None and b is not None else a or b


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def known_figures(raw: Any, ids: list[int]) -> dict[int, _Known]:
    """The won deals of customers `ids`: the newest opening deal apart, the others summed."""
    found: dict[int, _Known] = {cid: _Known() for cid in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for did, cid, amount, purchases, closed_at in raw.execute(
            "SELECT id, customer_id, amount, history_purchases, closed_at FROM deals "
            f"WHERE customer_id IN ({marks}) AND status = 'won' ORDER BY id",
            chunk,
        ):
            k = found[cid]
            if purchases is None:
                k.add(float(amount or 0), 1, _when(closed_at))
                continue
            if k.deal_id is not None:  # an older opening deal (two customers merged): one of the others
                k.add(k.amount, k.purchases, k.closed_at)
            k.deal_id, k.amount, k.purchases, k.closed_at = (
                did,
                float(amount or 0),
                int(purchases),
                _when(closed_at),
            )
    return found


def plan_update(h: History, k: _Known) -> dict[str, tuple[Any, Any]]:
    """Settle the opening deal of a known customer; the figures that change, as (before, after)."""
    h.deal_id = k.deal_id
    if h.total is not None:
        h.amount = max(0.0, round(h.total - k.other_total, 2))
    else:
        h.amount = k.amount
    if h.count is not None:
        h.purchases = max(0, h.count - k.other_count)
    elif k.deal_id is not None:
        h.purchases = k.purchases
    else:
        h.purchases = 1 if h.amount > 0 else 0
    h.closed_at = h.last if h.last is not None else k.closed_at
    if k.deal_id is None and not (h.amount > 0 or h.purchases > 0):
        h.closed_at = None
        return {}  # the customer's own records already account for what the file says
    if k.deal_id is not None and (h.amount, h.purchases, h.closed_at) == (k.amount, k.purchases, k.closed_at):
        return {}
    before = k.figures()
    after = (
        round(k.other_total + h.amount, 2),
        k.other_count + h.purchases,
        _later(k.other_last, _dated(h.purchases, h.closed_at)),
    )
    # only what the user would see change: an opening deal that would move under the same figures stays
    return {key: (old, new) for key, old, new in zip(HISTORY_KEYS, before, after, strict=True) if old != new}


# the columns of an opening deal an import may change (and its undo puts back)
_DEAL_COLUMNS = ("amount", "history_purchases", "closed_at", "created_at", "updated_at", "notes")


def write_history(
    raw: Any,
    batch_id: int,
    rows: list[tuple[int, History]],
    stamp: datetime,
    lang: str | None = None,
    source: str = "",
) -> list[int]:
    """Write the opening deals of `rows` ((customer id, history)); returns the customers touched.

    Each deal is recorded in the import's batch: created ones are removed by its undo, updated
    ones get their earlier values back. Its note says where it came from (file `source`).
    """
    from crm_desktop.exchange.dbwrite import next_id, sql_value

    rows = [(cid, h) for cid, h in rows if (h.amount > 0 or h.purchases > 0) or h.deal_id is not None]
    if not rows:
        return []
    found = raw.execute(
        "SELECT id FROM pipeline_stages WHERE outcome = 'won' ORDER BY position, id LIMIT 1"
    ).fetchone()
    if found is None:
        raise CrmError("stage.no_won")
    stage_id = int(found[0])
    title = messages.text("deal.history_title", lang)
    now = sql_value(stamp)
    first = next_id(raw, "deals")
    inserts: list[tuple[Any, ...]] = []
    history: list[tuple[Any, ...]] = []
    created: list[tuple[int, int]] = []
    updated: list[tuple[int, int, str]] = []
    for cid, h in rows:
        when = sql_value(h.closed_at or stamp)
        note = messages.text(
            "deal.history_note", lang, file=source, count=h.purchases, amount=format_money(h.amount)
        )
        if h.deal_id is None:
            did = first + len(inserts)
            inserts.append((did, cid, title, h.amount, stage_id, "won", when, when, now, h.purchases, note))
            history.append((did, stage_id, when))
            created.append((batch_id, did))
            continue
        before = raw.execute(
            f"SELECT {', '.join(_DEAL_COLUMNS)} FROM deals WHERE id = ?", (h.deal_id,)
        ).fetchone()
        raw.execute(
            f"UPDATE deals SET {', '.join(f'{k} = ?' for k in _DEAL_COLUMNS)} WHERE id = ?",
            (h.amount, h.purchases, when, when, now, note, h.deal_id),
        )
        updated.append((batch_id, h.deal_id, json.dumps(dict(zip(_DEAL_COLUMNS, before, strict=True)))))
    if inserts:
        raw.executemany(
            "INSERT INTO deals (id, customer_id, title, amount, stage_id, status, closed_at, created_at, "
            "updated_at, history_purchases, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        raw.executemany(
            "INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, changed_at) VALUES (?, NULL, ?, ?)",
            history,
        )
        raw.executemany(
            "INSERT INTO import_batch_items (batch_id, entity, record_id, action) VALUES (?, 'deal', ?, 'created')",
            created,
        )
    if updated:
        raw.executemany(
            "INSERT INTO import_batch_items (batch_id, entity, record_id, action, before) "
            "VALUES (?, 'deal', ?, 'updated', ?)",
            updated,
        )
    return sorted({cid for cid, _h in rows})


def restore_deal(raw: Any, deal_id: int, before: dict[str, Any]) -> int | None:
    """Put an opening deal back as an undone import found it; its customer, or None if it is gone."""
    row = raw.execute("SELECT customer_id FROM deals WHERE id = ?", (deal_id,)).fetchone()
    if row is None:
        return None
    keys = [k for k in _DEAL_COLUMNS if k in before]
    if keys:
        raw.execute(
            f"UPDATE deals SET {', '.join(f'{k} = ?' for k in keys)} WHERE id = ?",
            [*(before[k] for k in keys), deal_id],
        )
    return int(row[0])
