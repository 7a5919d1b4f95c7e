"""Reading spreadsheets as users have them: title rows, Chinese headers, GBK CSV, broken files."""

from __future__ import annotations

import struct
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sample_files import SAMPLES

from crm_desktop.errors import CrmError
from crm_desktop.exchange.matching import FIRST_NAME, KEEP, LAST_NAME, match_headers
from crm_desktop.exchange.readers import detect_separator
from crm_desktop.exchange.table import read_table


def make_xlsx(path: Path, rows: list[list[object]], title: str = "Sheet1", merge: list[str] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for cells in merge:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def encrypted_ole(path: Path) -> Path:
    """A well-formed OLE compound file holding the two streams of a password-protected .xlsx."""
    sector = 512
    stream_sectors = 8  # 4096 bytes each: regular (not mini) streams
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for start in (2, 2 + stream_sectors):
        fat += [start + i + 1 for i in range(stream_sectors - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0
    )
    header += struct.pack("<109I", 0, *([0xFFFFFFFF] * 108))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBBIII", len(raw), kind, 1, 0xFFFFFFFF, right, child)
            + bytes(16)
            + bytes(4)
            + bytes(16)
            + struct.pack("<IQ", start, size)
        )

    nostream = 0xFFFFFFFF
    directory = (
        entry("Root Entry", 5, 1, nostream, 0xFFFFFFFE, 0)
        + entry("EncryptionInfo", 2, nostream, 2, 2, 4096)
        + entry("EncryptedPackage", 2, nostream, nostream, 2 + stream_sectors, 4096)
        + bytes(128)
    )
    body = struct.pack("<128I", *fat) + directory + bytes(2 * stream_sectors * sector)
    path.write_bytes(header + body)
    return path


def test_title_rows_blank_rows_and_merged_cells_are_skipped(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "名单.xlsx",
        [
            ["2024 年客户名单", None, None, None],
            ["导出人：前台", None, None, None],
            [],
            ["客户姓名", "手机号码", "生日", "所属公司"],
            ["张伟", 13800138000, date(1990, 5, 3), "甲公司"],
            [None, None, None, None],
            ["李娜", 13900139000, "1990/5/13", None],
        ],
        merge=["A1:D1", "D5:D7"],
    )
    table = read_table(path)
    assert table.header_row == 4
    assert table.headers == ["客户姓名", "手机号码", "生日", "所属公司"]
    assert [r for r, _ in table.rows] == [5, 7]
    # the merged company cell covers Li Na's row too
    assert table.rows[1][1][3] == "甲公司"
    mapping = match_headers("customers", table.headers)
    assert mapping.targets == ["name", "phone", "birthday", "company"]


def test_english_synonyms_first_last_name_and_numbered_columns() -> None:
    headers = [
        "First Name",
        "Last Name",
        "E-mail Address",
        "Phone 1",
        "Phone 2",
        "Email 2",
        "Mobile",
        "Fav colour",
    ]
    mapping = match_headers("customers", headers)
    # of several phones the mobile comes first (issue 15); the third phone and the second email
    # are kept in the notes, not dropped
    assert mapping.targets == [FIRST_NAME, LAST_NAME, "email", "alt_phone", KEEP, KEEP, "phone", None]
    assert mapping.unmatched() == ["Fav colour"]
    mapping.keep_unmatched_as_custom()
    assert mapping.targets[-1] == "custom.Fav colour"


def test_chinese_headers_with_full_width_and_punctuation() -> None:
    mapping = match_headers("customers", ["姓名", "手机号码：", "电子邮箱", "公司", "名", "姓", "客户标签"])
    assert mapping.targets == ["name", "phone", "email", "company", FIRST_NAME, LAST_NAME, "tags"]
    mapping = match_headers("customers", ["ＮＡＭＥ", " Mobile Phone ", "company_name", "is_company"])
    assert mapping.targets == ["name", "phone", "company", "kind"]


def test_gbk_csv_as_chinese_excel_saves_it(tmp_path: Path) -> None:
    path = tmp_path / "客户.csv"
    path.write_bytes("姓名,手机,备注\r\n王芳,13700137000,老客户，常来\r\n".encode("gbk"))
    table = read_table(path)
    assert table.headers == ["姓名", "手机", "备注"]
    assert table.rows[0][1] == ["王芳", "13700137000", "老客户，常来"]


@pytest.mark.parametrize(
    ("encoding", "sep"), [("utf-8-sig", ","), ("utf-8", ";"), ("utf-8", "\t"), ("gb18030", ";")]
)
def test_csv_encodings_and_separators(tmp_path: Path, encoding: str, sep: str) -> None:
    path = tmp_path / "c.csv"
    text = sep.join(["Name", "Phone", "City"]) + "\n" + sep.join(["赵六", "138 0013 8000", "上海"]) + "\n"
    path.write_bytes(text.encode(encoding))
    table = read_table(path)
    assert table.headers == ["Name", "Phone", "City"]
    assert table.rows[0][1] == ["赵六", "138 0013 8000", "上海"]


def test_separator_is_not_fooled_by_commas_inside_quotes() -> None:
    text = 'Name;Notes;City\n"Li";"a, b, c, d";"X"\n"Wu";"e, f";"Y"\n'
    assert detect_separator(text) == ";"


def test_sample_xls_reads_numbers_and_flags() -> None:
    table = read_table(SAMPLES / "odoo_res_partner_import_template.xls")
    assert table.headers[:3] == ["Name", "Is a company", "Related company"]
    assert table.rows[0][1][0] == "Aurora Shelves"
    assert len(table.rows) == 8


def test_multi_sheet_first_by_default_any_by_name() -> None:
    path = SAMPLES / "odoo_res_partner_import_template.xlsx"
    table = read_table(path)
    assert table.sheets == ["Contacts", "Instructions"]
    assert table.sheet == "Contacts"
    other = read_table(path, sheet="Instructions")
    assert other.sheet == "Instructions"
    with pytest.raises(CrmError) as err:
        read_table(path, sheet="Nope")
    assert err.value.code == "import.no_sheet"
    assert "Contacts" in err.value.message("en")


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.xlsx", b"", "import.empty"),
        ("empty.csv", b"", "import.empty"),
        ("blank.csv", b"\r\n  \r\n", "import.empty"),
        ("random.xlsx", bytes(range(256)) * 8, "import.not_spreadsheet"),
        ("random.csv", bytes(range(256)) * 8, "import.not_spreadsheet"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(500), "import.not_spreadsheet"),
    ],
)
def test_files_that_are_not_spreadsheets(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CrmError) as err:
        read_table(path)
    assert err.value.code == code
    assert "\n" not in err.value.message("zh")


