"""Translate a parsed :class:`~diemtin.search.query.Query` into PostgreSQL conditions.

The matching rules are :mod:`diemtin.search.rules`' (as SQLite's): a term whose words
were all typed without marks matches the folded vectors, one whose words all carry marks
the exact vectors, and a term mixing both the exact vectors with, at each unmarked word,
every spelling of it (``'lào' <-> ('cai' | 'cái' | …)``). ``title:`` restricts a term to
the title (the ``*_title`` vectors). Phrases are words at consecutive positions (``<->``).
The ranking expressions are every query word adjacent and in order, and the query over
the title.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from diemtin.errors import QuerySyntaxError
from diemtin.search.filters import SearchFilters
from diemtin.search.keys import entity_key, outlet_key, topic_label
from diemtin.search.query import And, Node, Not, Or, Query, Term
from diemtin.search.rules import KeyKind, TermKeys, exact_alternatives, phrase_keys, term_keys
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

    fold: bool = False
    odd: Callable[[str], Collection[str]] | None = None
    """The recorded odd spellings of a folded word (see ``rules.is_odd_spelling``)."""

    def keys(self, keys: TermKeys, *, title: bool = False) -> str:
        """The condition of one term's keys (see the module docstring)."""
        if not keys.syllables:
            return "FALSE"
        in_title = title or keys.title_only
        positions: list[tuple[str, ...]]
        if keys.kind is KeyKind.FOLDED:
            column, positions = "folded", [(key,) for key in keys.keys]
        elif keys.kind is KeyKind.EXACT:
            column, positions = "exact", [(key,) for key in keys.keys]
        else:
            column, positions = "exact", list(exact_alternatives(keys, self.odd))
        tsquery = " <-> ".join(_alternatives(words) for words in positions)
        column = f"{self.alias}.{column}{'_title' if in_title else ''}"
        return f"{column} @@ CAST({self.bind(tsquery)} AS tsquery)"

    def term(self, term: Term, *, negated: bool = False, title: bool = False) -> str:
        """The condition of one word or phrase (see :func:`node`)."""
        return self.keys(term_keys(term, fold_all=self.fold), title=title and not negated)

    def node(self, node: Node, query: Query, *, title: bool = False) -> str:
        """The condition of a query tree node."""
        if isinstance(node, Term):
            return self.term(node, title=title)
        if isinstance(node, Or):
            return "(" + " OR ".join(self.node(item, query, title=title)
                                     for item in node.items) + ")"
        if isinstance(node, Not):
            raise QuerySyntaxError("NOT needs a positive word beside it, as in 'bão NOT lũ'",
                                   query=query.text, position=0)
        return self._and(node, query, title=title)

    def _and(self, node: And, query: Query, *, title: bool) -> str:
        items = _flatten_and(node)
        positives = [self.node(item, query, title=title)
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
        """Outlet, entity, topic and date conditions."""
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
        for label in sorted({topic_label(topic) for topic in query.topics}):
            conditions.append(
                "a.id IN (SELECT article_id FROM annotations WHERE component = 'topic' "
                f"AND data ->> 'label' = {self.bind(label)})")
        if filters.since:
            conditions.append(f"a.published_utc >= CAST({self.bind(utc_text(filters.since))} "
                              "AS timestamptz)")
        if filters.until:
            conditions.append(f"a.published_utc < CAST({self.bind(utc_text(filters.until))} "
                              "AS timestamptz)")
        return conditions


def _alternatives(words: tuple[str, ...]) -> str:
    quoted = [f"'{word}'" for word in words]
    return quoted[0] if len(quoted) == 1 else "(" + " | ".join(quoted) + ")"


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


def compile_search(query: Query, filters: SearchFilters,
                   odd: Callable[[str], Collection[str]] | None = None) -> SearchSql:
    """The condition of ``query`` with ``filters``, and its score: 2 when every query
    word is adjacent and in order, plus 1 when every term is in the title (0 without
    words)."""
    conditions = Conditions(fold=query.fold, odd=odd)
    where = conditions.filters(query, filters)
    score = "0"
    if query.node is not None:
        where.append(conditions.node(query.node, query))
        # Each ranking condition is its own index lookup (as SQLite's): evaluating it
        # row by row would read every candidate's whole vector.
        conditions.alias = "s"
        title = conditions.node(query.node, query, title=True)
        score = f"CAST(a.seq IN (SELECT s.seq FROM articles s WHERE {title}) AS integer)"
        phrase = phrase_keys(query)
        if phrase is not None:
            adjacent = conditions.keys(phrase)
            score += (f" + 2 * CAST(a.seq IN (SELECT s.seq FROM articles s WHERE {adjacent}) "
                      "AS integer)")
        conditions.alias = "a"
    return SearchSql(" AND ".join(where) or "TRUE", score, conditions.params)
