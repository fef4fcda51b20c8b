"""Plain data shared by every step of the pipeline.

Every class here is a frozen, slotted dataclass of plain values (str, int, tuple,
timezone-aware datetime), so instances pickle and can travel to a distributed map.
They never hold a connection, a file handle or a model (see ``design.md``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from diemtin.errors import InputError

Span = tuple[int, int]
"""A half-open character range ``(start, end)`` into a stored, normalized text."""

VIETNAM_TZ = timezone(timedelta(hours=7), "UTC+07:00")
"""Vietnam's time zone (no daylight saving). Naive times in Vietnamese news mean this."""

EARLIEST_DATE = datetime(1900, 1, 1, tzinfo=UTC)
"""The earliest instant diemtin stores or searches (publication dates, search bounds)."""
LATEST_DATE = datetime(2200, 1, 1, tzinfo=UTC)
"""The first instant past the range diemtin stores or searches: dates are refused from it.

The range leaves every conversion room (to UTC, to Vietnam time, a year either side for
relative dates) inside what ``datetime`` can hold, so no accepted date can overflow.
"""

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "zarsrc", "zacc", "_ga", "mc_", "ref", "cmpid")


def canonical_url(url: str) -> str:
    """Return the canonical form of ``url`` used to derive article ids.

    Lower-cases scheme and host, drops the fragment, default ports, ``www.``,
    tracking parameters (``utm_*``, ``fbclid``, ``zarsrc`` ...) and a trailing slash,
    and sorts the remaining query parameters.

    >>> canonical_url("HTTPS://www.Baolaocai.vn/tin-tuc/abc.html?utm_source=fb#top")
    'https://baolaocai.vn/tin-tuc/abc.html'
    """
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    if scheme == "http":
        scheme = "https"  # the same page is often served on both; one id for both
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PARAMS)
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute ``http``/``https`` URL with a host.

    Only such URLs are stored as article links and rendered as links.

    >>> is_web_url("https://baolaocai.vn/a.html"), is_web_url("javascript:alert(1)")
    (True, False)
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def date_in_range(moment: datetime) -> bool:
    """Whether the timezone-aware ``moment`` lies in [``EARLIEST_DATE``, ``LATEST_DATE``).

    >>> date_in_range(datetime(1, 1, 1, tzinfo=VIETNAM_TZ))
    False
    """
    try:
        return EARLIEST_DATE <= moment.astimezone(UTC) < LATEST_DATE
    except (OverflowError, ValueError):  # 0001-01-01 at +07:00 is before year 1 in UTC
        return False


def check_date(moment: datetime, *, name: str) -> datetime:
    """Return ``moment`` when :func:`date_in_range`, else raise a reason naming ``name``.

    Raises:
        InputError: the date is outside 1900-01-01 to 2199-12-31 (UTC).
    """
    if not date_in_range(moment):
        raise InputError(f"'{name}' {moment.isoformat()} is outside the dates diemtin stores "
                         f"({EARLIEST_DATE:%Y-%m-%d} to 2199-12-31, UTC); check the year "
                         "and the offset")
    return moment


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def article_id_for_canonical(canonical: str) -> str:
    """The id of the article at a URL already in :func:`canonical_url` form."""
    return "u" + _digest(canonical)


