"""SQLAlchemy 2.x typed models: the whole schema of a CRM Desktop database.

Times are naive local date-times (a desktop app on one machine); money is a float rounded
to cents by the services. Column names of `Customer` are the keys of the field catalogue
(`crm_desktop.fields`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def stored_date(value: Any) -> date | None:
    """A DATE column's stored text as a date; None when it is empty or damaged."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def stored_datetime(value: Any) -> datetime | None:
    """A DATETIME column's stored text as a datetime; None when it is empty or damaged."""
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


class LenientDate(TypeDecorator[date]):
    """A DATE column whose stored text, if damaged ("1990-13-45", written by another program or
    a broken disk), reads as None instead of raising: a ValueError in one row stopped every
    list, export and report of the file. What is stored is left as it was."""

    impl = Date
    cache_ok = True

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        return stored_date


class LenientDateTime(TypeDecorator[datetime]):
    """A DATETIME column that reads damaged text as None (see `LenientDate`)."""

    impl = DateTime
    cache_ok = True

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        return stored_datetime


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class Base(DeclarativeBase):
    pass


customer_tags = Table(
    "customer_tags",
    Base.metadata,
    Column("customer_id", ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_customer_tags_tag", "tag_id"),
)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)


# Columns of the covering index that short searches scan (archived_at first, so that plain
# lookups by name keep using ix_customers_name).
SEARCH_SCAN_COLUMNS = (
    "archived_at",
    "name",
    "company",
    "email_norm",
    "phone_norm",
    "alt_phone_norm",
    "name_pinyin",
    "name_initials",
    "notes",
    "name_sort",  # results are ordered by it: read here, not from every matching row
)


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="person")  # person | company
    company: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    alt_phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(254))
    wechat: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(300))
    gender: Mapped[str | None] = mapped_column(String(10))  # male | female | other
    birthday: Mapped[date | None] = mapped_column(LenientDate)
    country: Mapped[str | None] = mapped_column(String(100))
    city: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(500))
    postcode: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str | None] = mapped_column(String(100))
    # lifecycle: prospect -> lead -> customer -> loyal -> advocate
    category: Mapped[str] = mapped_column(String(20), default="prospect")
    grade: Mapped[str | None] = mapped_column(String(10))  # value grade A/B/C/D
    preferred_channel: Mapped[str | None] = mapped_column(String(20))
    # a student's parent or guardian (migration 0004)
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    guardian_relation: Mapped[str | None] = mapped_column(String(50))
    guardian_phone: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = mapped_column(Text)
    custom: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now)
    updated_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now, onupdate=_now)
    # imported without a name: the name shown is the company, email or phone (migration 0007);
    # cleared when the name is edited
    name_missing: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    archived_at: Mapped[datetime | None] = mapped_column(LenientDateTime)

    # Normalised keys for duplicate matching (digits of phones, lower-case email).
    phone_norm: Mapped[str | None] = mapped_column(String(50))
    alt_phone_norm: Mapped[str | None] = mapped_column(String(50))
    email_norm: Mapped[str | None] = mapped_column(String(254))
    # Digits of the guardian's phone, kept by database triggers (migration 0004) on every write
    # path, so that a parent's number finds the student.
    guardian_phone_norm: Mapped[str | None] = mapped_column(String(50))
    # Search keys kept by the services: pinyin of the name, full and initials.
    name_pinyin: Mapped[str | None] = mapped_column(String(400))
    name_initials: Mapped[str | None] = mapped_column(String(200))
    # Sort key of the name: syllables one by one, surname first (db/keys.py name_sort_key).
    name_sort: Mapped[str | None] = mapped_column(String(500))

    # Read-only figures, kept current by the services.
    total_spent: Mapped[float] = mapped_column(Float, default=0.0)
    purchase_count: Mapped[int] = mapped_column(Integer, default=0)
    last_purchase_at: Mapped[datetime | None] = mapped_column(LenientDateTime)
    last_contact_at: Mapped[datetime | None] = mapped_column(LenientDateTime)
    next_follow_up_at: Mapped[datetime | None] = mapped_column(LenientDateTime)
    open_service_count: Mapped[int] = mapped_column(Integer, default=0)
    avg_satisfaction: Mapped[float | None] = mapped_column(Float)

    tags: Mapped[list[Tag]] = relationship(secondary=customer_tags, lazy="selectin", order_by=Tag.name)

    __table_args__ = (
        Index("ix_customers_name", "name"),
        Index("ix_customers_phone_norm", "phone_norm"),
        Index("ix_customers_alt_phone_norm", "alt_phone_norm"),
        Index("ix_customers_email_norm", "email_norm"),
        Index("ix_customers_guardian_phone_norm", "guardian_phone_norm"),
        Index("ix_customers_archived", "archived_at"),
        Index("ix_customers_category", "category"),
        Index("ix_customers_city", "city"),
        Index("ix_customers_source", "source"),
        Index("ix_customers_created", "created_at"),
        Index("ix_customers_initials", "name_initials"),
        Index("ix_customers_pinyin", "name_pinyin"),
        # archived_at too: the name-sorted list of active customers reads this index alone
        # (no row lookups, no sort), 2x faster than the bare key at 100,000 customers
        Index("ix_customers_name_sort", "name_sort", "archived_at"),
        Index("ix_customers_name_missing", "name_missing"),
        # Covers every column a 1-2 character search scans (db/search.py): scanning this
        # narrow index instead of the wide rows is 2.6x faster at 100,000 customers.
        Index("ix_customers_search_scan", *SEARCH_SCAN_COLUMNS),
        # Insight dashboard (services/insight.py, rfm.py, retention.py): the breakdown by
        # category/source/grade and every figure over buyers (RFM, value, at risk) read these
        # narrow indexes instead of the wide rows (measured 10x faster at 100,000 customers).
        Index("ix_customers_breakdown", "archived_at", "category", "source", "grade"),
        Index(
            "ix_customers_buyers",
            "archived_at",
            "total_spent",
            "purchase_count",
            "last_purchase_at",
            "last_contact_at",
            "created_at",
            sqlite_where=text("purchase_count > 0"),
        ),
    )


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now)


