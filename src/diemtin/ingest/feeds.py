"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: the article links they list.

Vietnamese outlets publish RSS per section (``/rss/thoi-su.rss``); many feeds are
slightly broken (an unescaped ``&`` in a title, a truncated file). Malformed XML is
parsed as far as it can be recovered and the problem is reported in
:attr:`Feed.warning`, so one bad character does not lose the whole feed.

>>> feed = parse_feed('''<rss version="2.0"><channel><title>Thời sự</title>
... <item><title>Khánh thành cầu Cốc Lếu mới</title><link>/thoi-su/cau-coc-leu.html</link>
... <pubDate>Tue, 13 Oct 2026 08:15:00 +0700</pubDate></item></channel></rss>'''.encode(),
...                   base_url="https://baolaocai.vn/rss/thoi-su.rss")
>>> feed.entries[0].url, feed.entries[0].published.isoformat()
('https://baolaocai.vn/thoi-su/cau-coc-leu.html', '2026-10-13T08:15:00+07:00')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree

from diemtin.errors import InputError
from diemtin.ingest._xml import (
    FEED_ROOTS,
    child,
    local,
    parse_date,
    parse_xml,
    text_is_complete,
    text_of,
)

_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: the article's URL and what the feed says of it."""

    url: str
    title: str | None = None
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed. ``kind`` is ``rss`` or ``atom``."""

    kind: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    warning: str | None = None
    """Set when the XML was malformed and only part of it could be read."""


def parse_feed(data: bytes, *, base_url: str | None = None) -> Feed:
    """Parse an RSS or Atom feed.

    Args:
        data: the feed's bytes (its XML declaration gives the encoding).
        base_url: where it was fetched; resolves relative links.

    Returns:
        The feed, entries in document order, duplicates and entries without a link
        left out.

    Raises:
        InputError: when the data is not a feed or nothing can be recovered from it.
    """
    root, warning = parse_xml(data, what="feed")
    kind = FEED_ROOTS.get(local(root))
    if kind is None:
        raise InputError(f"not an RSS or Atom feed (root element <{local(root)}>)")
    base = root.get("{http://www.w3.org/XML/1998/namespace}base") or base_url
    if kind == "atom":
        title, entries = text_of(child(root, "title")), _atom_entries(root, base)
    else:
        channel = child(root, "channel")
        title = text_of(child(channel, "title")) if channel is not None else None
        entries = _rss_entries(root, base)
    if warning and entries and not text_is_complete(data, entries[-1][0]):
        entries.pop()  # a truncated file: its last link may be cut short
    unique: dict[str, FeedEntry] = {}
    for _raw, entry in entries:
        unique.setdefault(entry.url, entry)
    return Feed(kind, title, tuple(unique.values()), warning)


def _rss_entries(root: etree._Element, base: str | None) -> list[tuple[str, FeedEntry]]:
    entries = []
    for item in root.iter():
        if local(item) != "item":
            continue
        link = text_of(child(item, "link")) or item.get(_RDF_ABOUT) or _permalink(item)
        if link:
            date = text_of(child(item, "pubdate", "date", "published", "updated"))
            entries.append((link, FeedEntry(_absolute(link, base),
                                            text_of(child(item, "title")), parse_date(date))))
    return entries


def _permalink(item: etree._Element) -> str | None:
    guid = child(item, "guid")
    text = text_of(guid)
    if guid is None or text is None:
        return None
    permalink = (guid.get("isPermaLink") or "true").lower() != "false"
    return text if permalink and text.startswith(("http://", "https://", "/")) else None


def _atom_entries(root: etree._Element, base: str | None) -> list[tuple[str, FeedEntry]]:
    entries = []
    for entry in root:
        if local(entry) != "entry":
            continue
        link = _atom_link(entry)
        if link:
            date = text_of(child(entry, "published")) or text_of(child(entry, "updated"))
            entries.append((link, FeedEntry(_absolute(link, base),
                                            text_of(child(entry, "title")), parse_date(date))))
    return entries


def _atom_link(entry: etree._Element) -> str | None:
    fallback: str | None = None
    for item in entry:
        href = str(item.get("href") or "").strip()
        if local(item) != "link" or not href:
            continue
        rel = str(item.get("rel") or "alternate").lower()
        kind = str(item.get("type") or "text/html")
        if rel == "alternate" and kind.startswith(("text/html", "application/x")):
            return href
        fallback = fallback or (href if rel == "alternate" else None)
    return fallback


def _absolute(link: str, base: str | None) -> str:
    link = link.strip()
    return urljoin(base, link) if base else link
