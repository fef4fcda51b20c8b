"""Translate a parsed :class:`~diemtin.search.query.Query` into PostgreSQL conditions.

The matching rules are SQLite's (``diemtin.store.sqlite._fts``): each term matches the
folded words (recall: "dang" finds "Đảng" and "đang"); a term typed with diacritics
that is excluded by NOT excludes only its exact spelling; ``title:`` restricts a term to
the title (the ``*_title`` vectors). Phrases are words at consecutive positions (``<->``). The
ranking expressions are the query over the title, and the query with its diacritics
over the exact words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from diemtin.errors import QuerySyntaxError
from diemtin.search.filters import SearchFilters
from diemtin.search.keys import entity_key, has_diacritics, outlet_key, spellings, words
from diemtin.search.query import And, Node, Not, Or, Query, Term
from diemtin.store.rows import utc_text


@dataclass
class Conditions:
    """SQL conditions over ``articles a`` with their named parameters."""

    params: dict[str, Any] = field(default_factory=dict)
    alias: str = "a"

    def bind(self, value: Any) -> str:
        """A new named parameter holding ``value``; returns its placeholder."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def term(self, term: Term, *, exact: bool = False, negated: bool = False,
             title: bool = False) -> str:
        """The condition of one word or phrase (see :func:`node`)."""
        spelled, folded = spellings(term.text)
        in_title = (title and not negated) or term.field == "title"
        use_exact = folded != spelled and (exact or negated)
        tokens = words(spelled if use_exact else folded)
        if not tokens:
            return "FALSE"
        tsquery = " <-> ".join(f"'{token}'" for token in tokens)
        column = f"{self.alias}.{'exact' if use_exact else 'folded'}{'_title' if in_title else ''}"
        return f"{column} @@ CAST({self.bind(tsquery)} AS tsquery)"

    def node(self, node: Node, query: Query, *, exact: bool = False,
             title: bool = False) -> str:
        """The condition of a query tree node; the rules of SQLite's ``node_expression``."""
        if isinstance(node, Term):
            return self.term(node, exact=exact, title=title)
        if isinstance(node, Or):
            return "(" + " OR ".join(self.node(item, query, exact=exact, title=title)
                                     for item in node.items) + ")"
        if isinstance(node, Not):
            raise QuerySyntaxError("NOT needs a positive word beside it, as in 'bão NOT lũ'",
                                   query=query.text, position=0)
        return self._and(node, query, exact=exact, title=title)

    def _and(self, node: And, query: Query, *, exact: bool, title: bool) -> str:
        items = _flatten_and(node)
        positives = [self.node(item, query, exact=exact, title=title)
                     for item in items if not isinstance(item, Not)]
        if not positives:
            raise QuerySyntaxError("a group needs at least one word that is not excluded by "
                                   "NOT", query=query.text, position=0)
        parts = positives
        for item in items:
            if not isinstance(item, Not):
                continue
            if isinstance(item.item, Not):
                raise QuerySyntaxError("double negation ('NOT NOT') is not supported",
                                       query=query.text, position=0)
            negated = (self.term(item.item, negated=True) if isinstance(item.item, Term)
                       else self.node(item.item, query))
            parts = [*parts, f"NOT {negated}"]
        return "(" + " AND ".join(parts) + ")"

    def filters(self, query: Query, filters: SearchFilters) -> list[str]:
        """Outlet, entity and date conditions."""
        conditions = []
        outlets = [key for key in map(outlet_key, (*filters.outlets, *query.outlets)) if key]
        if outlets:
            conditions.append(f"a.outlet_key = ANY(CAST({self.bind(outlets)} AS text[]))")
        for label, name in query.entities:
            key = entity_key(name)
            conditions.append(
                f"a.id IN (SELECT article_id FROM entity_mentions WHERE label = "
                f"{self.bind(label)} AND (key = {self.bind(key)} OR key LIKE "
                f"{self.bind('% ' + key)}))")
        if filters.since:
            conditions.append(f"a.published_utc >= CAST({self.bind(utc_text(filters.since))} "
                              "AS timestamptz)")
        if filters.until:
            conditions.append(f"a.published_utc < CAST({self.bind(utc_text(filters.until))} "
                              "AS timestamptz)")
        return conditions


def _flatten_and(node: And) -> list[Node]:
    items: list[Node] = []
    for item in node.items:
        items.extend(_flatten_and(item) if isinstance(item, And) else [item])
    return items


@dataclass
class SearchSql:
    """The WHERE clause of a search and its ranking expression, with parameters."""

    where: str
    score: str
    params: dict[str, Any]


def compile_search(query: Query, filters: SearchFilters) -> SearchSql:
    """The condition of ``query`` with ``filters``, and its score: 1 when every term
    is in the title, plus 2 when the query's exact spelling matches (0 without words)."""
    conditions = Conditions()
    where = conditions.filters(query, filters)
    score = "0"
    if query.node is not None:
        where.append(conditions.node(query.node, query))
        # Each ranking condition is its own index lookup (as SQLite's): evaluating it
        # row by row would read every candidate's whole vector.
        conditions.alias = "s"
        title = conditions.node(query.node, query, title=True)
        score = f"CAST(a.seq IN (SELECT s.seq FROM articles s WHERE {title}) AS integer)"
        if has_diacritics(query):
            exact = conditions.node(query.node, query, exact=True)
            score += (f" + 2 * CAST(a.seq IN (SELECT s.seq FROM articles s WHERE {exact}) "
                      "AS integer)")
        conditions.alias = "a"
    return SearchSql(" AND ".join(where) or "TRUE", score, conditions.params)
