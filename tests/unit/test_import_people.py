"""Issue 15: every person in a contact file arrives.

A contact without a name is still a contact (its company, email or phone stands in, and a
"no name yet" filter finds it); duplicates are people, not phone numbers (two names on one
landline are two customers, the same person under another spelling is one); our own
signed-customer sheet whose mobiles Excel stored as numbers, some mangled, arrives whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from sample_files import SAMPLES
from sqlalchemy import create_engine, text

from crm_desktop.db import migrate
from crm_desktop.db.engine import Database, open_database
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.plan import ImportPlan
from crm_desktop.exchange.table import read_table
from crm_desktop.services.customer_query import CustomerQuery, customer_ids, customer_rows
from crm_desktop.services.customers import create_customer, update_customer

MADE = Path(__file__).resolve().parents[1] / "data" / "made"


def xlsx(path: Path, rows: list[list[Any]], sheet: str = "Sheet") -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = sheet
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def plan_file(db: Database, path: Path, policy: str = "skip", lang: str | None = None) -> ImportPlan:
    table = read_table(path)
    with db.session() as s:
        return plan_import(
            s, "customers", table, match_headers("customers", table.headers), policy, lang=lang
        )


def customers(db: Database, query: CustomerQuery | None = None) -> list[dict[str, Any]]:
    with db.session() as s:
        return customer_rows(s, sorted(customer_ids(s, query)))


def no_name(db: Database) -> list[str]:
    return [c["name"] for c in customers(db, CustomerQuery(no_name=True))]


def test_a_contact_without_a_name_takes_its_company_email_or_phone(db: Database, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "contacts.xlsx",
        [
            ["姓名", "公司", "邮箱", "手机", "性别"],
            ["张伟", None, None, "13800138000", "男"],
            [None, "星巴克", None, "02155550000", None],
            [None, None, "only@example.com", None, None],
            [None, None, None, "13900139000", None],
            [None, None, None, None, "女"],  # a lone 女 identifies no one
        ],
    )
    plan = plan_file(db, path)
    assert [r.action for r in plan.rows] == ["create", "create", "create", "create", "error"]
    assert plan.rows[4].describe() == (
        "left out: The row has no name, company, phone or email, so it identifies no one and was left out."
    )
    run_import(db, plan)
    assert [(c["name"], c["kind"]) for c in customers(db)] == [
        ("张伟", "person"),
        ("星巴克", "company"),
        ("only@example.com", "person"),
        ("13900139000", "person"),
    ]
    assert no_name(db) == ["星巴克", "only@example.com", "13900139000"]
    # typing the name takes the customer off the "no name yet" list
    phone_only = customers(db, CustomerQuery(no_name=True))[-1]
    with db.session() as s:
        update_customer(s, phone_only["id"], {"name": "王芳"})
    assert no_name(db) == ["星巴克", "only@example.com"]


def test_a_list_of_companies_is_not_missing_names(db: Database, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "s.xlsx", [["公司名称", "电话"], ["乐购", "02155550001"]], sheet="企业名录")
    run_import(db, plan_file(db, path))
    assert [c["name"] for c in customers(db)] == ["乐购"]
    assert no_name(db) == []


def test_a_stand_in_name_never_replaces_a_known_name(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        create_customer(s, {"name": "张伟", "phone": "13800138000"})
    path = xlsx(tmp_path / "phone.xlsx", [["手机", "城市"], ["138 0013 8000", "上海"]])
    plan = plan_file(db, path, "update")
    assert plan.rows[0].action == "update"
    assert set(plan.rows[0].changes) == {"phone", "city"}  # the file's spelling of the number
    run_import(db, plan)
    assert [(c["name"], c["city"]) for c in customers(db)] == [("张伟", "上海")]
    assert no_name(db) == []


def test_a_name_from_the_file_completes_a_contact_listed_by_its_number(db: Database, tmp_path: Path) -> None:
    run_import(db, plan_file(db, xlsx(tmp_path / "a.xlsx", [["手机"], ["13800138000"]])))
    assert no_name(db) == ["13800138000"]
    plan = plan_file(db, xlsx(tmp_path / "b.xlsx", [["姓名", "手机"], ["张伟", "13800138000"]]), "update")
    assert plan.rows[0].action == "update" and set(plan.rows[0].changes) == {"name"}
    run_import(db, plan)
    assert [c["name"] for c in customers(db)] == ["张伟"]
    assert no_name(db) == []


def test_two_names_on_one_phone_are_two_customers(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        create_customer(s, {"name": "张伟", "phone": "021-5555 0000", "alt_phone": "13800138000"})
    path = xlsx(
        tmp_path / "family.xlsx",
        [
            ["姓名", "电话", "邮箱"],
            ["李娜", "02155550000", None],  # his wife, the same landline
            ["张小明", "02155550000", None],  # their son
            ["张伟", "13800138000", None],  # the same person: his mobile is among his phones
            ["Ｚｈａｎｇ　Ｗｅｉ", "+86 138 0013 8000", None],  # full-width pinyin of the same name
            ["李娜（家）", "021 5555 0000", None],  # the wife again, a remark in brackets
            ["Li Na", None, "lina@example.com"],
            ["李娜 (work)", None, "LiNa@Example.com"],  # same email: the same person
        ],
    )
    plan = plan_file(db, path)
    assert [r.action for r in plan.rows] == [
        "create",
        "create",
        "duplicate",
        "duplicate",
        "duplicate",
        "create",
        "duplicate",
    ]
    lines = [r.describe() for r in plan.rows]
    assert lines[0] == "will create (shares a phone with 张伟 (record 1): another name, so another customer)"
    assert lines[1].startswith("will create (shares a phone with 张伟 (record 1)")
    assert lines[2] == "duplicate of record 1: skipped (same phone and a similar name as 张伟 (record 1))"
    assert lines[3] == "duplicate of row 4: skipped (same phone and a similar name as 张伟 (record 1))"
    assert lines[4] == "duplicate of row 2: skipped (same phone and a similar name as 李娜 (row 2))"
    assert lines[6] == "duplicate of row 7: skipped (same email as Li Na (row 7))"
    zh = plan.rows[0].describe("zh")
    assert zh == "将新建（与张伟（记录 1）共用电话：姓名不同，按另一位客户导入）"
    result = run_import(db, plan)
    assert result.created == 3
    assert [c["name"] for c in customers(db)] == ["张伟", "李娜", "张小明", "Li Na"]


def test_duplicates_are_decided_again_in_the_write_transaction(db: Database, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "f.xlsx", [["姓名", "电话"], ["李娜", "02155550000"], ["王芳", "13700137000"]])
    plan = plan_file(db, path)
    assert [r.action for r in plan.rows] == ["create", "create"]
    # another program adds the husband on the landline and 王芳 meanwhile
    with db.session() as s:
        create_customer(s, {"name": "张伟", "phone": "02155550000"})
        create_customer(s, {"name": "王 芳", "phone": "137 0013 7000"})
    result = run_import(db, plan)
    assert result.created == 1  # 李娜 is another person; 王芳 is already there
    assert [c["name"] for c in customers(db)] == ["张伟", "王 芳", "李娜"]


def test_signed_customer_xls_with_numeric_and_mangled_mobiles_arrives_whole(
    db: Database, tmp_path: Path
) -> None:
    # a look-alike of a training school's signed-customer sheet (tests/data/made/README.md):
    # mobiles stored as numbers, some turned by Excel into negatives or scientific notation, a
    # status word in the category column, a date that is no date, a numbered blank row
    path = MADE / "签约客户.xls"
    plan = plan_file(db, path, lang="zh")
    counts = plan.summary()
    assert (counts["create"], counts["kept"], counts["error"]) == (4, 6, 1)
    assert [(p.row, p.column) for p in plan.problems] == [
        (2, "客户状态"),
        (3, "手机"),
        (3, "客户状态"),
        (3, "生日"),
        (4, "手机"),
        (4, "客户状态"),
        (6, ""),
    ]
    run_import(db, plan)
    got = {c["name"]: c for c in customers(db)}
    assert set(got) == {"张伟", "李娜", "王芳", "13700137000"}
    assert got["张伟"]["phone"] == "13800138000"
    assert got["李娜"]["phone"] is None
    assert got["李娜"]["notes"].splitlines() == [
        "续费",
        "导入时未识别：手机 -9892",
        "导入时未识别：客户状态 VIP客户",
        "导入时未识别：生日 不详",
    ]
    assert "导入时未识别：手机 1.39E+10" in got["王芳"]["notes"]
    assert no_name(db) == ["13700137000"]
    with db.session() as s:  # search finds a value kept aside
        assert customer_ids(s, CustomerQuery(search="VIP客户")) == [got["李娜"]["id"]]


def test_the_upgrade_marks_customers_named_by_their_email_or_phone(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0006")
        conn.execute(
            text(
                "INSERT INTO customers (id, name, kind, phone, email, category, created_at, updated_at,"
                " total_spent, purchase_count, open_service_count)"
                " VALUES (:id, :name, 'person', :phone, :email, 'customer', '2025-01-02 03:04:05',"
                " '2025-01-02 03:04:05', 0, 0, 0)"
            ),
            [
                {"id": 1, "name": "张伟", "phone": "13800138000", "email": None},
                {"id": 2, "name": "13900139000", "phone": "13900139000", "email": None},
                {"id": 3, "name": "a@example.com", "phone": None, "email": "a@example.com"},
            ],
        )
    engine.dispose()
    db = open_database(path)
    try:
        assert db.upgraded_from == "0006"
        with db.engine.connect() as conn:
            assert conn.execute(
                text("SELECT id FROM customers WHERE name_missing ORDER BY id")
            ).scalars().all() == [
                2,
                3,
            ]
        assert no_name(db) == ["13900139000", "a@example.com"]
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.HEAD
    finally:
        db.close()


def test_android_cards_email_only_and_two_people_on_one_phone_all_arrive(db: Database) -> None:
    # six real Android cards (tests/data/samples/README.md): two hold only an email, two people
    # share the phone 123456
    plan = plan_file(db, SAMPLES / "real" / "ezvcard_John_Doe_ANDROID.vcf")
    assert [r.action for r in plan.rows] == ["create"] * 6
    assert plan.rows[4].reason is not None and plan.rows[4].reason.code == "shares_phone"
    assert plan.rows[4].describe().startswith("will create (shares a phone with")
    assert run_import(db, plan).created == 6
    assert no_name(db) == ["john.doe@company.com", "jane.doe@company.com"]


def test_an_update_adds_the_kept_value_to_the_known_notes_once(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        create_customer(s, {"name": "张伟", "phone": "13800138000", "notes": "老客户"})
    path = xlsx(
        tmp_path / "u.xlsx", [["姓名", "手机", "邮箱", "城市"], ["张伟", "13800138000", "zw@@x", "上海"]]
    )
    plan = plan_file(db, path, "update")
    assert set(plan.rows[0].changes) == {"notes", "city"}
    run_import(db, plan)
    assert customers(db)[0]["notes"] == "老客户\nNot recognised on import: 邮箱 zw@@x"
    again = plan_file(db, path, "update")
    assert again.rows[0].action == "unchanged"  # the line is there already: not added twice


# -- the review of the merged issue-15 work ------------------------------------------------------


def test_one_sound_two_people_on_a_family_phone(db: Database, tmp_path: Path) -> None:
    """张伟 and 张薇 share the pinyin zhangwei and a phone: a family, two customers."""
    path = xlsx(tmp_path / "fam.xlsx", [["姓名", "手机"], ["张伟", "13800138000"], ["张薇", "13800138000"]])
    assert [r.action for r in plan_file(db, path).rows] == ["create", "create"]
    latin = xlsx(
        tmp_path / "l.xlsx",
        [["Name", "Phone"], ["Mary Johnson", "5551234567"], ["Mark Johnson", "5551234567"]],
    )
    assert [r.action for r in plan_file(db, latin).rows] == ["create", "create"]


def test_a_number_only_row_does_not_swallow_the_people_on_that_number(db: Database, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "m.xlsx",
        [
            ["姓名", "手机", "邮箱"],
            [None, "13800138000", None],
            ["张伟", "13800138000", "zw@example.com"],
            ["李娜", "13800138000", None],
        ],
    )
    run_import(db, plan_file(db, path))
    assert sorted(c["name"] for c in customers(db)) == ["13800138000", "张伟", "李娜"]
    assert any(c["email"] == "zw@example.com" for c in customers(db))


def test_a_stray_number_or_a_dated_footer_is_no_one(db: Database, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "ft.xlsx",
        [["姓名", "手机"], ["王芳", "13900139000"], [None, 0.703125], [None, "2024-05-01"]],
    )
    plan = plan_file(db, path)
    assert [r.values.get("name") for r in plan.rows if r.action == "create"] == ["王芳"]


def test_an_update_adds_kept_lines_to_the_notes_the_user_wrote(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        create_customer(s, {"name": "张伟", "email": "zw@example.com", "notes": "VIP，喜欢绿茶"})
    path = xlsx(tmp_path / "d.xlsx", [["姓名", "邮箱", "部门"], ["张伟", "zw@example.com", "销售部"]])
    run_import(db, plan_file(db, path, "update", "zh"))
    [row] = customers(db)
    assert row["notes"].startswith("VIP，喜欢绿茶") and "部门 销售部" in row["notes"]
    run_import(db, plan_file(db, path, "update", "zh"))  # again: the line is not added twice
    assert customers(db)[0]["notes"].count("部门 销售部") == 1


def test_thousands_of_rows_on_one_landline_plan_quickly_and_stay_people(db: Database, tmp_path: Path) -> None:
    """5,000 rows on a shop's landline took 82 s to plan (every row compared with every earlier
    one): names are now looked up exactly and compared for spellings with a few only."""
    rows: list[list[Any]] = [["姓名", "电话"]] + [[f"顾客{i}", "021-5555 0000"] for i in range(5000)]
    plan = plan_file(db, xlsx(tmp_path / "shop.xlsx", rows))
    assert sum(r.action == "create" for r in plan.rows) == 5000


def test_the_same_file_in_the_other_language_keeps_each_value_once(db: Database, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "w.xlsx", [["姓名", "邮箱", "生日"], ["张伟", "zw@example.com", "不是日期"]])
    run_import(db, plan_file(db, path, "skip", "en"))
    run_import(db, plan_file(db, path, "update", "zh"))
    notes = customers(db)[0]["notes"]
    assert notes.count("生日 不是日期") == 1, notes


def test_undoing_the_import_that_named_a_contact_marks_it_no_name_yet_again(
    db: Database, tmp_path: Path
) -> None:
    from crm_desktop.exchange.undo import list_imports, undo_import

    run_import(db, plan_file(db, xlsx(tmp_path / "a.xlsx", [["手机"], ["13800138000"]])))
    run_import(
        db, plan_file(db, xlsx(tmp_path / "b.xlsx", [["姓名", "手机"], ["张伟", "13800138000"]]), "update")
    )
    assert no_name(db) == []
    with db.session() as s:
        undo_import(s, list_imports(s)[0].id)
    assert no_name(db) == ["13800138000"]
