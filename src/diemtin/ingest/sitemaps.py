"""XML sitemaps: URL sets, sitemap indexes, Google News sitemaps, gzip, plain text.

Outlets list their recent articles in a news sitemap (``<news:news>`` with the title
and ``publication_date``) and their whole archive in an index of monthly sitemaps. A
crawl reads the newest entries first (see :func:`newest_first`).

>>> sitemap = parse_sitemap('''<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
... xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>
... <loc>https://baolaocai.vn/xa-hoi/mua-lon-a1.html</loc><news:news>
... <news:publication_date>2026-10-13T08:15:00+07:00</news:publication_date>
... <news:title>Mưa lớn ở vùng cao</news:title></news:news></url></urlset>'''.encode())
>>> sitemap.kind, sitemap.entries[0].title
('sitemap', 'Mưa lớn ở vùng cao')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree

from diemtin.errors import InputError
from diemtin.ingest._xml import (
    SITEMAP_ROOTS,
    child,
    gunzip,
    is_gzip,
    local,
    parse_date,
    parse_xml,
    root_name,
    text_is_complete,
    text_of,
    utc_sort_key,
)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
"""Largest uncompressed sitemap read (the sitemaps.org limit)."""


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One ``<url>`` (or, in an index, one ``<sitemap>``)."""

    url: str
    lastmod: datetime | None = None
    title: str | None = None
    published: datetime | None = None

    @property
    def date(self) -> datetime | None:
        """The news publication date when given, else the last modification."""
        return self.published or self.lastmod


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap: ``kind`` is ``sitemap`` (pages) or ``sitemapindex`` (sitemaps)."""

    kind: str
    entries: tuple[SitemapEntry, ...]
    warning: str | None = None


def parse_sitemap(data: bytes, *, base_url: str | None = None,
                  max_bytes: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """Parse a sitemap or sitemap index (gzip-compressed or not), or a text sitemap.

    Args:
        data: the bytes as fetched or read.
        base_url: where it came from (resolves the rare relative ``<loc>``).
        max_bytes: refuse to decompress past this (gzip bombs).

    Raises:
        InputError: when the data is no sitemap, or is corrupt beyond recovery.
    """
    if is_gzip(data):
        data = gunzip(data, limit=max_bytes)
    if root_name(data) is None:
        return _text_sitemap(data)
    root, warning = parse_xml(data, what="sitemap")
    kind = SITEMAP_ROOTS.get(local(root))
    if kind is None:
        raise InputError(f"not a sitemap (root element <{local(root)}>)")
    wanted = "sitemap" if kind == "sitemapindex" else "url"
    found = [(item, entry) for item in root
             if local(item) == wanted and (entry := _entry(item, base_url)) is not None]
    if warning and found and not text_is_complete(data, text_of(child(found[-1][0], "loc"))
                                                  or ""):
        found.pop()  # a truncated file: its last URL may be cut short
    entries: dict[str, SitemapEntry] = {}
    for _item, entry in found:
        entries.setdefault(entry.url, entry)
    return Sitemap(kind, tuple(entries.values()), warning)


def _entry(item: etree._Element, base_url: str | None) -> SitemapEntry | None:
    loc = text_of(child(item, "loc"))
    if not loc:
        return None
    url = urljoin(base_url, loc) if base_url else loc
    news = child(item, "news")
    title = published = None
    if news is not None:
        title = text_of(child(news, "title"))
        published = parse_date(text_of(child(news, "publication_date")))
    return SitemapEntry(url, parse_date(text_of(child(item, "lastmod"))), title, published)


def _text_sitemap(data: bytes) -> Sitemap:
    text = data.decode("utf-8", errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or not all(line.startswith(("http://", "https://")) for line in lines):
        raise InputError("not a sitemap: neither XML nor a list of URLs")
    return Sitemap("sitemap", tuple(SitemapEntry(line) for line in dict.fromkeys(lines)))


def newest_first(entries: tuple[SitemapEntry, ...]) -> list[SitemapEntry]:
    """Entries sorted by date, newest first; undated ones last, in document order."""
    return sorted(entries, key=lambda entry: utc_sort_key(entry.date), reverse=True)
