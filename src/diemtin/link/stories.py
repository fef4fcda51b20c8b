"""Online story clustering: each new article joins its best open story or opens one.

In the spirit of Miranda et al. (EMNLP 2018, ``Priberam/news-clustering``): an article
is compared with each candidate story on several TF-IDF cosine similarities (segmented
words of the body, of the title, people/organizations, places) plus time features; a
logistic model (:mod:`diemtin.link.decision`) scores each candidate, the best one is
joined when its probability reaches ``join``, else the article opens a new story. IDF
is computed from the stream seen so far, as the article arrives.

After a join, the joined story is compared with the article's other strong candidates;
two stories the model scores at ``merge`` or more become one (the earlier keeps its
id). A story with no article for ``close_days`` before the newest article is closed and
no longer a candidate. A copy (``copy_of``) joins its original's story and counts once:
it does not change the story's vectors.

Every decision depends only on the index and the article, and articles of a batch are
taken in (time, id) order, so a rerun over the same input gives the same stories.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from diemtin.link.decision import DEFAULT_WEIGHTS, FEATURES, probability

FIELDS = ("body", "title", "entities", "places")

Vector = tuple[dict[str, float], float]
"""TF-IDF weights of a text's terms and their Euclidean norm."""


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What story clustering reads of one article (built from stored annotations).

    ``entities`` hold ``"PER:name"`` / ``"ORG:name"`` keys, ``places`` place keys; words
    are folded, segmented words.
    """

    id: str
    time: datetime
    title_words: tuple[str, ...]
    words: tuple[str, ...]
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    outlet: str = ""
    copy_of: str | None = None

    def terms(self) -> dict[str, Counter[str]]:
        """Term counts per field."""
        return {"body": Counter(self.words + self.title_words),
                "title": Counter(self.title_words), "entities": Counter(self.entities),
                "places": Counter(self.places)}


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """Decision weights and thresholds (see ``docs/link.md``)."""

    weights: tuple[float, ...] = DEFAULT_WEIGHTS
    join: float = 0.7
    merge: float = 0.9
    close_days: float = 14.0
    max_candidates: int = 20


@dataclass(slots=True)
class StoryState:
    """One story as the index holds it: summed term counts and its members."""

    id: str
    terms: dict[str, Counter[str]]
    first: datetime
    last: datetime
    members: list[str] = field(default_factory=list)
    is_open: bool = True
    bodies: list[Vector] = field(default_factory=list)


@dataclass(slots=True)
class StoryIndex:
    """Open and closed stories, document frequencies and assignments.

    Owned by the caller and picklable: persist it between batches and a rerun from the
    same state with the same articles gives the same stories.
    """

    stories: dict[str, StoryState] = field(default_factory=dict)
    assignment: dict[str, str] = field(default_factory=dict)
    df: dict[str, Counter[str]] = field(default_factory=lambda: {f: Counter() for f in FIELDS})
    documents: int = 0
    postings: dict[str, set[str]] = field(default_factory=dict)
    newest: datetime | None = None

    def idf(self, name: str, term: str) -> float:
        """Smoothed inverse document frequency of ``term`` in field ``name``."""
        return math.log((1 + self.documents) / (1 + self.df[name][term])) + 1.0


def vector(index: StoryIndex, name: str, counts: Counter[str]) -> Vector:
    """TF-IDF weights of ``counts`` in field ``name`` (IDF of the stream so far)."""
    weights = {term: count * index.idf(name, term) for term, count in counts.items()}
    return weights, math.sqrt(sum(w * w for w in weights.values()))


def _dot(a: Vector, b: Vector) -> float:
    small, large = (a[0], b[0]) if len(a[0]) <= len(b[0]) else (b[0], a[0])
    dot = sum(w * large[t] for t, w in small.items() if t in large)
    return dot / (a[1] * b[1]) if dot else 0.0


def features(index: StoryIndex, terms: dict[str, Counter[str]], time: datetime,
             story: StoryState, mine: dict[str, Vector] | None = None) -> tuple[float, ...]:
    """The decision features of an article (its terms and time) against ``story``.

    Each member's body vector is kept with the IDF of the moment it joined, so the
    nearest-article similarity costs one sparse dot product per member. ``mine`` are
    the article's vectors when the caller computed them once for every candidate.
    """
    gap = min(abs((time - story.last).total_seconds()),
              abs((time - story.first).total_seconds())) / 86400
    if story.first <= time <= story.last:
        gap = 0.0
    mine = mine or {name: vector(index, name, terms[name]) for name in FIELDS}
    values = [_dot(mine[name], vector(index, name, story.terms[name])) for name in FIELDS]
    nearest = max((_dot(mine["body"], body) for body in story.bodies[-10:]), default=0.0)
    values += [nearest, math.log1p(gap), math.log1p(len(story.members))]
    assert len(values) == len(FEATURES)
    return tuple(values)


def candidates(index: StoryIndex, terms: dict[str, Counter[str]], limit: int) -> list[str]:
    """Open stories sharing the most rare body and entity terms with the article."""
    votes: dict[str, float] = {}
    for name in ("body", "entities", "places"):
        for term in terms[name]:
            weight = index.idf(name, term)
            for story_id in index.postings.get(f"{name}:{term}", ()):
                votes[story_id] = votes.get(story_id, 0.0) + weight
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    return [story_id for story_id, _ in ranked[:limit]]


def _close_quiet(index: StoryIndex, now: datetime, options: StoryOptions) -> None:
    for story in index.stories.values():
        if story.is_open and (now - story.last).total_seconds() > options.close_days * 86400:
            story.is_open = False
            _unpost(index, story)


def _post(index: StoryIndex, story: StoryState, terms: dict[str, Counter[str]]) -> None:
    for name in ("body", "entities", "places"):
        for term in terms[name]:
            index.postings.setdefault(f"{name}:{term}", set()).add(story.id)


def _unpost(index: StoryIndex, story: StoryState) -> None:
    for name in ("body", "entities", "places"):
        for term in story.terms[name]:
            index.postings.get(f"{name}:{term}", set()).discard(story.id)


def _add_terms(story: StoryState, terms: dict[str, Counter[str]]) -> None:
    for name in FIELDS:
        story.terms[name].update(terms[name])


def join(index: StoryIndex, story: StoryState, item: StoryInput,
         terms: dict[str, Counter[str]]) -> None:
    """Add ``item`` (with its ``terms``) to ``story``."""
    _add_terms(story, terms)
    story.bodies.append(vector(index, "body", terms["body"]))
    story.members.append(item.id)
    story.first, story.last = min(story.first, item.time), max(story.last, item.time)
    index.assignment[item.id] = story.id
    _post(index, story, terms)


def _merge(index: StoryIndex, keep: StoryState, gone: StoryState) -> None:
    _unpost(index, gone)
    _add_terms(keep, gone.terms)
    keep.members.extend(gone.members)
    keep.bodies.extend(gone.bodies)
    keep.first, keep.last = min(keep.first, gone.first), max(keep.last, gone.last)
    for member in gone.members:
        index.assignment[member] = keep.id
    del index.stories[gone.id]
    _post(index, keep, keep.terms)


def _try_merges(index: StoryIndex, story: StoryState, others: Iterable[str],
                options: StoryOptions) -> None:
    for other_id in others:
        other = index.stories.get(other_id)
        if other is None or other is story or not other.is_open:
            continue
        small, large = (story, other) if len(story.members) <= len(other.members) else (
            other, story)
        score = probability(features(index, small.terms, small.first, large), options.weights)
        if score >= options.merge:
            keep, gone = sorted((story, other), key=lambda s: (s.first, s.id))
            _merge(index, keep, gone)
            story = keep


def observe(index: StoryIndex, item: StoryInput) -> dict[str, Counter[str]]:
    """Count ``item`` in the document frequencies; return its terms."""
    terms = item.terms()
    index.documents += 1
    for name in FIELDS:
        index.df[name].update(terms[name].keys())
    return terms


def assign_one(index: StoryIndex, item: StoryInput, *,
               options: StoryOptions = StoryOptions()) -> str:
    """Assign one article to a story (joined or new); return the story id."""
    if item.id in index.assignment:
        return index.assignment[item.id]
    index.newest = max(index.newest or item.time, item.time)
    _close_quiet(index, index.newest, options)
    if item.copy_of and item.copy_of in index.assignment:
        story = index.stories[index.assignment[item.copy_of]]
        story.members.append(item.id)
        story.last = max(story.last, item.time)
        index.assignment[item.id] = story.id
        return story.id
    terms = observe(index, item)
    scored = []
    mine = {name: vector(index, name, terms[name]) for name in FIELDS}
    for story_id in candidates(index, terms, options.max_candidates):
        story = index.stories[story_id]
        scored.append((probability(features(index, terms, item.time, story, mine),
                                   options.weights), story_id))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    if scored and scored[0][0] >= options.join:
        story = index.stories[scored[0][1]]
        join(index, story, item, terms)
        _try_merges(index, story, [sid for p, sid in scored[1:] if p >= options.join], options)
        return index.assignment[item.id]
    return open_story(index, item, terms, f"s-{item.id}").id


def open_story(index: StoryIndex, item: StoryInput, terms: dict[str, Counter[str]],
               story_id: str) -> StoryState:
    """Open a new story ``story_id`` holding ``item``."""
    story = StoryState(story_id, {f: Counter() for f in FIELDS}, item.time, item.time)
    index.stories[story.id] = story
    join(index, story, item, terms)
    return story


def assign(index: StoryIndex, items: Sequence[StoryInput], *,
           options: StoryOptions = StoryOptions()) -> dict[str, str]:
    """Assign a batch of articles (taken in time order) to stories.

    Args:
        index: the caller's story index; updated in place.
        items: the batch; copies should follow their originals (they do in time order).
        options: decision weights and thresholds.

    Returns:
        ``article id → story id`` for every article of the batch (after merges).
    """
    for item in sorted(items, key=lambda i: (i.time, i.id)):
        assign_one(index, item, options=options)
    return {item.id: index.assignment[item.id] for item in items}
