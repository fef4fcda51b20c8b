"""Search results: what every backend returns, and the one JSON shape of the CLI and API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from diemtin.errors import InputError
from diemtin.models import Article
from diemtin.search.keys import day_of
from diemtin.search.query import Query
from diemtin.search.snippets import query_words, snippet_of


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: the article and its rank score (higher is better)."""

    article: Article
    score: float


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of results, the total number of matches and the outlet facet."""

    hits: tuple[SearchHit, ...]
    total: int
    outlet_counts: tuple[tuple[str, int], ...] = field(default=())
    capped: bool = False
    """True when ``total`` is a lower bound: at least that many articles match (the
    exact number is :meth:`~diemtin.store.base.Store.count`'s)."""
    next_after: tuple[int, ...] | None = None
    """Where the next page starts: pass it as ``after`` to ``Store.search`` with the same
    query, filters and sort (None: this page is the last). Keyset pagination: articles
    stored meanwhile do not shift the pages (no hit is repeated or skipped)."""


def hit_to_json(hit: SearchHit, query: Query) -> dict[str, Any]:
    """The documented result object (see ``docs/search.md``).

    Keys: ``id``, ``title``, ``outlet``, ``published`` (ISO 8601 with offset, or null),
    ``url``, ``snippet`` (``{"text": plain text, "highlights": [[start, end], ...]}``,
    character offsets of the matched words), ``score`` (higher is better; 0 when the
    query has no words), ``section``, ``author``.
    """
    article = hit.article
    text = " ".join(part for part in (article.lead, *article.body) if part)
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "snippet": snippet_of(text, query_words(query.terms(), fold=query.fold)).to_json(),
        "score": round(hit.score, 4),
        "section": article.section,
        "author": article.author,
    }


COUNT_UNITS = ("day", "week", "month", "outlet")
"""How :class:`Counts` can group the matches."""
_TIME_UNITS = frozenset({"day", "week", "month"})


@dataclass(frozen=True, slots=True)
class Counts:
    """The exact number of matches, and per day, week, month or outlet when asked.

    ``groups`` is ordered by key (time) or by count, most first (outlets);
    ``unassigned`` counts the matches without a publication date (or outlet).
    """

    total: int
    by: str | None = None
    groups: tuple[tuple[str, int], ...] = ()
    unassigned: int = 0

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape: ``{"total": N, "by_day": {"2026-10-13": n, ...}}``."""
        data: dict[str, Any] = {"total": self.total}
        if self.by is not None:
            data[f"by_{self.by}"] = dict(self.groups)
            if self.unassigned:
                data["no_outlet" if self.by == "outlet" else "undated"] = self.unassigned
        return data


SORTS = ("relevance", "date")
"""The orders of search results: best first (within the ranking window), or newest first
over every match."""


def check_sort(sort: str) -> str:
    """``sort`` if it is one of :data:`SORTS`.

    Raises:
        InputError: naming the orders that exist.
    """
    if sort in SORTS:
        return sort
    raise InputError(f"sort must be one of {', '.join(SORTS)}; got {sort[:40]!r}")


def check_after(after: tuple[int, ...] | None, size: int) -> tuple[int, ...] | None:
    """``after`` if it is None or ``size`` integers (a backend's page key).

    Raises:
        InputError: the cursor is not one of this store's, for this sort.
    """
    if after is None or (len(after) == size and all(type(v) is int for v in after)):
        return after
    raise InputError("the cursor does not belong to this search (another sort or store)")


def check_unit(by: str | None) -> str | None:
    """``by`` if it is a known grouping (or None).

    Raises:
        InputError: naming the units that exist.
    """
    if by is None or by in COUNT_UNITS:
        return by
    raise InputError(f"count by must be one of {', '.join(COUNT_UNITS)}; got {by!r}")


def group_counts(by: str | None, rows: Iterable[tuple[Any, int]]) -> Counts:
    """Build :class:`Counts` from a backend's rows.

    ``rows`` are ``(day, n)`` pairs (days as :func:`~diemtin.search.keys.day_index`) when
    ``by`` is a time unit, ``(outlet, n)`` when it is ``"outlet"``, and one ``(_, n)``
    row when ``by`` is None. A None key counts as unassigned.
    """
    unit = check_unit(by)
    totals: dict[str, int] = {}
    unassigned = total = 0
    for key, count in rows:
        total += int(count)
        if key is None or unit is None:
            unassigned += int(count)
            continue
        label = _time_label(int(key), unit) if unit in _TIME_UNITS else str(key)
        totals[label] = totals.get(label, 0) + int(count)
    if unit is None:
        return Counts(total)
    order = (sorted(totals.items()) if unit in _TIME_UNITS
             else sorted(totals.items(), key=lambda item: (-item[1], item[0])))
    return Counts(total, unit, tuple(order), unassigned)


def _time_label(day: int, unit: str) -> str:
    moment = day_of(day)
    if unit == "day":
        return moment.isoformat()
    if unit == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    year, week, _ = moment.isocalendar()
    return f"{year:04d}-W{week:02d}"
