"""The search query language, parsed into a small tree any backend can translate.

Syntax (see ``docs/search.md``)::

    lào cai bão            every word (implicit AND)
    "Ban Thường vụ"        a phrase: the words next to each other, in order
    bão OR lũ              either; AND is implicit, OR binds weaker than AND
    lũ NOT "Lào Cai"       NOT excludes; "-word" is the same as "NOT word"
    (bão OR lũ) quảng ngãi parentheses group
    title:bão              a word or phrase in the title only
    outlet:"Báo Tây Bắc"   only articles from this outlet (applies to the whole query)
    person:"Hoàng Giang"   only articles naming this person (also org:, place:)
    topic:"kinh tế"        only articles the topic classifier put under this topic

Operators are upper-case ``AND``, ``OR``, ``NOT``; lower-case "and", and the Vietnamese
"và", "hoặc", "không" are ordinary words. A word typed with diacritics matches that
spelling only; one typed without matches every spelling (see :mod:`diemtin.search.rules`);
``fold=True`` matches every word without regard to diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diemtin.errors import QuerySyntaxError

TEXT_FIELDS = frozenset({"title"})
ENTITY_FIELDS = {"person": "PER", "org": "ORG", "place": "LOC"}
FILTER_FIELDS = frozenset({"outlet", "topic", *ENTITY_FIELDS})
_FIELD_PREFIX = re.compile(r"^(title|outlet|person|org|place|topic):", re.IGNORECASE)
_HAS_WORD = re.compile(r"\w")
_OPERATORS = frozenset({"AND", "OR", "NOT"})
MAX_QUERY_CHARS = 1000
MAX_NESTING = 32
"""Deepest nesting of parentheses and NOT a query may have (the parser recurses)."""


@dataclass(frozen=True, slots=True)
class Term:
    """Words to match: one word, or a phrase when ``phrase`` is true."""

    text: str
    phrase: bool = False
    field: str | None = None


@dataclass(frozen=True, slots=True)
class And:
    """Every item must match."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one item must match."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The item must not match (only meaningful beside a positive item)."""

    item: Node


Node = Term | And | Or | Not


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the text condition (None: everything) and field filters."""

    text: str
    node: Node | None
    outlets: tuple[str, ...] = ()
    entities: tuple[tuple[str, str], ...] = ()
    """``(label, name)`` pairs: the article must mention each (PER, ORG or LOC)."""
    fold: bool = False
    """Match every word without regard to diacritics (the query-wide switch)."""
    topics: tuple[str, ...] = ()
    """Topic labels as typed (``topic:``): the article's topic must be one of them
    (compared without diacritics or case, see :func:`diemtin.search.keys.topic_label`)."""

    def terms(self) -> list[Term]:
        """Every positive term of the query, for highlighting."""
        return _positive_terms(self.node) if self.node else []


def _positive_terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [term for item in node.items for term in _positive_terms(item)]


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word", "phrase", "(", ")", "op"
    value: str
    position: int
    field: str | None = None


def _tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(query):
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, char, i))
            i += 1
        else:
            i = _read_word_or_phrase(query, i, tokens)
    return tokens


