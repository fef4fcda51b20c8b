"""Issue 9: the faster search plan gives the answers of the rules, on every backend.

Rankings are checked against an oracle (phrase adjacency first, then the title, then
recency), by offset and by cursor; date filters to the second; the window of the newest
matches when few of many articles match (terms with rare spellings in an OR).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from diemtin.models import VIETNAM_TZ, Article
from diemtin.search import parse_query
from diemtin.search.filters import SearchFilters
from diemtin.search.rules import query_matches
from diemtin.store.base import Store
from tests.conftest import make_article

_START = datetime(2025, 1, 1, 8, tzinfo=VIETNAM_TZ)
_TEXTS = [
    ("Ban Thường vụ họp", "Ban Thường vụ Tỉnh ủy họp phiên thường kỳ."),
    ("Tin địa phương", "Ban Thường vụ Huyện ủy kiểm tra; bàn thường vụ."),
    ("Bàn thường vụ", "Các bạn thường vụ việc ở ban."),
    ("Họp ban", "Thường vụ ban hành nghị quyết."),
    ("Lào Cai mưa lớn", "Mưa lớn ở Lào Cai, sạt lở."),
    ("Sạt lở ở Lào Cai", "Cai quản đường ở Lào."),
    ("Tin khác", "Không liên quan gì."),
    ("Vụ thường niên của ban", "Ban Thường vụ dự họp ở Lào Cai."),  # title: words, no phrase
    ("Cai Lào", "Lào Cai đón khách."),
]


def _corpus(count: int, *, days: int = 400) -> list[Article]:
    """``count`` articles spread over ``days`` days, each at its own minute."""
    step = timedelta(days=days) / count
    articles = []
    for i in range(count):
        title, body = _TEXTS[(i * 5) % len(_TEXTS)]
        moment = (_START + step * i).replace(second=0, microsecond=0) + timedelta(seconds=i % 60)
        articles.append(make_article(f"{title} {i}", body, url=f"https://vd.vn/{i}",
                                     published=moment.replace(tzinfo=None).isoformat(),
                                     outlet="Báo A" if i % 3 else "Báo B"))
    return articles


def _expected(articles: list[Article], text: str, *, phrase: str) -> list[str]:
    """The ranking by the rules: phrase (2) + every term in the title (1), then newest."""
    query = parse_query(text)
    adjacent = parse_query(f'"{phrase}"')
    scored = [(2 * query_matches(adjacent, a.title, "\n".join(a.body))
               + query_matches(query, a.title, ""), a.published, a.id)
              for a in articles if query_matches(query, a.title, "\n".join(a.body))]
    return [article_id for *_, article_id in sorted(scored, reverse=True)]


def _narrow_window(monkeypatch: Any, size: int) -> None:
    from diemtin.store.postgres import _search as postgres_search
    from diemtin.store.sqlite import _search as sqlite_search

    monkeypatch.setattr(sqlite_search, "RANK_WINDOW", size)
    monkeypatch.setattr(postgres_search, "RANK_WINDOW", size)


@pytest.mark.parametrize(("text", "phrase"), [
    ('"Ban Thường vụ"', "Ban Thường vụ"), ("Ban Thường vụ", "Ban Thường vụ"),
    ("ban thuong vu", "ban thuong vu"), ('"Lào Cai"', "Lào Cai"), ("Lào", "Lào"),
    ("Lào Cai", "Lào Cai")])
def test_rankings_follow_the_rules_by_offset_and_by_cursor(
        store: Store, text: str, phrase: str) -> None:
    articles = _corpus(140)
    store.upsert_articles(articles)
    expected = _expected(articles, text, phrase=phrase)
    assert expected
    by_offset = [hit.article.id for offset in range(0, len(expected), 7)
                 for hit in store.search(parse_query(text), limit=7, offset=offset).hits]
    assert by_offset == expected
    by_cursor: list[str] = []
    after = None
    while True:
        results = store.search(parse_query(text), limit=6, after=after)
        by_cursor += [hit.article.id for hit in results.hits]
        if results.next_after is None:
            break
        after = results.next_after
    assert by_cursor == expected


def test_the_window_holds_the_newest_matches_of_rare_spellings(
        store: Store, monkeypatch: Any) -> None:
    articles = _corpus(300, days=700)
    store.upsert_articles(articles)
    _narrow_window(monkeypatch, 10)
    query = parse_query('"Ban Thường vụ"')
    matching = [a for a in articles if query_matches(query, a.title, "\n".join(a.body))]
    newest = sorted(matching, key=lambda a: a.published or _START, reverse=True)[:10]
    results = store.search(query, limit=10)
    assert results.total >= 10  # the window's size, or exact (PostgreSQL)
    assert {hit.article.id for hit in results.hits} == {a.id for a in newest}
    by_date = store.search(query, sort="date", limit=25)
    assert [hit.article.id for hit in by_date.hits] == [a.id for a in sorted(
        matching, key=lambda a: a.published or _START, reverse=True)[:25]]


def test_date_filters_hold_to_the_second(store: Store) -> None:
    base = "2025-03-10T08:00:{:02d}"
    store.upsert_articles([make_article(f"Lào Cai {s}", "Mưa.", url=f"https://vd.vn/s{s}",
                                        published=base.format(s)) for s in (10, 30, 50)])
    store.upsert_articles([make_article("Lào Cai sớm", "Mưa.", url="https://vd.vn/early",
                                        published="2025-03-09T23:59:59")])

    def titles(since: str | None, until: str | None) -> list[str]:
        filters = SearchFilters(
            since=None if since is None else datetime.fromisoformat(since + "+07:00"),
            until=None if until is None else datetime.fromisoformat(until + "+07:00"))
        counted = store.count(parse_query("Lào"), filters=filters).total
        hits = store.search(parse_query("Lào"), filters=filters, limit=10).hits
        assert counted == len(hits)
        return sorted(hit.article.title for hit in hits)

    assert titles("2025-03-10T08:00:30", None) == ["Lào Cai 30", "Lào Cai 50"]
    assert titles(None, "2025-03-10T08:00:30") == ["Lào Cai 10", "Lào Cai sớm"]
    assert titles("2025-03-10T08:00:11", "2025-03-10T08:00:50") == ["Lào Cai 30"]
    assert titles("2025-03-10T00:00:00", "2025-03-11T00:00:00") == [
        "Lào Cai 10", "Lào Cai 30", "Lào Cai 50"]
    assert titles("2025-03-11T00:00:00", None) == []


def test_filtered_search_matches_outlet_and_dates_exactly(store: Store) -> None:
    articles = _corpus(120)
    store.upsert_articles(articles)
    since = _START + timedelta(days=100)
    until = _START + timedelta(days=300, seconds=30)
    filters = SearchFilters(outlets=("Báo A",), since=since, until=until)
    query = parse_query("Lào Cai")
    expected = {a.id for a in articles if a.outlet == "Báo A" and a.published
                and since <= a.published < until
                and query_matches(query, a.title, "\n".join(a.body))}
    results = store.search(query, filters=filters, limit=200)
    assert {hit.article.id for hit in results.hits} == expected
    assert results.total == store.count(query, filters=filters).total == len(expected)


def test_words_like_the_index_filter_tokens_match_text_only(store: Store) -> None:
    store.upsert_articles([make_article("Mưa ở Tây Bắc", "Mưa lớn.", outlet="Báo Tây Bắc",
                                        published="2026-10-13T08:00:00")])
    for text in ("obaotaybac", "y2026", "m202610", '"obaotaybac m202610"'):
        assert store.count(parse_query(text)).total == 0, text
        assert store.search(parse_query(text)).hits == (), text
    assert store.count(parse_query("mua")).total == 1
