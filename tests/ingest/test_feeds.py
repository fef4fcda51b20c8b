"""RSS and Atom feeds: parsing (also when broken) and ingesting what they list."""

from __future__ import annotations

import doctest
import re
from datetime import datetime, timedelta, timezone
from email.message import Message

import pytest

from diemtin.errors import InputError
from diemtin.flow import CrawlOptions, ingest_urls
from diemtin.ingest import feeds
from diemtin.ingest._xml import sniff_kind
from diemtin.ingest.feeds import parse_feed
from diemtin.ingest.http import FetchOptions
from diemtin.store import Store
from tests.ingest.conftest import NewsServer, Reply, rss

WEB = CrawlOptions(fetch=FetchOptions(allow_private=True, delay=0, backoff=0.05, timeout=2))

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Báo Vùng Cao - Thời sự</title><link>https://baovungcao.vn/</link>
<item><title>Khánh thành cầu Cốc Lếu mới</title>
  <link>https://baovungcao.vn/thoi-su/cau-coc-leu.html?utm_source=rss</link>
  <pubDate>Tue, 13 Oct 2026 08:15:00 +0700</pubDate></item>
<item><title>Mưa lớn ở Bát Xát</title><link> /xa-hoi/mua-lon.html </link>
  <dc:date>2026-10-15T06:40:00+07:00</dc:date></item>
<item><title>Chỉ có guid</title><guid>https://baovungcao.vn/kinh-te/hoi-cho.html</guid></item>
<item><title>Guid không phải liên kết</title><guid isPermaLink="false">bvc-1234</guid></item>
<item><title>Trùng lặp</title><link>/xa-hoi/mua-lon.html</link></item>
</channel></rss>""".encode()


def test_feeds_parse_rss() -> None:
    feed = parse_feed(RSS, base_url="https://baovungcao.vn/rss/thoi-su.rss")
    assert feed.kind == "rss" and feed.title == "Báo Vùng Cao - Thời sự"
    assert feed.warning is None
    assert [entry.url for entry in feed.entries] == [
        "https://baovungcao.vn/thoi-su/cau-coc-leu.html?utm_source=rss",
        "https://baovungcao.vn/xa-hoi/mua-lon.html",
        "https://baovungcao.vn/kinh-te/hoi-cho.html",
    ]
    first, second, third = feed.entries
    assert first.published == datetime(2026, 10, 13, 8, 15, tzinfo=timezone(timedelta(hours=7)))
    assert second.published is not None and second.published.utcoffset() == timedelta(hours=7)
    assert third.published is None and first.title == "Khánh thành cầu Cốc Lếu mới"


def test_feeds_parse_atom_and_rdf() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"
    xml:base="https://baovungcao.vn/"><title>B\xc3\xa1o V\xc3\xb9ng Cao</title>
    <entry><title>A</title><link rel="enclosure" href="/anh/a.jpg"/>
      <link rel="alternate" type="text/html" href="the-thao/fansipan.html"/>
      <published>2026-10-19T18:30:00+07:00</published><updated>2026-10-20T09:00:00Z</updated></entry>
    <entry><title>B</title><link href="https://baovungcao.vn/b.html"/>
      <updated>2026-10-20T09:00:00Z</updated></entry>
    <entry><title>Kh\xc3\xb4ng c\xc3\xb3 li\xc3\xaan k\xe1\xba\xbft</title></entry></feed>"""
    feed = parse_feed(atom)
    assert feed.kind == "atom" and feed.title == "Báo Vùng Cao"
    assert [e.url for e in feed.entries] == ["https://baovungcao.vn/the-thao/fansipan.html",
                                             "https://baovungcao.vn/b.html"]
    assert feed.entries[0].published is not None and feed.entries[0].published.hour == 18
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://baovungcao.vn/"><title>X</title>
    </channel><item rdf:about="https://baovungcao.vn/c.html"><title>C</title></item></rdf:RDF>"""
    assert [e.url for e in parse_feed(rdf).entries] == ["https://baovungcao.vn/c.html"]


def test_feeds_recover_malformed_xml() -> None:
    broken = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>'
              b"<item><title>Lao Cai & Yen Bai</title><link>https://baovungcao.vn/a.html</link></item>"
              b"<item><title>Hai</title><link>https://baovungcao.vn/b.html</link></item>"
              b"<item><title>Ba</title><link>https://baovungcao.vn/c")
    feed = parse_feed(broken)
    assert feed.warning is not None and feed.warning.startswith("malformed feed XML (line 1:")
    assert [e.url for e in feed.entries][:2] == ["https://baovungcao.vn/a.html",
                                                 "https://baovungcao.vn/b.html"]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "nothing could be recovered"),
    (b"\x00\x01\x02 binary", "nothing could be recovered"),
    (b"<html><body><p>Trang chu</p></body></html>",
     "not an RSS or Atom feed (root element <html>)"),
])
def test_feeds_refuse_what_is_no_feed(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_feed(data)


def test_feeds_never_expand_external_entities(tmp_path: object) -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <rss version="2.0"><channel><title>&xxe;</title><item><link>https://a.vn/x.html</link>
    </item></channel></rss>"""
    feed = parse_feed(evil)
    assert "root:" not in (feed.title or "") and feed.entries[0].url == "https://a.vn/x.html"


