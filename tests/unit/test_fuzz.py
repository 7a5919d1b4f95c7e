"""Bad input never does worse than a clear error (CrmError), and never hangs the app.

Property-based (hypothesis): value parsing (dates, phones, numbers, emails, web addresses),
header matching, random and damaged files given to the importer as spreadsheets and to
`open_database` as database files. Examples are kept modest so the file runs in well under a
minute; a hang would be stopped by pytest-timeout and fail the run.
"""

from __future__ import annotations

import hashlib
import math
import random
import shutil
import sqlite3
import string
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from sample_files import SAMPLES

from crm_desktop.db.engine import Database, open_database
from crm_desktop.db.keys import normalise_phone
from crm_desktop.errors import CrmError, ValidationError
from crm_desktop.exchange.matching import ROW_COUNTERS, match_headers, synonym_index
from crm_desktop.exchange.table import read_table
from crm_desktop.fields import CUSTOMER_FIELDS, DEAL_FIELDS, FOLLOW_UP_FIELDS, SERVICE_FIELDS, Field
from crm_desktop.services.backup import check_database
from crm_desktop.services.customers import count_customers
from crm_desktop.services.validation import clean_value

FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
FILES = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

ALL_FIELDS = (*CUSTOMER_FIELDS, *FOLLOW_UP_FIELDS, *DEAL_FIELDS, *SERVICE_FIELDS)
BY_TYPE: dict[str, Field] = {}
for _f in ALL_FIELDS:
    if not _f.readonly:
        BY_TYPE.setdefault(_f.type, _f)
WRITABLE = [f for f in ALL_FIELDS if not f.readonly]
KINDS = ("customers", "follow-ups", "deals", "service")

# Inputs shaped like what backtracking regular expressions choke on; each must come back fast.
NASTY = [
    "a." * 5000 + "!",
    "1" * 100_000,
    "1e999999999",
    "-1e-999999999",
    "1-" * 20_000 + "x",
    "a@" * 10_000,
    "a@" + "b." * 10_000 + "1",
    "1:" * 10_000,
    "2024年" * 5_000,
    "(" * 10_000 + "1",
    " " * 100_000,
    "\x00" * 1000,
    "\ud800",
    "١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits
    "１３８００１３８０００",  # full-width digits
]

cell_text = st.text(st.characters(codec="utf-8"), max_size=60)
raw_values = st.one_of(
    cell_text,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=True),
    st.sampled_from(NASTY),
)


def _accepts_or_refuses(field: Field, raw: object) -> object:
    try:
        return clean_value(field, raw)
    except ValidationError as exc:
        assert exc.field == field.key
        assert exc.message("en") and exc.message("zh")
        return exc


@FAST
@given(field=st.sampled_from(WRITABLE), raw=raw_values)
def test_any_value_for_any_field_is_cleaned_or_refused(field: Field, raw: object) -> None:
    result = _accepts_or_refuses(field, raw)
    if isinstance(result, ValidationError) or result is None:
        return
    expected = {
        "text": str,
        "longtext": str,
        "phone": str,
        "email": str,
        "url": str,
        "choice": str,
        "tags": list,
        "money": float,
        "int": int,
        "ref": int,
        "float": float,
        "date": date,
        "datetime": datetime,
    }[field.type]
    assert isinstance(result, expected)
    if isinstance(result, str) and field.max_len is not None:
        assert len(result) <= field.max_len  # field lengths are bounded


@pytest.mark.parametrize("raw", NASTY, ids=range(len(NASTY)))
def test_nasty_inputs_come_back_for_every_field(raw: str) -> None:
    for field in WRITABLE:
        _accepts_or_refuses(field, raw)


@FAST
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), style=st.integers(0, 4))
def test_dates_in_common_spellings_read_back(day: date, style: int) -> None:
    text = (
        f"{day:%Y-%m-%d}",
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y%m%d}",
        f"{day.year}.{day.month}.{day.day}",
    )[style]
    assert clean_value(BY_TYPE["date"], text) == day
    assert clean_value(BY_TYPE["date"], datetime(day.year, day.month, day.day)) == day


@FAST
@given(
    moment=st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(second=0, microsecond=0)
    )
)
def test_datetimes_read_back(moment: datetime) -> None:
    assert clean_value(BY_TYPE["datetime"], f"{moment:%Y-%m-%d %H:%M}") == moment


