"""Building a draft briefing: one item per story or duplicate group, ranking, period."""

from __future__ import annotations

from datetime import datetime

import pytest

from diemtin.brief import briefings
from diemtin.brief import templates as tpl
from diemtin.errors import InputError, ItemNotFound
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG
from tests.brief.news import UNTIL

UNTIL_AT = datetime.fromisoformat(UNTIL)


def _build(store: Store, **kwargs: object) -> dict[str, object]:
    return briefings.build(store, LOCAL_ORG, "sang", until=UNTIL_AT, **kwargs).to_dict()  # type: ignore[arg-type]


def _titles(section: dict) -> list[str]:  # type: ignore[type-arg]
    return [item["title"] for item in section["items"]]


def test_build_prints_the_documented_shape(brief_store: Store) -> None:
    data = _build(brief_store)
    assert {"id", "title", "period", "sections"} <= set(data)
    assert data["title"] == "Điểm tin sáng"
    assert data["period"] == {"since": "2026-10-13T06:30:00+07:00",
                              "until": "2026-10-14T06:30:00+07:00"}
    for section in data["sections"]:  # type: ignore[attr-defined]
        assert {"heading", "items"} <= set(section)
        for item in section["items"]:
            assert {"title", "summary", "outlets", "articles"} <= set(item)
            for ref in item["articles"]:
                assert set(ref) >= {"id", "url", "outlet", "published"}


def test_a_republished_story_is_one_item_listing_every_article(brief_store: Store) -> None:
    lao_cai = _build(brief_store)["sections"][0]  # type: ignore[index]
    landslide = [i for i in lao_cai["items"] if "Bản Xèo" in i["title"]]
    assert len(landslide) == 1, _titles(lao_cai)
    item = landslide[0]
    assert [a["outlet"] for a in item["articles"]] == ["Báo Lào Cai", "Báo Tây Bắc",
                                                       "Tin Vùng Cao"]
    assert item["outlets"] == ["Báo Lào Cai", "Báo Tây Bắc", "Tin Vùng Cao"]
    assert item["first_publisher"] == "Báo Lào Cai"
    assert item["republished_on"] == 2
    assert 1 <= item["summary"].count(".") <= 3 and "Bản Xèo" in item["summary"]


def test_coverage_ranks_the_widely_covered_story_first(brief_store: Store) -> None:
    lao_cai = _build(brief_store)["sections"][0]  # type: ignore[index]
    assert "Bản Xèo" in lao_cai["items"][0]["title"]


def test_recency_ranking_puts_the_newest_first(brief_store: Store) -> None:
    brief_store.transact(lambda s: tpl.add(
        s, LOCAL_ORG, "moi", title="Tin mới", period="24h", ranking="recency",
        sections=(tpl.Section("Lào Cai", saved="Lào Cai"),)))
    data = briefings.build(brief_store, LOCAL_ORG, "moi", until=UNTIL_AT).to_dict()
    assert data["sections"][0]["items"][0]["title"] == \
        "Bí thư Tỉnh ủy Lào Cai làm việc với huyện Bát Xát"


def test_an_item_appears_in_the_first_section_only(brief_store: Store) -> None:
    lao_cai, economy = _build(brief_store)["sections"]  # type: ignore[misc]
    assert "Giá phân bón tăng, nông dân Lào Cai lo vụ đông" in _titles(lao_cai)
    assert "Giá phân bón tăng, nông dân Lào Cai lo vụ đông" not in _titles(economy)
    assert _titles(economy) == ["Giá cà phê Robusta lập đỉnh mới, nông dân Tây Nguyên phấn khởi"]


def test_articles_outside_the_period_are_left_out(brief_store: Store) -> None:
    titles = [t for s in _build(brief_store)["sections"] for t in _titles(s)]  # type: ignore[attr-defined]
    assert "Lào Cai đón đoàn khảo sát du lịch Sa Pa" not in titles
    wide = briefings.build(brief_store, LOCAL_ORG, "sang", until=UNTIL_AT,
                           since=datetime.fromisoformat("2026-09-30T00:00:00+07:00"))
    assert "Lào Cai đón đoàn khảo sát du lịch Sa Pa" in [i["title"] for i in wide.items()]


def test_people_come_with_their_titles(brief_store: Store) -> None:
    items = [i for s in _build(brief_store)["sections"] for i in s["items"]]  # type: ignore[attr-defined]
    people = {p["name"]: p["title"] for i in items for p in i["people"]}
    assert any("Đặng Xuân Phong" in name for name in people), people
    assert any("Bí thư" in title for title in people.values()), people


def test_the_chart_counts_the_period_by_day(brief_store: Store) -> None:
    chart = _build(brief_store)["chart"]
    # 5 articles name Lào Cai, 2 "giá" (one of them both): sections add up
    assert chart["days"][0] == ["2026-10-13", 7]  # type: ignore[index]


def test_items_per_section_is_respected(brief_store: Store) -> None:
    brief_store.transact(lambda s: tpl.add(
        s, LOCAL_ORG, "mot", title="Một tin", period="7d", items=1,
        sections=(tpl.Section("Lào Cai", saved="Lào Cai"),)))
    data = briefings.build(brief_store, LOCAL_ORG, "mot", until=UNTIL_AT).to_dict()
    assert len(data["sections"][0]["items"]) == 1


def test_since_last_starts_where_the_previous_issue_ended(brief_store: Store) -> None:
    brief_store.transact(lambda s: tpl.add(
        s, LOCAL_ORG, "tiep", title="Tiếp", period="since_last",
        sections=(tpl.Section("Lào Cai", saved="Lào Cai"),)))
    first = briefings.build(brief_store, LOCAL_ORG, "tiep", until=UNTIL_AT)
    later = datetime.fromisoformat("2026-10-15T06:30:00+07:00")
    second = briefings.build(brief_store, LOCAL_ORG, "tiep", until=later)
    assert second.since == first.until
    assert second.items() == []


def test_unknown_template_and_empty_period_are_clear_errors(brief_store: Store) -> None:
    with pytest.raises(ItemNotFound, match="no briefing template 'khong-co'"):
        briefings.build(brief_store, LOCAL_ORG, "khong-co")
    with pytest.raises(InputError, match="the period is empty"):
        briefings.build(brief_store, LOCAL_ORG, "sang", until=UNTIL_AT, since=UNTIL_AT)


def test_a_section_can_be_a_filter_query(brief_store: Store) -> None:
    brief_store.transact(lambda s: tpl.add(
        s, LOCAL_ORG, "noi", title="Theo địa bàn", period="24h",
        sections=(tpl.parse_section('Địa bàn Lào Cai=place:"Lào Cai"'),)))
    data = briefings.build(brief_store, LOCAL_ORG, "noi", until=UNTIL_AT).to_dict()
    titles = _titles(data["sections"][0])
    assert titles[0] == "Lào Cai: Sạt lở tại xã Bản Xèo, 12 hộ dân phải di dời"
    assert "Giá cà phê Robusta lập đỉnh mới, nông dân Tây Nguyên phấn khởi" not in titles
