"""Searching the PostgreSQL store: ranked or newest-first pages, keyset cursors, facets
(a mixin of ``PostgresStore``).

As on SQLite, relevance ranks the ``RANK_WINDOW`` most recently published matches; the
date order reads every match, newest first (publication minute, then ``seq``). A page's
``next_after`` is its last hit's key: ``(floor minute, floor seq, top seq, score,
minute, seq)`` by relevance (the window's oldest row and the newest ``seq`` when the
first page was asked: articles stored later are left out, so pages do not shift),
``(minute, seq)`` by date.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from typing import Any

from diemtin.search.filters import SearchFilters
from diemtin.search.query import Query
from diemtin.search.results import SearchHit, SearchResults, check_after, check_sort
from diemtin.store.base import OUTLET_FACETS, ResultFacets, TermCount
from diemtin.store.postgres._query import SearchSql, compile_search
from diemtin.store.rows import SELECT_ARTICLE, row_to_article

RANK_WINDOW = 1_000
"""Most matches the ranking looks at: beyond it, the most recently published (as SQLite)."""
MINUTE = ("COALESCE(CAST(EXTRACT(EPOCH FROM date_trunc('minute', a.published_utc)) AS bigint),"
          " -1)")
"""The publication minute (-1 undated): with ``seq``, the order of SQLite's row ids."""
_KEY = "(a.minute, a.seq)"


class SearchMixin:
    """``search`` and ``result_facets``; expects ``_lock``, ``_run`` and ``_odd``."""

    _lock: threading.RLock

    def _run(self, sql: str, **params: Any) -> list[Any]:
        raise NotImplementedError  # provided by the store

    def _odd(self, folded: str) -> Collection[str]:
        raise NotImplementedError  # provided by the store

    def search(self, query: Query, *, filters: SearchFilters = SearchFilters(),
               limit: int = 20, offset: int = 0, facets: bool = False,
               sort: str = "relevance", after: tuple[int, ...] | None = None
               ) -> SearchResults:
        """Matches of ``query``: ranked (``relevance``) or newest first over every match
        (``date``; also without words); exact totals. ``after`` (a previous page's
        ``next_after``) continues from that page's last hit.

        Raises:
            InputError: an unknown ``sort``, or an ``after`` of another sort.
        """
        by_date = check_sort(sort) == "date" or query.node is None
        after = check_after(after, 2 if by_date else 6)
        sql = compile_search(query, filters, self._odd)
        page = f"LIMIT {int(limit)} OFFSET {int(offset)}"
        statement = _by_date(sql, page, after) if by_date else _ranked(sql, page, after)
        with self._lock:
            # One statement (one round trip) gives the exact total and the page; the
            # ranking reads only row numbers and dates, the page's rows their text.
            rows = self._run(statement, **sql.params, **_key_params(after))
            total = int(rows[0][0]) if rows else int(self._run(
                f"SELECT count(*) FROM articles a WHERE {sql.where}", **sql.params)[0][0])
            counts = self._run(
                f"SELECT a.outlet, count(*) AS n FROM articles a WHERE {sql.where} "
                'AND a.outlet IS NOT NULL GROUP BY a.outlet ORDER BY n DESC, a.outlet COLLATE "C" '
                "LIMIT 30", **sql.params) if facets else []
        end = None if by_date else -1  # ranked rows end with the window
        hits = tuple(SearchHit(row_to_article(row[4:end]), float(row[1])) for row in rows)
        key = None
        if rows and len(rows) == limit:
            last = rows[-1]
            key = (int(last[2]), int(last[3])) if by_date else \
                (*(int(v) for v in last[-1]), int(last[1]), int(last[2]), int(last[3]))
        return SearchResults(hits, total, tuple((str(o), int(n)) for o, n in counts),
                             next_after=key)

    def result_facets(self, query: Query, *, filters: SearchFilters = SearchFilters(),
                      limit: int = 10) -> ResultFacets:
        """Exact outlet, date, entity and topic counts over every match of ``query``: one
        statement, the matches found once (a materialized CTE)."""
        sql = compile_search(query, filters, self._odd)
        rows = self._run(_facets_sql(sql), **sql.params, facet_limit=limit)
        days = sorted((str(key), int(n)) for kind, key, _, n in rows if kind == "day")
        outlets = sorted(((str(key), int(n)) for kind, key, _, n in rows if kind == "outlet"),
                         key=lambda item: (-item[1], item[0]))
        entities = [TermCount(kind, key, text, int(n)) for kind, key, text, n in rows
                    if kind in ("PER", "ORG", "LOC")]
        return ResultFacets(days, entities,
                            [(str(key), int(n)) for kind, key, _, n in rows if kind == "topic"],
                            tuple(outlets[:OUTLET_FACETS]))


