"""Tests of diemtin.nlp.analyze over Articles and texts: offsets, JSON, versions."""

from __future__ import annotations

import json
import pickle
import time
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from diemtin.models import Article
from diemtin.nlp import AnalyzeOptions, Annotations, analyze, make_doc
from diemtin.nlp.pipeline import DEFAULT_COMPONENTS
from tests.conftest import make_article

ARTICLE = make_article(
    "Mưa lũ gây thiệt hại nặng ở Yên Bái",
    "Sáng 13/9, mưa lớn gây sạt lở tại xã Mường Lai, huyện Lục Yên, tỉnh Yên Bái.",
    "Ông Hoàng Văn Tùng, Chủ tịch UBND xã Mường Lai, cho biết hai ngôi nhà bị vùi lấp.",
    "Hôm qua, lực lượng quân đội đã giúp người dân di dời tài sản đến nơi an toàn.",
    lead="Mưa lớn kéo dài từ đêm 12/9 khiến nhiều tuyến đường ở các huyện phía tây bị chia cắt.",
    published="2024-09-14T09:30:00",
)


def _check_offsets(text: str, annotations: Annotations) -> None:
    for span in (*annotations.entities, *annotations.dates, *annotations.places):
        assert text[span.start:span.end] == span.text
    for start, end in annotations.summary:
        assert text[start:end] in annotations.summary_text


def test_article_is_analyzed_on_its_text() -> None:
    annotations = analyze(ARTICLE)
    _check_offsets(ARTICLE.text, annotations)
    assert {name for name, _ in annotations.versions} == set(DEFAULT_COMPONENTS)
    assert ("Sáng 13/9", "2024-09-13") in [(d.text, d.value) for d in annotations.dates]
    assert ("Hôm qua", "2024-09-13") in [(d.text, d.value) for d in annotations.dates]
    yen_bai = [p for p in annotations.places if p.name == "Yên Bái"]
    assert yen_bai and all(p.current and p.current.name == "Tỉnh Lào Cai" for p in yen_bai)
    assert all(p.unit == p.old for p in yen_bai)  # September 2024: the old province
    assert annotations.topic is not None and annotations.keywords
    assert 1 <= len(annotations.summary) <= 3


def test_published_date_is_taken_in_vietnam_time() -> None:
    late = make_article("Tin", "Hôm nay trời mưa.", published="2024-09-14T23:30:00")
    utc = late.with_changes(published=late.published.astimezone(tz=None))  # same instant
    for article in (late, utc):
        assert make_doc(article).published == date(2024, 9, 14)


def test_plain_text_with_title() -> None:
    text = "Lũ quét ở Lào Cai\n\nĐêm 12/9, lũ quét đổ về thôn Làng Nủ.\n\nNhiều nhà bị cuốn trôi."
    doc = make_doc(text, published=date(2024, 9, 13))
    assert text[:doc.title_end] == "Lũ quét ở Lào Cai"
    assert text[doc.lead_end:].startswith("\n\nNhiều")
    annotations = analyze(text, published=date(2024, 9, 13))
    _check_offsets(text, annotations)


def test_to_dict_is_json_and_by_component_carries_versions() -> None:
    annotations = analyze(ARTICLE)
    data = json.loads(json.dumps(annotations.to_dict(), ensure_ascii=False))
    assert set(data) == {"entities", "coref", "dates", "places", "keywords", "topic",
                         "summary", "versions"}
    person = next(e for e in data["entities"] if e["label"] == "PER")
    assert person["text"] == "Hoàng Văn Tùng" and person["title"]
    place = data["places"][0]
    assert set(place) >= {"old", "current", "unit", "level", "name"}
    assert place["current"]["scheme"] == "2025"
    stored = annotations.by_component()
    assert set(stored) == {"entities", "coref", "dates", "places", "keywords", "topic",
                           "summary"}
    assert stored["dates"][0] == "dates.v1"


