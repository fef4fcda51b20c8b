"""Compile a parsed :class:`~diemtin.search.query.Query` into FTS5 expressions.

The plan of each term comes from :mod:`diemtin.search.rules`: folded terms look in the
folded columns (``f_title``, ``f_text``), exact terms in the exact columns (``e_title``,
``e_text``), word for word. A phrase mixing both kinds becomes the exact phrases of its
spellings that occur in the index; past ``MAX_VARIANTS`` of them, a superset (the folded
phrase and each marked syllable exactly; nothing when negated) that the store checks
article by article. Two more expressions rank the matches: every query word adjacent and
in order, and every term in the title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from diemtin.errors import QuerySyntaxError
from diemtin.models import Article
from diemtin.search.keys import filter_tokens, indexed_text, outlet_token
from diemtin.search.query import And, Node, Not, Or, Query, Term
from diemtin.search.rules import (
    KeyKind,
    TermKeys,
    exact_variants,
    index_keys,
    phrase_keys,
    term_keys,
)

Known = Callable[[str], Collection[str]]
"""The spellings of a folded syllable that occur in the index."""
NOTHING = 'meta : "x0"'
_META_LIKE = re.compile(r"o|[my][0-9]")
"""The start of a word that may be a ``meta`` token (``o<outlet>``, ``m<YYYYMM>``,
``y<YYYY>``)."""
"""An expression no article matches (``meta`` holds only o…, m… and y… tokens)."""


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _columns(prefix: str, title_only: bool, words: tuple[str, ...] = ()) -> str:
    """The column filter of a lookup of ``words`` in the folded (``f``) or exact (``e``)
    columns; none when no other column can hold the lookup (a filter makes FTS5 read
    each match's positions to check the column).

    A lookup in the exact title and text always has a word with marks (the marked
    syllables of the term), in no other column. Unmarked words are in the folded columns
    wherever the exact ones have them, at the same positions: only ``meta`` holds others
    (outlet, month, year tokens), which a word can be only if it starts with o, or m or
    y and a digit.
    """
    if title_only:
        return f"{prefix}_title : "
    if prefix == "e" or not any(_META_LIKE.match(word) for word in words):
        return ""
    return "{" + f"{prefix}_title {prefix}_text" + "} : "


def _no_spellings(folded: str) -> Collection[str]:
    return ()


class FtsCompiler:
    """Compiles query trees; :attr:`checked` is set when an expression is a superset."""

    def __init__(self, query: Query, known: Known | None = None) -> None:
        self.query = query
        self.known = known
        self.checked = False

    def keys(self, keys: TermKeys, *, title: bool = False, negated: bool = False,
             ranking: bool = False) -> str | None:
        """The expression of one term's keys; None when it adds no condition.

        ``title`` restricts a positive term to the title. ``ranking`` expressions may be
        supersets without setting :attr:`checked`.
        """
        title_only = keys.title_only or (title and not negated)
        if keys.kind is not KeyKind.MIXED:
            prefix = "f" if keys.kind is KeyKind.FOLDED else "e"
            return f"{_columns(prefix, title_only, keys.keys)}{_quote(' '.join(keys.keys))}"
        variants = exact_variants(keys, self.known) if self.known else None
        if variants == []:
            return NOTHING
        if variants:
            phrases = " OR ".join(_quote(" ".join(variant)) for variant in variants)
            return f"{_columns('e', title_only)}({phrases})"
        if negated:
            self.checked = True
            return None
        self.checked = self.checked or not ranking
        parts = [f"{_columns('f', title_only, keys.folded)}{_quote(' '.join(keys.folded))}"]
        parts += [f"{_columns('e', title_only)}{_quote(key)}" for key in keys.marked]
        return "(" + " AND ".join(parts) + ")"

    def term(self, term: Term, *, title: bool = False, negated: bool = False) -> str | None:
        """The expression of one word or phrase (see :meth:`keys`)."""
        keys = term_keys(term, fold_all=self.query.fold)
        if not keys.syllables:
            raise QuerySyntaxError(f"{term.text!r} has no letters or digits to search for",
                                   query=self.query.text, position=0)
        return self.keys(keys, title=title, negated=negated)

    def node(self, node: Node, *, title: bool = False) -> str:
        """The expression of a query tree node."""
        if isinstance(node, Term):
            expression = self.term(node, title=title)
            assert expression is not None  # only negated terms add no condition
            return expression
        if isinstance(node, Or):
            return "(" + " OR ".join(self.node(item, title=title) for item in node.items) + ")"
        if isinstance(node, Not):
            raise self._error("NOT needs a positive word beside it, as in 'bão NOT lũ'")
        return self._and(node, title=title)

    def _and(self, node: And, *, title: bool) -> str:
        items = _flatten_and(node)
        positives = [self.node(i, title=title) for i in items if not isinstance(i, Not)]
        if not positives:
            raise self._error("a group needs at least one word that is not excluded by NOT")
        expression = "(" + " AND ".join(positives) + ")"
        for item in items:
            if not isinstance(item, Not):
                continue
            if isinstance(item.item, Not):
                raise self._error("double negation ('NOT NOT') is not supported")
            negated = self._negated(item.item)
            if negated is not None:
                expression += " NOT " + negated
        return expression

    def _negated(self, node: Node) -> str | None:
        """What NOT excludes; None when only the check can exclude it (a superset)."""
        if isinstance(node, Term):
            return self.term(node, negated=True)
        inner = FtsCompiler(self.query, self.known)
        expression = inner.node(node)
        if inner.checked:
            self.checked = True
            return None
        return expression

    def _error(self, message: str) -> QuerySyntaxError:
        return QuerySyntaxError(message, query=self.query.text, position=0)

    def phrase(self) -> str | None:
        """Every positive word of the query adjacent and in order (None: no such phrase).

        For ranking only: past ``MAX_VARIANTS`` spellings, a superset, unchecked.
        """
        keys = phrase_keys(self.query)
        return self.keys(keys, ranking=True) if keys is not None else None


def _flatten_and(node: And) -> list[Node]:
    items: list[Node] = []
    for item in node.items:
        items.extend(_flatten_and(item) if isinstance(item, And) else [item])
    return items


def to_fts(query: Query, *, title: bool = False, known: Known | None = None) -> str:
    """The FTS5 MATCH expression for ``query`` (which must have a text condition).

    With ``title``, every positive term must match in the title. ``known`` gives the
    spellings of a folded syllable that occur in the index (to expand mixed phrases);
    without it, mixed phrases give a superset.
    """
    if query.node is None:
        raise ValueError("to_fts needs a query with words")
    return FtsCompiler(query, known).node(query.node, title=title)


def filter_expression(outlet_keys: list[str]) -> str | None:
    """Index-side outlet filters over the ``meta`` column: the outlets' tokens.

    Tokens are coarse (two outlet keys may share one; the exact keys are checked on
    ``outlet_key`` as well), but they let the full-text index skip other outlets'
    articles without reading them. Dates are bounds on the row id instead (see
    :func:`~diemtin.store.sqlite._plan.rowid_bounds`).
    """
    if not outlet_keys:
        return None
    return f"meta : ({' OR '.join(outlet_token(key) for key in outlet_keys)})"


def index_values(article: Article) -> tuple[tuple[str, str, str, str, str],
                                            frozenset[tuple[str, str]]]:
    """The search-index columns (folded title and text, exact title and text, filters),
    and the article's odd spellings (see :func:`~diemtin.search.rules.is_odd_spelling`)."""
    keys = index_keys(article.title or "", indexed_text(article))
    return ((keys.folded_title, keys.folded_text, keys.exact_title, keys.exact_text,
             filter_tokens(article)), keys.odd_spellings)