def test_truncated_xlsx_is_reported_as_damaged(tmp_path: Path) -> None:
    whole = (SAMPLES / "odoo_res_partner_import_template.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CrmError) as err:
        read_table(path)
    assert err.value.code == "import.damaged"


def test_truncated_xls_is_reported_as_damaged(tmp_path: Path) -> None:
    whole = (SAMPLES / "odoo_res_partner_import_template.xls").read_bytes()
    path = tmp_path / "cut.xls"
    path.write_bytes(whole[:1500])
    with pytest.raises(CrmError) as err:
        read_table(path)
    assert err.value.code in ("import.damaged", "import.empty")


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = encrypted_ole(tmp_path / "locked.xlsx")
    with pytest.raises(CrmError) as err:
        read_table(path)
    assert err.value.code == "import.encrypted"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CrmError) as err:
        read_table(tmp_path / "nope.xlsx")
    assert err.value.code == "import.file_missing"


def test_header_row_can_be_chosen_and_mapping_changed(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "t.xlsx", [["Name", "Phone"], ["代码", "电话"], ["A1", "13800138000"]])
    assert read_table(path).header_row == 1
    table = read_table(path, header_row=2)
    assert table.headers == ["代码", "电话"] and len(table.rows) == 1
    mapping = match_headers("customers", table.headers)
    assert mapping.targets == [None, "phone"]
    mapping.set(0, "name")
    mapping.set(1, "alt_phone")
    assert mapping.targets == ["name", "alt_phone"]
    mapping.set(0, "alt_phone")  # a key keeps one column: the other one lets go
    assert mapping.targets == ["alt_phone", None]
    with pytest.raises(CrmError):
        mapping.set(0, "last_contact_at")  # worked out by the app, never imported


def test_reading_a_file_leaves_no_file_open(tmp_path: Path) -> None:
    import gc
    import warnings

    path = tmp_path / "customers.csv"
    path.write_text("Name,Phone\n张伟,13800138000\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        assert read_table(path).rows
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


@pytest.mark.parametrize("counter", ["Index", "index", "No.", "NO", "序号", "行号", "Row"])
def test_a_row_counter_is_not_taken_for_the_id(counter: str) -> None:
    mapping = match_headers("customers", [counter, "Name", "Phone"])
    assert mapping.targets == [None, "name", "phone"]
    # an explicit id header still is the id, wherever the counter is
    for explicit in ("ID", "编号", "客户编号", "Customer ID", "customer_id"):
        assert match_headers("customers", [counter, explicit, "Name"]).targets == [None, "id", "name"]


def test_every_datablist_sample_leaves_its_index_column_alone() -> None:
    for path in sorted(SAMPLES.glob("datablist_*.csv")):
        table = read_table(path)
        mapping = match_headers("customers", table.headers)
        assert "Index" in mapping.unmatched(), path.name
        assert mapping.matched().get("Index") is None, path.name


def test_sample_customers_id_column_is_the_explicit_one() -> None:
    table = read_table(SAMPLES / "datablist_customers-100.csv")
    assert match_headers("customers", table.headers).matched()["Customer Id"] == "id"


def test_a_vcard_has_no_header_row_to_choose(tmp_path: Path) -> None:
    path = tmp_path / "two.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:王芳\nTEL:1\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:李四\nEND:VCARD\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert table.vcard and [r[0] for _, r in table.rows] == ["王芳", "李四"]
    assert read_table(path, header_row=2).rows == table.rows  # a header row asked for does not apply
    csv = tmp_path / "t.csv"
    csv.write_text("Name,Phone\nA,1\n", encoding="utf-8")
    assert not read_table(csv).vcard


def test_a_vcards_extra_phones_are_labelled_in_the_imports_language(tmp_path: Path) -> None:
    path = tmp_path / "phones.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:王芳\nTEL:111\nTEL:222\nTEL:333\nTEL:444\nNOTE:老客户\nEND:VCARD\n",
        encoding="utf-8",
    )
    notes = {lang: read_table(path, lang=lang).rows[0][1][-1] for lang in ("zh", "en", None)}
    # one line a value, as every value an import keeps aside (issue 15)
    assert notes == {
        "zh": "老客户\n导入时未识别：电话 333\n导入时未识别：电话 444",
        "en": "老客户\nNot recognised on import: Phone 333\nNot recognised on import: Phone 444",
        # no language known: the English line, as every reader writes it (the label stays bilingual)
        None: "老客户\nNot recognised on import: 电话/Phone 333\nNot recognised on import: 电话/Phone 444",
    }


def test_the_not_a_spreadsheet_message_names_vcards_too(tmp_path: Path) -> None:
    path = tmp_path / "random.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(CrmError) as err:
        read_table(path)
    assert ".vcf" in err.value.message("en") and ".vcf" in err.value.message("zh")
