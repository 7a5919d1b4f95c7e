"""`customers_with_contact`: who already has this phone or email, found through the indexes."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import archive_customers, create_customer
from crm_desktop.services.duplicates import _contact_query, customers_with_contact


def add(s: Session, name: str, **values: object) -> int:
    return create_customer(s, {"name": name, **values}).id


def test_phone_either_column_and_email_match_normalised(db: Database) -> None:
    with db.session() as s:
        a = add(s, "李慧", phone="138-0013-8000")
        b = add(s, "王强", alt_phone="+86 138 0013 8000")
        c = add(s, "张伟", email="Zhang.Wei@QQ.com")
        archived = add(s, "赵敏", phone="13800138000", email="zhang.wei@qq.com")
        archive_customers(s, [archived])
        add(s, "短号", phone="110")
    with db.session() as s:
        found = customers_with_contact(s, ["0086 13800138000"], " zhang.wei@qq.com ")
        assert [(m.id, m.name, m.reason) for m in found] == [
            (a, "李慧", "phone"),
            (b, "王强", "phone"),
            (c, "张伟", "email"),
        ]
        assert [m.id for m in customers_with_contact(s, ["13800138000"], exclude_id=a)] == [b]
        assert customers_with_contact(s, ["110"]) == []  # too short to identify anyone
        assert customers_with_contact(s, [None, ""], None) == []
        assert customers_with_contact(s, ["13900139000"], "nobody@example.com") == []


def test_the_lookup_uses_the_indexes_not_a_scan(db: Database) -> None:
    with db.session() as s:
        for query in (
            _contact_query(["13800138000"], "a@example.com", 7, 5),
            _contact_query(["13800138000", "13900139000"], None, None, 5),
            _contact_query([], "a@example.com", None, 5),
        ):
            sql = str(query.compile(s.get_bind(), compile_kwargs={"literal_binds": True}))
            plan = [row[-1] for row in s.execute(text("EXPLAIN QUERY PLAN " + sql))]
            assert not any(step.startswith("SCAN") for step in plan), plan
            assert any("USING INDEX ix_customers_" in step for step in plan), plan
