"""Search on a real SQLite file: fragments, pinyin, phones, emails, ranking, hostile input."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.search import parse_query, search_ids
from crm_desktop.services.customers import (
    CustomerQuery,
    archive_customers,
    create_customer,
    customer_ids,
    delete_customers,
    update_customer,
)


def add(s: Session, name: str, **values: object) -> int:
    return create_customer(s, {"name": name, **values}).id


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {
            "zhangwei": add(
                s,
                "张伟",
                phone="138-0013-8000",
                email="zhang.wei@example.com",
                company="星辰科技有限公司",
                notes="喜欢周末来店里看新款",
            ),
            "zhangweimin": add(s, "张伟民", phone="+86 139 1234 5678"),
            "lizhangwei": add(s, "李张伟", alt_phone="021-6666-7777"),
            "zhangwen": add(s, "张文", email="wen@qq.com"),
            "wangfang": add(s, "王芳", notes="孩子三年级，想试听数学课", company="远航教育"),
            "john": add(s, "John Smith", email="JOHN.SMITH@Example.org", phone="(283)437-3886x88321"),
        }


def find(db: Database, text: str, **kw: object) -> list[int]:
    with db.session() as s:
        return search_ids(s, text, **kw)  # type: ignore[arg-type]


def test_two_chinese_characters(db: Database, people: dict[str, int]) -> None:
    # exact name, then names starting with it, then names containing it
    assert find(db, "张伟") == [people["zhangwei"], people["zhangweimin"], people["lizhangwei"]]


def test_one_chinese_character_finds_any_fragment(db: Database, people: dict[str, int]) -> None:
    assert set(find(db, "伟")) == {people["zhangwei"], people["zhangweimin"], people["lizhangwei"]}
    assert find(db, "芳") == [people["wangfang"]]
    assert find(db, "周末") == [people["zhangwei"]]  # notes
    assert find(db, "远航") == [people["wangfang"]]  # company, two characters
    assert find(db, "星辰科技") == [people["zhangwei"]]  # company, trigram index
    assert find(db, "数学课") == [people["wangfang"]]  # notes, trigram index


def test_pinyin_initials_and_full_pinyin(db: Database, people: dict[str, int]) -> None:
    zw, zwm, lzw, zwen = people["zhangwei"], people["zhangweimin"], people["lizhangwei"], people["zhangwen"]
    # `zw`: exact initials first (张伟, 张文 by pinyin), then initials starting with zw
    assert find(db, "zw") == [zw, zwen, zwm]
    assert find(db, "ZW") == [zw, zwen, zwm]
    assert find(db, "zwm") == [zwm]
    assert find(db, "zhangwei") == [zw, zwm, lzw]  # lizhangwei contains it
    assert find(db, "zhangw") == [zw, zwm, zwen, lzw]
    assert find(db, "zhang wei")[:2] == [zw, zwm]  # words are ANDed, spaces ignored for rank
    assert find(db, "wf") == [people["wangfang"]]
    assert find(db, "js") == [people["john"]]
    assert find(db, "john") == [people["john"]]
    assert find(db, "smith") == [people["john"]]


def test_surnames_are_read_as_surnames(db: Database) -> None:
    with db.session() as s:
        zeng = add(s, "曾子轩")
        shan = add(s, "单田芳")
        zhangsun = add(s, "长孙无忌")
        shop = add(s, "曾记茶餐厅")  # a shop's name, however long, keeps the usual reading
        later = add(s, "张三")
        update_customer(s, later, {"name": "解小东"})  # an edit recomputes the keys
    assert find(db, "zzx") == [zeng]
    assert find(db, "zengzixuan") == [zeng]
    assert find(db, "zz") == [zeng]  # the one- and two-character path (prefix on initials)
    assert find(db, "cengzixuan") == []
    assert find(db, "shantianfang") == [shan]
    assert find(db, "zswj") == [zhangsun]
    assert find(db, "xiexiaodong") == [later]
    assert find(db, "cengji") == [shop]


def test_phone_fragments_ignore_formatting(db: Database, people: dict[str, int]) -> None:
    assert find(db, "13800138000") == [people["zhangwei"]]
    assert find(db, "138-0013-8000") == [people["zhangwei"]]
    assert find(db, "+86 138 0013 8000") == [people["zhangwei"]]
    assert find(db, "0013") == [people["zhangwei"]]
    assert find(db, "1234 5678") == [people["zhangweimin"]]
    assert find(db, "6666-7777") == [people["lizhangwei"]]  # the other phone
    assert find(db, "437-3886") == [people["john"]]
    assert find(db, "138") == [people["zhangwei"]]
    assert find(db, "13") == [people["zhangwei"], people["zhangweimin"]]  # prefix matches first


def test_email_fragments(db: Database, people: dict[str, int]) -> None:
    assert find(db, "zhang.wei@") == [people["zhangwei"]]
    assert find(db, "example") == [people["john"], people["zhangwei"]]  # by pinyin: johnsmith, zhangwei
    assert find(db, "EXAMPLE.ORG") == [people["john"]]
    assert find(db, "john.smith@example.org") == [people["john"]]  # exact, any case
    assert find(db, "qq") == [people["zhangwen"]]


def test_limit_gives_the_first_of_the_full_order(db: Database, people: dict[str, int]) -> None:
    for text in ("张伟", "伟", "zw", "zhangw", "13", "example", "e"):
        everything = find(db, text)
        for n in (1, 2, 3):
            assert find(db, text, limit=n) == everything[:n], (text, n)


def test_archived_customers_are_not_found_unless_asked(db: Database, people: dict[str, int]) -> None:
    with db.session() as s:
        archive_customers(s, [people["zhangwei"]])
    assert people["zhangwei"] not in find(db, "张伟")
    assert find(db, "13800138000") == []
    assert find(db, "13800138000", include_archived=True) == [people["zhangwei"]]
    with db.session() as s:
        assert customer_ids(s, CustomerQuery(search="张伟", archived=True)) == [people["zhangwei"]]


def test_index_is_current_after_every_write(db: Database) -> None:
    with db.session() as s:
        cid = add(s, "赵敏", phone="13511112222", notes="第一次来店")
    assert find(db, "zm") == [cid]
    assert find(db, "第一次来") == [cid]
    with db.session() as s:
        update_customer(s, cid, {"name": "周芷若", "phone": "13633334444", "notes": "老顾客"})
    assert find(db, "zm") == []
    assert find(db, "zzr") == [cid]
    assert find(db, "zhouzhiruo") == [cid]
    assert find(db, "1111") == []
    assert find(db, "3333") == [cid]
    assert find(db, "第一次来") == []
    assert find(db, "老顾客") == [cid]
    with db.session() as s:
        delete_customers(s, [cid])
    assert find(db, "zzr") == []
    assert find(db, "老顾客") == []


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "*",
        "-",
        "AND",
        "OR",
        "NOT",
        "a OR b",
        "zhang*",
        "(",
        ")",
        ":",
        "^",
        "NEAR(a b)",
        "%",
        "_",
        "\\",
        "'",
        "a\x00b",
        "\x00",
        "\ud800",
        "😀",
        "x" * 5000,
        "++86 138",
    ],
)
def test_hostile_input_never_raises(db: Database, people: dict[str, int], text: str) -> None:
    found = find(db, text)
    assert isinstance(found, list)
    assert find(db, text, limit=5) == found[:5]
    with db.session() as s:
        listed = customer_ids(s, CustomerQuery(search=text))
    # nothing searchable left (only control characters): the list is not filtered
    assert len(listed) == (len(people) if parse_query(text).empty else len(found))


def test_like_wildcards_are_literal(db: Database) -> None:
    with db.session() as s:
        plain = add(s, "普通")
        odd = add(s, "百分之%百", notes="a_b")
    assert find(db, "%") == [odd]
    assert find(db, "_") == [odd]
    assert plain not in find(db, "%")


def test_empty_search(db: Database, people: dict[str, int]) -> None:
    assert find(db, "") == []
    assert find(db, "   ") == []
    with db.session() as s:
        assert len(customer_ids(s, CustomerQuery(search="  "))) == len(people)


def test_full_width_input_is_folded() -> None:
    terms = parse_query("ＺＷ")
    assert terms.words == ("zw",)
    assert parse_query("+86 138-0013").digits == "1380013"
    assert parse_query("(021) 6666").digits == "0216666"
    assert parse_query("abc 123").digits is None
