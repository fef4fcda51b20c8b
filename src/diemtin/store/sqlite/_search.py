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
    SearchPlan,
    facet_days_outlets_sql,
    facet_entities_sql,
    facet_fill_sql,
    facet_topics_sql,
)

COUNT_CAP = 1_000
"""Totals above this are reported as this number (counting every match costs time)."""
RANK_WINDOW = COUNT_CAP
"""Most matches the ranking looks at: beyond it, the most recently published ones."""
_ANY_TOPIC = "SELECT 1 FROM annotations WHERE component = 'topic' LIMIT 1"
Ranked = list[tuple[int, int]]
"""``(rowid, score)`` of one page, in order."""


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
            total, floor = self._window(plan, query, None if after is None or by_date
                                        else after[0])
            if by_date:
                ranked = self._by_date(plan, query, limit, offset, after)
            elif after is None:
                ranked = [(int(r), int(s)) for r, s in
                          self._run(plan.select(limit, offset), plan.params)]
            else:
                ranked = [(int(r), int(s)) for r, s in self._run(
                    plan.keyset(limit, offset),
                    {**plan.params, "after_score": after[1], "after_rowid": after[2]})]
            articles = self._fetch([rowid for rowid, _ in ranked])
            counts = self._run(plan.facet(), plan.params) if facets else []
        hits = tuple(SearchHit(articles[rowid], float(score)) for rowid, score in ranked)
        last = ranked[-1] if len(ranked) == limit else None
        key = None if last is None else (last[0],) if by_date else (floor, last[1], last[0])
        return SearchResults(hits, total, tuple((str(o), int(n)) for o, n in counts),
                             capped=total >= COUNT_CAP, next_after=key)

    def _window(self, plan: SearchPlan, query: Query, floor: int | None) -> tuple[int, int]:
        """The (capped) total, and the oldest row id the ranking considers: the cursor's
        ``floor`` when continuing, else that of the ``RANK_WINDOW`` newest matches."""
        if plan.check:  # matches checked one by one: rank exactly those
            checked: list[int] = []
            for rowid, *_ in self._checked(plan, query):
                if (floor is None and len(checked) >= RANK_WINDOW) or \
                        (floor is not None and rowid < floor):
                    break
                checked.append(rowid)
            plan.params["ids"] = json.dumps(checked)
            return min(len(checked), COUNT_CAP), checked[-1] if checked else 0
        if plan.fts:  # one pass gives the total (up to the window) and its oldest row
            window = self._run(plan.recent(RANK_WINDOW), plan.params)
            plan.params["floor"] = floor if floor is not None else \
                (window[-1][0] if window else 0)
            return len(window), int(plan.params["floor"])
        return int(self._run(plan.count(COUNT_CAP), plan.params)[0][0]), 0

    def _by_date(self, plan: SearchPlan, query: Query, limit: int, offset: int,
                 after: tuple[int, ...] | None) -> Ranked:
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
            rowids = [int(r) for (r,) in self._run(plan.by_date(limit, offset, after=start),
                                                   {**plan.params, "after": start})]
        if not plan.fts or not rowids:
            return [(rowid, 0) for rowid in rowids]
        scores = dict(self._run(plan.scores(), {**plan.params, "page": json.dumps(rowids)}))
        return [(rowid, int(scores.get(rowid, 0))) for rowid in rowids]

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
