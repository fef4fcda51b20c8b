"""The Atom feed (RFC 4287) of a saved search: its newest matches, for feed readers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from diemtin.brief.saved import SavedSearch
from diemtin.models import Article, is_web_url

ATOM = "http://www.w3.org/2005/Atom"


def _time(moment: datetime | None) -> str:
    return (moment or datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str
         ) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _entry(root: ET.Element, article: Article, base: str) -> None:
    entry = _add(root, "entry")
    _add(entry, "id", f"urn:diemtin:article:{article.id}")
    _add(entry, "title", article.title)
    here = f"{base}/articles/{article.id}"
    _add(entry, "link", href=article.url if article.url and is_web_url(article.url) else here,
         rel="alternate")
    _add(entry, "link", href=here, rel="related")
    _add(entry, "updated", _time(article.published))
    if article.published:
        _add(entry, "published", _time(article.published))
    author = _add(entry, "author")
    _add(author, "name", article.outlet or "?")
    summary = article.lead or (article.body[0] if article.body else "")
    if summary:
        _add(entry, "summary", summary[:600], type="text")


def feed(search: SavedSearch, articles: Sequence[Article], *, base: str,
         self_url: str) -> bytes:
    """The feed of ``search`` with ``articles`` (newest first), links under ``base``."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    _add(root, "id", f"urn:diemtin:saved:{search.id}")
    _add(root, "title", f"Điểm tin — {search.name}")
    _add(root, "subtitle", f"Tìm kiếm đã lưu: {search.query_text()}")
    _add(root, "link", href=self_url, rel="self", type="application/atom+xml")
    _add(root, "link", href=f"{base}/saved", rel="alternate", type="text/html")
    newest = max((a.published for a in articles if a.published), default=None)
    _add(root, "updated", _time(newest or datetime.now(UTC)))
    _add(_add(root, "author"), "name", "diemtin")
    _add(root, "generator", "diemtin")
    for article in articles:
        _entry(root, article, base)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + text