def _facets_sql(sql: SearchSql) -> str:
    """Rows ``(kind, key, text, count)``: kind ``day``, ``outlet``, ``topic`` or an entity
    label; entities and topics most frequent first (the most wanted ``:facet_limit``)."""
    day = ("to_char((a.published_utc AT TIME ZONE 'UTC') + interval '7 hours', "
           "'YYYY-MM-DD')")
    ids = "SELECT id FROM m"
    entities = " UNION ALL ".join(
        f"(SELECT label, key, min(text COLLATE \"C\"), count(DISTINCT article_id) AS n "
        f"FROM entity_mentions WHERE label = '{label}' AND article_id IN ({ids}) "
        'GROUP BY label, key ORDER BY n DESC, key COLLATE "C" LIMIT :facet_limit)'
        for label in ("PER", "ORG", "LOC"))
    return (f"WITH m AS MATERIALIZED (SELECT a.id, a.outlet, {day} AS day FROM articles a "
            f"WHERE {sql.where}) "
            "SELECT 'day', day, NULL, count(*) FROM m WHERE day IS NOT NULL GROUP BY day "
            "UNION ALL SELECT 'outlet', outlet, NULL, count(*) FROM m "
            f"WHERE outlet IS NOT NULL GROUP BY outlet UNION ALL {entities} UNION ALL "
            "(SELECT 'topic', topic, NULL, count(*) AS n FROM (SELECT data ->> 'label' AS "
            f"topic FROM annotations WHERE component = 'topic' AND article_id IN ({ids})) "
            't WHERE topic IS NOT NULL GROUP BY topic ORDER BY n DESC, topic COLLATE "C" '
            "LIMIT :facet_limit)")


def _key_params(after: tuple[int, ...] | None) -> dict[str, int]:
    return {} if after is None else {f"k{i}": value for i, value in enumerate(after)}


def _matches(sql: SearchSql) -> str:
    return (f"WITH matches AS MATERIALIZED (SELECT a.seq, {MINUTE} AS minute FROM articles a "
            f"WHERE {sql.where})")


def _by_date(sql: SearchSql, page: str, after: tuple[int, ...] | None) -> str:
    """Rows ``(total, score, minute, seq, article…)`` of one page, newest first."""
    below = "" if after is None else f"WHERE {_KEY} < (:k0, :k1) "
    return (f"{_matches(sql)}, page AS (SELECT a.seq, a.minute, {sql.score} AS score "
            f"FROM matches a {below}ORDER BY a.minute DESC, a.seq DESC {page}) "
            f"SELECT (SELECT count(*) FROM matches), page.score, page.minute, page.seq, "
            f"{SELECT_ARTICLE} FROM page JOIN articles a ON a.seq = page.seq "
            "ORDER BY page.minute DESC, page.seq DESC")


def _ranked(sql: SearchSql, page: str, after: tuple[int, ...] | None) -> str:
    """Rows ``(total, score, minute, seq, article…, window)`` of one page, best first;
    ``window`` is ``(floor minute, floor seq, top seq)``, the key's first three."""
    if after is None:
        recent = (f"SELECT seq, minute FROM matches ORDER BY minute DESC, seq DESC "
                  f"LIMIT {RANK_WINDOW}")
        below = ""
    else:
        recent = "SELECT seq, minute FROM matches WHERE seq <= :k2 AND (minute, seq) >= (:k0, :k1)"
        below = "WHERE (s.score, s.minute, s.seq) < (:k3, :k4, :k5) "
    window = ("ARRAY[(SELECT minute FROM recent ORDER BY minute, seq LIMIT 1), "
              "(SELECT seq FROM recent ORDER BY minute, seq LIMIT 1), "
              "(SELECT max(seq) FROM matches)]")
    if after is not None:
        window = "ARRAY[CAST(:k0 AS bigint), CAST(:k1 AS bigint), CAST(:k2 AS bigint)]"
    return (f"{_matches(sql)}, recent AS ({recent}), scored AS (SELECT a.seq, "
            f"{sql.score} AS score, a.minute FROM recent a), page AS (SELECT s.seq, s.score, "
            f"s.minute FROM scored s {below}ORDER BY s.score DESC, s.minute DESC, s.seq DESC "
            f"{page}) SELECT (SELECT count(*) FROM matches), page.score, page.minute, "
            f"page.seq, {SELECT_ARTICLE}, {window} FROM page JOIN articles a "
            "ON a.seq = page.seq ORDER BY page.score DESC, page.minute DESC, page.seq DESC")
