"""Rows of the link, page and feed tables as both backends read them.

Each backend keeps its own SQL (placeholders, upserts and collations differ), but the
columns it selects and what a selected row becomes are the same on SQLite and
PostgreSQL, so they are written once here, beside ``rows.py`` (articles).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from diemtin.models import FeedState, PageRecord, RawDocument
from diemtin.store.base import LinkDoc, StoryRecord, StoryState

__all__ = ["DOC_COLUMNS", "PAGE_COLUMNS", "STORY_COLUMNS", "by_key", "feed_state", "link_doc",
           "page_record", "raw_page", "stored_time", "story_record"]

STORY_COLUMNS = "id, title, summary, first_published, last_published, state"
"""The columns of ``stories`` :func:`story_record` reads, before the vector column."""
DOC_COLUMNS = "article_id, content_hash, outlet, published, credit, band_keys, anchor_keys"
"""The columns of ``link_docs`` :func:`link_doc` reads, in order."""
PAGE_COLUMNS = "url, fetched_at, status, article_id, error, headers"
"""The columns of ``pages`` :func:`page_record` reads, in order."""


def by_key(fetch: Callable[[Any], Sequence[Any]], start: Any) -> Iterator[Any]:
    """Every row of a query read a batch at a time in key order: ``fetch(last)`` returns
    the next rows whose key (their first column) is after ``last``, none at the end.

    Each batch is its own short read, so writers are not held up by a long iteration.
    """
    last = start
    while rows := fetch(last):
        yield from rows
        last = rows[-1][0]


def stored_time(value: Any) -> datetime | None:
    """A stored time (ISO 8601 text, or a PostgreSQL ``timestamptz``) as a datetime."""
    if not value:
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def link_doc(row: Any) -> LinkDoc:
    """A ``link_docs`` row selected with :data:`DOC_COLUMNS`."""
    article_id, content_hash, outlet, published, credit, band_keys, anchor_keys = row
    return LinkDoc(article_id, content_hash, outlet, stored_time(published), credit,
                   bytes(band_keys), bytes(anchor_keys))


def story_record(row: Any, members: Iterable[tuple[str, Any]]) -> StoryRecord:
    """A ``stories`` row selected with :data:`STORY_COLUMNS` and the vector (or ``''``),
    with its members ``(article id, copy flag)`` in position order."""
    members = list(members)
    return StoryRecord(
        id=row[0], title=row[1], summary=row[2], first_published=stored_time(row[3]),
        last_published=stored_time(row[4]), state=StoryState(row[5]),
        article_ids=tuple(article_id for article_id, _ in members),
        copies=frozenset(article_id for article_id, copy in members if copy), vector=row[6])


def page_record(row: Any) -> PageRecord:
    """A ``pages`` row selected with :data:`PAGE_COLUMNS`."""
    headers = {name.lower(): value for name, value in json.loads(row[5])}
    return PageRecord(row[0], datetime.fromisoformat(row[1]), int(row[2]), row[3], row[4],
                      headers.get("etag"), headers.get("last-modified"))


def raw_page(url: str, final_url: str | None, fetched_at: str, headers: str,
             body: bytes) -> RawDocument:
    """A stored page (``url, final_url, fetched_at, headers, body``) as it was fetched."""
    return RawDocument(
        content=zlib.decompress(body), url=final_url or url, source=url,
        fetched_at=datetime.fromisoformat(fetched_at),
        headers=tuple((name, value) for name, value in json.loads(headers)))


def feed_state(row: Any) -> FeedState:
    """A ``feeds`` row (``url, kind, etag, last_modified, polled_at, error``)."""
    url, kind, etag, modified, polled, error = row
    return FeedState(url, kind, etag, modified,
                     datetime.fromisoformat(polled) if polled else None, error)
