"""Exact counts, and matches checked by the rules (a mixin of ``SQLiteStore``).

Counts read the full-text index and the narrow ``article_facts`` table (day, outlet),
never the articles themselves. When a query mixes marked and unmarked syllables in one
phrase, the index gives a superset and each candidate is checked with
:func:`~diemtin.search.rules.query_matches`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

from diemtin.models import Article
from diemtin.search.filters import SearchFilters
from diemtin.search.keys import indexed_text
from diemtin.search.query import Query
from diemtin.search.results import Counts, check_unit, group_counts
from diemtin.search.rules import query_matches, spellings_of
from diemtin.store.rows import row_to_article
from diemtin.store.sqlite._plan import SearchPlan

_CHECK_BATCH = 500


class CountMixin:
    """``count`` and the checked-match helpers; expects ``_db``, ``_lock``, ``_run``."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def _run(self, sql: str, params: dict[str, Any]) -> list[Any]:
        raise NotImplementedError  # provided by the store

    def count(self, query: Query, *, filters: SearchFilters = SearchFilters(),
              by: str | None = None) -> Counts:
        """The exact number of articles matching ``query`` and ``filters``, uncapped,
        grouped ``by`` day, week, month (Vietnam time) or outlet when asked.

        Raises:
            InputError: ``by`` is not one of ``day``, ``week``, ``month``, ``outlet``.
        """
        unit = check_unit(by)
        group = None if unit is None else ("outlet" if unit == "outlet" else "day")
        with self._lock:
            plan = SearchPlan(query, filters, self._known)
            if plan.check:
                rows: list[Any] = list(self._checked_counts(plan, query, group).items())
            else:
                rows = self._run(plan.count_by(group), plan.params)
        return group_counts(unit, rows)

    def _known(self, folded: str) -> list[str]:
        """The spellings of the folded syllable that occur in the exact columns: those
        :func:`spellings_of` generates, and the odd ones recorded as articles came."""
        odd = [exact for (exact,) in self._db.execute(
            "SELECT exact FROM odd_spellings WHERE folded = ?", (folded,))]
        found = []
        for spelling in (*spellings_of(folded), *odd):
            # The unmarked spelling is in the folded columns too; marked ones only here.
            columns = "{e_title e_text} : " if spelling == folded else ""
            expression = f'{columns}"{spelling}"'
            if self._db.execute("SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1",
                                (expression,)).fetchone():
                found.append(spelling)
        return found

    def _checked_counts(self, plan: SearchPlan, query: Query,
                        group: str | None) -> Counter[Any]:
        counts: Counter[Any] = Counter()
        for _, day, outlet, _article in self._checked(plan, query):
            counts[None if group is None else (day if group == "day" else outlet)] += 1
        return counts

    def _checked(self, plan: SearchPlan, query: Query, *, after: int | None = None
                 ) -> Iterator[tuple[int, int | None, str | None, Article]]:
        """Candidates that match by the rules: ``(rowid, day, outlet, article)``,
        most recently published first (below the row id ``after`` when given)."""
        while True:
            with self._lock:
                rows = self._run(plan.candidates(_CHECK_BATCH, after=after),
                                 {**plan.params, "after": after})
            if not rows:
                return
            for rowid, day, outlet, *columns in rows:
                article = row_to_article(columns)
                if query_matches(query, article.title, indexed_text(article)):
                    yield rowid, day, outlet, article
            after = rows[-1][0]