@pytest.mark.parametrize(("data", "media", "kind"), [
    (RSS, "text/html", "feed"),
    (b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- x --><feed xmlns='x'/>", "", "feed"),
    (b"<?xml version='1.0'?><sitemapindex/>", "application/octet-stream", "sitemap"),
    (b"https://a.vn/1.html\nhttps://a.vn/2.html\n", "text/plain", "sitemap"),
    (b"<!doctype html><html><body>tin</body></html>", "text/html", "html"),
    (b"<div>tin</div>", "", "html"),
    (b"%PDF-1.7", "application/pdf", "other"),
    (b"\x89PNG\r\n", "image/png", "other"),
])
def test_feeds_sniff_kind(data: bytes, media: str, kind: str) -> None:
    assert sniff_kind(data, media) == kind


def test_feeds_ingest_a_feed_and_skip_known_pages(site: NewsServer, store: Store) -> None:
    first = ingest_urls(store, [site.url("/rss/home.rss")], options=WEB)
    assert (first.added, first.failed) == (3, 0)
    assert store.get_feed(site.url("/rss/home.rss")) is not None
    atom = ingest_urls(store, [site.url("/atom.xml")], options=WEB)
    assert (atom.added, atom.skipped) == (1, 2)  # two of its three pages were stored
    assert site.hits["/xa-hoi/mua-lon-sat-lo-bat-xat.html"] == 1
    titles = {article.title for article in store.iter_articles()}
    assert "Khánh thành cầu Cốc Lếu mới nối đôi bờ sông Hồng" in titles and len(titles) == 4


def test_feeds_conditional_get_on_the_next_poll(site: NewsServer, store: Store) -> None:
    def etagged(headers: Message, _n: int) -> Reply:
        if headers.get("If-None-Match") == '"rss-1"':
            return Reply(304)
        return Reply(body=rss(site.base, [site.url("/thoi-su/khanh-thanh-cau-coc-leu.html")]),
                     headers={"ETag": '"rss-1"', "Content-Type": "application/rss+xml"})

    site.route("/rss/etag.rss", etagged)
    ingest_urls(store, [site.url("/rss/etag.rss")], options=WEB)
    again = ingest_urls(store, [site.url("/rss/etag.rss")], options=WEB)
    assert again.failed == 0 and again.added == 0
    assert site.hits["/thoi-su/khanh-thanh-cau-coc-leu.html"] == 1
    state = store.get_feed(site.url("/rss/etag.rss"))
    assert state is not None and state.etag == '"rss-1"' and state.kind == "rss"


def test_feeds_broken_feed_reports_and_keeps_what_it_can(site: NewsServer,
                                                         store: Store) -> None:
    good = rss(site.base, [site.url("/thoi-su/khanh-thanh-cau-coc-leu.html"),
                           site.url("/xa-hoi/mua-lon-sat-lo-bat-xat.html")])
    site.route("/rss/hong.rss", Reply(body=good.replace(b"Tin 0", b"Tin & 0")[:-30],
                                      headers={"Content-Type": "application/rss+xml"}))
    site.route("/rss/rac.rss", Reply(body=b"<rss><<<", headers={"Content-Type": "text/xml"}))
    report = ingest_urls(store, [site.url("/rss/hong.rss"), site.url("/rss/rac.rss")],
                         options=WEB)
    assert report.added == 2
    reasons = dict(report.failures)
    assert reasons[site.url("/rss/hong.rss")].startswith("malformed feed XML (line 1:")
    assert "2 entries recovered" in reasons[site.url("/rss/hong.rss")]
    assert "rac.rss" in " ".join(reasons)


def test_doctests() -> None:
    assert doctest.testmod(feeds).failed == 0


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:00:00-05:00",
                                  "Fri, 31 Dec 9999 23:00:00 -0500"])
def test_issue_15_feed_dates_out_of_range_are_unknown(when: str) -> None:
    data = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Báo Vùng Cao</title>'
            f"<item><title>Tin</title><link>https://baovungcao.vn/a.html</link>"
            f"<pubDate>{when}</pubDate></item></channel></rss>").encode()
    [entry] = parse_feed(data).entries
    assert entry.published is None
