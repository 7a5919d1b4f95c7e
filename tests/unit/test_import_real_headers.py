"""Issue 15: the headers real exports use, which row is the header, which sheet, and forms.

Real third-party files (tests/data/samples/real, see its README) are imported as they are into a
real database; look-alike files are written here byte for byte as the programs write them
(Thunderbird zh-CN in GBK, Outlook zh, Google Contacts with Chinese names, a shop list).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sample_files import SAMPLES
from sqlalchemy import text

from crm_desktop.db.engine import Database, open_database
from crm_desktop.errors import CrmError
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import KEEP, match_headers
from crm_desktop.exchange.table import read_table
from crm_desktop.services.presets import apply_preset

REAL = SAMPLES / "real"
COLUMNS = "name, company, title, phone, alt_phone, email, website, birthday, address, city, postcode, country, notes"


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "crm.db")
    with database.session() as s:
        apply_preset(s, "shop")
    yield database
    database.close()


def _outside_samples() -> Path:
    """Where the rejected rows go: never beside the shared samples."""
    return Path(tempfile.mkdtemp(prefix="rejected-")) / "rejected.xlsx"


def imported(db: Database, path: Path, lang: str = "en") -> list[dict[str, Any]]:
    """Import `path` as a new user would (valid rows in), and return the customers stored."""
    table = read_table(path, lang=lang)
    with db.session() as s:
        plan = plan_import(s, "customers", table, match_headers("customers", table.headers), lang=lang)
    run_import(db, plan, skip_invalid=True, rejected_path=_outside_samples())
    with db.session() as s:
        rows = s.execute(text(f"SELECT {COLUMNS} FROM customers ORDER BY id")).mappings().all()
    return [dict(r) for r in rows]


def planned(db: Database, path: Path, lang: str = "en") -> list[dict[str, Any]]:
    """The values every row of `path` brings (the dry run's view), whether or not another value
    of the row is unusable: what the headers put where."""
    table = read_table(path, lang=lang)
    with db.session() as s:
        plan = plan_import(s, "customers", table, match_headers("customers", table.headers), lang=lang)
    return [r.values for r in plan.rows]


def refused(db: Database, path: Path) -> CrmError:
    with pytest.raises(CrmError) as caught:
        table = read_table(path)
        with db.session() as s:
            plan = plan_import(s, "customers", table, match_headers("customers", table.headers))
        run_import(db, plan, skip_invalid=True, rejected_path=_outside_samples())
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM customers")).scalar() == 0
    return caught.value


# --- real files -------------------------------------------------------------------------------


def test_thunderbird_english_csv_arrives_whole(fresh: Database) -> None:
    [row] = planned(fresh, REAL / "roundcube_tb_plain.csv")
    # its placeholder `Displayname` is a header word, no person's name: First + Last name is used
    assert row["name"] == "Firstname Lastname"
    assert "Not recognised on import: Display Name Displayname" in row["notes"]
    assert row["email"] == "test@domain.tld"
    assert row["company"] == "Organization" and row["title"] == "title"
    assert row["birthday"] == date(1970, 11, 15)  # Birth Year / Birth Month / Birth Day: one date
    assert row["city"] == "City" and row["postcode"] == "xx-xxx" and row["country"] == "USA"
    assert row["website"] == "http://page.com"
    # the second email, the nickname, the department: kept in the notes with their column name
    assert "Not recognised on import: Secondary Email next@domain.tld" in row["notes"]
    assert "Not recognised on import: Department department" in row["notes"]


def test_google_contacts_csv_header_is_its_first_row(fresh: Database) -> None:
    # its one contact is all words (`Mobile`, `Home Page` ...): still data, not the header
    table = read_table(REAL / "roundcube_gmail.csv")
    assert table.header_row == 1 and len(table.rows) == 1
    mapping = match_headers("customers", table.headers)
    assert mapping.matched()["E-mail 1 - Value"] == "email"
    assert mapping.matched()["Organization 1 - Name"] == "company"
    assert mapping.matched()["Address 1 - City"] == "city"
    assert mapping.matched()["Address 1 - Postal Code"] == "postcode"
    assert "Phone 1 - Type" not in mapping.unmatched()  # it only says which phone is which
    [row] = planned(fresh, REAL / "roundcube_gmail.csv")
    assert row["name"] == "Prefix Firstname Middle Lastname Suffix"
    assert row["email"] == "home@aaa.pl" and row["company"] == "company"
    assert row["birthday"] == date(1975, 12, 12) and row["city"] == "home_city"
    assert "Not recognised on import: E-mail 2 - Value work@email.pl" in row["notes"]
    assert row["notes"].startswith('note"note')


def test_outlook_title_is_the_honorific_and_job_title_the_job(fresh: Database) -> None:
    mapping = match_headers("customers", ["Title", "First Name", "Last Name", "Job Title", "Company"])
    assert mapping.targets[0] == KEEP and mapping.targets[3] == "title"
    # alone, `Title` is still the job
    assert match_headers("customers", ["Name", "Title"]).targets == ["name", "title"]
    [row] = planned(fresh, REAL / "roundcube_all.csv")
    assert row["title"] == "Job Title"
    assert "Not recognised on import: Title Prefix" in row["notes"]
    assert row["phone"] == "500"  # Home Mobile: the mobile first
    assert row["alt_phone"] == "100"
    assert "Business Phone 300" in row["notes"] and "Email Work work@example.com" in row["notes"]


def test_the_first_sheet_that_holds_people_is_taken_and_named(fresh: Database) -> None:
    table = read_table(REAL / "easyexcel_simple07.xlsx")
    assert table.sheet == "simple " and table.sheet_chosen
    assert table.sheet_list() == "Sheet1 (0), simple  (1)"
    assert [r["name"] for r in imported(fresh, REAL / "easyexcel_simple07.xlsx")] == ["张三"]


def test_a_budget_workbook_with_a_google_contacts_sheet(fresh: Database) -> None:
    # seven budget sheets, and a Google Contacts export pasted into the sheet `contacts`
    table = read_table(REAL / "broadway_contacts.ods")
    assert table.sheet == "contacts" and table.sheet_chosen
    assert "new (795)" in table.sheet_list()
    rows = imported(fresh, REAL / "broadway_contacts.ods")
    assert len(rows) == 54  # 55 rows; a stray 0.703125 is no one
    first = rows[0]
    assert first["name"] == "Ally Derby" and first["phone"] == "4058872800"
    # two numbers in one cell (`a ::: b`): the first is the phone, the second is kept in notes
    two = next(r for r in rows if r["phone"] == "4795495197")
    assert "Not recognised on import: Phone 1 - Value 5179603321" in two["notes"]


def test_a_people_sheet_before_sheets_that_are_not_customers(fresh: Database) -> None:
    table = read_table(REAL / "hutool_aaa.xls")
    assert table.sheet == "Sheet1" and not table.sheet_chosen
    rows = imported(fresh, REAL / "hutool_aaa.xls")
    assert [r["name"] for r in rows] == ["张三", "李四", "王五"]  # the row with only a gender is no one


def test_a_car_repair_shop_list_keeps_the_car_model(fresh: Database) -> None:
    rows = imported(fresh, REAL / "客户信息表.xlsx", "zh")
    assert len(rows) == 8
    assert rows[0]["name"] == "张三" and "导入时未识别：车型 宝马 3系 2020款" in rows[0]["notes"]


def test_a_phone_stored_as_a_number(fresh: Database) -> None:
    [row] = imported(fresh, REAL / "联系人.xlsx")
    assert row["name"] == "李四" and row["phone"] == "866999" and row["email"] == "555@163.com"


@pytest.mark.parametrize(
    "name",
    ["eclipse_arrival-registration.xls", "finereport_员工信息.xls", "finereport_通讯录.xls"],
)
def test_forms_and_templates_create_no_customers(fresh: Database, name: str) -> None:
    error = refused(fresh, REAL / name)
    assert error.code == "import.looks_like_form"
    assert "this looks like a form" in error.message("en")
    assert "这看起来是一张表单或模板" in error.message("zh")


def test_a_list_of_press_links_creates_no_customers(fresh: Database) -> None:
    error = refused(fresh, REAL / "eclipse_Report_65982_utf16.csv")
    assert error.code == "import.no_columns"  # 网站名称 / 链接地址: no column names anyone


def test_a_template_without_a_customer_column_says_what_is_missing(fresh: Database) -> None:
    error = refused(fresh, REAL / "easyexcel_t01_template.xls")
    assert error.code == "import.no_identity"
    assert "a name, company, phone or email" in error.message("en")
    assert "姓名、公司、电话或邮箱" in error.message("zh")


def test_a_multi_sheet_message_names_its_sheets_and_rows(fresh: Database) -> None:
    error = refused(fresh, REAL / "finereport_通讯录.xls")
    assert "Sheet1 (25), Sheet2 (0), Sheet3 (0)" in error.message("en")
    assert "工作表及数据行数" in error.message("zh")


# --- look-alike files -------------------------------------------------------------------------

THUNDERBIRD_ZH = (
    "名,姓,显示名称,昵称,主要电子邮件,备用电子邮件,屏幕名,工作电话,家庭电话,传真号码,寻呼机号码,"
    "移动电话号码,家庭地址,家庭地址 2,家庭所在市/县,家庭所在省/市/自治区,家庭邮政编码,"
    "家庭所在国家/地区,工作地址,工作地址 2,工作所在市/县,工作所在省/市/自治区,工作邮政编码,"
    "工作所在国家/地区,职务,部门,公司,网页 1,网页 2,出生年份,出生月份,出生日,自定义 1,自定义 2,"
    "自定义 3,自定义 4,注释,\r\n"
    "伟,张,张伟,小张,zhangwei@example.cn,zw@qq.com,,010-88886666,,,,13800138000,朝阳路 1 号,,北京,"
    "北京,100020,中国,,,,,,,店长,销售部,北京小店,www.xiaodian.cn,,1985,3,22,,,,,老客户,\r\n"
    "芳,李,李芳,,lifang@example.cn,,,,021-55556666,,,,,,上海,,200000,中国,,,,,,,,,,,,,,,,,,,,\r\n"
)


def test_thunderbird_zh_cn_csv_in_gbk(fresh: Database, tmp_path: Path) -> None:
    path = tmp_path / "通讯录.csv"
    path.write_bytes(THUNDERBIRD_ZH.encode("gbk"))
    zhang, li = imported(fresh, path, "zh")
    assert zhang["name"] == "张伟" and zhang["email"] == "zhangwei@example.cn"
    assert zhang["phone"] == "13800138000" and zhang["alt_phone"] == "010-88886666"  # mobile first
    assert zhang["company"] == "北京小店" and zhang["title"] == "店长"
    assert zhang["birthday"] == "1985-03-22"
    assert zhang["city"] == "北京" and zhang["postcode"] == "100020" and zhang["country"] == "中国"
    assert zhang["website"] == "http://www.xiaodian.cn" or zhang["website"] == "www.xiaodian.cn"
    assert zhang["notes"].startswith("老客户")
    assert "导入时未识别：备用电子邮件 zw@qq.com" in zhang["notes"]
    assert "导入时未识别：部门 销售部" in zhang["notes"]
    assert li["name"] == "李芳" and li["phone"] == "021-55556666"  # the only phone is the phone


OUTLOOK_ZH = (
    "称谓,名,中间名,姓,后缀,公司,部门,职务,商务地址 街道,商务地址 街道 2,商务地址 市/县,"
    "商务地址 省/市/自治区,商务地址 邮政编码,商务地址 国家/地区,商务电话,商务电话 2,住宅电话,"
    "移动电话,电子邮件地址,电子邮件类型,电子邮件显示名称,电子邮件 2 地址,备注,网页\r\n"
    "先生,强,,王,,华强贸易,采购部,采购经理,深南大道 100 号,A 座,深圳,广东,518000,中国,"
    "0755-12345678,,,13912345678,wangqiang@huaqiang.cn,SMTP,王强 (wangqiang@huaqiang.cn),"
    "wq@163.com,每月进货,\r\n"
)


def test_outlook_zh_csv(fresh: Database, tmp_path: Path) -> None:
    path = tmp_path / "contacts.CSV"
    path.write_bytes(b"\xef\xbb\xbf" + OUTLOOK_ZH.encode("utf-8"))
    mapping = match_headers("customers", read_table(path).headers)
    assert mapping.unmatched() == []
    [row] = imported(fresh, path, "zh")
    assert row["name"] == "王强" and row["company"] == "华强贸易" and row["title"] == "采购经理"
    assert row["phone"] == "13912345678" and row["alt_phone"] == "0755-12345678"
    assert row["email"] == "wangqiang@huaqiang.cn"
    assert row["address"] == "深南大道 100 号" and row["city"] == "深圳" and row["postcode"] == "518000"
    assert row["country"] == "中国"
    notes = row["notes"]
    assert notes.startswith("每月进货")
    for line in ("称谓 先生", "部门 采购部", "商务地址 省/市/自治区 广东", "电子邮件 2 地址 wq@163.com"):
        assert "导入时未识别：" + line in notes
    assert "SMTP" not in notes  # the e-mail type only describes its neighbour


GOOGLE_ZH = (
    "Name,Given Name,Family Name,Birthday,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Phone 3 - Type,Phone 3 - Value,"
    "Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - Postal Code,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Title\n"
    "陈静,静,陈,1990-05-06,会员,* myContacts,* Home,chenjing@example.com,Work,020-87654321,"
    "Mobile,13611112222,Home,020-11112222,Home,天河路 2 号 广州,天河路 2 号,广州,510000,,小陈花店,店主\n"
    "刘洋,洋,刘,,,* myContacts,,,Mobile,13733334444,,,,,,,,,,,,\n"
)


def test_google_contacts_csv_with_chinese_names(fresh: Database, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(GOOGLE_ZH, encoding="utf-8")
    chen, liu = imported(fresh, path, "zh")
    assert chen["name"] == "陈静" and chen["email"] == "chenjing@example.com"
    assert chen["phone"] == "13611112222"  # Phone 2 - Type says Mobile: it comes first
    assert chen["alt_phone"] == "020-87654321"
    assert "导入时未识别：Phone 3 - Value 020-11112222" in chen["notes"]
    assert chen["company"] == "小陈花店" and chen["title"] == "店主"
    assert chen["birthday"] == "1990-05-06"
    assert chen["address"] == "天河路 2 号" and chen["city"] == "广州" and chen["postcode"] == "510000"
    assert liu["name"] == "刘洋" and liu["phone"] == "13733334444"


@pytest.mark.parametrize("store", ["店名", "门店名称", "商户名称"])
def test_shop_list_with_store_name_and_contact(fresh: Database, tmp_path: Path, store: str) -> None:
    from openpyxl import Workbook

    path = tmp_path / "门店名单.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append([store, "联系人", "手机号码", "会员卡号", "地址"])
    sheet.append(["老王水果店", "王建国", "13800001111", "VIP0001", "解放路 8 号"])
    sheet.append(["美美理发", "赵美", "13900002222", "VIP0002", "人民路 3 号"])
    book.save(path)
    mapping = match_headers("customers", read_table(path).headers)
    assert mapping.targets == ["company", "name", "phone", "custom.会员卡号", "address"]
    wang, zhao = imported(fresh, path, "zh")
    assert wang["name"] == "王建国" and wang["company"] == "老王水果店" and wang["phone"] == "13800001111"
    assert zhao["name"] == "赵美" and zhao["company"] == "美美理发"


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("真实姓名", "name"),
        ("客户名称", "name"),
        ("会员姓名", "name"),
        ("显示名称", "name"),
        ("Display Name", "name"),
        ("店名", "company"),
        ("商户名称", "company"),
        ("Organization", "company"),
        ("手机号码", "phone"),
        ("移动电话号码", "phone"),
        ("Mobile Number", "phone"),
        ("Work Phone", "alt_phone"),
        ("主要电子邮件", "email"),
        ("Primary Email", "email"),
        ("电子邮件地址", "email"),
        ("网页 1", "website"),
        ("注释", "notes"),
        ("商务地址 街道", "address"),
        ("商务地址 市/县", "city"),
        ("商务地址 邮政编码", "postcode"),
        ("商务地址 国家/地区", "country"),
        ("称谓", KEEP),
    ],
)
def test_export_headers_in_chinese_and_english(header: str, target: str) -> None:
    assert match_headers("customers", [header]).targets == [target]


def test_a_header_we_do_not_know_is_listed_never_dropped_silently() -> None:
    mapping = match_headers("customers", ["姓名", "上次维修项目"])
    assert mapping.unmatched() == ["上次维修项目"]
    mapping.keep_unmatched_as_custom()
    assert mapping.targets[1] == "custom.上次维修项目"


def test_a_title_row_and_notes_above_the_table_stay_handled(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "list.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["2026 年会员名单"])
    sheet.append(["说明：手机必填"])
    sheet.append([])
    sheet.append(["会员姓名", "手机号码", "生日"])
    sheet.append(["孙丽", "13500001111", date(1992, 1, 2)])
    sheet.merge_cells("A1:C1")
    book.save(path)
    table = read_table(path)
    assert table.header_row == 4 and len(table.rows) == 1


def test_a_header_repeated_inside_the_list_is_no_customer(fresh: Database, tmp_path: Path) -> None:
    path = tmp_path / "pasted.csv"
    path.write_text("姓名,手机\n张伟,13800138000\n姓名,手机\n李娜,13900139000\n", encoding="utf-8")
    rows = imported(fresh, path, "zh")
    assert [r["name"] for r in rows] == ["张伟", "李娜"]


def test_a_workbook_of_empty_sheets_names_them(fresh: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "空.xlsx"
    book = Workbook()
    book.active.title = "客户"
    book.create_sheet("备注")
    book.save(path)
    with pytest.raises(CrmError) as caught:
        read_table(path)
    assert caught.value.code == "import.empty_sheets"
    assert "客户 (0), 备注 (0)" in caught.value.message("zh")


def test_a_sign_up_form_in_csv_with_colon_labels_is_refused(fresh: Database, tmp_path: Path) -> None:
    path = tmp_path / "报名表.csv"
    path.write_text("报名表,,\n姓名：,,性别：\n手机：,,邮箱：\n工作经历：,,\n", encoding="utf-8")
    assert refused(fresh, path).code == "import.looks_like_form"


def test_an_instructions_sheet_in_front_is_passed_over(fresh: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "导出.xlsx"
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["本表由门店系统导出，请勿修改表头。"])
    people = book.create_sheet("会员")
    people.append(["会员姓名", "手机号码"])
    people.append(["周杰", "13600001111"])
    book.save(path)
    table = read_table(path)
    assert table.sheet == "会员" and table.sheet_chosen and table.sheet_list() == "说明 (0), 会员 (1)"
    assert [r["name"] for r in imported(fresh, path)] == ["周杰"]


def test_the_primary_email_wins_wherever_its_column_is(fresh: Database, tmp_path: Path) -> None:
    path = tmp_path / "tb.csv"
    path.write_text(
        "显示名称,次要电子邮件,主要电子邮件\n张伟,zw@qq.com,zhangwei@example.cn\n", encoding="utf-8"
    )
    [row] = imported(fresh, path, "zh")
    assert row["email"] == "zhangwei@example.cn"
    assert "导入时未识别：次要电子邮件 zw@qq.com" in row["notes"]


def test_an_apple_contacts_csv(fresh: Database, tmp_path: Path) -> None:
    path = tmp_path / "Contacts.csv"
    path.write_text(
        "First name,Last name,Organization,Job title,Phone (work),Phone (mobile),Email (work),Email (home)\n"
        "Anna,Lee,Lee Bakery,Owner,+1 555 0100,+1 555 0199,anna@leebakery.com,anna@me.com\n",
        encoding="utf-8",
    )
    [row] = imported(fresh, path)
    assert row["name"] == "Anna Lee" and row["company"] == "Lee Bakery" and row["title"] == "Owner"
    assert row["phone"] == "+1 555 0199" and row["alt_phone"] == "+1 555 0100"
    assert row["email"] == "anna@leebakery.com"
    assert "Not recognised on import: Email (home) anna@me.com" in row["notes"]


def test_a_name_list_with_a_repeated_header_row_is_still_a_list(fresh: Database, tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("姓名,性别\n张伟,男\n李娜,女\n姓名,性别\n王芳,女\n", encoding="utf-8")
    assert [r["name"] for r in imported(fresh, path)] == ["张伟", "李娜", "王芳"]
