"""Counts over the entity index and the articles, for entity, outlet and trend pages
(a mixin of ``PostgresStore``; answers as the SQLite store does: days are Vietnam dates,
times UTC ISO 8601 text, ties broken by byte order)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from diemtin.store.base import CO_MENTION_WINDOW, OutletStat, TermCount
from diemtin.store.postgres._schema import ARTICLE_DAY

_NEWEST = ("SELECT article_id FROM entity_articles WHERE label = :label AND key = :key "
           "ORDER BY day DESC NULLS LAST, published_utc DESC NULLS LAST, "
           'article_id COLLATE "C" DESC LIMIT :limit')
"""A term's newest articles (undated last, ties by id): one range of its index."""
_TEXT = 'min(text COLLATE "C")'


def _utc(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


class InsightsMixin:
    """Aggregate queries; expects ``_run`` from the store."""

    def _run(self, sql: str, **params: Any) -> list[Any]:
        raise NotImplementedError  # provided by the store

    def top_terms(self, label: str, *, limit: int = 50,
                  after: tuple[int, str] | None = None) -> list[TermCount]:
        """The most mentioned terms of ``label`` with their keys, most articles first (then
        by key, byte order); with ``after`` (articles, key), those that come after it."""
        articles, key = after or (None, "")
        rows = self._run(
            f"SELECT key, {_TEXT}, count(*) AS n FROM entity_articles WHERE label = :label "
            "GROUP BY key HAVING CAST(:n AS bigint) IS NULL OR count(*) < :n "
            'OR (count(*) = :n AND key COLLATE "C" > :key) '
            'ORDER BY n DESC, key COLLATE "C" LIMIT :limit',
            label=label, limit=limit, n=articles, key=key)
        return [TermCount(label, key, text, int(n)) for key, text, n in rows]

    def term_days(self, label: str, key: str) -> list[tuple[str, int]]:
        """Articles mentioning a term per day (Vietnam dates), oldest first."""
        rows = self._run(
            "SELECT day, count(*) FROM entity_articles WHERE label = :label AND key = :key "
            "AND day IS NOT NULL GROUP BY day ORDER BY day", label=label, key=key)
        return [(day, int(n)) for day, n in rows]

    def co_mentions(self, label: str, key: str, *, limit: int = 20,
                    within: int = CO_MENTION_WINDOW) -> list[TermCount]:
        """Entities (PER, ORG, PLACE) named in the same articles as a term, most first,
        among its ``within`` newest articles."""
        rows = self._run(
            f"SELECT o.label, o.key, min(o.text COLLATE \"C\"), count(*) AS n FROM ({_NEWEST}) r "
            "JOIN entity_articles o ON o.article_id = r.article_id "
            "WHERE o.label IN ('PER', 'ORG', 'PLACE') AND NOT (o.label = :label AND o.key = :key) "
            'GROUP BY o.label, o.key ORDER BY n DESC, o.key COLLATE "C" LIMIT :few',
            label=label, key=key, limit=within, few=limit)
        return [TermCount(lab, k, text, int(n)) for lab, k, text, n in rows]

    def term_article_ids(self, label: str, key: str, *, limit: int = 10) -> list[str]:
        """Ids of the newest articles mentioning a term, newest first."""
        return [row[0] for row in self._run(_NEWEST, label=label, key=key, limit=limit)]

    def term_counts(self, since: str, until: str, *, labels: Sequence[str],
                    min_articles: int = 1) -> list[TermCount]:
        """Articles per term of ``labels`` published in ``(since, until]`` (UTC ISO 8601)."""
        rows = self._run(
            "SELECT e.label, e.key, min(e.text COLLATE \"C\"), count(*) FROM articles a "
            "JOIN entity_articles e ON e.article_id = a.id "
            "WHERE a.published_utc > CAST(:since AS timestamptz) "
            "AND a.published_utc <= CAST(:until AS timestamptz) "
            "AND e.label = ANY(CAST(:labels AS text[])) GROUP BY e.label, e.key "
            "HAVING count(*) >= :least",
            labels=list(labels), since=since, until=until, least=min_articles)
        return [TermCount(label, key, text, int(n)) for label, key, text, n in rows]

    def outlet_stats(self) -> list[OutletStat]:
        """Every outlet with its article count and newest article, most articles first."""
        rows = self._run(
            'SELECT min(outlet COLLATE "C"), outlet_key, count(*) AS n, max(published_utc) '
            "FROM articles WHERE outlet_key IS NOT NULL GROUP BY outlet_key "
            'ORDER BY n DESC, outlet_key COLLATE "C"')
        return [OutletStat(name, key, int(n), _utc(last)) for name, key, n, last in rows]

    def outlet_days(self, key: str) -> list[tuple[str, int]]:
        """Articles of the outlet with ``key`` per day (Vietnam dates), oldest first."""
        rows = self._run(
            f"SELECT {ARTICLE_DAY} AS day, count(*) FROM articles a WHERE a.outlet_key = :key "
            "AND a.published_utc IS NOT NULL GROUP BY day ORDER BY day", key=key)
        return [(day, int(n)) for day, n in rows]

    def outlet_breakdown(self, key: str, field: str) -> list[tuple[str, int]]:
        """Articles of an outlet by ``field`` (``section`` or ``topic``), most first.

        Raises:
            ValueError: ``field`` is neither ``section`` nor ``topic``.
        """
        if field == "section":
            sql = ("SELECT section, count(*) AS cnt FROM articles WHERE outlet_key = :key "
                   "AND section IS NOT NULL GROUP BY section "
                   'ORDER BY cnt DESC, section COLLATE "C"')
        elif field == "topic":
            sql = ("SELECT value, count(*) AS cnt FROM (SELECT n.data ->> 'label' AS value "
                   "FROM annotations n JOIN articles a ON a.id = n.article_id "
                   "WHERE a.outlet_key = :key AND n.component = 'topic') AS t "
                   'WHERE value IS NOT NULL GROUP BY value ORDER BY cnt DESC, value COLLATE "C"')
        else:
            raise ValueError(f"no breakdown by {field!r}")
        return [(value, int(n)) for value, n in self._run(sql, key=key)]
