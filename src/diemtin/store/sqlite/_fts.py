"""Translate a parsed :class:`~diemtin.search.query.Query` into FTS5 expressions.

Each term matches the folded columns (recall: "dang" finds "Đảng" and "đang"). Two more
expressions rank the matches: the query typed with diacritics over the exact columns
(so "Đảng" ranks articles with "Đảng" above those with only "đang"), and the query over
the title.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from diemtin.errors import QuerySyntaxError
from diemtin.models import EARLIEST_DATE, LATEST_DATE, Article
from diemtin.search.keys import (
    exact_text,
    filter_tokens,
    indexed_text,
    outlet_token,
    spellings,
)
from diemtin.search.query import And, Node, Not, Or, Query, Term
from diemtin.text.fold import fold_word


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _columns(prefix: str, field: str | None) -> str:
    if field == "title":
        return f"{prefix}_title"
    return "{" + f"{prefix}_title {prefix}_text" + "}"


def term_expression(term: Term, *, exact: bool = False, negated: bool = False,
                    title: bool = False) -> str:
    """The FTS5 expression of one word or phrase.

    ``exact`` matches a term typed with diacritics in the exact columns only; ``title``
    matches it in the title only. A negated term typed with diacritics always excludes
    only its exact spelling: "NOT Đảng" keeps articles that say "đang".
    """
    spelled, folded = spellings(term.text)
    field = "title" if title and not negated else term.field
    if folded != spelled and (exact or negated):
        return f"{_columns('e', field)} : {_quote(spelled)}"
    return f"{_columns('f', field)} : {_quote(folded)}"


def _flatten_and(node: And) -> list[Node]:
    items: list[Node] = []
    for item in node.items:
        items.extend(_flatten_and(item) if isinstance(item, And) else [item])
    return items


def node_expression(node: Node, query: Query, *, exact: bool = False,
                    title: bool = False) -> str:
    """The FTS5 expression of a query tree node."""
    if isinstance(node, Term):
        return term_expression(node, exact=exact, title=title)
    if isinstance(node, Or):
        alternatives = (node_expression(item, query, exact=exact, title=title)
                        for item in node.items)
        return "(" + " OR ".join(alternatives) + ")"
    if isinstance(node, Not):
        raise QuerySyntaxError("NOT needs a positive word beside it, as in 'bão NOT lũ'",
                               query=query.text, position=0)
    items = _flatten_and(node)
    positives = [node_expression(i, query, exact=exact, title=title)
                 for i in items if not isinstance(i, Not)]
    negatives = [i.item for i in items if isinstance(i, Not)]
    if not positives:
        raise QuerySyntaxError("a group needs at least one word that is not excluded by NOT",
                               query=query.text, position=0)
    expression = "(" + " AND ".join(positives) + ")"
    for negative in negatives:
        if isinstance(negative, Not):
            raise QuerySyntaxError("double negation ('NOT NOT') is not supported",
                                   query=query.text, position=0)
        negated = (term_expression(negative, negated=True) if isinstance(negative, Term)
                   else node_expression(negative, query))
        expression += " NOT " + negated
    return expression


def to_fts(query: Query, *, exact: bool = False, title: bool = False) -> str:
    """The FTS5 MATCH expression for ``query`` (which must have a text condition).

    With ``exact``, terms typed with diacritics must match their exact spelling; with
    ``title``, every positive term must match in the title.
    """
    if query.node is None:
        raise ValueError("to_fts needs a query with words")
    return node_expression(query.node, query, exact=exact, title=title)


def filter_expression(outlet_keys: list[str], since: datetime | None,
                      until: datetime | None) -> str | None:
    """Index-side filters over the ``meta`` column: outlet tokens and month/year tokens.

    Months are coarse (the exact bounds are checked on ``published_utc`` as well), but
    they let the full-text index skip non-matching articles without reading them.
    """
    parts = []
    if outlet_keys:
        tokens = " OR ".join(outlet_token(key) for key in outlet_keys)
        parts.append(f"meta : ({tokens})")
    period = _period_tokens(since, until) if since or until else []
    if period:  # none when until < since: the exact bounds on published_utc match nothing
        parts.append(f"meta : ({' OR '.join(period)})")
    return " AND ".join(parts) or None


def _period_tokens(since: datetime | None, until: datetime | None) -> list[str]:
    """Year tokens for whole years in range, month tokens for the rest.

    An open side runs to the edge of the dates diemtin stores (1900 to 2199), so the
    index keeps every article the exact bounds on ``published_utc`` keep.
    """
    first = (since or EARLIEST_DATE).astimezone(UTC)
    last = (until or LATEST_DATE - timedelta(microseconds=1)).astimezone(UTC)
    year, month = first.year, first.month
    tokens: list[str] = []
    while (year, month) <= (last.year, last.month):
        if month == 1 and (year, 12) <= (last.year, last.month):
            tokens.append(f"y{year:04d}")
            year += 1
            continue
        tokens.append(f"m{year:04d}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tokens


def index_values(article: Article) -> tuple[str, str, str, str, str]:
    """The search-index columns: folded title and text, exact title and text, filters."""
    title, text = exact_text(article.title), exact_text(indexed_text(article))
    return fold_word(title), fold_word(text), title, text, filter_tokens(article)
