"""Incremental story assignment over a store, and the persistence of its state.

The story index of :mod:`diemtin.link.stories` lives in memory during a run. Between
runs the store keeps what decisions depend on: the document frequencies (the
``stories.df`` state blob) and each open story's term counts, time span and members (its
``vector``). Closed stories take no new article, so only their membership is kept; a
copy whose original sits in a closed story is added to that story directly.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from diemtin.link.inputs import story_input
from diemtin.link.stories import (
    FIELDS,
    StoryIndex,
    StoryInput,
    StoryOptions,
    StoryState,
    assign,
)
from diemtin.models import AnnotationSet, Article
from diemtin.store.base import Store, StoryRecord
from diemtin.store.base import StoryState as OpenClosed
from diemtin.text.fold import fold

DF_STATE = "stories.df"
_SUMMARY_SENTENCES = 3
_NEAREST_BODIES = 10
"""How many of a story's latest article bodies ``link.stories.features`` compares."""


@dataclass(frozen=True, slots=True)
class Heading:
    """What a story shows of its first article: title and summary."""

    time: datetime
    article_id: str
    title: str
    summary: str


@dataclass(slots=True)
class StoryRun:
    """The story index of a run and each story's heading."""

    index: StoryIndex
    options: StoryOptions = field(default_factory=StoryOptions)
    headings: dict[str, Heading] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)
    """Republications among the members of open stories → their originals."""

    @classmethod
    def load(cls, store: Store, options: StoryOptions) -> StoryRun:
        """Rebuild the index from the saved frequencies and the open stories."""
        index = StoryIndex()
        saved = store.link_state(DF_STATE)
        if saved:
            data = json.loads(saved)
            index.documents = int(data["documents"])
            index.newest = datetime.fromisoformat(data["newest"]) if data["newest"] else None
            index.df = {name: Counter(data["df"].get(name, {})) for name in FIELDS}
        run = cls(index, options)
        for record in store.stories(state=OpenClosed.OPEN, vectors=True):
            run.restore(record)
        return run

    def restore(self, record: StoryRecord) -> None:
        """Put a stored open story back in the index."""
        data = json.loads(record.vector)
        story = StoryState(record.id, {name: Counter(data["terms"].get(name, {}))
                                       for name in FIELDS},
                           datetime.fromisoformat(data["first"]),
                           datetime.fromisoformat(data["last"]),
                           # the store's membership wins: a changed or deleted article
                           # left the story after its vector was written
                           [m for m in data["members"] if m in set(record.article_ids)],
                           bodies=[(dict(weights), float(norm))
                                   for weights, norm in data.get("bodies", [])])
        self.index.stories[story.id] = story
        for member in story.members:
            self.index.assignment[member] = story.id
        for name in ("body", "entities", "places"):
            for term in story.terms[name]:
                self.index.postings.setdefault(f"{name}:{term}", set()).add(story.id)
        heading = data["heading"]
        self.copies.update((member, "") for member in record.copies)
        self.headings[story.id] = Heading(datetime.fromisoformat(heading["time"]),
                                          heading["id"], record.title, record.summary)


def _annotation_keys(annotations: AnnotationSet | None
                     ) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """People/organization keys, place keys and the summary text of stored annotations."""
    if annotations is None:
        return (), (), ""
    layers: dict[str, Any] = {name: data for name, _, data in annotations.components}
    entities = tuple(f"{m['label']}:{fold(m['text'])}" for m in layers.get("entities") or ()
                     if m.get("label") in ("PER", "ORG"))
    places = tuple((p.get("current") or {}).get("code") or fold(p.get("name") or "")
                   for p in layers.get("places") or ())
    summary = (layers.get("summary") or {}).get("text") or ""
    return entities, places, summary


def _summary(article: Article, annotated: str) -> str:
    if annotated:
        return annotated
    lead = article.lead or (article.body[0] if article.body else "")
    sentences = [s.strip() for s in lead.replace("\n", " ").split(". ") if s.strip()]
    text = ". ".join(sentences[:_SUMMARY_SENTENCES])
    return text if text.endswith((".", "!", "?", "…")) or not text else text + "."


