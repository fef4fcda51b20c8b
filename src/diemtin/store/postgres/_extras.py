"""Annotations, the entity index, fetched pages and feed state in the PostgreSQL store
(a mixin of ``PostgresStore``; the SQLite store keeps the same in the same shapes)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from diemtin.models import AnnotationSet, FeedState, PageRecord, RawDocument, canonical_url
from diemtin.search.keys import entity_key
from diemtin.store.base import PersonRow
from diemtin.store.postgres._schema import ARTICLE_DAY
from diemtin.store.postgres._vectors import storable
from diemtin.store.record_rows import PAGE_COLUMNS, by_key, feed_state, page_record, raw_page
from diemtin.store.rows import derived_rows, person_rows, province_codes

T = TypeVar("T")


class ExtrasMixin:
    """Expects ``_run`` and ``_write`` from the store."""

    def _run(self, sql: str, **params: Any) -> list[Any]:
        raise NotImplementedError  # provided by the store

    def _write(self, work: Callable[[], T]) -> T:
        raise NotImplementedError  # provided by the store

    # -- annotations -----------------------------------------------------------

    def save_annotations(self, article_id: str, annotations: AnnotationSet) -> None:
        """Store an article's annotations (and entity rows), in one transaction."""
        self._write(lambda: self._save_annotations(article_id, annotations))

    def _save_annotations(self, article_id: str, annotations: AnnotationSet) -> None:
        if annotations.components:
            self._run(
                "INSERT INTO annotations SELECT :id, c, v, CAST(d AS jsonb) FROM unnest("
                "CAST(:components AS text[]), CAST(:versions AS text[]), CAST(:data AS text[])) "
                "AS w(c, v, d) ON CONFLICT (article_id, component) DO UPDATE SET version = "
                "EXCLUDED.version, data = EXCLUDED.data", id=article_id,
                components=[c for c, _, _ in annotations.components],
                versions=[v for _, v, _ in annotations.components],
                data=[json.dumps(storable(d), ensure_ascii=False)
                      for _, _, d in annotations.components])
        if annotations.entities is None:
            return
        self._run("DELETE FROM entity_mentions WHERE article_id = :id", id=article_id)
        self._run("DELETE FROM entity_articles WHERE article_id = :id", id=article_id)
        rows = (*annotations.entities, *derived_rows(annotations.components))
        if rows:
            self._run(
                "INSERT INTO entity_mentions SELECT :id, l, k, t, s, e, ti FROM unnest("
                "CAST(:labels AS text[]), CAST(:keys AS text[]), CAST(:texts AS text[]), "
                "CAST(:starts AS int[]), CAST(:ends AS int[]), CAST(:titles AS text[])) "
                "AS m(l, k, t, s, e, ti)", id=article_id, labels=[r.label for r in rows],
                keys=[entity_key(r.text) for r in rows], texts=[r.text for r in rows],
                starts=[r.start for r in rows], ends=[r.end for r in rows],
                titles=[r.title for r in rows])
            self._run(
                "INSERT INTO entity_articles SELECT m.label, m.key, m.article_id, "
                f"a.published_utc, {ARTICLE_DAY}, min(m.text COLLATE \"C\"), CASE WHEN "
                "m.label = 'PER' THEN string_agg(DISTINCT m.title, chr(10)) END, CASE WHEN "
                "m.label = 'PER' THEN CAST(:provinces AS text) END FROM entity_mentions m "
                "JOIN articles a ON a.id = m.article_id WHERE m.article_id = :id "
                "GROUP BY m.label, m.key, m.article_id, a.published_utc", id=article_id,
                provinces=province_codes(annotations.components))

    def get_annotations(self, article_id: str) -> dict[str, tuple[str, Any]]:
        """Every stored annotation of an article: ``{component: (version, data)}``."""
        rows = self._run("SELECT component, version, data FROM annotations "
                         "WHERE article_id = :id", id=article_id)
        return {component: (version, data) for component, version, data in rows}

    def stale_articles(self, versions: Mapping[str, str]) -> Iterator[str]:
        """Ids of articles missing an annotation or holding another version of it."""
        rows = self._run(
            "SELECT a.id FROM articles a WHERE (SELECT count(*) FROM annotations n JOIN "
            "unnest(CAST(:components AS text[]), CAST(:versions AS text[])) AS w(c, v) "
            "ON n.component = w.c AND n.version = w.v WHERE n.article_id = a.id) < :count "
            "ORDER BY a.seq", components=list(versions), versions=list(versions.values()),
            count=len(versions))
        yield from (row[0] for row in rows)

    def person_rows(self, name: str) -> list[PersonRow]:
        """Mentions of a person's name, in no particular order (see :class:`PersonRow`)."""
        return person_rows(self._run(
            "SELECT article_id, text, titles, day, provinces FROM entity_articles "
            "WHERE label = 'PER' AND key = :key", key=entity_key(name)))

    def entity_counts(self, label: str, *, limit: int = 50) -> list[tuple[str, int]]:
        """The most mentioned entities of a label: ``(text, articles)``, most first."""
        rows = self._run(
            'SELECT min(text COLLATE "C"), count(*) AS n FROM entity_articles '
            'WHERE label = :label GROUP BY key ORDER BY n DESC, min(text COLLATE "C") '
            "LIMIT :limit", label=label, limit=limit)
        return [(text, int(count)) for text, count in rows]

    # -- pages and feeds -------------------------------------------------------

    def save_page(self, document: RawDocument, *, status: int, article_id: str | None,
                  error: str | None = None) -> None:
        """Keep a fetched page (compressed) and what came of it; replaces an older copy."""
        fetched = (document.fetched_at or datetime.now(UTC)).isoformat()
        self._write(lambda: self._run(
            "INSERT INTO pages VALUES (:url, :final, :fetched, :status, :headers, :body, "
            ":article, :error) ON CONFLICT (url) DO UPDATE SET final_url = EXCLUDED.final_url, "
            "fetched_at = EXCLUDED.fetched_at, status = EXCLUDED.status, headers = "
            "EXCLUDED.headers, body = EXCLUDED.body, article_id = EXCLUDED.article_id, "
            "error = EXCLUDED.error", url=canonical_url(document.url or document.source),
            final=document.url, fetched=fetched, status=status,
            headers=json.dumps(storable(document.headers)), body=zlib.compress(document.content, 6),
            article=article_id, error=error))

    def get_page(self, url: str) -> PageRecord | None:
        """The stored record of ``url`` (any spelling of it), or None."""
        rows = self._run(f"SELECT {PAGE_COLUMNS} FROM pages WHERE url = :url",
                         url=canonical_url(url))
        return page_record(rows[0]) if rows else None

    def iter_pages(self, *, batch_size: int = 200) -> Iterator[RawDocument]:
        """Every stored page with a body, as it was fetched (for re-extraction)."""
        rows = by_key(lambda last: self._run(
            'SELECT url, final_url, fetched_at, headers, body FROM pages WHERE url COLLATE "C" '
            '> :last AND body IS NOT NULL ORDER BY url COLLATE "C" LIMIT :n', last=last,
            n=batch_size), "")
        return (raw_page(*row) for row in rows)

    def set_page_result(self, url: str, *, article_id: str | None, error: str | None) -> None:
        """Record what a (re-)extraction of a stored page produced."""
        self._write(lambda: self._run(
            "UPDATE pages SET article_id = :article, error = :error WHERE url = :url",
            article=article_id, error=error, url=canonical_url(url)))

    def get_feed(self, url: str) -> FeedState | None:
        """The saved state of a feed or sitemap, or None if never polled."""
        rows = self._run("SELECT url, kind, etag, last_modified, polled_at, error FROM feeds "
                         "WHERE url = :url", url=url)
        return feed_state(rows[0]) if rows else None

    def save_feed(self, state: FeedState) -> None:
        """Save the state of a feed after a poll."""
        polled = (state.polled_at or datetime.now(UTC)).isoformat()
        self._write(lambda: self._run(
            "INSERT INTO feeds VALUES (:url, :kind, :etag, :modified, :polled, :error) "
            "ON CONFLICT (url) DO UPDATE SET kind = EXCLUDED.kind, etag = EXCLUDED.etag, "
            "last_modified = EXCLUDED.last_modified, polled_at = EXCLUDED.polled_at, "
            "error = EXCLUDED.error", url=state.url, kind=state.kind, etag=state.etag,
            modified=state.last_modified, polled=polled, error=state.error))