@FAST
@given(
    digits=st.text("0123456789", min_size=7, max_size=15),
    sep=st.sampled_from(["", " ", "-"]),
    plus=st.booleans(),
)
def test_phone_numbers_are_kept_and_matched_by_digits(digits: str, sep: str, plus: bool) -> None:
    spelled = ("+" if plus else "") + sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))
    kept = clean_value(BY_TYPE["phone"], spelled)
    assert kept == spelled
    key = normalise_phone(kept)
    assert key is not None and key in digits and digits.endswith(key)


@FAST
@given(amount=st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False))
def test_money_reads_back_with_thousands_separators(amount: Decimal) -> None:
    money = BY_TYPE["money"]
    text = f"{amount:,.2f}"
    try:
        value = clean_value(money, text)
    except ValidationError as exc:  # some money fields refuse negative amounts
        assert amount < 0 and exc.code in ("value.negative", "value.range")
        return
    assert value == float(amount)
    assert clean_value(money, f"¥{text}") == value


@FAST
@given(
    local=st.text(string.ascii_letters + string.digits + "._+-", min_size=1, max_size=20),
    domain=st.lists(
        st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=10), min_size=1, max_size=3
    ),
    tld=st.text(string.ascii_lowercase, min_size=2, max_size=6),
)
def test_plain_email_addresses_are_accepted(local: str, domain: list[str], tld: str) -> None:
    assume(not local.startswith(".") and not local.endswith(".") and ".." not in local)
    address = f"{local}@{'.'.join(domain)}.{tld}"
    assert clean_value(BY_TYPE["email"], address) == address
    assert clean_value(BY_TYPE["email"], f"mailto:{address}") == address


@FAST
@given(
    kind=st.sampled_from(KINDS), headers=st.lists(st.one_of(cell_text, st.none(), st.integers()), max_size=30)
)
def test_any_header_row_gets_a_mapping(kind: str, headers: list[object]) -> None:
    mapping = match_headers(kind, headers)
    assert len(mapping.targets) == len(headers)
    chosen = [t for t in mapping.targets if t is not None]
    assert len(chosen) == len(set(chosen))  # no field is filled from two columns
    mapping.to_json()


@FAST
@given(
    kind=st.sampled_from(KINDS),
    data=st.data(),
    case=st.sampled_from([str.upper, str.lower, str.title]),
    pad=st.sampled_from(["", " ", "  ", "\u3000"]),
)
def test_known_headers_match_despite_case_and_spacing(
    kind: str, data: st.DataObject, case: object, pad: str
) -> None:
    computed = {f.key for f in ALL_FIELDS if f.readonly and f.key != "id"}  # never imported
    # a bare row counter ("Index") helps find the header row but is never taken for the id
    index = {k: v for k, v in synonym_index(kind).items() if v not in computed and k not in ROW_COUNTERS}
    synonym, key = data.draw(st.sampled_from(sorted(index.items())))
    header = pad + case(synonym) + pad  # type: ignore[operator]
    assert match_headers(kind, [header]).targets[0] == key


def _reads_or_refuses(path: Path) -> None:
    try:
        table = read_table(path)
    except CrmError as exc:
        assert exc.code.startswith("import."), exc.code
        return
    assert isinstance(table.headers, list | tuple)


