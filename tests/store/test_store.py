"""The Store protocol's behaviour, run on every backend (the ``store`` fixture)."""

from datetime import datetime

import pytest

from diemtin.errors import ArticleNotFound, QuerySyntaxError, StoreError
from diemtin.models import VIETNAM_TZ, Article
from diemtin.search import match_all, parse_query
from diemtin.store import Checkpoint, Outcome, SearchFilters, Store
from tests.conftest import make_article


def titles(store: Store, query: str, **kwargs: object) -> list[str]:
    results = store.search(parse_query(query), **kwargs)  # type: ignore[arg-type]
    return [hit.article.title for hit in results.hits]


def test_upsert_twice_stores_once_and_reports_unchanged(store: Store,
                                                         news: list[Article]) -> None:
    assert store.upsert_articles(news) == [Outcome.ADDED] * len(news)
    assert store.upsert_articles(news) == [Outcome.UNCHANGED] * len(news)
    assert store.count_articles() == len(news)


def test_changed_article_is_updated_and_previous_version_kept(filled_store: Store,
                                                               news: list[Article]) -> None:
    edited = news[0].with_changes(title="Đảng ủy tỉnh Lào Cai tổng kết năm 2026")
    assert filled_store.upsert_articles([edited]) == [Outcome.UPDATED]
    stored = filled_store.get_article(news[0].id)
    assert stored.title == edited.title
    assert stored.ingested_at is not None
    versions = filled_store.article_versions(news[0].id)
    assert [v.title for v in versions] == [news[0].title]
    # The index follows the update: the new title is found, the old one no longer.
    assert titles(filled_store, "title:2026") == [edited.title]
    assert titles(filled_store, 'title:"công tác tuyên giáo"') == []


def test_issue_9_one_batch_of_new_changed_unchanged_and_repeated_articles(
        filled_store: Store, news: list[Article]) -> None:
    edited = news[0].with_changes(title="Đảng ủy tỉnh Lào Cai tổng kết năm 2026")
    storm = make_article("Bão số 5 đổ bộ Đắk Glei", "Bão số 5 đổ bộ đất liền.",
                         url="https://x.vn/bao-5", published="2026-10-15T09:30:00")
    rain = make_article("Mưa lớn ở Đắk Glei", "Mưa lớn sau bão.", url="https://x.vn/mua",
                        published="2026-10-15T09:30:00")  # the same minute as the storm
    outcomes = filled_store.upsert_articles([storm, edited, news[1], storm, rain])
    assert outcomes == [Outcome.ADDED, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.ADDED,
                        Outcome.ADDED]
    assert filled_store.count_articles() == len(news) + 2
    assert titles(filled_store, "dak glei") == [rain.title, storm.title]  # newest first
    assert titles(filled_store, "title:2026") == [edited.title]
    assert filled_store.get_article(storm.id).ingested_at is not None
    assert filled_store.upsert_articles([storm, rain]) == [Outcome.UNCHANGED] * 2


def test_round_trip_keeps_every_field(store: Store) -> None:
    article = make_article("Tiêu đề", "Đoạn 1", "Đoạn 2", url="https://x.vn/a",
                           lead="Sapo", captions=("Ảnh 1",), author="Minh Anh",
                           section="Xã hội", tags=("a", "b"), dateline="Sáng 13/10",
                           images=("https://x.vn/1.jpg",))
    store.upsert_articles([article])
    stored = store.get_article(article.id)
    assert stored.with_changes(ingested_at=None) == article
    assert stored.published == article.published and stored.published is not None
    assert stored.published.utcoffset() == article.published.utcoffset()  # type: ignore[union-attr]


def test_get_missing_article_raises(store: Store) -> None:
    with pytest.raises(ArticleNotFound, match="no article with id 'nope'"):
        store.get_article("nope")


def test_search_ignores_diacritics_and_d_stroke(filled_store: Store) -> None:
    assert titles(filled_store, "lao cai")[0].startswith("Đảng ủy tỉnh Lào Cai")
    assert "Sạt lở trên đèo Khau Phạ, Quốc lộ 32 ách tắc" in titles(filled_store, "lao cai")
    assert titles(filled_store, "dang uy") == ["Đảng ủy tỉnh Lào Cai tổng kết công tác tuyên giáo"]
    assert titles(filled_store, "DEO KHAU PHA") == ["Sạt lở trên đèo Khau Phạ, Quốc lộ 32 ách tắc"]


def test_exact_diacritics_rank_first(filled_store: Store) -> None:
    dang_party = "Đảng ủy tỉnh Lào Cai tổng kết công tác tuyên giáo"
    dang_now = "Hà Nội đang mưa lớn, nhiều tuyến phố ngập sâu"
    assert titles(filled_store, "Đảng")[0] == dang_party
    assert titles(filled_store, "đang")[0] == dang_now
    assert set(titles(filled_store, "dang")) == {dang_party, dang_now}


def test_phrase_not_and_or(filled_store: Store) -> None:
    assert titles(filled_store, '"mưa lớn" NOT "Hà Nội"') == [
        "Sạt lở trên đèo Khau Phạ, Quốc lộ 32 ách tắc"]
    assert len(titles(filled_store, "bão OR sạt")) == 2
    assert titles(filled_store, '"cai lao"') == []


def test_negated_term_with_diacritics_excludes_only_exact_spelling(
        filled_store: Store) -> None:
    assert "Hà Nội đang mưa lớn, nhiều tuyến phố ngập sâu" in titles(filled_store, "mưa NOT Đảng")


