"""Search: the query language and result snippets; backends translate the parsed tree."""

from diemtin.search.query import And, Not, Or, Query, Term, match_all, parse_query
from diemtin.search.snippets import highlight_terms, make_snippet

__all__ = [
    "And", "Not", "Or", "Query", "Term", "highlight_terms", "make_snippet", "match_all",
    "parse_query",
]