def test_only_chosen_components_run() -> None:
    annotations = analyze(ARTICLE, options=AnalyzeOptions(components=("dates",)))
    assert annotations.versions == (("dates", "dates.v1"),)
    assert annotations.entities == () and annotations.topic is None
    assert set(annotations.by_component()) == {"dates"}


def test_annotations_pickle() -> None:
    annotations = analyze(ARTICLE)
    assert pickle.loads(pickle.dumps(annotations)) == annotations


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([
    "Sáng 13/9", "tỉnh Yên Bái", "xã Tả Van", "ông Lò Văn Sáng", "hôm qua", "lũ quét", ",",
    ".", "UBND", "TP.HCM", "Hà Nội - Hải Phòng", "\n\n", "năm 2025", "(", ")", "Thứ hai",
]), max_size=25))
def test_offsets_hold_for_any_text(parts: list[str]) -> None:
    text = " ".join(parts)
    _check_offsets(text, analyze(text, published=date(2025, 9, 14)))


def test_article_without_date_resolves_absolute_dates_only() -> None:
    article = Article(id="c1", title="Tin", body=("Ngày 13/9/2024 và hôm qua.",))
    values = [d.value for d in analyze(article).dates]
    assert values == ["2024-09-13", None]


def test_issue_13_article_mentions_carry_the_stored_spelling() -> None:
    """The NLP reads tone marks normalized in place; offsets and texts are the stored ones."""
    from diemtin.text import normalize

    article = Article(id="a1", title="Thuỷ điện Hoà Bình xả lũ",
                      body=("Sáng 14/10, ông Nguyễn Văn Thoả cho biết tỉnh Hoà Bình đã sơ tán "
                            "200 hộ dân ở hạ du.",))
    found = analyze(article)
    written = [*found.entities, *found.places, *found.dates]
    assert any(m.text == "Nguyễn Văn Thoả" for m in found.entities)
    assert any(p.text.endswith("Hoà Bình") and p.name == "Hòa Bình" for p in found.places)
    for mention in written:
        assert article.text[mention.start:mention.end] == mention.text
    same = analyze(article.with_changes(title=normalize(article.title),
                                             body=tuple(normalize(p) for p in article.body)))
    assert [(m.start, m.end, m.label) for m in same.entities] == \
        [(m.start, m.end, m.label) for m in found.entities]


def _long_article(chars: int) -> Article:
    paragraph = ("Sáng 13/9, ông Hoàng Văn Tùng, Chủ tịch UBND xã Mường Lai, kiểm tra điểm sạt "
                 "lở ở huyện Lục Yên, tỉnh Yên Bái cùng lực lượng quân đội.")
    body = tuple([paragraph] * (chars // (len(paragraph) + 2) + 1))
    return ARTICLE.with_changes(body=body)


def test_issue_15_analysis_stops_at_max_chars_and_keeps_offsets() -> None:
    article = _long_article(300_000)
    annotations = analyze(article, options=AnalyzeOptions(max_chars=20_000))
    ends = [span.end for span in (*annotations.entities, *annotations.dates,
                                  *annotations.places)]
    assert ends and max(ends) <= 20_000
    assert max(ends) > 19_000  # the whole allowed part is analyzed, cut at a line break
    _check_offsets(article.text, annotations)
    default = analyze(article)
    assert max(span.end for span in default.entities) <= AnalyzeOptions().max_chars


def test_issue_15_analysis_time_is_bounded_on_huge_bodies() -> None:
    """A 4 MB one-line body took 52 s to analyze; past the cap, size costs nothing more."""
    from diemtin.nlp._analyze import run
    from diemtin.nlp.pipeline import build_pipeline

    pipeline = build_pipeline()
    run(pipeline, ARTICLE)  # load the models
    seconds = []
    for chars in (1_000_000, 4_000_000):
        article = _long_article(chars)
        one_line = article.with_changes(body=(" ".join(article.body),))
        started = time.perf_counter()
        run(pipeline, one_line)
        seconds.append(time.perf_counter() - started)
    assert seconds[0] < 15.0 and seconds[1] < 3 * seconds[0] + 2.0, seconds
