"""Counts over the entity index and the articles, for entity, outlet and trend pages.

A mixin of ``SQLiteStore``. Besides the NLP's PER, ORG and LOC mentions, the index holds
the ``PLACE`` and ``KW`` rows of :func:`diemtin.store.rows.derived_rows`. Days are
Vietnam dates (UTC+7).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

from diemtin.store.base import CO_MENTION_WINDOW, OutletStat, TermCount
from diemtin.store.sqlite._schema import ARTICLE_DAY

_CO_LABELS = ("PER", "ORG", "PLACE")
_NEWEST = ("SELECT article_id FROM entity_articles WHERE label = ? AND key = ? "
           "ORDER BY day DESC, published_utc DESC, article_id DESC LIMIT ?")
"""A term's newest articles (undated last, ties by id): one range of its index."""


class InsightsMixin:
    """Aggregate queries; expects ``_db`` and ``_lock`` from the store."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def top_terms(self, label: str, *, limit: int = 50,
                  after: tuple[int, str] | None = None) -> list[TermCount]:
        """The most mentioned terms of ``label`` with their keys, most articles first (then
        by key); with ``after`` (articles, key), those that come after it."""
        articles, key = after or (None, "")
        rows = self._rows(
            "SELECT key, min(text), count(*) AS n FROM entity_articles WHERE label = ? "
            "GROUP BY key HAVING ? IS NULL OR n < ? OR (n = ? AND key > ?) "
            "ORDER BY n DESC, key LIMIT ?", (label, articles, articles, articles, key, limit))
        return [TermCount(label, key, text, int(n)) for key, text, n in rows]

    def term_days(self, label: str, key: str) -> list[tuple[str, int]]:
        """Articles mentioning a term per day (Vietnam dates), oldest first."""
        rows = self._rows(
            "SELECT day, count(*) FROM entity_articles WHERE label = ? AND key = ? "
            "AND day IS NOT NULL GROUP BY day ORDER BY day", (label, key))
        return [(day, int(n)) for day, n in rows]

    def co_mentions(self, label: str, key: str, *, limit: int = 20,
                    within: int = CO_MENTION_WINDOW) -> list[TermCount]:
        """Entities (PER, ORG, PLACE) named in the same articles as a term, most first,
        among its ``within`` newest articles."""
        rows = self._rows(
            f"SELECT o.label, o.key, min(o.text), count(*) AS n FROM ({_NEWEST}) r "
            "JOIN entity_articles o ON o.article_id = r.article_id "
            "WHERE o.label IN (?, ?, ?) AND NOT (o.label = ? AND o.key = ?) "
            "GROUP BY o.label, o.key ORDER BY n DESC, o.key LIMIT ?",
            (label, key, within, *_CO_LABELS, label, key, limit))
        return [TermCount(lab, k, text, int(n)) for lab, k, text, n in rows]

    def term_article_ids(self, label: str, key: str, *, limit: int = 10) -> list[str]:
        """Ids of the newest articles mentioning a term, newest first."""
        return [row[0] for row in self._rows(_NEWEST, (label, key, limit))]

    def term_counts(self, since: str, until: str, *, labels: Sequence[str],
                    min_articles: int = 1) -> list[TermCount]:
        """Articles per term of ``labels`` published in ``(since, until]`` (UTC ISO 8601):
        the window's articles by their time index, then each one's index rows (the join
        order is fixed: driven from the labels, SQLite would read every term's rows)."""
        marks = ", ".join("?" for _ in labels)
        rows = self._rows(
            "SELECT e.label, e.key, min(e.text), count(*) AS n FROM articles a "
            "CROSS JOIN entity_articles e ON e.article_id = a.id "
            f"WHERE a.published_utc > ? AND a.published_utc <= ? AND e.label IN ({marks}) "
            "GROUP BY e.label, e.key HAVING n >= ?", (since, until, *labels, min_articles))
        return [TermCount(label, key, text, int(n)) for label, key, text, n in rows]

    def outlet_stats(self) -> list[OutletStat]:
        """Every outlet with its article count and newest article, most articles first."""
        rows = self._rows(
            "SELECT min(outlet), outlet_key, count(*) AS n, max(published_utc) FROM articles "
            "WHERE outlet_key IS NOT NULL GROUP BY outlet_key ORDER BY n DESC, outlet_key", ())
        return [OutletStat(name, key, int(n), last) for name, key, n, last in rows]

    def outlet_days(self, key: str) -> list[tuple[str, int]]:
        """Articles of the outlet with ``key`` per day (Vietnam dates), oldest first."""
        rows = self._rows(
            f"SELECT {ARTICLE_DAY} AS day, count(*) FROM articles a WHERE a.outlet_key = ? "
            "AND a.published_utc IS NOT NULL GROUP BY day ORDER BY day", (key,))
        return [(day, int(n)) for day, n in rows]

    def outlet_breakdown(self, key: str, field: str) -> list[tuple[str, int]]:
        """Articles of an outlet by ``field`` (``section`` or ``topic``), most first.

        Raises:
            ValueError: ``field`` is neither ``section`` nor ``topic``.
        """
        if field == "section":
            sql = ("SELECT section AS value, count(*) AS cnt FROM articles WHERE outlet_key = ? "
                   "AND section IS NOT NULL GROUP BY value ORDER BY cnt DESC, value")
        elif field == "topic":
            sql = ("SELECT json_extract(n.data, '$.label') AS value, count(*) AS cnt "
                   "FROM annotations n JOIN articles a ON a.id = n.article_id "
                   "WHERE a.outlet_key = ? AND n.component = 'topic' AND value IS NOT NULL "
                   "GROUP BY value ORDER BY cnt DESC, value")
        else:
            raise ValueError(f"no breakdown by {field!r}")
        return [(value, int(n)) for value, n in self._rows(sql, (key,))]
