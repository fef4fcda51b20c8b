"""Story inputs from articles and their NLP annotations, and decision training data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from diemtin.link.stories import (
    StoryIndex,
    StoryInput,
    candidates,
    features,
    join,
    observe,
    open_story,
)
from diemtin.models import Article
from diemtin.nlp import Annotations
from diemtin.text import segment
from diemtin.text.fold import fold

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def content_words(text: str) -> tuple[str, ...]:
    """Folded segmented words of ``text`` that hold a letter ("Lào Cai" → "lao cai")."""
    return tuple(key for key in (fold(word) for word in segment(text))
                 if any(char.isalpha() for char in key))


def story_input(article: Article, annotations: Annotations | None = None, *,
                copy_of: str | None = None) -> StoryInput:
    """Build the story view of ``article``.

    Args:
        article: the article (its title, lead and body are segmented).
        annotations: its stored NLP annotations; people and organizations become
            ``PER:``/``ORG:`` keys and places their current unit (or name).
        copy_of: the original's id when the article is a republication.
    """
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    if annotations is not None:
        entities = tuple(f"{m.label}:{fold(m.text)}" for m in annotations.entities
                         if m.label in ("PER", "ORG"))
        places = tuple(
            place.current.code if place.current else fold(place.name)
            for place in annotations.places)
    body = "\n".join([article.lead or "", *article.body])
    return StoryInput(
        id=article.id, time=article.published_utc or article.fetched_at or _EPOCH,
        title_words=content_words(article.title), words=content_words(body),
        entities=entities, places=places, outlet=article.outlet or "", copy_of=copy_of)


def training_samples(items: Sequence[StoryInput], gold: Mapping[str, str], *,
                     limit: int = 20) -> tuple[list[tuple[float, ...]], list[bool]]:
    """Decision training data: each article against its candidate stories.

    Articles arrive in time order and always join their gold story (teacher forcing),
    so the candidates are what the online clusterer would see if it were right so far.
    """
    index = StoryIndex()
    samples: list[tuple[float, ...]] = []
    labels: list[bool] = []
    for item in sorted(items, key=lambda i: (i.time, i.id)):
        if item.copy_of:
            continue
        terms = observe(index, item)
        story_id = gold[item.id]
        found = set(candidates(index, terms, limit))
        if story_id in index.stories:
            found.add(story_id)
        for candidate in sorted(found):
            samples.append(features(index, terms, item.time, index.stories[candidate]))
            labels.append(candidate == story_id)
        if story_id in index.stories:
            join(index, index.stories[story_id], item, terms)
        else:
            open_story(index, item, terms, story_id)
    return samples, labels
