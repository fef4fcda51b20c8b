"""Searching the SQLite store: ranked or newest-first pages, keyset cursors, facets
(a mixin of ``SQLiteStore``).

Relevance ranks the ``RANK_WINDOW`` most recently published matches (see
:meth:`SearchMixin.search`); the date order reads every match, newest first, from the
row ids (which follow publication). A page's ``next_after`` is its last hit's key:
``(floor, score, rowid)`` by relevance (``floor`` the oldest row id of the window when
the first page was asked), ``(rowid,)`` by date.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from itertools import islice, takewhile
from typing import TYPE_CHECKING, Any

from diemtin.models import Article
from diemtin.search.filters import SearchFilters
from diemtin.search.keys import day_of
from diemtin.search.query import Query
from diemtin.search.results import SearchHit, SearchResults, check_after, check_sort
from diemtin.store.base import OUTLET_FACETS, ResultFacets, TermCount
from diemtin.store.rows import SELECT_ARTICLE, row_to_article
from diemtin.store.sqlite._plan import (
    FACET_LABELS,
    FACET_TABLE,
    FACET_TABLE_DDL,
    FIRST_DATED,
    SearchPlan,
    facet_days_outlets_sql,
    facet_entities_sql,
    facet_fill_sql,
    facet_topics_sql,
)
from diemtin.store.sqlite._schema import SLOT_SIZE

COUNT_CAP = 1_000
"""Totals above this are reported as this number (counting every match costs time)."""
RANK_WINDOW = COUNT_CAP
"""Most matches the ranking looks at: beyond it, the most recently published ones."""
_ANY_TOPIC = "SELECT 1 FROM annotations WHERE component = 'topic' LIMIT 1"
Ranked = list[tuple[int, int]]
"""``(rowid, score)`` of one page, in order."""
_BOUNDS = "SELECT (SELECT max(rowid) FROM articles), " \
    "(SELECT min(rowid) FROM articles WHERE rowid >= :dated)"
_FIRST_RANGE = 256
"""The first range of row ids :meth:`SearchMixin._newest` reads: this part of the dates."""


def _next_span(span: int, found: int, wanted: int | None) -> int:
    """The next range's size: nine tenths of the row ids the matches still wanted should
    need at the rate the last range found them (8 times as many after none): each match
    read beyond those wanted costs as much as one wanted, one more short range little."""
    if wanted is None or found >= wanted:
        return span
    if found == 0:
        return span * 8
    return max(SLOT_SIZE, span * 9 * (wanted - found) // (10 * found))


class SearchMixin:
    """``search`` and ``result_facets``; expects ``_lock``, ``_run``, ``_known`` and the
    checked-match helpers of ``CountMixin``."""

    _lock: threading.RLock

    def _run(self, sql: str, params: dict[str, Any]) -> list[Any]:
        raise NotImplementedError  # provided by the store

    if TYPE_CHECKING:  # provided by CountMixin (a later base: no stubs here)
        def _known(self, folded: str) -> list[str]: ...

        def _checked(self, plan: SearchPlan, query: Query, *, after: int | None = None
                     ) -> Iterator[tuple[int, int | None, str | None, Article]]: ...

    def search(self, query: Query, *, filters: SearchFilters = SearchFilters(),
               limit: int = 20, offset: int = 0, facets: bool = False,
               sort: str = "relevance", after: tuple[int, ...] | None = None
               ) -> SearchResults:
        """Matches of ``query``: ranked (``relevance``), or newest first (``date``, exact
        over every match); newest first when it has no words.

        When more than ``RANK_WINDOW`` articles match, the ranking considers the
        ``RANK_WINDOW`` most recently published matches: it keeps latency flat on large
        stores, and in news the recent matches are the ones wanted. ``after`` (a previous
        page's ``next_after``) continues from that page's last hit.

        Raises:
            InputError: an unknown ``sort``, or an ``after`` of another sort.
        """
        by_date = check_sort(sort) == "date" or query.node is None
        after = check_after(after, 1 if by_date else 3)
        with self._lock:
            plan = SearchPlan(query, filters, self._known)
            window = self._window(plan, query)
            total = len(window) if plan.fts else \
                int(self._run(plan.count(COUNT_CAP), plan.params)[0][0])
            if by_date:
                ranked = self._by_date(plan, query, window, limit, offset, after)
            else:
                ranked = self._ranked(plan, query, window, limit, offset, after)
            articles = self._fetch([rowid for rowid, _ in ranked])
            counts = self._run(plan.facet(checked=plan.check),
                               {**plan.params, "checked": json.dumps(window)}) if facets else []
        hits = tuple(SearchHit(articles[rowid], float(score)) for rowid, score in ranked)
        last = ranked[-1] if len(ranked) == limit else None
        floor = after[0] if after is not None and not by_date else (window[-1] if window else 0)
        key = None if last is None else (last[0],) if by_date else (floor, last[1], last[0])
        return SearchResults(hits, total, tuple((str(o), int(n)) for o, n in counts),
                             capped=total >= COUNT_CAP, next_after=key)

    def _window(self, plan: SearchPlan, query: Query) -> list[int]:
        """The row ids of the ``RANK_WINDOW`` most recently published matches, newest
        first (none without words: such searches are by date, counted apart)."""
        if plan.check:  # matches checked one by one
            return [rowid for rowid, *_ in islice(self._checked(plan, query), RANK_WINDOW)]
        return self._newest(plan, RANK_WINDOW) if plan.fts else []

    def _ranked(self, plan: SearchPlan, query: Query, window: list[int], limit: int,
                offset: int, after: tuple[int, ...] | None) -> Ranked:
        """One page by relevance: the window's matches ranked; after a cursor, the matches
        from its ``floor`` on (the same window unless newer articles came since)."""
        tiers = plan.tiers()
        if after is None and tiers is not None:
            return self._tiered(plan, window, *tiers, offset + limit)[offset:]
        if after is None:
            floor, ids = (window[-1] if window else 0), window
        elif window and window[-1] <= after[0]:
            floor, ids = after[0], [rowid for rowid in window if rowid >= after[0]]
        elif plan.check:
            floor, ids = after[0], [rowid for rowid, *_ in takewhile(
                lambda row: row[0] >= after[0], self._checked(plan, query))]
        else:
            floor, ids = after[0], self._newest(plan, None, floor=after[0])
        keys = {"after_score": after[1], "after_rowid": after[2]} if after else {}
        rows = self._run(plan.ranked(limit, offset, keyset=after is not None),
                         {**plan.params, **keys, "ids": json.dumps(ids), "floor": floor})
        return [(int(rowid), int(score)) for rowid, score in rows]

    def _tiered(self, plan: SearchPlan, window: list[int], tiers: list[tuple[str, int]],
                rest: int, count: int) -> Ranked:
        """The ``count`` best of the window, read tier by tier (see
        :meth:`SearchPlan.tiers`), newest first in each, until ``count`` are found; the
        window's other matches follow when every tier is read to its end."""
        ranked: Ranked = []
        if not window:
            return ranked
        for expression, score in tiers:
            wanted = count - len(ranked)
            found = self._newest(plan, wanted + 1, below=window[0] + 1, floor=window[-1],
                                 expression=expression)
            ranked += [(rowid, score) for rowid in found[:wanted]]
            if len(found) > wanted:  # the page is full before this tier's end
                return ranked
        seen = {rowid for rowid, _ in ranked}
        return ranked + [(rowid, rest) for rowid in window[:count + len(seen)]
                         if rowid not in seen][:count - len(ranked)]

    def _by_date(self, plan: SearchPlan, query: Query, window: list[int], limit: int,
                 offset: int, after: tuple[int, ...] | None) -> Ranked:
        """One page of every match, newest first, with the ranking's scores."""
        start = None if after is None else after[0]
        if plan.check:
            rowids = []
            for rowid, *_ in self._checked(plan, query, after=start):
                if offset > 0:
                    offset -= 1
                    continue
                rowids.append(rowid)
                if len(rowids) >= limit:
                    break
        else:
            older = [rowid for rowid in window if start is None or rowid < start]
            if len(older) < offset + limit and (len(window) >= RANK_WINDOW or not plan.fts):
                older = self._newest(plan, offset + limit, below=start)
            rowids = older[offset:offset + limit]
        if not plan.fts or not rowids:
            return [(rowid, 0) for rowid in rowids]
        scores = dict(self._run(plan.scores(), {**plan.params, "page": json.dumps(rowids)}))
        return [(rowid, int(scores.get(rowid, 0))) for rowid in rowids]

    def _newest(self, plan: SearchPlan, count: int | None, *, below: int | None = None,
                floor: int | None = None, expression: str = "q") -> list[int]:
        """The row ids of the ``count`` newest matches of ``expression`` (every one when
        None), below the row id ``below`` and from ``floor`` on when given, newest first.

        The index is read in ranges of row ids (of publication time), newest first, each
        sized from the matches the ones before found, until ``count`` are found: a term
        with few matches (one spelling in an OR) is then looked for in the range the
        answer needs, not down to the oldest article.
        """
        ((newest, oldest_dated),) = self._run(_BOUNDS, {"dated": FIRST_DATED})
        high = min(below if below is not None else (newest or 0) + 1,
                   plan.high if plan.high is not None else 1 << 62)
        low = max(floor or 0, plan.low or 0)
        span = max(SLOT_SIZE, (high - max(low, oldest_dated or 0)) // _FIRST_RANGE)
        found: list[int] = []
        while high > low and (count is None or len(found) < count):
            bottom = low if count is None or not plan.fts else max(low, high - span)
            if oldest_dated is None or bottom < oldest_dated:
                bottom = low  # the oldest articles and the undated ones: one last range
            wanted = None if count is None else count - len(found)
            rows = self._run(plan.newest(wanted, expression=expression),
                             {**plan.params, "range_low": bottom, "range_high": high})
            matches = [int(rowid) for (rowid,) in rows]
            if plan.fts:
                matches.reverse()  # the index gives the range oldest first
            found += matches[:wanted]
            span = _next_span(span, len(matches), wanted)
            high = bottom
        return found

    def result_facets(self, query: Query, *, filters: SearchFilters = SearchFilters(),
                      limit: int = 10) -> ResultFacets:
        """Exact outlet, date, entity and topic counts over every match of ``query``.

        One pass of the index stores the matches' row ids in a temporary table; days and
        outlets are then counted from the row ids and ``article_facts``, entities and
        topics from their tables, without matching the query again.
        """
        plan = SearchPlan(query, filters)
        with self._lock:
            self._run(FACET_TABLE_DDL, {})
            self._run(f"DELETE FROM {FACET_TABLE}", {})
            try:
                self._run(facet_fill_sql(plan), plan.params)
                groups = self._run(facet_days_outlets_sql(), {})
                found = self._run(facet_entities_sql(), {"facet_limit": limit})
                entities = [row for label in FACET_LABELS for row in found if row[0] == label]
                topics = self._run(facet_topics_sql(), {"facet_limit": limit}) \
                    if self._run(_ANY_TOPIC, {}) else []  # (a store never analyzed: none)
            finally:
                self._run(f"DELETE FROM {FACET_TABLE}", {})
        days: Counter[str] = Counter()
        outlets: Counter[str] = Counter()
        for day, outlet, n in groups:
            if day:
                days[day_of(int(day)).isoformat()] += int(n)
            if outlet is not None:
                outlets[str(outlet)] += int(n)
        return ResultFacets(
            sorted(days.items()),
            [TermCount(label, key, text, int(n)) for label, key, text, n in entities],
            [(topic, int(n)) for topic, n in topics],
            tuple(sorted(outlets.items(), key=lambda item: (-item[1], item[0]))[:OUTLET_FACETS]))

    def _fetch(self, rowids: list[int]) -> dict[int, Article]:
        if not rowids:
            return {}
        marks = ", ".join(f":r{i}" for i in range(len(rowids)))
        rows = self._run(f"SELECT a.rowid, {SELECT_ARTICLE} FROM articles a "
                         f"WHERE a.rowid IN ({marks})",
                         {f"r{i}": rowid for i, rowid in enumerate(rowids)})
        return {row[0]: row_to_article(row[1:]) for row in rows}