def article_id_for(*, url: str | None, title: str, body: tuple[str, ...]) -> str:
    """Derive a stable article id: from the canonical URL, else from the content.

    Ids from URLs start with ``u``, ids from content with ``c``; both are 17 characters.
    Content is normalized first, so the same text with its tone marks placed either way
    ("Hoà Bình", "Hòa Bình") gets one id.
    """
    if url:
        return article_id_for_canonical(canonical_url(url))
    from diemtin.text.normalize import normalize  # text imports models (Span): import here

    return "c" + _digest(normalize(title.strip() + "\n" + "\n".join(p.strip() for p in body)))


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes as they came from a source, before extraction.

    ``headers`` are the HTTP response headers (lower-cased names) when fetched.
    ``source`` names where the bytes came from (a path, a URL, a WARC record).
    """

    content: bytes
    url: str | None = None
    source: str = ""
    fetched_at: datetime | None = None
    headers: tuple[tuple[str, str], ...] = ()
    media_type: str = ""

    def header(self, name: str) -> str | None:
        """Return the first header called ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: the unit every step speaks.

    Text fields hold the text as the outlet published it, in Unicode NFC with invisible
    characters removed (``diemtin.text.clean_characters``) and the outlet's own
    tone-mark placement ("hoà" stays "hoà"); search keys and the NLP input normalize it.
    ``published`` keeps the original UTC offset (``+07:00`` for Vietnamese outlets); use
    :attr:`published_utc` to compare instants. ``provenance`` says where extraction took
    each metadata field from, as ``(field, source)`` pairs (``("title", "h1")``,
    ``("author", "signature")``); it describes the extraction, not the document, so it
    is left out of :meth:`content_hash`.
    """

    id: str
    title: str
    body: tuple[str, ...] = ()
    url: str | None = None
    outlet: str | None = None
    lead: str | None = None
    captions: tuple[str, ...] = ()
    author: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    published: datetime | None = None
    fetched_at: datetime | None = None
    ingested_at: datetime | None = None
    language: str = "vi"
    dateline: str | None = None
    images: tuple[str, ...] = ()
    source: str = ""
    provenance: tuple[tuple[str, str], ...] = ()

    @property
    def published_utc(self) -> datetime | None:
        """The publication instant in UTC, or None when unknown."""
        return self.published.astimezone(UTC) if self.published else None

    @property
    def text(self) -> str:
        """Title, lead and body joined by blank lines: the text analysis reads."""
        parts = [self.title, self.lead or "", *self.body]
        return "\n\n".join(part for part in parts if part)

    def content_hash(self) -> str:
        """A digest of every field that belongs to the published document.

        Fetch and ingest times and the source are left out, so re-ingesting the same
        document yields the same hash and is reported as unchanged.
        """
        published = self.published.isoformat() if self.published else None
        return _digest(repr((
            self.id, self.title, self.body, self.url, self.outlet, self.lead, self.captions,
            self.author, self.section, self.tags, published, self.language, self.dateline,
            self.images,
        )))

    def with_changes(self, **changes: Any) -> Article:
        """Return a copy with ``changes`` applied (``dataclasses.replace``)."""
        return replace(self, **changes)


_DATETIME_FIELDS = ("published", "fetched_at", "ingested_at")
_TUPLE_FIELDS = ("body", "captions", "tags", "images")


def to_dict(article: Article) -> dict[str, Any]:
    """Return a JSON-ready dict of ``article``: datetimes in ISO 8601, tuples as lists.

    ``provenance`` becomes an object (``{"title": "h1", "author": "signature"}``).
    """
    data: dict[str, Any] = {}
    for item in fields(article):
        value = getattr(article, item.name)
        if item.name == "provenance":
            value = dict(value)
        elif isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        data[item.name] = value
    return data


def from_dict(data: dict[str, Any]) -> Article:
    """Rebuild an :class:`Article` from :func:`to_dict` output (unknown keys ignored)."""
    known = {item.name for item in fields(Article)}
    values: dict[str, Any] = {key: value for key, value in data.items() if key in known}
    for name in _DATETIME_FIELDS:
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    for name in _TUPLE_FIELDS:
        if name in values:
            values[name] = tuple(values[name] or ())
    if "provenance" in values:
        values["provenance"] = _pairs(values["provenance"])
    return Article(**values)


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """``{"title": "h1"}`` or ``[["title", "h1"]]`` as a tuple of string pairs."""
    items = value.items() if isinstance(value, dict) else (value or ())
    return tuple((str(key), str(source)) for key, source in items)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an article's text recognised as an entity, date or place."""

    start: int
    end: int
    label: str
    text: str
    attrs: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Story:
    """Coverage of one event over time: articles from one or more outlets.

    ``article_ids`` are in order of publication; ``first_article_id`` is the earliest
    (who published first).
    """

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_published: datetime | None = None
    last_published: datetime | None = None
    outlets: tuple[str, ...] = ()

    @property
    def first_article_id(self) -> str:
        """The article that broke the story."""
        return self.article_ids[0]


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest run did: counts per outcome and one reason per failure."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failures: tuple[tuple[str, str], ...] = ()

    @property
    def failed(self) -> int:
        """How many inputs failed."""
        return len(self.failures)

    def summary(self) -> str:
        """A one-line summary for people."""
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {self.failed} failed"
        )


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One entity mention as the store indexes it: label, surface text, offsets, title."""

    label: str
    text: str
    start: int
    end: int
    title: str | None = None


@dataclass(frozen=True, slots=True)
class AnnotationSet:
    """What the NLP pipeline stores for one article.

    ``components`` maps each component to ``(version, JSON-ready data)``; ``entities``,
    when given, replaces the article's rows in the entity index.
    """

    components: tuple[tuple[str, str, Any], ...]
    entities: tuple[EntityRow, ...] | None = None

    def by_component(self) -> dict[str, tuple[str, Any]]:
        """``{component: (version, data)}``."""
        return {name: (version, data) for name, version, data in self.components}


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What the store knows of one fetched page, without its body."""

    url: str
    fetched_at: datetime
    status: int
    article_id: str | None
    error: str | None
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class FeedState:
    """The last poll of a feed or sitemap: validators for a conditional GET."""

    url: str
    kind: str
    etag: str | None = None
    last_modified: str | None = None
    polled_at: datetime | None = None
    error: str | None = None
