"""Tests of diemtin.nlp.coref: short forms of a name linked to the full name (issue 13)."""

from __future__ import annotations

import pickle

from diemtin.flow import annotate_articles
from diemtin.models import Mention
from diemtin.nlp import analyze
from diemtin.nlp.coref import CorefComponent, CorefOptions, link_people
from diemtin.nlp.doc import Doc
from diemtin.nlp.people import people_named
from diemtin.store import SQLiteStore
from tests.conftest import make_article


def per(text: str, name: str, title: str | None = None, after: int = 0) -> Mention:
    start = text.index(name, after)
    return Mention(start, start + len(name), "PER", name, (("title", title),) if title else ())


def test_issue_13_given_name_links_to_the_full_name_and_its_title() -> None:
    text = ("Ông Mạc Văn Lượng, Bí thư Đảng ủy xã Tân Hòa, dự lễ. "
            "Ông Lượng đề nghị các chi bộ phát huy truyền thống.")
    full = per(text, "Mạc Văn Lượng", "Bí thư Đảng ủy xã Tân Hòa")
    short = per(text, "Lượng", after=full.end)
    [link] = link_people([full, short])
    assert (link.start, link.text, link.name, link.name_start) == (
        short.start, "Lượng", "Mạc Văn Lượng", full.start)
    assert link.title == "Bí thư Đảng ủy xã Tân Hòa"


def test_foreign_family_name_links_and_two_candidates_stay_unlinked() -> None:
    text = "CEO Ravi Malhotra gặp ông Trần Đức Vinh và bà Lê Thị Vinh. Ông Malhotra và ông Vinh."
    people = [per(text, "Ravi Malhotra"), per(text, "Trần Đức Vinh"), per(text, "Lê Thị Vinh"),
              per(text, "Malhotra", after=60), per(text, "Vinh", after=70)]
    links = link_people(people)
    assert [(link.text, link.name) for link in links] == [("Malhotra", "Ravi Malhotra")]


def test_short_forms_longer_than_the_option_are_not_linked() -> None:
    text = "Bà Phí Thị Thu Hằng phát biểu. Bà Thị Thu Hằng nói thêm."
    people = [per(text, "Phí Thị Thu Hằng"), per(text, "Thị Thu Hằng", after=20)]
    assert link_people(people) == ()
    assert len(link_people(people, options=CorefOptions(max_short=3))) == 1


def test_component_in_the_default_pipeline_and_pickles() -> None:
    text = ("Sáng 3/11, Phó Chủ tịch UBND tỉnh Đàm Quang Triều kiểm tra công trình. "
            "Ông Triều yêu cầu nhà thầu đẩy nhanh tiến độ.")
    annotations = analyze(text)
    assert ("coref", "coref.v1") in annotations.versions
    [link] = annotations.coref
    assert (link.text, link.name, link.title) == ("Triều", "Đàm Quang Triều",
                                                  "Phó Chủ tịch UBND tỉnh")
    component = CorefComponent()
    assert pickle.loads(pickle.dumps(component)) == component
    doc = component(Doc(text, entities=annotations.entities))
    assert doc.coref == annotations.coref


def test_issue_13_people_index_counts_the_short_form_as_the_same_person(
        store: SQLiteStore) -> None:
    article = make_article(
        "Cao Bằng khánh thành cầu dân sinh",
        "Sáng 14/10, ông Nông Văn Thiệp, Chủ tịch UBND xã Quang Hán, cắt băng khánh thành "
        "cầu treo. Ông Thiệp, nguyên Trưởng Công an xã, cho biết cây cầu giúp 300 hộ dân "
        "đi lại an toàn.", url="https://baocaobang.vn/cau.html")
    store.upsert_articles([article])
    annotate_articles(store, [article])
    assert people_named(store, "Thiệp") == []
    [person] = people_named(store, "Nông Văn Thiệp")
    assert {t.title for t in person.titles} == {"Chủ tịch UBND xã Quang Hán",
                                                "nguyên Trưởng Công an xã"}
