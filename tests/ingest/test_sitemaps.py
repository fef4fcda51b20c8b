"""Sitemaps: URL sets, indexes, news sitemaps, gzip, text; ingesting what they list."""

from __future__ import annotations

import doctest
import gzip

import pytest

from diemtin.errors import InputError
from diemtin.flow import CrawlOptions, ingest_urls
from diemtin.ingest import sitemaps
from diemtin.ingest.http import FetchOptions
from diemtin.ingest.sitemaps import newest_first, parse_sitemap
from diemtin.store import Store
from tests.ingest.conftest import NewsServer, Reply, sitemap_index, urlset

WEB = CrawlOptions(fetch=FetchOptions(allow_private=True, delay=0, backoff=0.05, timeout=2))
LINKS = [f"https://baovungcao.vn/xa-hoi/tin-{i}.html" for i in range(4)]


def test_sitemaps_parse_a_news_sitemap() -> None:
    sitemap = parse_sitemap(urlset(LINKS, news=True))
    assert sitemap.kind == "sitemap" and sitemap.warning is None
    assert [entry.url for entry in sitemap.entries] == LINKS
    assert sitemap.entries[2].title == "Tin 2"
    published = sitemap.entries[2].published
    assert published is not None and published.isoformat() == "2026-10-12T08:00:00+07:00"
    newest = newest_first(sitemap.entries)
    assert newest[0].url == LINKS[3] and newest[-1].url == LINKS[0]


def test_sitemaps_parse_gzip_index_and_text() -> None:
    index = parse_sitemap(gzip.compress(sitemap_index(["https://baovungcao.vn/sm-1.xml"])))
    assert index.kind == "sitemapindex" and index.entries[0].url == "https://baovungcao.vn/sm-1.xml"
    plain = parse_sitemap(urlset(LINKS[:2]))
    assert plain.entries[1].lastmod is not None and plain.entries[1].lastmod.day == 11
    text = parse_sitemap(("\n".join(LINKS) + "\n" + LINKS[0] + "\n").encode())
    assert [entry.url for entry in text.entries] == LINKS


def test_sitemaps_refuse_bombs_and_garbage() -> None:
    with pytest.raises(InputError, match="expands past 1000000 bytes"):
        parse_sitemap(gzip.compress(b" " * 2_000_000), max_bytes=1_000_000)
    with pytest.raises(InputError, match="corrupt gzip data"):
        parse_sitemap(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(InputError, match="not a sitemap"):
        parse_sitemap(b"<html><body>Trang chu</body></html>")
    with pytest.raises(InputError, match="neither XML nor a list of URLs"):
        parse_sitemap("Xin chào".encode())


def test_sitemaps_recover_a_truncated_sitemap() -> None:
    sitemap = parse_sitemap(urlset(LINKS)[:-60])
    assert sitemap.warning is not None and sitemap.warning.startswith("malformed sitemap XML")
    assert [entry.url for entry in sitemap.entries] == LINKS[:3]


def test_sitemaps_ingest_an_index_with_a_gzip_child(site: NewsServer,
                                                    store: Store) -> None:
    report = ingest_urls(store, [site.url("/sitemap.xml")], options=WEB)
    assert (report.added, report.failed) == (4, 0)
    assert site.hits["/sitemap-1.xml.gz"] == 1 and site.hits["/sitemap-2.xml"] == 1
    again = ingest_urls(store, [site.url("/sitemap-news.xml")], options=WEB)
    assert (again.added, again.skipped) == (0, 4)
    assert sum(hits for path, hits in site.hits.items() if path.endswith(".html")) == 4


def test_sitemaps_limit_pages_per_round_newest_first(site: NewsServer,
                                                     store: Store) -> None:
    options = CrawlOptions(fetch=WEB.fetch, max_entries=2)
    first = ingest_urls(store, [site.url("/sitemap-news.xml")], options=options)
    assert first.added == 2
    assert site.hits["/the-thao/giai-chay-dinh-fansipan.html"] == 1  # the newest
    assert site.hits["/thoi-su/khanh-thanh-cau-coc-leu.html"] == 0  # the oldest
    second = ingest_urls(store, [site.url("/sitemap-news.xml")], options=options)
    assert (second.added, second.skipped) == (2, 2)


def test_sitemaps_index_loops_and_dead_children(site: NewsServer, store: Store) -> None:
    site.route("/vong.xml", Reply(body=sitemap_index([site.url("/vong.xml"),
                                                      site.url("/mat.xml")])))
    report = ingest_urls(store, [site.url("/vong.xml")], options=WEB)
    assert site.hits["/vong.xml"] == 1
    assert report.failures == ((site.url("/mat.xml"), "HTTP 404 Not Found"),)


def test_doctests() -> None:
    assert doctest.testmod(sitemaps).failed == 0