class KindOption(Base):
    """An editable list entry: follow-up kinds, service kinds, won/lost reasons, sources."""

    __tablename__ = "kind_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    # follow_up | service | won_reason | lost_reason | source
    category: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(40))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("category", "code"),)


class FollowUp(Base):
    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), default="call")  # KindOption code
    subject: Mapped[str] = mapped_column(String(200), default="")
    due_at: Mapped[datetime] = mapped_column(LenientDateTime)
    done_at: Mapped[datetime | None] = mapped_column(LenientDateTime)
    outcome: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("follow_ups.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now)

    __table_args__ = (Index("ix_follow_ups_due_open", "done_at", "due_at", "customer_id"),)


class PipelineStage(Base):
    __tablename__ = "pipeline_stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    probability: Mapped[int] = mapped_column(Integer, default=0)  # win probability, percent
    # open | won | lost: won and lost stages close a deal
    outcome: Mapped[str] = mapped_column(String(10), default="open")


class Deal(Base):
    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    amount: Mapped[float] = mapped_column(Float, default=0.0)
    stage_id: Mapped[int] = mapped_column(ForeignKey("pipeline_stages.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | won | lost
    expected_close: Mapped[date | None] = mapped_column(LenientDate)
    closed_at: Mapped[datetime | None] = mapped_column(LenientDateTime)
    close_reason: Mapped[str | None] = mapped_column(String(500))
    products: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now)
    updated_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now, onupdate=_now)
    # Set on an imported-history deal only: how many past purchases its amount stands for
    # (migration 0005). NULL on every deal made in the app: one deal, one purchase.
    history_purchases: Mapped[int | None] = mapped_column(Integer)

    history: Mapped[list[DealStageChange]] = relationship(
        back_populates="deal", cascade="all, delete-orphan", order_by="DealStageChange.changed_at"
    )

    # customer_id, amount and stage_id make the insight queries over deals index-only
    __table_args__ = (
        Index("ix_deals_status_closed", "status", "closed_at", "customer_id", "amount", "stage_id"),
        Index("ix_deals_created", "created_at", "customer_id"),
    )


class DealStageChange(Base):
    __tablename__ = "deal_stage_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    from_stage_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_stages.id", ondelete="SET NULL"))
    to_stage_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_stages.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now)
    note: Mapped[str | None] = mapped_column(String(500))

    deal: Mapped[Deal] = relationship(back_populates="history")


class ServiceRecord(Base):
    __tablename__ = "service_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # KindOption code
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    # open | in_progress | resolved | closed
    status: Mapped[str] = mapped_column(String(20), default="open")
    opened_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now)
    resolved_at: Mapped[datetime | None] = mapped_column(LenientDateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    satisfaction: Mapped[int | None] = mapped_column(Integer)  # 1..5
    updated_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now, onupdate=_now)

    __table_args__ = (Index("ix_service_status", "status", "opened_at"),)


class ImportBatch(Base):
    """One import: what it created and changed, so that it can be undone as a whole."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # customers | follow-ups | deals | service
    file_name: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(LenientDateTime, default=_now)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(LenientDateTime)


class ImportBatchItem(Base):
    __tablename__ = "import_batch_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    entity: Mapped[str] = mapped_column(String(20))  # customer | follow_up | deal | service
    record_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))  # created | updated
    # for "updated": the fields' values before the import, to put back on undo
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_import_items_record", "entity", "record_id"),)


class Setting(Base):
    """Business configuration that a backup must carry (profile, business type, custom fields)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
