"""Fetched pages and feed state in the SQLite store (a mixin of ``SQLiteStore``).

Pages are kept compressed with their fetch metadata, so ``diemtin reextract`` can run a
newer extractor without fetching again, and conditional GETs can reuse ETags.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from diemtin.models import FeedState, PageRecord, RawDocument, canonical_url
from diemtin.store.record_rows import PAGE_COLUMNS, by_key, feed_state, page_record, raw_page


class PagesMixin:
    """Page and feed storage; expects ``_db`` and ``_lock`` from the store."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # provided by the store

    def save_page(self, document: RawDocument, *, status: int, article_id: str | None,
                  error: str | None = None) -> None:
        """Keep a fetched page (compressed) and what came of it; replaces an older copy."""
        url = canonical_url(document.url or document.source)
        fetched = (document.fetched_at or datetime.now(UTC)).isoformat()
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (url, document.url, fetched, status, json.dumps(document.headers),
                 zlib.compress(document.content, 6), article_id, error),
            )

    def get_page(self, url: str) -> PageRecord | None:
        """The stored record of ``url`` (any spelling of it), or None."""
        with self._lock:
            row = self._db.execute(f"SELECT {PAGE_COLUMNS} FROM pages WHERE url = ?",
                                   (canonical_url(url),)).fetchone()
        return None if row is None else page_record(row)

    def iter_pages(self, *, batch_size: int = 200) -> Iterator[RawDocument]:
        """Every stored page with a body, as it was fetched (for re-extraction)."""
        def batch(last: str) -> list[Any]:
            with self._lock:
                return self._db.execute(
                    "SELECT url, final_url, fetched_at, headers, body FROM pages "
                    "WHERE url > ? AND body IS NOT NULL ORDER BY url LIMIT ?",
                    (last, batch_size)).fetchall()

        return (raw_page(*row) for row in by_key(batch, ""))

    def set_page_result(self, url: str, *, article_id: str | None, error: str | None) -> None:
        """Record what a (re-)extraction of a stored page produced."""
        with self._lock, self._transaction():
            self._db.execute("UPDATE pages SET article_id = ?, error = ? WHERE url = ?",
                             (article_id, error, canonical_url(url)))

    def get_feed(self, url: str) -> FeedState | None:
        """The saved state of a feed or sitemap, or None if never polled."""
        with self._lock:
            row = self._db.execute(
                "SELECT url, kind, etag, last_modified, polled_at, error FROM feeds WHERE url = ?",
                (url,),
            ).fetchone()
        return None if row is None else feed_state(row)

    def save_feed(self, state: FeedState) -> None:
        """Save the state of a feed after a poll."""
        polled = (state.polled_at or datetime.now(UTC)).isoformat()
        with self._lock, self._transaction():
            self._db.execute("INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?, ?, ?)",
                             (state.url, state.kind, state.etag, state.last_modified, polled,
                              state.error))
