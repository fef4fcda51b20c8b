"""Issue 10: the ``topic:`` filter and the date sort, on both backends."""

from __future__ import annotations

from typing import Any

import pytest

from diemtin.errors import InputError
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


def _storm_days(store: Store, days: int = 12) -> list[str]:
    """``days`` articles on the storm, one a day; the oldest three say it in the title."""
    articles = [
        make_article(f"Bão số {n} đổ bộ" if n < 3 else f"Tin vắn ngày {n + 1}",
                     f"Bản tin ngày {n + 1}: bão gây mưa lớn ở Lào Cai.",
                     url=f"https://vd.vn/bao-{n}", published=f"2026-10-{n + 1:02d}T08:00:00")
        for n in range(days)]
    store.upsert_articles(articles)
    return [a.id for a in reversed(articles)]  # newest first


def _pages(store: Store, text: str, sort: str, limit: int) -> list[list[str]]:
    pages, after = [], None
    while True:
        results = store.search(parse_query(text), sort=sort, limit=limit, after=after)
        pages.append([hit.article.id for hit in results.hits])
        if results.next_after is None:
            return pages
        after = results.next_after


def test_date_sort_is_newest_first_over_every_match(store: Store, monkeypatch: Any) -> None:
    newest_first = _storm_days(store)
    _narrow_window(monkeypatch, 5)
    ranked = store.search(parse_query("bão"), limit=3)
    assert [h.article.title for h in ranked.hits] == ["Tin vắn ngày 12", "Tin vắn ngày 11",
                                                      "Tin vắn ngày 10"]  # window: 5 newest
    assert len(store.search(parse_query("bão"), limit=20, offset=5).hits) == 0
    by_date = store.search(parse_query("bão"), sort="date", limit=20)
    assert [h.article.id for h in by_date.hits] == newest_first
    deep = store.search(parse_query("bão"), sort="date", limit=2, offset=10)
    assert [h.article.id for h in deep.hits] == newest_first[10:]
    assert deep.hits[0].score >= 1  # the title matches, scored as by relevance
    assert _flat(_pages(store, "bão", "date", 5)) == newest_first


def test_relevance_sort_ranks_title_matches_first_and_pages_by_cursor(store: Store) -> None:
    newest_first = _storm_days(store)
    pages = _pages(store, "bão", "relevance", 4)
    flat = _flat(pages)
    assert sorted(flat) == sorted(newest_first) and len(flat) == len(set(flat))
    assert flat[:3] == newest_first[-3:]  # the three title matches, newest first
    assert [len(p) for p in pages] == [4, 4, 4, 0]


def test_cursor_pages_are_stable_under_inserts(store: Store) -> None:
    newest_first = _storm_days(store)
    for sort in ("date", "relevance"):
        first = store.search(parse_query("bão"), sort=sort, limit=5)
        store.upsert_articles([make_article(f"Bão mới nhất ({sort})", "Bão mạnh lên.",
                                            url=f"https://vd.vn/moi-{sort}",
                                            published="2026-10-30T08:00:00")])
        rest = _flat(_pages_after(store, "bão", sort, 5, first.next_after))
        seen = [h.article.id for h in first.hits] + rest
        assert sorted(set(seen) & set(newest_first)) == sorted(newest_first)
        assert len(seen) == len(set(seen))  # nothing repeated
        shifted = store.search(parse_query("bão"), sort=sort, limit=5, offset=5)
        assert shifted.hits[0].article.id in [h.article.id for h in first.hits]  # offset shifts


def test_checked_phrase_pages_by_date(store: Store) -> None:
    newest_first = _storm_days(store)
    assert _flat(_pages(store, '"ở lao cai"', "date", 5)) == newest_first
    assert len(_flat(_pages(store, '"ở lao cai"', "relevance", 5))) == len(newest_first)


def test_bad_sort_and_foreign_cursor_are_refused(store: Store) -> None:
    _storm_days(store, 3)
    with pytest.raises(InputError, match="sort must be one of relevance, date"):
        store.search(parse_query("bão"), sort="newest")
    key = store.search(parse_query("bão"), sort="date", limit=1).next_after
    with pytest.raises(InputError, match="cursor"):
        store.search(parse_query("bão"), after=key)


def _pages_after(store: Store, text: str, sort: str, limit: int,
                 after: tuple[int, ...] | None) -> list[list[str]]:
    pages = []
    while after is not None:
        results = store.search(parse_query(text), sort=sort, limit=limit, after=after)
        pages.append([hit.article.id for hit in results.hits])
        after = results.next_after
    return pages


def _narrow_window(monkeypatch: Any, size: int) -> None:
    from diemtin.store.postgres import _search as postgres_search
    from diemtin.store.sqlite import _search as sqlite_search

    monkeypatch.setattr(sqlite_search, "RANK_WINDOW", size)
    monkeypatch.setattr(postgres_search, "RANK_WINDOW", size)


def _flat(pages: list[list[str]]) -> list[str]:
    return [article_id for page in pages for article_id in page]