def _read_word_or_phrase(query: str, start: int, tokens: list[_Token]) -> int:
    field = None
    match = _FIELD_PREFIX.match(query[start:])
    position = start
    if match:
        field = match.group(1).lower()
        position = start + match.end()
    if position < len(query) and query[position] == '"':
        end = query.find('"', position + 1)
        if end < 0:
            raise QuerySyntaxError("unterminated phrase: add the closing '\"'",
                                   query=query, position=position)
        tokens.append(_Token("phrase", query[position + 1 : end], start, field))
        return end + 1
    if field and (position >= len(query) or query[position] in " ()"):
        raise QuerySyntaxError(f"'{field}:' needs a word or a \"phrase\" right after it",
                               query=query, position=start)
    end = position
    while end < len(query) and not query[end].isspace() and query[end] not in '()"':
        end += 1
    word = query[position:end]
    kind = "op" if word in _OPERATORS and field is None else "word"
    tokens.append(_Token(kind, word, start, field))
    return end


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokenize(query)
        self.index = 0
        self.depth = 0
        self.outlets: list[str] = []
        self.entities: list[tuple[str, str]] = []
        self.topics: list[str] = []
        self._take_filters()

    def _take_filters(self) -> None:
        """Move top-level filters (``outlet:``, ``person:``…) out of the token stream."""
        kept: list[_Token] = []
        depth = 0
        for token in self.tokens:
            if token.kind == "word" and not _HAS_WORD.search(token.value):
                continue  # stray punctuation ("^", "-", "&") searches for nothing
            depth += {"(": 1, ")": -1}.get(token.kind, 0)
            negated = bool(kept) and kept[-1].kind == "op" and kept[-1].value == "NOT"
            if token.field in FILTER_FIELDS and depth == 0 and not negated:
                if token.field == "outlet":
                    self.outlets.append(token.value)
                elif token.field == "topic":
                    self.topics.append(token.value)
                else:
                    self.entities.append((ENTITY_FIELDS[token.field], token.value))
                if kept and kept[-1].kind == "op" and kept[-1].value in ("OR", "AND"):
                    kept.pop()
            else:
                kept.append(token)
        self.tokens = kept

    def error(self, message: str, position: int | None = None) -> QuerySyntaxError:
        if position is None:
            position = self.tokens[self.index].position if self.peek() else len(self.query)
        return QuerySyntaxError(message, query=self.query, position=position)

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node | None:
        """The query tree; None when the query holds only filters."""
        if not self.tokens:
            if self.outlets or self.entities or self.topics:
                return None
            if self.query.strip():
                raise self.error("the query has no letters or digits to search for", 0)
            raise self.error("the query is empty: type some words to search for", 0)
        node = self.parse_or()
        if self.peek() is not None:
            raise self.error("unexpected ')': it closes no '('")
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while (token := self.peek()) and token.kind == "op" and token.value == "OR":
            self.take()
            if self.peek() is None:
                raise self.error("OR needs a word after it")
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items: list[Node] = []
        while (token := self.peek()) and not (token.kind == ")" or (token.value == "OR"
                                              and token.kind == "op")):
            if token.kind == "op" and token.value == "AND":
                self.take()
                continue
            items.append(self.parse_unary())
        if not items:
            raise self.error("expected a word, a \"phrase\" or '(' here")
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node:
        """One word, phrase, field, ``NOT x`` or ``( … )``: nesting is bounded."""
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise self.error(f"the query nests too deep: at most {MAX_NESTING} levels of "
                                 "'(' and NOT")
            return self._parse_unary()
        finally:
            self.depth -= 1

    def _parse_unary(self) -> Node:
        token = self.take()
        if token.kind == "op" and token.value == "NOT":
            if self.peek() is None:
                raise self.error("NOT needs a word after it", token.position)
            return Not(self.parse_unary())
        if token.kind == "word" and token.value.startswith("-") and len(token.value) > 1:
            return Not(self._term(_Token("word", token.value[1:], token.position, token.field)))
        if token.kind == "(":
            inner = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self.error("missing ')' to close the '('", token.position)
            self.take()
            return inner
        if token.kind == ")":
            raise self.error("unexpected ')': it closes no '('", token.position)
        return self._field_or_term(token)

    def _field_or_term(self, token: _Token) -> Node:
        if token.field in FILTER_FIELDS:
            raise self.error(f"{token.field}: filters apply to the whole query; they cannot be "
                             "inside parentheses or after NOT", token.position)
        return self._term(token)

    def _term(self, token: _Token) -> Term:
        if not _HAS_WORD.search(token.value):
            raise self.error(f"{token.value!r} has no letters or digits to search for",
                             token.position)
        return Term(token.value.strip(), phrase=token.kind == "phrase", field=token.field)


def parse_query(text: str, *, fold: bool = False) -> Query:
    """Parse ``text`` into a :class:`Query`; ``fold`` matches every word folded.

    Raises:
        QuerySyntaxError: with the position of the problem, for a malformed query.

    >>> parse_query('"Lào Cai" OR "Yên Bái" outlet:baotaybac').outlets
    ('baotaybac',)
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query is too long ({len(text)} characters; at most "
                               f"{MAX_QUERY_CHARS})", query=text[:40] + "…",
                               position=MAX_QUERY_CHARS)
    parser = _Parser(text)
    node = parser.parse()
    if node is not None and not _has_positive(node):
        raise QuerySyntaxError("a query needs at least one word that is not excluded by NOT",
                               query=text, position=0)
    return Query(text=text, node=node, outlets=tuple(parser.outlets),
                 entities=tuple(parser.entities), fold=fold, topics=tuple(parser.topics))


def _has_positive(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, Or):
        return all(_has_positive(item) for item in node.items)
    return any(_has_positive(item) for item in node.items)


def match_all() -> Query:
    """A query that matches every article (used by export without a query)."""
    return Query(text="", node=None)
