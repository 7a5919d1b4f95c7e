"""Pipeline stages and the weighted forecast on a real database file (shop preset)."""

from __future__ import annotations

from datetime import datetime

import pytest

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, Deal, PipelineStage
from crm_desktop.errors import CrmError, ValidationError
from crm_desktop.services import deals, pipeline
from crm_desktop.services.deal_lists import deal_history


def _customer(db: Database, name: str = "张伟", **kw: object) -> int:
    with db.session() as s:
        c = Customer(name=name, **kw)
        s.add(c)
        s.flush()
        return c.id


def _stage_id(db: Database, code: str) -> int:
    with db.session() as s:
        return next(st.id for st in pipeline.list_stages(s) if st.code == code)


def test_shop_preset_stages_in_order(db: Database) -> None:
    with db.session() as s:
        stages = pipeline.list_stages(s)
    assert [(st.code, st.name("zh"), st.name("en"), st.probability, st.outcome) for st in stages] == [
        ("enquiry", "询价", "Enquiry", 20, "open"),
        ("trial", "到店试用", "In-store trial", 50, "open"),
        ("won", "成交", "Sold", 100, "won"),
        ("lost", "未成交", "Not sold", 0, "lost"),
    ]
    assert all(st.deal_count == 0 for st in stages)


def test_create_stage_at_position_and_update(db: Database) -> None:
    with db.session() as s:
        st = pipeline.create_stage(s, "报价", "Quote", 70, position=2)
        new_id = st.id
        assert st.code == "quote"
    with db.session() as s:
        assert [x.code for x in pipeline.list_stages(s)] == ["enquiry", "trial", "quote", "won", "lost"]
        pipeline.update_stage(s, new_id, name_zh="正式报价", probability=80)
    with db.session() as s:
        row = next(x for x in pipeline.list_stages(s) if x.id == new_id)
        assert (row.name_zh, row.name_en, row.probability) == ("正式报价", "Quote", 80)
        # only one language typed: the other gets the same text
        other = pipeline.create_stage(s, "回访", None)
        assert (other.name_zh, other.name_en, other.position) == ("回访", "回访", 5)


def test_bad_stage_values_are_refused(db: Database) -> None:
    enquiry = _stage_id(db, "enquiry")
    for kwargs, code in (
        ({"probability": 101}, "value.range"),
        ({"probability": -1}, "value.range"),
        ({"outcome": "maybe"}, "value.choice"),
        ({"name_zh": "", "name_en": ""}, "value.required"),
    ):
        with pytest.raises(ValidationError) as err, db.session() as s:
            pipeline.update_stage(s, enquiry, **kwargs)  # type: ignore[arg-type]
        assert err.value.code == code
    with db.session() as s:
        st = s.get(PipelineStage, enquiry)
        assert st is not None and (st.name_zh, st.probability, st.outcome) == ("询价", 20, "open")


def test_reorder(db: Database) -> None:
    with db.session() as s:
        ids = [st.id for st in pipeline.list_stages(s)]
        pipeline.reorder_stages(s, [ids[1], ids[0], ids[2], ids[3]])
    with db.session() as s:
        assert [st.code for st in pipeline.list_stages(s)] == ["trial", "enquiry", "won", "lost"]
        # the first open stage is now where new deals go
        assert pipeline.first_stage(s, "open").code == "trial"
        with pytest.raises(ValueError):
            pipeline.reorder_stages(s, ids[:2])


def test_remove_stage_moves_deals_with_history(db: Database) -> None:
    cid = _customer(db)
    trial, enquiry = _stage_id(db, "trial"), _stage_id(db, "enquiry")
    with db.session() as s:
        d1 = deals.create_deal(s, cid, "手机", 3000, trial).id
        d2 = deals.create_deal(s, cid, "耳机", 500, trial).id
    with pytest.raises(CrmError) as err, db.session() as s:
        pipeline.remove_stage(s, trial)
    assert err.value.code == "stage.in_use"
    assert err.value.message("en").startswith("Stage In-store trial still has 2 deals")
    assert err.value.message("zh").startswith("阶段「到店试用」中还有 2 个商机")
    with pytest.raises(CrmError) as err2, db.session() as s:
        pipeline.remove_stage(s, trial, _stage_id(db, "won"))
    assert err2.value.code == "stage.move_target"
    with db.session() as s:
        assert s.get(PipelineStage, trial) is not None
        assert pipeline.remove_stage(s, trial, enquiry) == 2
    with db.session() as s:
        stages = pipeline.list_stages(s)
        assert [st.code for st in stages] == ["enquiry", "won", "lost"]
        assert [st.position for st in stages] == [0, 1, 2]
        assert stages[0].deal_count == 2
        for did in (d1, d2):
            deal = s.get(Deal, did)
            assert deal is not None and deal.stage_id == enquiry and deal.status == "open"
            hist = deal_history(s, did)
            # created into the trial stage (now removed: no name), then moved to enquiry
            assert [(h.to_name_en, h.from_stage_id) for h in hist] == [("", None), ("Enquiry", None)]
            assert "到店试用" in (hist[-1].note or "")


