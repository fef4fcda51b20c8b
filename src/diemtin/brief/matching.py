"""Saved searches matched against a batch of articles in memory, and the spike score.

After an ingest batch, every saved search with a rule is tested against the batch's new
articles here, by the search rules themselves (:func:`diemtin.search.rules.words_match`),
instead of running each saved search over the whole store: each article's words are
split and indexed once, then every query is a few dictionary look-ups.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from diemtin.models import AnnotationSet, Article, EntityRow
from diemtin.search.keys import entity_key, indexed_text, outlet_key, topic_label
from diemtin.search.query import And, Node, Not, Query, Term
from diemtin.search.rules import FieldWords, term_keys, words_match
from diemtin.store.base import Store
from diemtin.store.rows import derived_rows

SPIKE_DAYS = 14
"""The trailing window a day's count is compared with."""
SPIKE_MIN_COUNT = 5
"""A day with fewer matches is never a spike (so 1 → 3 is not one)."""
SPIKE_MIN_SCORE = 3.0
"""The score from which a day is a spike."""
SPIKE_STDEV_FLOOR = 1.0
"""The smallest standard deviation divided by, so a flat history does not make every
small rise infinite."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A batch article, prepared for matching many queries."""

    article: Article
    title: FieldWords
    text: FieldWords
    outlet: str | None
    entities: frozenset[tuple[str, str]]
    """``(label, key)`` of every indexed mention (PER, ORG, LOC, PLACE, KW)."""
    mentions: tuple[EntityRow, ...]
    topic: str | None = None
    """The topic label the classifier gave the article, if any."""


def _annotations(article_id: str, given: Mapping[str, AnnotationSet], store: Store
                 ) -> tuple[tuple[EntityRow, ...], str | None]:
    """The article's indexed mentions and topic label, from the batch or the store."""
    annotations = given.get(article_id)
    if annotations is not None and annotations.entities is not None:
        data = annotations.by_component()
        rows: tuple[EntityRow, ...] = (*annotations.entities,
                                       *derived_rows(annotations.components))
    else:
        data = store.get_annotations(article_id)
        components = tuple((name, version, value) for name, (version, value) in data.items())
        found = [EntityRow(e["label"], e["text"], int(e.get("start", 0)),
                           int(e.get("end", 0)), e.get("title"))
                 for e in (data.get("entities", ("", []))[1] or [])
                 if isinstance(e, dict) and e.get("label") and e.get("text")]
        rows = (*found, *derived_rows(components))
    topic = (data.get("topic") or ("", None))[1]
    label = topic.get("label") if isinstance(topic, dict) else None
    return rows, label if isinstance(label, str) else None


def candidates(store: Store, articles: Sequence[Article],
               annotations: Mapping[str, AnnotationSet]) -> list[Candidate]:
    """The articles ready for :func:`matches`; their mentions come from ``annotations``
    (the batch's, just computed) or else from the store."""
    prepared = []
    for article in articles:
        rows, topic = _annotations(article.id, annotations, store)
        prepared.append(Candidate(
            article=article, title=FieldWords(article.title),
            text=FieldWords(indexed_text(article)), outlet=outlet_key(article.outlet),
            entities=frozenset((row.label, entity_key(row.text)) for row in rows),
            mentions=rows, topic=topic))
    return prepared


class BatchIndex:
    """Which batch articles hold each word (exact and folded), to narrow a query to
    the articles that can match before the rules decide."""

    def __init__(self, pool: Sequence[Candidate]) -> None:
        self.pool = pool
        self.everyone = frozenset(range(len(pool)))
        self.exact: dict[str, set[int]] = {}
        self.folded: dict[str, set[int]] = {}
        for number, candidate in enumerate(pool):
            for field in (candidate.title, candidate.text):
                for word in field.exact:
                    self.exact.setdefault(word, set()).add(number)
                for word in field.folded:
                    self.folded.setdefault(word, set()).add(number)

    def _term(self, term: Term, fold_all: bool) -> frozenset[int] | set[int]:
        found: set[int] | frozenset[int] | None = None
        for syllable in term_keys(term, fold_all=fold_all).syllables:
            having = (self.exact if syllable.exact else self.folded).get(syllable.key, set())
            found = having if found is None else found & having
        return self.everyone if found is None else found

    def _node(self, node: Node, fold_all: bool) -> frozenset[int] | set[int]:
        if isinstance(node, Term):
            return self._term(node, fold_all)
        if isinstance(node, Not):
            return self.everyone  # a superset: the rules decide
        parts = [self._node(item, fold_all) for item in node.items]
        if isinstance(node, And):
            return set.intersection(*map(set, parts)) if parts else self.everyone
        return set().union(*parts)

    def matching(self, query: Query) -> list[Candidate]:
        """The batch articles that match ``query`` (its words, outlet and entities)."""
        numbers = self.everyone if query.node is None else self._node(query.node, query.fold)
        return [self.pool[n] for n in sorted(numbers) if matches(query, self.pool[n])]


def matches(query: Query, candidate: Candidate) -> bool:
    """Whether the article matches ``query`` and its outlet, topic and entity filters, by
    the same rules as the store's search."""
    if query.outlets and candidate.outlet not in {outlet_key(o) for o in query.outlets}:
        return False
    if any(candidate.topic != topic_label(topic) for topic in query.topics):
        return False
    for label, name in query.entities:
        key = entity_key(name)
        if not any(found_label == label and (found == key or found.endswith(" " + key))
                   for found_label, found in candidate.entities):
            return False
    return words_match(query, candidate.title, candidate.text)


def spike_score(today: int, history: Sequence[int]) -> float:
    """How unusual ``today``'s count is against ``history`` (one count per day, zeros
    included): ``(today - mean) / max(stdev, SPIKE_STDEV_FLOOR)``, the population
    standard deviation.

    >>> spike_score(12, [2] * 14)
    10.0
    """
    if not history:
        return 0.0
    mean = sum(history) / len(history)
    stdev = math.sqrt(sum((n - mean) ** 2 for n in history) / len(history))
    return (today - mean) / max(stdev, SPIKE_STDEV_FLOOR)


def is_spike(today: int, history: Sequence[int]) -> bool:
    """Whether ``today`` is a spike: at least :data:`SPIKE_MIN_COUNT` matches and a
    :func:`spike_score` of at least :data:`SPIKE_MIN_SCORE`.

    >>> is_spike(3, [1] * 14), is_spike(12, [2] * 14)
    (False, True)
    """
    return today >= SPIKE_MIN_COUNT and spike_score(today, history) >= SPIKE_MIN_SCORE
