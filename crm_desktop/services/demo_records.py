"""Rows for demo data: customers with their follow-ups, deals, stage history, service records,
notes and tags, as plain tuples ready for `executemany` (see `services.demo`).

Times are whole seconds counted from midnight two years before `now`, turned into text through
two lookup tables (day strings, time-of-day strings): 100,000 customers make well over a
million time stamps, and this is several times faster than datetime arithmetic and
`isoformat`.

The story of each customer hangs together: the lifecycle category decides how many deals were
won, the grade follows the money spent, follow-ups and deals happen after the customer was
created and before `now`, service records follow a purchase. The figures on the customer row
(total_spent, last_contact_at, ...) are computed from the rows made here.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from itertools import accumulate
from typing import TypeVar

from crm_desktop.db.keys import normalise_email, normalise_phone
from crm_desktop.services import demo_data as d
from crm_desktop.services.demo_people import PeopleFactory, Person

CUSTOMER_COLUMNS = (
    "id", "name", "kind", "company", "title", "phone", "alt_phone", "email", "wechat", "website",
    "gender", "birthday", "country", "city", "address", "postcode", "source", "category", "grade",
    "preferred_channel", "notes", "created_at", "updated_at", "archived_at", "phone_norm",
    "alt_phone_norm", "email_norm", "name_pinyin", "name_initials", "name_sort", "total_spent", "purchase_count",
    "last_purchase_at", "last_contact_at", "next_follow_up_at", "open_service_count", "avg_satisfaction",
)  # fmt: skip

_CATEGORIES = ("prospect", "lead", "customer", "loyal", "advocate")
_CATEGORY_CUM = list(accumulate((20, 20, 30, 18, 12)))
# category -> (min, max) won deals
_WON = {"prospect": (0, 0), "lead": (0, 0), "customer": (1, 3), "loyal": (3, 5), "advocate": (3, 6)}
_DONE_FOLLOW_UPS = {
    "prospect": (0, 1),
    "lead": (1, 3),
    "customer": (1, 4),
    "loyal": (2, 6),
    "advocate": (2, 6),
}
_CHANNELS = {
    "zh": (("wechat", "phone", "sms", "visit", "email"), list(accumulate((45, 35, 5, 10, 5)))),
    "en": (("email", "phone", "sms", "visit"), list(accumulate((40, 40, 15, 5)))),
}
_SATISFACTION = ((1, 2, 3, 4, 5), list(accumulate((3, 5, 12, 35, 45))))
_DAY = 86400
T = TypeVar("T")


@dataclass
class Lookups:
    """What the database's preset offers: stage ids by outcome and option lists (code, name)."""

    open_stages: list[int]
    won_stages: list[int]
    lost_stages: list[int]
    options: dict[str, list[tuple[str, str]]]


@dataclass
class Rows:
    """One batch of rows per table, in insert order (parents before children)."""

    customers: list[tuple[object, ...]] = field(default_factory=list)
    tags: list[tuple[object, ...]] = field(default_factory=list)
    customer_tags: list[tuple[object, ...]] = field(default_factory=list)
    follow_ups: list[tuple[object, ...]] = field(default_factory=list)
    deals: list[tuple[object, ...]] = field(default_factory=list)
    deal_stage_history: list[tuple[object, ...]] = field(default_factory=list)
    service_records: list[tuple[object, ...]] = field(default_factory=list)
    notes: list[tuple[object, ...]] = field(default_factory=list)


# the text SQLAlchemy's SQLite DateTime writes and reads back, for each second of a day
@cache
def _clock() -> tuple[str, ...]:
    return tuple(f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(_DAY))