@FILES
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".xlsx", ".xls", ".csv", ".ods", ".txt", ""]))
def test_random_bytes_as_a_spreadsheet(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    _reads_or_refuses(path)


IMPORT_HEADERS = [
    "姓名",
    "手机",
    "邮箱",
    "生日",
    "城市",
    "客户来源",
    "标签",
    "备注",
    "网址",
    "Grade",
    "Total spent",
]


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(
        st.lists(
            st.one_of(cell_text, st.integers(-(10**15), 10**15), st.floats(), st.sampled_from(NASTY[:6])),
            max_size=len(IMPORT_HEADERS),
        ),
        min_size=1,
        max_size=12,
    ),
    suffix=st.sampled_from([".xlsx", ".csv"]),
    policy=st.sampled_from(["skip", "update", "add"]),
)
def test_generated_spreadsheets_import_or_are_refused(
    db: Database, tmp_path_factory: pytest.TempPathFactory, rows: list[list[object]], suffix: str, policy: str
) -> None:
    """Whatever the cells hold, an import writes the valid rows and names the others, or
    refuses the file with a clear error; the database stays healthy."""
    import csv

    import xlsxwriter

    from crm_desktop.exchange.dbwrite import run_import
    from crm_desktop.exchange.importer import plan_import

    path = tmp_path_factory.mktemp("gen") / f"gen{suffix}"
    if suffix == ".xlsx":
        book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, IMPORT_HEADERS)
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row):
                if isinstance(cell, float) and not (math.isfinite(cell) and abs(cell) < 1e300):
                    cell = str(cell)
                sheet.write_string(r, c, cell[:32767]) if isinstance(cell, str) else sheet.write_number(
                    r, c, cell
                )
        book.close()
    else:
        with path.open("w", encoding="utf-8", newline="", errors="replace") as fh:
            writer = csv.writer(fh)
            writer.writerow(IMPORT_HEADERS)
            writer.writerows(rows)
    with db.session() as s:
        before = count_customers(s)
    try:
        table = read_table(path)
        with db.session() as s:
            plan = plan_import(s, "customers", table, match_headers("customers", table.headers), policy)
        result = run_import(db, plan, skip_invalid=True, rejected_path=path.with_suffix(".rejected.xlsx"))
    except CrmError as exc:
        assert exc.code.startswith("import."), exc.code
        with db.session() as s:
            assert count_customers(s) == before  # a refused import changes nothing
        return
    assert result.created + result.updated + result.skipped + result.rejected == len(plan.rows)
    with db.session() as s:
        assert count_customers(s) == before + result.created
    for error in plan.errors:
        assert error.reason("zh") and error.reason("en")


def _mutations(original: bytes, seed: int, count: int) -> list[bytes]:
    rnd = random.Random(seed)
    out = [original[: len(original) // 2], original[:100], original[:-1]]
    for _ in range(count):
        data = bytearray(original)
        for _ in range(rnd.randint(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        out.append(bytes(data))
    return out


@pytest.mark.parametrize(
    "name", ["odoo_res_partner_import_template.xlsx", "odoo_res_partner_import_template.xls"]
)
def test_damaged_real_spreadsheets(tmp_path: Path, name: str) -> None:
    original = (SAMPLES / name).read_bytes()
    for i, data in enumerate(_mutations(original, seed=len(name), count=30)):
        path = tmp_path / f"{i}{Path(name).suffix}"
        path.write_bytes(data)
        _reads_or_refuses(path)


def _opens_or_refuses(path: Path) -> None:
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        db = open_database(path, create=False)
    except CrmError as exc:
        assert exc.code.startswith("db."), exc.code
        assert exc.message("zh") and exc.message("en")
        # a refused file is never changed (nor upgraded, nor overwritten)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        return
    db.close()
    try:
        assert isinstance(check_database(path), list)
    except CrmError as exc:
        assert exc.code.startswith("db.")


@FILES
@given(data=st.binary(max_size=8192), header=st.booleans())
@example(data=b"", header=False)
@example(data=b"\x00" * 4096, header=True)
def test_random_bytes_as_a_database(tmp_path: Path, data: bytes, header: bool) -> None:
    path = tmp_path / "random.db"
    path.write_bytes((b"SQLite format 3\x00" if header else b"") + data)
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    _opens_or_refuses(path)


@pytest.fixture(scope="module")
def healthy_db(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from crm_desktop.services.customers import create_customer
    from crm_desktop.services.presets import apply_preset

    path = tmp_path_factory.mktemp("healthy") / "crm.db"
    db = open_database(path)
    with db.session() as s:
        apply_preset(s, "shop")
        for i in range(300):
            create_customer(s, {"name": f"客户{i}", "phone": f"1380013{i:04d}", "notes": "x" * 200})
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path.read_bytes()


def test_damaged_database_files(tmp_path: Path, healthy_db: bytes) -> None:
    for i, data in enumerate(_mutations(healthy_db, seed=8, count=40)):
        path = tmp_path / f"damaged{i}.db"
        path.write_bytes(data)
        _opens_or_refuses(path)


def test_a_folder_and_a_foreign_database_are_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.db").mkdir()
    with pytest.raises(CrmError):
        open_database(tmp_path / "folder.db")
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    _opens_or_refuses(foreign)
    copy = tmp_path / "copy.db"
    shutil.copyfile(foreign, copy)
    with pytest.raises(CrmError) as err:
        open_database(copy)
    assert err.value.code == "db.not_crm"