def test_filters_by_outlet_and_time(filled_store: Store) -> None:
    assert titles(filled_store, "mưa outlet:\"thoi bao thu do\"") == [
        "Hà Nội đang mưa lớn, nhiều tuyến phố ngập sâu"]
    since = datetime(2026, 10, 20, tzinfo=VIETNAM_TZ)
    found = titles(filled_store, "mưa OR bão", filters=SearchFilters(since=since))
    assert set(found) == {"Bão số 12 đổ bộ Quảng Ngãi, gió giật cấp 13",
                          "Sạt lở trên đèo Khau Phạ, Quốc lộ 32 ách tắc"}


def test_facets_total_and_paging(filled_store: Store) -> None:
    results = filled_store.search(parse_query("lao cai OR mua"), facets=True, limit=1)
    assert results.total == 3 and len(results.hits) == 1
    assert dict(results.outlet_counts) == {"Báo Tây Bắc": 2, "Thời Báo Thủ Đô": 1}
    second = filled_store.search(parse_query("lao cai OR mua"), limit=1, offset=1)
    assert second.hits[0].article.id != results.hits[0].article.id


def test_match_all_lists_newest_first(filled_store: Store) -> None:
    results = filled_store.search(match_all(), limit=10)
    published = [hit.article.published for hit in results.hits]
    assert published == sorted(published, reverse=True)  # type: ignore[type-var]


def test_iter_articles_streams_all_matches_in_batches(filled_store: Store) -> None:
    assert len(list(filled_store.iter_articles(batch_size=1))) == 4
    assert len(list(filled_store.iter_articles(parse_query("lào cai"), batch_size=1))) == 2


def test_bad_fts_input_becomes_query_error(filled_store: Store) -> None:
    # Characters with FTS5 meaning are quoted, so they are searched, not parsed.
    assert titles(filled_store, 'bão* ^ "a" NEAR') == []
    with pytest.raises(QuerySyntaxError):
        filled_store.search(parse_query("x NOT (NOT y)"))


def test_checkpoint_saved_with_batch(store: Store, news: list[Article]) -> None:
    store.upsert_articles(news[:2], checkpoint=Checkpoint("a.jsonl", "10:1", 2))
    assert store.get_checkpoint("a.jsonl") == Checkpoint("a.jsonl", "10:1", 2, False)
    assert store.get_checkpoint("b.jsonl") is None


def test_failed_batch_rolls_back_articles_and_checkpoint(store: Store,
                                                         news: list[Article]) -> None:
    broken = news[1].with_changes(title=None)  # NOT NULL constraint fails
    with pytest.raises(StoreError):
        store.upsert_articles([news[0], broken], checkpoint=Checkpoint("a", "f", 2))
    assert store.count_articles() == 0 and store.get_checkpoint("a") is None


def test_pages_are_kept_compressed_and_iterated(store: Store) -> None:
    from diemtin.models import RawDocument

    page = RawDocument(b"<html>" + "Lào Cai ".encode() * 500 + b"</html>",
                       url="https://www.baotaybac.vn/a.html?utm_source=x",
                       fetched_at=datetime(2026, 10, 13, 1, 0, tzinfo=VIETNAM_TZ),
                       headers=(("ETag", '"abc"'), ("Last-Modified", "Tue, 13 Oct 2026")))
    store.save_page(page, status=200, article_id="u1")
    record = store.get_page("https://baotaybac.vn/a.html")
    assert record is not None and record.etag == '"abc"' and record.article_id == "u1"
    [again] = list(store.iter_pages())
    assert again.content == page.content and again.headers == page.headers
    store.set_page_result(page.url or "", article_id=None, error="too_short")
    assert store.get_page(page.url or "").error == "too_short"  # type: ignore[union-attr]


def test_feed_state_round_trip(store: Store) -> None:
    from diemtin.models import FeedState

    assert store.get_feed("https://x.vn/rss") is None
    store.save_feed(FeedState("https://x.vn/rss", "rss", etag='"1"'))
    state = store.get_feed("https://x.vn/rss")
    assert state is not None and state.etag == '"1"' and state.polled_at is not None


def test_annotations_versions_and_entity_filters(filled_store: Store,
                                                 news: list[Article]) -> None:
    from diemtin.models import AnnotationSet, EntityRow

    first = news[0]
    filled_store.save_annotations(first.id, AnnotationSet(
        (("entities", "entities.v1", [{"label": "PER"}]), ("topic", "topic.v1", "x")),
        (EntityRow("PER", "Giàng A Chu", 10, 21, "Phó Bí thư Thường trực Tỉnh ủy"),
         EntityRow("LOC", "tỉnh Lào Cai", 30, 42))))
    assert filled_store.get_annotations(first.id)["topic"] == ("topic.v1", "x")
    stale = set(filled_store.stale_articles({"entities": "entities.v1", "topic": "topic.v1"}))
    assert first.id not in stale and len(stale) == 3
    assert first.id in set(filled_store.stale_articles({"entities": "entities.v3"}))
    assert titles(filled_store, "person:\"giang a chu\"") == [first.title]
    assert titles(filled_store, "hội nghị place:\"Lào Cai\"") == [first.title]
    assert titles(filled_store, "place:\"Sơn La\"") == []
    assert filled_store.entity_counts("PER") == [("Giàng A Chu", 1)]


def test_nul_characters_are_stored_and_searched_without_error(store: Store) -> None:
    """A NUL (which PostgreSQL text cannot hold) in an article or a query is no error."""
    article = make_article("Tin\x00 Lào Cai", "Đoạn có ký tự\x00 lạ.", url="https://x.vn/a\x00b",
                           author="Phóng\x00viên")
    assert store.upsert_articles([article]) == [Outcome.ADDED]
    assert store.get_article(article.id).title.startswith("Tin")
    assert store.search(parse_query("lao cai"),
                        filters=SearchFilters(outlets=("Báo\x00Tây Bắc",))).total == 0
    assert titles(store, 'lao cai person:"A\x00B"') == []
