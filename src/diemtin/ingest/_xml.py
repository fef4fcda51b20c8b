"""Safe, forgiving XML for feeds and sitemaps; sniffing what a response holds."""

from __future__ import annotations

import gzip
import io
import re
import zlib
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.sax.saxutils import escape

from lxml import etree

from diemtin.errors import InputError
from diemtin.models import VIETNAM_TZ, date_in_range

_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_PROLOG = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
FEED_ROOTS = {"rss": "rss", "feed": "atom", "rdf": "rss"}
SITEMAP_ROOTS = {"urlset": "sitemap", "sitemapindex": "sitemapindex"}


def _parser(*, recover: bool) -> etree.XMLParser:
    # No DTDs, no entity expansion, no network: a feed cannot read local files (XXE)
    # or expand into gigabytes.
    return etree.XMLParser(recover=recover, resolve_entities=False, no_network=True,
                           load_dtd=False, huge_tree=False, remove_comments=True)


def parse_xml(data: bytes, *, what: str) -> tuple[etree._Element, str | None]:
    """Parse ``data``; on malformed XML, parse what can be recovered.

    Returns:
        The root element and, when the XML was malformed, a one-line note of the first
        error (line and message).

    Raises:
        InputError: when nothing can be recovered.
    """
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    try:
        return etree.fromstring(data, _parser(recover=False)), None
    except etree.XMLSyntaxError as error:
        note = f"malformed {what} XML (line {error.lineno}: {error.msg})"
    try:
        root = etree.fromstring(data, _parser(recover=True))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise InputError(note + "; nothing could be recovered")
    return root, note


def local(element: etree._Element) -> str:
    """An element's name without namespace, lower-cased."""
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def text_of(element: etree._Element | None) -> str | None:
    """The stripped text of ``element``, or None when empty or absent."""
    if element is None:
        return None
    text = "".join(element.itertext()).strip()
    return text or None


def child(element: etree._Element, *names: str) -> etree._Element | None:
    """The first direct child named one of ``names`` (namespace ignored)."""
    for item in element:
        if local(item) in names:
            return item
    return None


def root_name(data: bytes) -> str | None:
    """The local name of the first element of an XML document, lower-cased, or None.

    >>> root_name(b'<?xml version="1.0"?><!-- x --><rss version="2.0">')
    'rss'
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    position = 0
    while match := _PROLOG.match(head, position):
        position = match.end()
    found = _ROOT.match(head[position:].lstrip())
    return found.group(2).decode("ascii").lower() if found else None


def is_gzip(data: bytes) -> bool:
    """Whether ``data`` starts with the gzip magic number."""
    return data[:2] == b"\x1f\x8b"


def gunzip(data: bytes, *, limit: int) -> bytes:
    """Decompress gzip ``data``, refusing to produce more than ``limit`` bytes.

    Raises:
        InputError: on corrupt data or past ``limit`` (a gzip bomb).
    """
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"corrupt gzip data: {error}") from error
    if len(out) > limit:
        raise InputError(f"gzip data expands past {limit} bytes; not read")
    return out


def parse_date(text: str | None) -> datetime | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) date; naive times mean Vietnam time."""
    if not text:
        return None
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM_TZ)
    return value if date_in_range(value) else None  # "0001-01-01": unknown, not a crash


def utc_sort_key(value: datetime | None) -> datetime:
    """Sort key putting unknown dates last when sorting newest first (reverse=True)."""
    return value.astimezone(UTC) if value else datetime.min.replace(tzinfo=UTC)


_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


def sniff_kind(content: bytes, media_type: str = "") -> str:
    """What a response holds: ``feed``, ``sitemap``, ``html`` or ``other``.

    The content decides over the declared type: servers often send feeds as
    ``text/html`` or ``text/xml``, and sitemaps as ``application/octet-stream``.

    >>> sniff_kind(b'<?xml version="1.0"?><urlset></urlset>', "text/xml")
    'sitemap'
    >>> sniff_kind(b"<!DOCTYPE html><html lang='vi'>", "text/html")
    'html'
    """
    head = content[:4096]
    if is_gzip(content):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(content[:65536], 4096)
        except zlib.error:
            return "other"
    name = root_name(head)
    if name in FEED_ROOTS:
        return "feed"
    if name in SITEMAP_ROOTS:
        return "sitemap"
    lines = head.decode("utf-8", errors="replace").split()
    if lines and all(line.startswith(("http://", "https://")) for line in lines[:20]):
        return "sitemap"  # a text sitemap: one URL per line
    if name is not None and (name == "html" or media_type in _HTML_TYPES
                             or media_type.endswith("xml")):
        return "html"
    return "html" if media_type in _HTML_TYPES[:2] else "other"


def text_is_complete(data: bytes, text: str) -> bool:
    """Whether ``text`` occurs in ``data`` followed by markup (``<`` or a quote).

    A truncated document's last URL is cut short; recovering parsers still return it,
    so recovered entries are checked with this before being fetched.
    """
    for form in {text.encode("utf-8"), escape(text).encode("utf-8")}:
        start = data.find(form)
        while start != -1:
            after = data[start + len(form):].lstrip()[:1]
            if after in (b"<", b'"', b"'"):
                return True
            start = data.find(form, start + 1)
    return text.encode("utf-8") not in data and escape(text).encode("utf-8") not in data