def assign_stories(run: StoryRun, store: Store, articles: Sequence[Article],
                   annotations: Mapping[str, AnnotationSet | None],
                   copy_of: Mapping[str, str]) -> tuple[list[str], list[StoryRecord]]:
    """Assign a batch to stories; return the story ids removed and the records to write.

    Args:
        run: the run's story index (updated in place).
        store: where closed stories of copies are read.
        articles: the batch.
        annotations: each article's annotations, or None.
        copy_of: republication → its original, for the batch's copies.
    """
    index, before = run.index, _snapshot(run.index)
    items: list[StoryInput] = []
    summaries: dict[str, str] = {}
    for article in articles:
        _forget(index, article.id)
        entities, places, summaries[article.id] = _annotation_keys(annotations.get(article.id))
        item = replace(story_input(article, None, copy_of=copy_of.get(article.id)),
                       entities=entities, places=places)
        items.append(item)
    run.copies.update(copy_of)
    placed, closed = _closed_copies(run, store, items)
    assign(index, [item for item in items if item.id not in placed], options=run.options)
    by_id = {article.id: article for article in articles}
    for item in items:
        _update_heading(run, item, by_id[item.id], summaries[item.id])
    changed = [story for sid, story in index.stories.items()
               if before.get(sid) != _fingerprint(story)]
    removed = [sid for sid in before if sid not in index.stories]
    records = [_record(run, story) for story in changed]
    records.extend(closed)
    for story in changed:  # closed stories take no article: keep only their membership
        if not story.is_open:
            del index.stories[story.id]
    return removed, records


def _closed_copies(run: StoryRun, store: Store, items: Sequence[StoryInput]
                   ) -> tuple[set[str], list[StoryRecord]]:
    """Copies whose original's story is closed (not in memory) join it directly.

    Returns:
        The ids of the copies so placed and the story records to write.
    """
    index, batch = run.index, {item.id for item in items}
    originals = [item.copy_of for item in items if item.copy_of and item.copy_of not in batch
                 and index.assignment.get(item.copy_of) not in index.stories]
    stored = store.story_ids([o for o in originals if o]) if originals else {}
    found: dict[str, StoryRecord] = {}
    placed: set[str] = set()
    for item in items:
        story_id = stored.get(item.copy_of or "")
        if story_id is None:
            continue
        record = found.get(story_id) or store.get_story(story_id)
        placed.add(item.id)
        if item.id in record.article_ids:  # already there (linked again after a change)
            continue
        found[story_id] = replace(record, article_ids=(*record.article_ids, item.id),
                                  copies=record.copies | {item.id},
                                  last_published=max(record.last_published or item.time,
                                                     item.time))
    return placed, list(found.values())


def _forget(index: StoryIndex, article_id: str) -> None:
    """Take a re-linked (changed) article out of its in-memory story first."""
    story_id = index.assignment.pop(article_id, None)
    story = index.stories.get(story_id or "")
    if story is not None and article_id in story.members:
        story.members.remove(article_id)


def _snapshot(index: StoryIndex) -> dict[str, tuple[int, bool, datetime]]:
    return {sid: _fingerprint(story) for sid, story in index.stories.items()}


def _fingerprint(story: StoryState) -> tuple[int, bool, datetime]:
    return (len(story.members), story.is_open, story.last)


def _update_heading(run: StoryRun, item: StoryInput, article: Article, summary: str) -> None:
    story_id = run.index.assignment.get(item.id)
    if story_id is None or item.copy_of:
        return
    current = run.headings.get(story_id)
    if current is None or (item.time, item.id) < (current.time, current.article_id):
        run.headings[story_id] = Heading(item.time, item.id, article.title,
                                         _summary(article, summary))


def _record(run: StoryRun, story: StoryState) -> StoryRecord:
    heading = run.headings.get(story.id)
    vector = ""
    if story.is_open and heading is not None:
        vector = json.dumps({
            "terms": {name: dict(story.terms[name]) for name in FIELDS},
            "first": story.first.isoformat(), "last": story.last.isoformat(),
            "members": story.members,
            # decisions read only the last bodies (the "nearest" feature): keep those
            "bodies": [[weights, norm] for weights, norm in story.bodies[-_NEAREST_BODIES:]],
            "heading": {"time": heading.time.isoformat(), "id": heading.article_id}},
            ensure_ascii=False)
    return StoryRecord(
        id=story.id, title=heading.title if heading else "",
        summary=heading.summary if heading else "", first_published=story.first,
        last_published=story.last,
        state=OpenClosed.OPEN if story.is_open else OpenClosed.CLOSED,
        article_ids=tuple(story.members),
        copies=frozenset(m for m in story.members if m in run.copies), vector=vector)


def df_state(index: StoryIndex) -> tuple[str, str]:
    """The document frequencies as a named state blob for :meth:`Store.save_links`."""
    return DF_STATE, json.dumps({
        "documents": index.documents,
        "newest": index.newest.isoformat() if index.newest else None,
        "df": {name: dict(index.df[name]) for name in FIELDS}}, ensure_ascii=False)

