"""Page frame and long lists: page count, repeated header row, paper size, font, logo."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reports_data import TODAY, seed

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer
from crm_desktop.errors import CrmError, NotFound
from crm_desktop.reports import ReportOptions, render_report, save_pdf
from crm_desktop.services.presets import set_setting


def add_customers(db: Database, n: int, first: int = 0) -> None:
    with db.session() as s:
        s.add_all(
            Customer(name=f"客户{i:05d} Customer", phone=f"139{i:08d}", city="杭州", company="西湖茶业")
            for i in range(first, first + n)
        )


def pages(data: bytes) -> list[str]:
    return ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def render(db: Database, name: str, **kw: object) -> bytes:
    with db.session() as s:
        return render_report(s, name, ReportOptions(today=TODAY, **kw))  # type: ignore[arg-type]


def test_page_count_grows_with_rows_and_header_repeats(db: Database) -> None:
    add_customers(db, 15)
    few = pages(render(db, "customers", lang="en"))
    add_customers(db, 285, first=15)
    many = pages(render(db, "customers", lang="en"))
    assert len(few) == 1
    assert len(many) > 5
    for n, text in enumerate(many, start=1):
        # the column heads start every page's table, the footer counts the pages
        assert "NameCompanyPhoneEmailCityLifecycle" in text.replace("Lifecyclestage", "Lifecycle")
        assert f"Page{n}of{len(many)}" in text
    # every customer is printed exactly once, in name order across the pages
    joined = "".join(many)
    positions = [joined.index(f"客户{i:05d}Customer") for i in range(300)]
    assert positions == sorted(positions)
    assert "客户00299Customer" not in many[0]
    assert "客户00299Customer" in many[-1]


def test_header_row_repeats_in_chinese(db: Database) -> None:
    add_customers(db, 120)
    zh = pages(render(db, "customers", lang="zh", keys=["name", "phone", "city"]))
    assert len(zh) >= 2
    assert zh[1].count("姓名电话城市") == 1
    assert "第2页/共" in zh[1]


def test_paper_size_and_orientation(db: Database) -> None:
    seed_ids = None
    with db.session() as s:
        seed_ids = seed(s)
    a4 = PdfReader(io.BytesIO(render(db, "profile", customer_id=seed_ids["zhang"]))).pages[0].mediabox
    letter = PdfReader(io.BytesIO(render(db, "service", page_size="Letter"))).pages[0].mediabox
    wide = PdfReader(
        io.BytesIO(
            render(
                db,
                "customers",
                keys=["name", "phone", "email", "city", "company", "category", "grade", "total_spent"],
            )
        )
    )
    assert (round(a4.width), round(a4.height)) == (595, 842)
    assert (round(letter.width), round(letter.height)) == (612, 792)
    # more columns than a portrait page holds: the list turns to landscape
    assert round(wide.pages[0].mediabox.width) == 842


def test_embeds_the_shipped_cjk_font(db: Database) -> None:
    with db.session() as s:
        seed(s)
    page = PdfReader(io.BytesIO(render(db, "pipeline", lang="zh"))).pages[0]
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    names = [str(f["/BaseFont"]) for f in fonts]
    assert any("WenQuanYi" in n for n in names), names
    assert not any("STSong" in n for n in names)
    cjk = next(f for f in fonts if "WenQuanYi" in str(f["/BaseFont"]))
    assert "/FontFile2" in cjk["/FontDescriptor"]  # the glyphs travel inside the PDF


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (120, 40), (200, 30, 30)).save(path)
    return path


def _images(data: bytes) -> int:
    return sum(len(p.images) for p in PdfReader(io.BytesIO(data)).pages)


def test_logo_from_business_profile_on_every_page(db: Database, tmp_path: Path) -> None:
    add_customers(db, 120)
    with db.session() as s:
        set_setting(s, "business_profile", {"name": "西湖茶业", "logo": str(_png(tmp_path / "logo.png"))})
    data = render(db, "customers", keys=["name"])
    n_pages = len(PdfReader(io.BytesIO(data)).pages)
    assert n_pages >= 2
    assert _images(data) == n_pages
    # a logo file that went missing costs the logo, never the report
    with db.session() as s:
        set_setting(s, "business_profile", {"name": "西湖茶业", "logo": str(tmp_path / "gone.png")})
    data = render(db, "customers", keys=["name"])
    assert _images(data) == 0
    assert "西湖茶业" in pages(data)[0]


def test_user_mistakes_raise_crm_errors(db: Database, tmp_path: Path) -> None:
    from datetime import date

    with pytest.raises(CrmError) as err:
        render(db, "nosuch")
    assert err.value.code == "report.unknown"
    with pytest.raises(NotFound):
        render(db, "profile", customer_id=999)
    with pytest.raises(CrmError) as err:
        render(db, "profile")
    assert err.value.code == "report.needs_customer"
    with pytest.raises(CrmError) as err:
        render(db, "pipeline", start=date(2026, 5, 1), end=date(2026, 4, 1))
    assert err.value.code == "report.bad_period"
    with pytest.raises(CrmError) as err:
        render(db, "customers", keys=["name", "shoe_size"])
    assert err.value.code == "value.unknown_field"


def test_save_pdf_writes_whole_file_or_nothing(tmp_path: Path) -> None:
    target = save_pdf(b"%PDF-1.4 test", tmp_path / "out.pdf")
    assert target.read_bytes() == b"%PDF-1.4 test"
    with pytest.raises(CrmError) as err:
        save_pdf(b"%PDF", tmp_path / "missing" / "out.pdf")
    assert err.value.code == "report.cannot_write"
    with pytest.raises(CrmError):
        save_pdf(b"%PDF", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_empty_database_prints_every_report(db: Database) -> None:
    for name in ("customers", "agenda", "pipeline", "service"):
        for lang in ("zh", "en"):
            text = pages(render(db, name, lang=lang))
            assert len(text) == 1


def test_progress_and_cancel_of_a_long_list(db: Database) -> None:
    from crm_desktop.services.progress import Progress

    add_customers(db, 200)
    seen: list[tuple[int, int]] = []
    with db.session() as s:
        render_report(s, "customers", ReportOptions(), Progress(lambda d, t: seen.append((d, t))))
    assert seen[-1] == (400, 400)  # rows read, then rows laid out
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)

    class StopAfterFirstPage(Progress):
        def report(self, done: int, total: int) -> None:
            super().report(done, total)
            if done > total // 2:
                self.cancel()

    with db.session() as s, pytest.raises(CrmError) as err:
        render_report(s, "customers", ReportOptions(), StopAfterFirstPage())
    assert err.value.code == "report.cancelled"


def test_very_long_cells_are_cut_to_fit_a_page(db: Database) -> None:
    story = "学员家长反映孩子上课注意力不集中，希望老师多加关注。" * 300
    with db.session() as s:
        s.add(Customer(name="陈静", notes=story, address="长" * 2000))
    keys = ["name", "phone", "email", "company", "city", "address", "notes", "source"]
    for lang in ("zh", "en"):
        text = pages(render(db, "customers", lang=lang, keys=keys, page_size="Letter"))
        assert "陈静" in text[0]
        assert "学员家长反映孩子" in text[0] and "…" in text[0]


def test_charts_label_in_chinese(db: Database) -> None:
    from reportlab.platypus import Flowable

    from crm_desktop.reports.base import ReportContext, build_pdf
    from crm_desktop.reports.charts import bar_chart, grouped_bar_chart, line_chart, pie_chart

    story: list[Flowable] = [
        bar_chart(["询价", "试听"], [1200.0, 3400.0], horizontal=True),
        line_chart(["2026-01", "2026-02", "2026-03"], [10.0, 0.0, 25.5]),
        pie_chart(["满意", "一般", "不满意"], [5, 0, 2]),
        grouped_bar_chart(["维修", "投诉"], [("未结", [1, 2]), ("已结", [3, 0])]),
        bar_chart([], [], empty_text="暂无数据"),
    ]
    text = "".join(pages(build_pdf(story, ReportContext(title="图表", lang="zh"))))
    for word in (
        "询价",
        "试听",
        "3,400",
        "2026-02",
        "满意(5)",
        "不满意(2)",
        "维修",
        "未结",
        "已结",
        "暂无数据",
    ):
        assert word in text, word
    assert "一般" not in text  # empty pie slices are left out


def test_columns_are_as_wide_as_their_texts_so_emails_stay_on_one_line(db: Database) -> None:
    """An empty column does not take the room an email needs: every email prints unbroken."""
    emails = [f"firstname.lastname{i:03d}@example-company.com" for i in range(40)]
    with db.session() as s:
        s.add_all(
            Customer(name=f"Customer {i:03d}", phone=f"+44 7914 {i:06d}", email=email, city="Manchester")
            for i, email in enumerate(emails)
        )
    data = render(db, "customers")
    lines = {
        line.strip() for p in PdfReader(io.BytesIO(data)).pages for line in p.extract_text().splitlines()
    }
    text = "\n".join(lines)
    assert all(email in text for email in emails)


def test_a_wide_list_never_splits_an_amount(db: Database) -> None:
    """Thirteen columns do not fit the page at their texts' widths: the amounts keep theirs."""
    with db.session() as s:
        s.add_all(
            Customer(
                name=f"Customer {i:03d}",
                phone=f"+44 7914 {i:06d}",
                email=f"firstname.lastname{i:03d}@example-company.com",
                company="Northwind Traders International Ltd",
                address=f"{i} Long Street, Old Town, Manchester M1 {i:03d}",
                city="Manchester",
                total_spent=1234567.89 + i,
            )
            for i in range(30)
        )
    keys = ["name", "company", "phone", "email", "address", "city", "country", "title", "source",
            "grade", "category", "created_at", "total_spent"]  # fmt: skip
    data = render(db, "customers", keys=keys)
    lines = [
        line.strip() for p in PdfReader(io.BytesIO(data)).pages for line in p.extract_text().splitlines()
    ]
    text = "\n".join(lines)
    assert all(f"{1234567.89 + i:,.2f}" in text for i in range(30))
