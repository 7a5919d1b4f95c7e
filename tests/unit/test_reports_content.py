"""Each report's PDF carries the expected names, amounts and headings as real text, zh and en."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from reports_data import TODAY, seed

from crm_desktop.db.engine import Database
from crm_desktop.db.models import FollowUp
from crm_desktop.reports import ReportOptions, render_report


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    """Text without white space: extraction may split a line where the layout put a gap."""
    return "".join(text.split())


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    with db.session() as s:
        return seed(s)


def render(db: Database, name: str, **kw: object) -> str:
    with db.session() as s:
        data = render_report(s, name, ReportOptions(today=TODAY, **kw))  # type: ignore[arg-type]
    assert data.startswith(b"%PDF")
    return squash(pdf_text(data))


EXPECTED = {
    # report: (zh words, en words) besides the shared header
    "customers": (
        ["客户名单", "张伟", "华东贸易", "13800138000", "AliceSmith", "成交客户"],
        ["Customerlist", "张伟", "AliceSmith", "alice@example.org", "Lead", "Customer"],
    ),
    "pipeline": (
        [
            "销售漏斗与业绩报告",
            "到店试用",
            "28,800.00",
            "预计成交额（金额×成交可能性）：15,300.00",
            "钢琴琴凳",
            "1,250.50",
            "价格合适",
            "选择了别家",
            "每月销售额",
        ],
        [
            "Pipelineandsalesreport",
            "In-storetrial",
            "28,800.00",
            "Expectedsales(amount×chanceofclosing):15,300.00",
            "Goodprice",
            "Choseacompetitor",
            "Salesbymonth",
            "Wonintheperiod",
            "Lostintheperiod",
        ],
    ),
    "service": (
        ["服务报告", "维修", "投诉", "Latedelivery", "平均满意度5.0", "未结服务记录"],
        [
            "Servicereport",
            "Repair",
            "Complaint",
            "Latedelivery",
            "averagesatisfaction5.0",
            "average2.0daystoresolve",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_text_in_both_languages(db: Database, ids: dict[str, int], name: str, lang: str) -> None:
    text = render(db, name, lang=lang)
    zh, en = EXPECTED[name]
    for word in zh if lang == "zh" else en:
        assert word in text, f"{word!r} missing from the {lang} {name} report"
    assert "星光琴行StarlightMusic" in text
    assert "漕溪北路88号" in text
    assert ("第1页/共1页" if lang == "zh" else "Page1of1") in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profile_sheet_has_every_section(db: Database, ids: dict[str, int], lang: str) -> None:
    text = render(db, "profile", lang=lang, customer_id=ids["zhang"])
    for word in [
        "张伟",
        "13800138000",
        "zhangwei@example.com",
        "钢琴",
        "老客户",
        "VIP-0088",
        "喜欢周末到店。",
        "回访钢琴调音",
        "雅马哈立式钢琴",
        "28,800.00",
        "琴键卡住",
        "询问了雅马哈立式钢琴的价格",
        "客户满意",
    ]:
        assert word in text, word
    assert "AliceSmith" not in text
    headings = (
        ["客户档案", "基本信息", "待办跟进", "商机", "服务记录", "最近动态"]
        if lang == "zh"
        else ["Customerprofile", "Details", "Openfollow-ups", "Deals", "Servicehistory", "Recentactivity"]
    )
    for word in headings:
        assert word in text, word
    # a done follow-up is history, not an open one
    assert text.index("已完成的电话") > text.index("最近动态" if lang == "zh" else "Recentactivity")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_agenda_groups_a_week_by_day_with_phones(db: Database, ids: dict[str, int], lang: str) -> None:
    text = render(db, "agenda", lang=lang, start=TODAY, end=date(2026, 5, 20))
    day1 = "2026-05-14星期四" if lang == "zh" else "2026-05-14Thursday"
    day2 = "2026-05-15星期五" if lang == "zh" else "2026-05-15Friday"
    assert text.index(day1) < text.index("回访钢琴调音") < text.index(day2) < text.index("Showthegrandpiano")
    assert "13800138000" in text and "+442079460000" in text
    assert "已完成的电话" not in text  # done follow-ups are off the list
    assert ("期间：2026-05-14至2026-05-20" if lang == "zh" else "Period:2026-05-14–2026-05-20") in text


def test_agenda_of_one_day_leaves_out_the_next(db: Database, ids: dict[str, int]) -> None:
    text = render(db, "agenda", lang="en", start=TODAY)
    assert "回访钢琴调音" in text
    assert "Showthegrandpiano" not in text


def test_pipeline_period_limits_won_and_lost(db: Database, ids: dict[str, int]) -> None:
    text = render(db, "pipeline", lang="en", start=date(2026, 4, 1), end=date(2026, 4, 30))
    assert "钢琴琴凳" in text  # won on 2026-04-20
    assert "Violinstarterset" not in text  # lost in March
    assert "Won1dealsworth1,250.50;lost0worth0.00." in text


def test_customer_list_prints_given_rows_and_columns_in_order(db: Database, ids: dict[str, int]) -> None:
    text = render(
        db,
        "customers",
        lang="zh",
        ids=[ids["smith"], ids["zhang"]],
        keys=["name", "tags", "custom.会员卡号"],
        filter_text="标签：钢琴",
    )
    assert text.index("AliceSmith") < text.index("张伟")
    assert "老客户,钢琴" in text or "钢琴,老客户" in text
    assert "VIP-0088" in text and "会员卡号" in text
    assert "筛选条件：标签：钢琴" in text
    assert "13800138000" not in text  # phone column not asked for


def test_profile_shows_a_note_once(db: Database, ids: dict[str, int]) -> None:
    """A one-line note is printed once; a longer one as its first line, then the rest."""
    from crm_desktop.services import notes

    with db.session() as s:
        notes.add_note(s, ids["zhang"], "客户说下周再来看看", at=datetime(2026, 5, 3, 10, 0))
        notes.add_note(s, ids["zhang"], "想要黑色\n预算两万以内", at=datetime(2026, 5, 4, 10, 0))
    text = render(db, "profile", lang="zh", customer_id=ids["zhang"])
    assert text.count("客户说下周再来看看") == 1
    assert text.count("询问了雅马哈立式钢琴的价格") == 1
    assert text.count("想要黑色") == 1 and text.count("预算两万以内") == 1
    assert text.index("想要黑色") < text.index("预算两万以内")


def _overdue(db: Database, ids: dict[str, int]) -> None:
    """Two open follow-ups due before TODAY (the later one added first) and a done one."""
    with db.session() as s:
        s.add_all(
            [
                FollowUp(
                    customer_id=ids["smith"],
                    kind="call",
                    subject="Chase the deposit",
                    due_at=datetime(2026, 5, 12, 16, 0),
                ),
                FollowUp(
                    customer_id=ids["zhang"],
                    kind="call",
                    subject="上周没打通的电话",
                    due_at=datetime(2026, 5, 5),
                ),
                FollowUp(
                    customer_id=ids["zhang"],
                    kind="call",
                    subject="已经打过的旧电话",
                    due_at=datetime(2026, 5, 6, 9, 0),
                    done_at=datetime(2026, 5, 6, 9, 5),
                ),
            ]
        )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_agenda_from_today_lists_overdue_first(db: Database, ids: dict[str, int], lang: str) -> None:
    _overdue(db, ids)
    zh = lang == "zh"
    heading = "已逾期时间客户电话" if zh else "OverdueWhenCustomerPhone"  # the group and its table
    today = "2026-05-14星期四" if zh else "2026-05-14Thursday"
    for end, count in ((None, 3), (date(2026, 5, 20), 4)):  # the default day, and a week from today
        text = render(db, "agenda", lang=lang, start=TODAY, end=end)
        overdue = text[text.index(heading) : text.index(today)]
        # oldest first, each with its date (and time when it has one), name, phone and subject
        assert overdue.index("2026-05-05张伟13800138000") < overdue.index("上周没打通的电话")
        assert overdue.index("上周没打通的电话") < overdue.index("2026-05-1216:00AliceSmith+442079460000")
        assert overdue.index("2026-05-1216:00AliceSmith") < overdue.index("Chasethedeposit")
        assert text.index(today) < text.index("回访钢琴调音")
        assert "回访钢琴调音" not in overdue
        assert "已经打过的旧电话" not in text  # done: off the list
        summary = f"共{count}项跟进，其中2项已逾期" if zh else f"{count}follow-ups,2ofthemoverdue"
        assert summary in text


def test_agenda_without_options_starts_today_with_overdue(db: Database, ids: dict[str, int]) -> None:
    _overdue(db, ids)
    text = render(db, "agenda", lang="en")  # the command line's default: today (TODAY here)
    assert text.index("Overdue") < text.index("Chasethedeposit") < text.index("2026-05-14Thursday")
    assert "3follow-ups,2ofthemoverdue" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_past_or_future_agenda_has_no_overdue_group(db: Database, ids: dict[str, int], lang: str) -> None:
    _overdue(db, ids)
    past = render(db, "agenda", lang=lang, start=date(2026, 5, 12), end=date(2026, 5, 12))
    assert "Chasethedeposit" in past and "上周没打通的电话" not in past
    assert ("已逾期" if lang == "zh" else "Overdue") not in past
    later = render(db, "agenda", lang=lang, start=date(2026, 5, 15))
    assert "Chasethedeposit" not in later and "上周没打通的电话" not in later


@pytest.mark.parametrize(
    ("business", "won", "total"), [("shop", "购买", "累计消费"), ("school", "缴费", "累计缴费")]
)
def test_profile_names_a_sale_in_the_business_words(
    db: Database, ids: dict[str, int], business: str, won: str, total: str
) -> None:
    from crm_desktop.services.deals import quick_sale
    from crm_desktop.services.presets import set_setting

    with db.session() as s:
        set_setting(s, "business_type", business)
        quick_sale(s, ids["zhang"], 99, title="调音服务", lang="zh")
    text = render(db, "profile", lang="zh", customer_id=ids["zhang"])
    assert total in text
    timeline = text[text.index("最近动态") :]  # the deals table keeps the status names (成交 stage, 赢单)
    assert f"{won}调音服务" in timeline and "赢单" not in timeline
