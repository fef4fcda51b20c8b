"""Tests of diemtin.nlp.places and the bundled administrative-unit data. Sentences
written for these tests; places and unit codes are real."""

from __future__ import annotations

import gzip
import json
from datetime import date
from importlib import resources

import pytest

from diemtin.models import Mention
from diemtin.nlp._gazetteer import COMMUNE, NEW, OLD, PROVINCE, load_gazetteer
from diemtin.nlp.doc import Doc
from diemtin.nlp.places import PlaceComponent, PlaceOptions, find_places
from diemtin.text import normalize

BEFORE = date(2024, 9, 8)
AFTER = date(2026, 1, 5)


def _data() -> dict[str, list[list[object]]]:
    ref = resources.files("diemtin").joinpath("data", "places", "units.json.gz")
    data: dict[str, list[list[object]]] = json.loads(gzip.decompress(ref.read_bytes()))
    return data


def test_data_has_every_province_of_both_schemes_and_stays_small() -> None:
    data = _data()
    assert len(data["provinces_2008"]) == 63
    assert len(data["provinces_2025"]) == 34
    assert len(data["districts_2008"]) == 696
    assert len(data["communes_2025"]) == 3321
    assert len(data["communes_2008"]) > 10_000
    new_codes = {row[0] for row in data["provinces_2025"]}
    assert {row[2] for row in data["provinces_2008"]} == new_codes  # each old one maps
    ref = resources.files("diemtin").joinpath("data", "places", "units.json.gz")
    assert len(ref.read_bytes()) < 3_000_000


def test_every_old_commune_has_a_successor_in_its_new_province() -> None:
    gaz = load_gazetteer()
    for (level, _), entry in gaz.old.items():
        if level == COMMUNE:
            assert entry.successors, entry.unit
            for code in entry.successors:
                assert gaz.new[(COMMUNE, code)].province_code == entry.new_province


def test_names_are_normalized() -> None:
    for key, rows in _data().items():
        if key == "source":
            continue
        for row in rows:
            assert row[1] == normalize(str(row[1]))


@pytest.mark.parametrize(("old", "new"), [
    ("Yên Bái", "Tỉnh Lào Cai"), ("Hà Giang", "Tỉnh Tuyên Quang"),
    ("Quảng Nam", "Thành phố Đà Nẵng"), ("Bình Định", "Tỉnh Gia Lai"),
    ("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"), ("Hậu Giang", "Thành phố Cần Thơ"),
    ("Lào Cai", "Tỉnh Lào Cai"), ("Thừa Thiên Huế", "Thành phố Huế"),
])
def test_merged_provinces_link_to_todays_province(old: str, new: str) -> None:
    places = find_places(f"Mưa lớn ở {old}.", published=BEFORE)
    assert [(p.text, p.level) for p in places] == [(old, "province")]
    assert places[0].current is not None and places[0].current.name == new
    assert places[0].unit == places[0].old  # before 1 July 2025 the old unit was in force


def test_unit_in_force_follows_the_article_date() -> None:
    before = find_places("Đoàn công tác làm việc tại tỉnh Yên Bái.", published=BEFORE)[0]
    after = find_places("Đoàn công tác làm việc tại tỉnh Yên Bái.", published=AFTER)[0]
    assert before.text == after.text == "tỉnh Yên Bái" and before.name == "Yên Bái"
    assert before.old is not None and (before.old.scheme, before.old.code) == (OLD, "15")
    assert before.current is not None and (before.current.scheme, before.current.code) == (
        NEW, "15")
    assert before.unit == before.old and after.unit == after.current


def test_codes_of_the_two_schemes_are_kept_apart() -> None:
    place = find_places("Lào Cai đón khách.", published=BEFORE)[0]
    assert place.old is not None and place.current is not None
    assert (place.old.code, place.current.code) == ("10", "15")


def test_commune_is_linked_through_its_province() -> None:
    text = "Sạt lở tại xã Mường Lai, huyện Lục Yên, tỉnh Yên Bái."
    places = {p.text: p for p in find_places(text, published=BEFORE)}
    commune = places["xã Mường Lai"]
    assert commune.level == "commune"
    assert commune.old is not None and commune.old.province_code == "15"
    assert commune.current is not None and commune.current.scheme == NEW
    assert places["huyện Lục Yên"].current is not None
    assert places["huyện Lục Yên"].current.name == "Tỉnh Lào Cai"


def test_ambiguous_district_needs_its_province() -> None:
    alone = find_places("Đoàn đến huyện Châu Thành.", published=BEFORE)[0]
    assert alone.level == "district" and alone.old is None
    text = "Đoàn đến huyện Châu Thành, tỉnh Hậu Giang."
    linked = find_places(text, published=BEFORE)[0]
    assert linked.old is not None and linked.old.province_code == "93"


def test_new_commune_after_the_reform() -> None:
    place = find_places("Người dân phường Sài Gòn đón Tết.", published=AFTER)[0]
    assert place.current is not None and place.current.code == "26740"
    assert place.current.name == "Phường Sài Gòn" and place.unit == place.current


def test_old_ward_links_to_the_ward_it_became() -> None:
    place = find_places("Phường Bến Nghé, quận 1, TP.HCM.", published=BEFORE)[0]
    assert place.old is not None and place.old.name == "Phường Bến Nghé"
    assert place.current is not None and place.current.name == "Phường Sài Gòn"


@pytest.mark.parametrize("text", [
    "Giải Nobel Hòa bình năm nay.", "Xã hội phát triển.", "Tư tưởng Hồ Chí Minh soi đường.",
    "Chị Lê Hà Giang cho biết.", "Thái Bình Dương rộng lớn.",
])
def test_not_places(text: str) -> None:
    assert find_places(text, published=AFTER) == []


def test_person_entity_vetoes_a_bare_province_name() -> None:
    text = "Chị Hà Giang cho biết."
    person = Mention(4, 12, "PER", "Hà Giang")
    assert find_places(text, entities=[person]) == []
    assert find_places(text, options=PlaceOptions(use_entities=False))


def test_loc_entities_are_places_even_when_unlinked() -> None:
    text = "Hàng hóa xuất sang Campuchia."
    loc = Mention(19, 28, "LOC", "Campuchia")
    places = find_places(text, entities=[loc])
    assert [(p.text, p.source, p.current) for p in places] == [("Campuchia", "entity", None)]
    assert find_places(text, entities=[loc], options=PlaceOptions(unlinked=False)) == []


def test_well_known_city_without_unit_word() -> None:
    place = find_places("Đà Lạt đón khách dịp lễ.", published=AFTER)[0]
    assert place.level == "district" and place.old is not None
    assert place.current is not None and place.current.name == "Tỉnh Lâm Đồng"


def test_hyphenated_pairs_split_into_two_places() -> None:
    places = find_places("Cao tốc Hà Nội - Hải Phòng thông xe.", published=AFTER)
    assert [p.text for p in places] == ["Hà Nội", "Hải Phòng"]


def test_aliases() -> None:
    gaz = load_gazetteer()
    assert (OLD, PROVINCE, "79") in gaz.lookup("TP.HCM")
    assert (OLD, PROVINCE, "66") in gaz.lookup("Đăk Lăk")


def test_component_reads_entities_of_the_doc() -> None:
    text = "Chị Hà Giang cho biết."
    doc = Doc(text, entities=(Mention(4, 12, "PER", "Hà Giang"),))
    assert PlaceComponent()(doc).places == ()
    assert PlaceComponent().requires == ("mentions.loc",)
    assert PlaceComponent(PlaceOptions(use_entities=False)).requires == ()