class RecordMaker:
    """Makes customers and their history in batches; ids continue from batch to batch."""

    def __init__(self, rng: random.Random, lang: str, business: str, now: datetime, lookups: Lookups) -> None:
        self.rng = rng
        self.r = rng.random
        self.lang = lang
        self.business = business
        origin = datetime.combine(now.date() - timedelta(days=731), datetime.min.time())
        self.now = int((now - origin).total_seconds())
        self.start = self.now - 730 * _DAY
        # day strings up to 90 days after now (upcoming follow-ups, expected closes)
        self.days = [(origin + timedelta(days=n)).date().isoformat() for n in range(self.now // _DAY + 91)]
        self.clock = _clock()
        self.lk = lookups
        self.people = PeopleFactory(rng, lang, business, now.date())
        self.products = [(zh if lang == "zh" else en, price) for zh, en, price in d.PRODUCTS[business]]
        self.scale = sum(p for _, p in self.products) / len(self.products)
        self.step = {"shop": 3, "school": 10, "office": 25}[business] * _DAY  # between stage changes
        self.tag_names = d.TAGS[lang]
        self.tag_ids: dict[str, int] = {}
        self._last: Person | None = None
        self.ids: dict[str, int] = {}
        opts = lookups.options
        self.fu_kinds = [c for c, _ in opts.get("follow_up", [])] or ["call"]
        self.service_kinds = [c for c, _ in opts.get("service", [])] or ["consultation"]
        self.won_reasons: list[str | None] = [n for _, n in opts.get("won_reason", [])] or [None]
        self.lost_reasons: list[str | None] = [n for _, n in opts.get("lost_reason", [])] or [None]
        self.sources: list[str | None] = [n for _, n in opts.get("source", [])] or [None]
        self.channels, self.channel_cum = _CHANNELS[lang]
        self.notes_pool = d.CUSTOMER_NOTES[lang]
        self.note_bodies = d.NOTE_BODIES[lang]
        self.subjects = d.FOLLOW_UP_SUBJECTS[lang]
        self.outcomes = d.FOLLOW_UP_OUTCOMES[lang]
        self.service_texts = d.SERVICE_BY_KIND[lang]

    # -- small helpers: cheaper than random.choice/randrange, and times as text ---------------

    def _pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.r() * len(seq))]

    def _int(self, lo: int, hi: int) -> int:
        """An integer lo..hi inclusive."""
        return lo + int(self.r() * (hi - lo + 1))

    def _ts(self, sec: int | None) -> str | None:
        return None if sec is None else self.days[sec // _DAY] + self.clock[sec % _DAY]

    def _between(self, lo: int, hi: int) -> int:
        return lo + int(self.r() * (hi - lo)) if hi > lo else lo

    def _work_time(self, sec: int) -> int:
        """A quarter hour in office hours (9:00-17:45) on the day of `sec`."""
        return sec - sec % _DAY + 9 * 3600 + int(self.r() * 36) * 900

    def _next(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def make(self, first_ids: dict[str, int], count: int) -> Rows:
        """The next `count` customers with their history. `first_ids` seeds the ids once."""
        if not self.ids:
            self.ids = dict(first_ids)
        rows = Rows()
        for _ in range(count):
            self._customer(rows)
        return rows

    def _customer(self, rows: Rows) -> None:
        r, now, ts = self.r, self.now, self._ts
        cid = self._next("customers")
        if self._last is not None and r() < 0.005:
            person = self.people.near_duplicate(self._last)
        else:
            person = self.people.person()
        self._last = person
        created = self._between(self.start, now - _DAY)
        category = self.rng.choices(_CATEGORIES, cum_weights=_CATEGORY_CUM)[0]

        won = self._deals(rows, cid, created, category)
        last_contact, next_due = self._follow_ups(rows, cid, created, category)
        open_service, scores = self._service(rows, cid, won)
        if r() < 0.2:
            for _ in range(self._int(1, 2)):
                rows.notes.append(
                    (self._next("notes"), cid, self._pick(self.note_bodies), ts(self._between(created, now)))
                )

        total = round(sum(amount for amount, _ in won), 2)
        grade = self._grade(total, category)
        self._tags(rows, cid, grade)
        updated = min(now, created + int(r() * 30 * _DAY))
        archived = ts(self._between(updated, now)) if r() < 0.01 else None
        pinyin, initials, sort = self.people.keys(person.name, person.kind)
        rows.customers.append(
            (
                cid, person.name, person.kind, person.company, person.title, person.phone,
                person.alt_phone, person.email, person.wechat, person.website, person.gender,
                person.birthday.isoformat() if person.birthday else None, person.country,
                person.city, person.address, person.postcode, self._pick(self.sources), category,
                grade, self.rng.choices(self.channels, cum_weights=self.channel_cum)[0],
                self._pick(self.notes_pool) if r() < 0.3 else None,
                ts(created), ts(updated), archived, normalise_phone(person.phone),
                normalise_phone(person.alt_phone), normalise_email(person.email), pinyin, initials, sort,
                total, len(won), ts(max((at for _, at in won), default=None)), ts(last_contact),
                ts(next_due), open_service, round(sum(scores) / len(scores), 2) if scores else None,
            )
        )  # fmt: skip

    def _grade(self, total: float, category: str) -> str | None:
        if total >= 5 * self.scale:
            return "A"
        if total >= 2 * self.scale:
            return "B"
        if total > 0:
            return "C"
        if category == "lead" and self.r() < 0.5:
            return "D"
        return None

    def _tags(self, rows: Rows, cid: int, grade: str | None) -> None:
        names: set[str] = set()
        if grade == "A" and self.r() < 0.6:
            names.add(self.tag_names[0])  # VIP
        if self.r() < 0.45:
            names.update(self.rng.sample(self.tag_names[1:], self._int(1, 3)))
        for name in sorted(names):
            tid = self.tag_ids.get(name)
            if tid is None:
                tid = self.tag_ids[name] = self._next("tags")
                rows.tags.append((tid, name))
            rows.customer_tags.append((cid, tid))

    def _deals(self, rows: Rows, cid: int, created: int, category: str) -> list[tuple[float, int]]:
        """Deals of one customer; returns (amount, closed_at) of the won ones."""
        lo, hi = _WON[category]
        plan = ["won"] * self._int(lo, hi)
        if self.r() < (0.9 if category == "lead" else 0.45):
            plan.append("open")
        if self.r() < (0.3 if category == "prospect" else 0.5):
            plan.append("lost")
        won: list[tuple[float, int]] = []
        for n, outcome in enumerate(plan):
            won_at = self._deal(rows, cid, created, outcome, renewal=outcome == "won" and n > 0)
            if won_at is not None:
                won.append(won_at)
        return won

    def _deal(
        self, rows: Rows, cid: int, created: int, outcome: str, renewal: bool
    ) -> tuple[float, int] | None:
        r, lk, now, ts = self.r, self.lk, self.now, self._ts
        product, price = self._pick(self.products)
        amount = price * (0.7 + 0.8 * r()) * (self._int(1, 3) if self.business == "shop" else 1)
        amount = float(round(amount, -2 if self.business == "office" else 0))
        opened = self._work_time(self._between(created, now - _DAY))
        n_open = len(lk.open_stages)
        if outcome == "open" or not lk.won_stages or not lk.lost_stages:
            path = lk.open_stages[: self._int(1, n_open)]
            final, status = (path[-1] if path else None), "open"
        elif outcome == "won":
            path = lk.open_stages[: self._int(0, n_open)]
            final = lk.won_stages[-1] if renewal else lk.won_stages[0]
            status = "won"
        else:
            path = lk.open_stages[: self._int(1, n_open)]
            final, status = self._pick(lk.lost_stages), "lost"
        if final is None:
            return None
        if status != "open":
            path = [*path, final]
        # a stage change every few days (shops) to weeks (offices)
        times = [opened]
        for _ in path[1:]:
            times.append(self._work_time(times[-1] + int((0.2 + 1.8 * r()) * self.step)))
            if times[-1] < times[-2]:  # the same day's office hours, earlier: keep the order
                times[-1] = times[-2]
        # Changes that would fall after now have not happened yet: the deal is still open at
        # its last stage before now (clamping them to now piled closed deals onto today).
        while len(times) > 1 and times[-1] > now:
            times.pop()
            path.pop()
        if path[-1] != final:
            status, final = "open", path[-1]
        deal_id = self._next("deals")
        prev = None
        history = rows.deal_stage_history
        for stage, at in zip(path, times, strict=True):
            history.append((self._next("deal_stage_history"), deal_id, prev, stage, ts(at), None))
            prev = stage
        closed = times[-1] if status != "open" else None
        reason = None
        if status == "won":
            reason = self._pick(self.won_reasons)
        elif status == "lost":
            reason = self._pick(self.lost_reasons)
        expected = self.days[(closed or now + self._int(3, 60) * _DAY) // _DAY]
        rows.deals.append(
            (
                deal_id, cid, product, amount, final, status, expected, ts(closed), reason,
                product, None, ts(opened), ts(times[-1]),
            )
        )  # fmt: skip
        return (amount, closed) if status == "won" and closed is not None else None

    def _follow_ups(self, rows: Rows, cid: int, created: int, category: str) -> tuple[int | None, int | None]:
        """Done follow-ups (a chain) and maybe one open; returns (last contact, next due)."""
        r, now, ts = self.r, self.now, self._ts
        lo, hi = _DONE_FOLLOW_UPS[category]
        dues = sorted(self._work_time(self._between(created, now - _DAY)) for _ in range(self._int(lo, hi)))
        prev = None
        last_done: int | None = None
        for due in dues:
            late = int(r() * 48) * 300  # up to four hours
            if r() < 0.3:  # done a day or two late
                late += self._int(1, 2) * _DAY
            done = min(now, due + late)
            fid = self._next("follow_ups")
            made = max(created, due - self._int(1, 10) * _DAY)
            rows.follow_ups.append(
                (
                    fid, cid, self._pick(self.fu_kinds), self._pick(self.subjects), ts(due), ts(done),
                    self._pick(self.outcomes), None, prev, ts(made),
                )
            )  # fmt: skip
            prev = fid
            last_done = done if last_done is None or done > last_done else last_done
        next_due = None
        if r() < 0.35:
            x = r()
            if x < 0.3:  # overdue
                next_due = self._work_time(now - self._int(1, 30) * _DAY)
            elif x < 0.45:  # due today
                next_due = self._work_time(now)
            else:  # upcoming
                next_due = self._work_time(now + self._int(1, 30) * _DAY)
            made = max(created, min(now, next_due) - self._int(1, 14) * _DAY)
            rows.follow_ups.append(
                (
                    self._next("follow_ups"), cid, self._pick(self.fu_kinds), self._pick(self.subjects),
                    ts(next_due), None, None, None, prev, ts(made),
                )
            )  # fmt: skip
        return last_done, next_due

    def _service(self, rows: Rows, cid: int, won: list[tuple[float, int]]) -> tuple[int, list[int]]:
        """Service records after the first purchase; returns (open count, satisfaction scores)."""
        r, now, ts = self.r, self.now, self._ts
        if not won or r() > 0.4:
            return 0, []
        first = min(at for _, at in won)
        open_count = 0
        scores: list[int] = []
        for _ in range(self._int(1, 2)):
            opened = min(now, self._work_time(self._between(first, now)))
            kind = self._pick(self.service_kinds)
            subjects, resolutions = self.service_texts.get(kind, self.service_texts["consultation"])
            subject = self._pick(subjects)
            # resolved within 1-240 hours, in working hours; one still unresolved by now stays open
            resolved = max(opened + 900, self._work_time(opened + self._int(1, 240) * 3600))
            if r() < 0.8 and resolved <= now:
                score = self.rng.choices(*_SATISFACTION)[0]
                status = "closed" if r() < 0.5 else "resolved"
                scores.append(score)
                row: tuple[object, ...] = (
                    status,
                    ts(opened),
                    ts(resolved),
                    self._pick(resolutions),
                    score,
                    ts(resolved),
                )
            else:
                open_count += 1
                status = "open" if r() < 0.6 else "in_progress"
                row = (status, ts(opened), None, None, None, ts(opened))
            rows.service_records.append((self._next("service_records"), cid, kind, subject, None, *row))
        return open_count, scores
