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
from diemtin.search.keys import entity_key, indexed_text, outlet_key
from diemtin.search.query import Query
from diemtin.search.rules import FieldWords, words_match
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


def _rows(article_id: str, given: Mapping[str, AnnotationSet], store: Store
          ) -> tuple[EntityRow, ...]:
    annotations = given.get(article_id)
    if annotations is not None and annotations.entities is not None:
        return (*annotations.entities, *derived_rows(annotations.components))
    stored = store.get_annotations(article_id)
    components = tuple((name, version, data) for name, (version, data) in stored.items())
    found = [EntityRow(e["label"], e["text"], int(e.get("start", 0)), int(e.get("end", 0)),
                       e.get("title")) for e in (stored.get("entities", ("", []))[1] or [])
             if isinstance(e, dict) and e.get("label") and e.get("text")]
    return (*found, *derived_rows(components))


def candidates(store: Store, articles: Sequence[Article],
               annotations: Mapping[str, AnnotationSet]) -> list[Candidate]:
    """The articles ready for :func:`matches`; their mentions come from ``annotations``
    (the batch's, just computed) or else from the store."""
    prepared = []
    for article in articles:
        rows = _rows(article.id, annotations, store)
        prepared.append(Candidate(
            article=article, title=FieldWords(article.title),
            text=FieldWords(indexed_text(article)), outlet=outlet_key(article.outlet),
            entities=frozenset((row.label, entity_key(row.text)) for row in rows),
            mentions=rows))
    return prepared


def matches(query: Query, candidate: Candidate) -> bool:
    """Whether the article matches ``query`` and its outlet and entity filters, by the
    same rules as the store's search."""
    if query.outlets and candidate.outlet not in {outlet_key(o) for o in query.outlets}:
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
