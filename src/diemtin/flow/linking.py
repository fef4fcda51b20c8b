"""Linking wired to the store: duplicates first, then stories, one batch at a time.

``diemtin link`` and every ingest call :class:`Linker`: it takes queued articles off the
store's link queue in batches, finds their duplicate groups, assigns them to stories
(a republication joins its original's story and counts once) and writes each batch's
results together with its removal from the queue, in one transaction. A run killed at
any point leaves the queue where the last committed batch left it, so a rerun gives
the groups and stories of an uninterrupted run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from diemtin.flow._duplicates import DuplicateIndex, link_duplicates
from diemtin.flow._stories import StoryRun, assign_stories, df_state
from diemtin.link.duplicates import LinkOptions
from diemtin.link.stories import StoryOptions
from diemtin.models import AnnotationSet
from diemtin.store.base import DuplicateRecord, LinkBatch, Store, StoryRecord

logger = logging.getLogger(__name__)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """Duplicate and story options, and how many articles a batch links."""

    duplicates: LinkOptions = field(default_factory=LinkOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    batch_size: int = 500


@dataclass(slots=True)
class LinkReport:
    """What a linking run did."""

    linked: int = 0
    groups: int = 0
    stories: int = 0

    def summary(self) -> str:
        """One line for people."""
        return (f"linked {self.linked} articles: {self.groups} duplicate groups and "
                f"{self.stories} stories written")


class Linker:
    """Links a store's queued articles; holds the run's candidate and story indexes.

    The indexes are loaded from the store on first use and then grow in memory, so an
    ingest that links each batch reads them once.
    """

    def __init__(self, store: Store, *, settings: LinkSettings | None = None) -> None:
        self.store = store
        self.settings = settings or LinkSettings()
        self.report = LinkReport()
        self._duplicates: DuplicateIndex | None = None
        self._stories: StoryRun | None = None

    def run(self, *, on_progress: Callable[[int], None] | None = None,
            annotations: Mapping[str, AnnotationSet] | None = None) -> LinkReport:
        """Link every queued article, batch by batch; return the run's report.

        Args:
            on_progress: called with the number of articles of each batch linked.
            annotations: annotations in hand (by article id), to save reading them.
        """
        while True:
            ids = self.store.pending_links(limit=self.settings.batch_size)
            if not ids:
                return self.report
            self.link(ids, annotations=annotations)
            if on_progress:
                on_progress(len(ids))

    def link(self, article_ids: Sequence[str], *,
             annotations: Mapping[str, AnnotationSet] | None = None) -> None:
        """Link the queued ``article_ids`` and write the results in one transaction.

        Args:
            article_ids: queued ids (deleted ones are just taken off the queue).
            annotations: annotations in hand (by id); the others are read from the store.
        """
        found = self.store.get_articles(list(article_ids))
        articles = sorted(found.values(), key=lambda a: (a.published_utc or _EPOCH, a.id))
        if self._duplicates is None or self._stories is None:
            self._duplicates = DuplicateIndex.load(self.store, self.settings.duplicates)
            self._stories = StoryRun.load(self.store, self.settings.stories)
        changes = link_duplicates(self._duplicates, self.store, articles)
        known = dict(annotations or {})
        annotated = {a.id: known.get(a.id) or _stored_annotations(self.store, a.id)
                     for a in articles}
        removed, stories = assign_stories(self._stories, self.store, articles, annotated,
                                          changes.copy_of())
        self.store.save_links(LinkBatch(
            linked=tuple(article_ids), docs=changes.docs, removed_groups=changes.removed,
            groups=changes.groups, removed_stories=tuple(removed), stories=tuple(stories),
            state=(df_state(self._stories.index),)))
        self.report.linked += len(article_ids)
        self.report.groups += len(changes.groups)
        self.report.stories += len(stories)


def _stored_annotations(store: Store, article_id: str) -> AnnotationSet | None:
    stored = store.get_annotations(article_id)
    if not stored:
        return None
    return AnnotationSet(tuple((name, version, data)
                               for name, (version, data) in sorted(stored.items())))


def link_store(store: Store, *, settings: LinkSettings | None = None,
               on_progress: Callable[[int], None] | None = None) -> LinkReport:
    """Link every article not yet linked: duplicates, republication chains, stories.

    Running it again changes nothing; after a kill it resumes at the first batch that
    was not written.

    Args:
        store: the store.
        settings: duplicate and story options, batch size.
        on_progress: called with the number of articles of each batch linked.
    """
    return Linker(store, settings=settings).run(on_progress=on_progress)


def duplicates_of(store: Store, article_id: str) -> DuplicateRecord | None:
    """The duplicate group of ``article_id`` (the original first), or None.

    Raises:
        ArticleNotFound: no article has that id.
    """
    store.get_article(article_id)
    groups = store.duplicate_groups([article_id])
    return groups[0] if groups else None


def all_duplicate_groups(store: Store) -> list[DuplicateRecord]:
    """Every duplicate group of two or more articles, largest first."""
    return store.duplicate_groups()


def list_stories(store: Store, *, since: datetime | None = None,
                 limit: int | None = None) -> list[StoryRecord]:
    """Stories with an article at or after ``since``, most recently updated first."""
    return store.stories(since=since, limit=limit)


def get_story(store: Store, story_id: str) -> StoryRecord:
    """One story.

    Raises:
        StoryNotFound: no story has that id.
    """
    return store.get_story(story_id)


def republications(store: Store) -> list[tuple[str, str, int]]:
    """Who republishes whom: ``(source outlet, republishing outlet, copies)``."""
    return store.republication_counts()
