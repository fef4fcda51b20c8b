"""SQLite and PostgreSQL answer every query alike: the same articles, the same order,
the same totals (below SQLite's counting cap)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from diemtin.models import AnnotationSet, Article, EntityRow
from diemtin.search import parse_query
from diemtin.search.filters import filters_from
from diemtin.store import Store, open_store
from tests.conftest import make_article

QUERIES = [
    "Lào Cai", "lao cai", '"Lào Cai"', '"lao cai"', "Đảng", "dang", "đang", "Đảng NOT đang",
    "dang NOT Đảng", "mưa OR bão", "(mưa OR bão) lào cai", "title:bão", "title:\"bao so\"",
    "mưa -ngập", 'ngập NOT "Hà Nội"', "Hòa Bình", "Hoà Bình", "hoa binh", "thuỷ điện",
    "outlet:\"Báo Tây Bắc\"", "sạt lở outlet:\"bao tay bac\"", 'person:"Giàng A Chu"',
    'place:"Lào Cai" hội nghị', "12.000", "xyz không có",
]


def extra_articles() -> list[Article]:
    return [
        make_article("Thuỷ điện Hoà Bình mở thêm cửa xả đáy",
                     "Sáng 14/10, Công ty Thuỷ điện Hoà Bình mở cửa xả đáy thứ ba.",
                     url="https://baotaybac.vn/xa-hoi/thuy-dien-hoa-binh.html",
                     published="2026-10-14T09:00:00"),
        make_article("Hóa chất Bính Sơn tăng công suất", "Nhà máy hóa chất đang mở rộng.",
                     url="https://baomientrung.vn/kinh-te/hoa-chat.html",
                     outlet="Báo Miền Trung", published="2026-10-15T09:00:00"),
        make_article("Mưa lớn, Lào Cai cấm đường qua đèo", "Bão số 12 gây mưa lớn ở Lào Cai.",
                     url="https://baotaybac.vn/giao-thong/cam-duong.html",
                     ).with_changes(published=None),
    ]


@pytest.fixture
def both(pg_store: Store, news: list[Article]) -> Iterator[tuple[Store, Store]]:
    articles = [*news, *extra_articles()]
    with open_store(":memory:") as sqlite_store:
        for store in (sqlite_store, pg_store):
            store.upsert_articles(articles)
            store.save_annotations(news[0].id, AnnotationSet(
                (("entities", "entities.v1", []),),
                (EntityRow("PER", "Giàng A Chu", 10, 21, "Phó Bí thư"),
                 EntityRow("LOC", "tỉnh Lào Cai", 30, 42))))
        yield sqlite_store, pg_store


@pytest.mark.parametrize("query", QUERIES)
def test_parity_same_hits_order_and_totals(both: tuple[Store, Store], query: str) -> None:
    sqlite_store, pg_store = both
    parsed = parse_query(query)
    lite, pg = sqlite_store.search(parsed, facets=True), pg_store.search(parsed, facets=True)
    assert [h.article.id for h in pg.hits] == [h.article.id for h in lite.hits], query
    assert [h.score for h in pg.hits] == [h.score for h in lite.hits], query
    assert (pg.total, pg.outlet_counts) == (lite.total, lite.outlet_counts), query


def test_parity_date_filters_and_streaming(both: tuple[Store, Store]) -> None:
    sqlite_store, pg_store = both
    filters = filters_from((), "2026-10-14", "2026-10-21")
    for query in (parse_query("mưa"), parse_query("outlet:\"Báo Tây Bắc\"")):
        lite = sqlite_store.search(query, filters=filters)
        pg = pg_store.search(query, filters=filters)
        assert [h.article.id for h in pg.hits] == [h.article.id for h in lite.hits]
    assert [a.id for a in pg_store.iter_articles(parse_query("lao cai"), batch_size=2)] == \
        [a.id for a in sqlite_store.iter_articles(parse_query("lao cai"), batch_size=2)]