def test_last_won_lost_open_stage_cannot_go(db: Database) -> None:
    for code, msg in (("won", "stage.last_won"), ("lost", "stage.last_lost")):
        with pytest.raises(CrmError) as err, db.session() as s:
            pipeline.remove_stage(s, _stage_id(db, code))
        assert err.value.code == msg
    with db.session() as s:
        pipeline.remove_stage(s, _stage_id(db, "trial"))
    with pytest.raises(CrmError) as err, db.session() as s:
        pipeline.remove_stage(s, _stage_id(db, "enquiry"))
    assert err.value.code == "stage.last_open"
    with pytest.raises(CrmError) as err, db.session() as s:
        pipeline.update_stage(s, _stage_id(db, "won"), outcome="open")
    assert err.value.code == "stage.last_won"
    with db.session() as s:
        assert len(pipeline.list_stages(s)) == 3


def test_outcome_of_a_stage_with_deals_cannot_change(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        extra_won = pipeline.create_stage(s, "续费", "Renewed", 100, "won").id
        deals.create_deal(s, cid, "课程", 100, _stage_id(db, "trial"))
    with pytest.raises(CrmError) as err, db.session() as s:
        pipeline.update_stage(s, _stage_id(db, "trial"), outcome="won")
    assert err.value.code == "stage.outcome_in_use"
    with db.session() as s:
        # an empty won stage may become open
        assert pipeline.update_stage(s, extra_won, outcome="open").outcome == "open"


def test_forecast_weighted_by_probability(db: Database) -> None:
    cid = _customer(db)
    gone = _customer(db, "已删除", archived_at=datetime(2026, 1, 1))
    enquiry, trial = _stage_id(db, "enquiry"), _stage_id(db, "trial")
    with db.session() as s:
        deals.create_deal(s, cid, "a", 1000, enquiry)
        deals.create_deal(s, cid, "b", 333.33, enquiry)
        deals.create_deal(s, cid, "c", 2000, trial)
        deals.create_deal(s, gone, "archived", 99999, trial)
        deals.quick_sale(s, cid, 150, at=datetime(2026, 3, 1, 12))
        lost = deals.create_deal(s, cid, "d", 400, trial)
        deals.close_deal(s, lost.id, won=False, reason="价格太高", at=datetime(2026, 4, 1, 12))
    with db.session() as s:
        fc = pipeline.forecast(s)
    by_code = {r.name_en: r for r in fc.rows}
    assert (by_code["Enquiry"].count, by_code["Enquiry"].amount, by_code["Enquiry"].weighted) == (
        2,
        1333.33,
        266.67,
    )
    assert (by_code["In-store trial"].count, by_code["In-store trial"].amount) == (1, 2000.0)
    assert by_code["In-store trial"].weighted == 1000.0
    assert (by_code["Sold"].count, by_code["Sold"].amount, by_code["Sold"].weighted) == (1, 150.0, 150.0)
    assert (by_code["Not sold"].count, by_code["Not sold"].amount) == (1, 400.0)
    assert (fc.count, fc.amount, fc.weighted) == (3, 3333.33, 1266.67)
    with db.session() as s:
        march = pipeline.forecast(s, start=datetime(2026, 3, 1), end=datetime(2026, 4, 1))
    by_code = {r.name_en: r for r in march.rows}
    assert by_code["Sold"].count == 1 and by_code["Not sold"].count == 0
    assert march.count == 3  # the open pipeline does not depend on the period
