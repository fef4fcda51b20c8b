"""Issue 10: the ``topic:`` filter and the date sort, on both backends."""

from __future__ import annotations

from diemtin.models import AnnotationSet
from diemtin.search import parse_query
from diemtin.search.filters import SearchFilters
from diemtin.store.base import Store
from tests.conftest import make_article


def _topic(label: str) -> AnnotationSet:
    return AnnotationSet((("topic", "t1", {"label": label, "score": 0.9, "ranking": []}),))


def _fill_topics(store: Store) -> dict[str, str]:
    articles = {
        "kinh tế": make_article("Giá lúa tăng ở Đồng Tháp", "Nông dân bán lúa giá cao.",
                                url="https://vd.vn/kt1"),
        "môi trường – thiên tai": make_article("Lũ quét ở Lào Cai", "Mưa lớn, lũ quét.",
                                               url="https://vd.vn/mt1"),
        "giao thông": make_article("Sửa cầu ở Lào Cai", "Cầu treo được sửa.",
                                   url="https://vd.vn/gt1"),
    }
    store.upsert_articles(list(articles.values()),
                          annotations={a.id: _topic(label) for label, a in articles.items()})
    return {label: article.id for label, article in articles.items()}


def _ids(store: Store, text: str, **options: object) -> set[str]:
    results = store.search(parse_query(text), **options)  # type: ignore[arg-type]
    return {hit.article.id for hit in results.hits}


def test_topic_filter_with_and_without_words(store: Store) -> None:
    ids = _fill_topics(store)
    assert _ids(store, 'topic:"kinh tế"') == {ids["kinh tế"]}
    assert _ids(store, 'lào cai topic:"giao thông"') == {ids["giao thông"]}
    assert _ids(store, 'lào cai topic:"kinh tế"') == set()
    assert store.count(parse_query('topic:"giao thông"')).total == 1


def test_topic_filter_ignores_case_diacritics_and_dash(store: Store) -> None:
    ids = _fill_topics(store)
    assert _ids(store, 'topic:"Moi truong - thien tai"') == {ids["môi trường – thiên tai"]}
    assert _ids(store, "topic:KINH-TE") == {ids["kinh tế"]}  # written without quotes
    assert _ids(store, 'topic:"KINH TE"') == {ids["kinh tế"]}
    assert _ids(store, "topic:kinh") == set()  # the whole label, not a word of it


def test_topic_filter_applies_to_facets_and_export(store: Store) -> None:
    _fill_topics(store)
    query = parse_query('lào cai topic:"giao thông"')
    facets = store.result_facets(query)
    assert facets.topics == [("giao thông", 1)]
    assert [a.title for a in store.iter_articles(query)] == ["Sửa cầu ở Lào Cai"]
    assert _ids(store, 'topic:"kinh tế"', filters=SearchFilters(outlets=("Báo Khác",))) == set()
