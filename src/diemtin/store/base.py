"""The storage contract: what every backend (SQLite, PostgreSQL) provides.

The CLI, the web app and ``flow.py`` speak only to this protocol, so a backend can be
swapped without touching them; none of them asks which backend it holds. Tests of
storage behaviour run against every backend.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, NamedTuple, Protocol, Self, TypeVar

from diemtin.models import AnnotationSet, Article, FeedState, IngestReport, PageRecord, RawDocument
from diemtin.search.filters import SearchFilters
from diemtin.search.query import Query
from diemtin.search.results import Counts, SearchHit, SearchResults
from diemtin.store.state import StateSession

T = TypeVar("T")

__all__ = [
    "CO_MENTION_WINDOW", "Checkpoint", "DuplicateRecord", "GroupMember", "LinkBatch", "LinkDoc",
    "Outcome", "OutletStat", "PersonRow", "ResultFacets", "SearchFilters", "SearchHit",
    "SearchResults", "Store", "StoryRecord", "StoryState", "TermCount", "unique_by_id",
]


class Outcome(enum.StrEnum):
    """What an upsert did to one article."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far ingest got in one source: saved in the same transaction as its batch.

    ``fingerprint`` identifies the source's content (size and modification time for a
    file); ``position`` is a byte offset or record count the source can resume from.
    """

    source: str
    fingerprint: str
    position: int
    done: bool = False


CO_MENTION_WINDOW = 1000
"""Co-mentions of a term are counted over its newest articles, at most this many: what
it is named with lately, read in bounded time however often it is named."""


class PersonRow(NamedTuple):
    """One indexed mention of a person, with what resolving people needs."""

    article_id: str
    text: str
    title: str | None
    """A title the article gives the person (a row for each), or None."""
    day: str | None
    """The article's Vietnam publication date (``YYYY-MM-DD``), or None."""
    provinces: str | None
    """The current province codes the article's places link it to (``"01,24"``)."""


class StoryState(enum.StrEnum):
    """Whether a story still takes new articles."""

    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class LinkDoc:
    """The linking state kept for one linked article, so later runs are incremental.

    ``band_keys`` and ``anchor_keys`` are little-endian uint64 arrays (the article's LSH
    band keys and containment anchors); ``credit`` is the source its credit line names.
    """

    article_id: str
    content_hash: str
    outlet: str
    published: datetime | None
    credit: str | None
    band_keys: bytes
    anchor_keys: bytes


@dataclass(frozen=True, slots=True)
class GroupMember:
    """One member of a duplicate group; ``delay`` is seconds after the original."""

    article_id: str
    delay: float | None = None


@dataclass(frozen=True, slots=True)
class DuplicateRecord:
    """A stored duplicate group: ``members[0]`` is the original, then republications.

    ``credited`` tells that the original was chosen because a copy's credit line names
    its outlet (rather than by publication time alone).
    """

    id: str
    members: tuple[GroupMember, ...]
    credited: bool = False

    @property
    def original(self) -> str:
        """The id of the original article."""
        return self.members[0].article_id

    @property
    def article_ids(self) -> tuple[str, ...]:
        """Every member's id, the original first."""
        return tuple(member.article_id for member in self.members)


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A stored story: its members in publication order, originals and copies alike.

    ``copies`` are the members that republish another member (counted once);
    ``vector`` is the clustering state of the story (opaque JSON for the store).
    """

    id: str
    title: str
    summary: str
    first_published: datetime | None
    last_published: datetime | None
    state: StoryState
    article_ids: tuple[str, ...]
    copies: frozenset[str] = frozenset()
    vector: str = ""


@dataclass(frozen=True, slots=True)
class LinkBatch:
    """What one linking batch changes, written in one transaction.

    ``linked`` are the queued article ids this batch handled (taken off the queue: the
    "linked up to" marker); groups and stories named in ``removed_*`` are deleted and
    the ones given are written whole (replacing any with the same id). ``state`` holds
    named blobs of clustering state (for instance document frequencies).
    """

    linked: tuple[str, ...]
    docs: tuple[LinkDoc, ...] = ()
    removed_groups: tuple[str, ...] = ()
    groups: tuple[DuplicateRecord, ...] = ()
    removed_stories: tuple[str, ...] = ()
    stories: tuple[StoryRecord, ...] = ()
    state: tuple[tuple[str, str], ...] = ()


class TermCount(NamedTuple):
    """How many articles mention one indexed term (an entity, a place or a keyword).

    ``label`` is ``PER``, ``ORG``, ``LOC`` (place names as written), ``PLACE`` (the
    current administrative unit a place name was linked to) or ``KW`` (a keyword).
    """

    label: str
    key: str
    """The folded, space-collapsed text (:func:`diemtin.search.keys.entity_key`)."""
    text: str
    """One stored spelling of the term (backends pick the smallest)."""
    articles: int


class OutletStat(NamedTuple):
    """One outlet with its number of articles and its newest publication time."""

    outlet: str
    key: str
    """The folded outlet name (:func:`diemtin.search.keys.outlet_key`)."""
    articles: int
    last_published: str | None
    """ISO 8601 in UTC, or None when no article of the outlet has a date."""


class ResultFacets(NamedTuple):
    """Exact counts over every match of a search (not only the page shown)."""

    days: list[tuple[str, int]]
    """Matches per Vietnam date (``YYYY-MM-DD``), oldest first."""
    entities: list[TermCount]
    """The most frequent ``PER``, ``ORG`` and ``LOC`` entities, up to ``limit`` of each."""
    topics: list[tuple[str, int]]
    """Matches per topic label, most first."""
    outlets: tuple[tuple[str, int], ...] = ()
    """Matches per outlet, most first (up to :data:`OUTLET_FACETS`)."""


OUTLET_FACETS = 30
"""Most outlets a search's facets list."""


class Store(Protocol):
    """Articles with their versions, annotations, fetched pages, ingest state and search."""

    # -- articles --------------------------------------------------------------

    def upsert_articles(
        self, articles: Sequence[Article], *, checkpoint: Checkpoint | None = None,
        annotations: Mapping[str, AnnotationSet] | None = None,
    ) -> list[Outcome]:
        """Insert or update ``articles``, save their ``annotations`` (by article id, for
        those added or changed) and ``checkpoint``, all in one short transaction."""
        ...

    def content_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The stored content hash of each of ``article_ids`` that is stored."""
        ...

    def get_article(self, article_id: str) -> Article:
        """Return the article with ``article_id``; raise ``ArticleNotFound`` if absent."""
        ...

    def article_versions(self, article_id: str) -> list[Article]:
        """Return earlier versions of an article, oldest first."""
        ...

    def iter_articles(self, query: Query | None = None, *, filters: SearchFilters = ...,
                      batch_size: int = 500) -> Iterator[Article]:
        """Yield every matching article (all of them when ``query`` is None), streaming."""
        ...

    def search(self, query: Query, *, filters: SearchFilters = ..., limit: int = 20,
               offset: int = 0, facets: bool = False, sort: str = "relevance",
               after: tuple[int, ...] | None = None) -> SearchResults:
        """Return matches of ``query``: ranked (``sort="relevance"``) or newest first over
        every match (``"date"``); ``after`` is a previous page's ``next_after`` (then
        ``offset`` counts from there)."""
        ...

    def result_facets(self, query: Query, *, filters: SearchFilters = ...,
                      limit: int = 10) -> ResultFacets:
        """Exact date, entity and topic counts over every match of ``query``."""
        ...

    def count(self, query: Query, *, filters: SearchFilters = ...,
              by: str | None = None) -> Counts:
        """The exact, uncapped number of articles matching ``query`` (the same rules as
        :meth:`search`), grouped ``by`` ``day``, ``week``, ``month`` or ``outlet``."""
        ...

    def count_articles(self) -> int:
        """How many articles are stored."""
        ...

    def change_marker(self) -> Hashable:
        """A value that changes whenever anything stored may have changed, articles and
        application state alike (cheap to read on every request: caches of answers and
        pages compare it). It may also change when nothing did."""
        ...

    def outlet_counts(self) -> list[tuple[str, int]]:
        """Each outlet with its number of articles, most first."""
        ...

    def get_articles(self, article_ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among ``article_ids``, by id (absent ones left out)."""
        ...

    def delete_article(self, article_id: str) -> None:
        """Delete an article (and its versions, annotations and links); its duplicate
        group's other members are queued for linking again.

        Raises:
            ArticleNotFound: no article has that id.
        """
        ...

    # -- links: duplicate groups and stories -----------------------------------

    def pending_links(self, *, limit: int) -> list[str]:
        """Up to ``limit`` ids of articles waiting to be linked, oldest first.

        Adding or changing an article queues it; so does a change to a member of its
        duplicate group.
        """
        ...

    def iter_link_docs(self, *, batch_size: int = 2000) -> Iterator[LinkDoc]:
        """Every linked article's state, in the order they were linked."""
        ...

    def get_link_docs(self, article_ids: Sequence[str]) -> dict[str, LinkDoc]:
        """The linking state of each of ``article_ids`` that is linked."""
        ...

    def save_links(self, batch: LinkBatch) -> None:
        """Write a linking batch and take its articles off the queue, in one transaction."""
        ...

    def link_state(self, name: str) -> str | None:
        """A named blob of clustering state saved by :meth:`save_links`, or None."""
        ...

    def duplicate_groups(self, article_ids: Sequence[str] | None = None
                         ) -> list[DuplicateRecord]:
        """The duplicate groups holding any of ``article_ids`` (every group when None),
        largest first."""
        ...

    def republication_counts(self) -> list[tuple[str, str, int]]:
        """``(source outlet, republishing outlet, copies)``, most first."""
        ...

    def stories(self, *, since: datetime | None = None, state: StoryState | None = None,
                limit: int | None = None, vectors: bool = False) -> list[StoryRecord]:
        """Stories whose last article is at or after ``since``, newest first (with their
        clustering vectors only when ``vectors``)."""
        ...

    def get_story(self, story_id: str) -> StoryRecord:
        """One story, with its vector.

        Raises:
            StoryNotFound: no story has that id.
        """
        ...

    def story_ids(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The story of each of ``article_ids`` that is in one."""
        ...

    # -- ingest state ----------------------------------------------------------

    def get_checkpoint(self, source: str) -> Checkpoint | None:
        """The saved progress of ``source``, if any."""
        ...

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        """Save ``checkpoint`` on its own (for sources that end without a batch)."""
        ...

    def start_run(self, command: str) -> int:
        """Record the start of an ingest run and return its id."""
        ...

    def finish_run(self, run_id: int, report: IngestReport) -> None:
        """Record the outcome of an ingest run."""
        ...

    # -- annotations and the entity index --------------------------------------

    def save_annotations(self, article_id: str, annotations: AnnotationSet) -> None:
        """Store an article's annotations and replace its entity rows, in one transaction."""
        ...

    def get_annotations(self, article_id: str) -> dict[str, tuple[str, Any]]:
        """Every stored annotation of an article: ``{component: (version, data)}``."""
        ...

    def stale_articles(self, versions: Mapping[str, str]) -> Iterator[str]:
        """Ids of articles missing an annotation or holding another version of it."""
        ...

    def person_rows(self, name: str) -> list[PersonRow]:
        """Mentions of a person's name (a row for each title an article gives it), in no
        particular order."""
        ...

    def entity_counts(self, label: str, *, limit: int = 50) -> list[tuple[str, int]]:
        """The most mentioned entities of a label: ``(text, articles)``, most first."""
        ...

    def top_terms(self, label: str, *, limit: int = 50,
                  after: tuple[int, str] | None = None) -> list[TermCount]:
        """The most mentioned terms of ``label`` with their keys, most articles first (then
        by key); with ``after`` (articles, key), those that come after it."""
        ...

    def term_days(self, label: str, key: str) -> list[tuple[str, int]]:
        """Articles mentioning a term per day (Vietnam dates, ``YYYY-MM-DD``), oldest first."""
        ...

    def co_mentions(self, label: str, key: str, *, limit: int = 20,
                    within: int = CO_MENTION_WINDOW) -> list[TermCount]:
        """Entities (PER, ORG, PLACE) named in the same articles as a term, most first,
        among its ``within`` newest articles."""
        ...

    def term_article_ids(self, label: str, key: str, *, limit: int = 10) -> list[str]:
        """Ids of the newest articles mentioning a term, newest first."""
        ...

    def term_counts(self, since: str, until: str, *, labels: Sequence[str],
                    min_articles: int = 1) -> list[TermCount]:
        """Articles per term of ``labels`` published in ``(since, until]`` (UTC ISO 8601)."""
        ...

    # -- outlets ---------------------------------------------------------------

    def outlet_stats(self) -> list[OutletStat]:
        """Every outlet with its article count and newest article, most articles first."""
        ...

    def outlet_days(self, key: str) -> list[tuple[str, int]]:
        """Articles of the outlet with ``key`` per day (Vietnam dates), oldest first."""
        ...

    def outlet_breakdown(self, key: str, field: str) -> list[tuple[str, int]]:
        """Articles of an outlet by ``field`` (``section`` or ``topic``), most first."""
        ...

    # -- fetched pages and feeds -----------------------------------------------

    def save_page(self, document: RawDocument, *, status: int, article_id: str | None,
                  error: str | None = None) -> None:
        """Keep a fetched page and what came of it; replaces an older copy."""
        ...

    def get_page(self, url: str) -> PageRecord | None:
        """The stored record of ``url`` (any spelling of it), or None."""
        ...

    def iter_pages(self, *, batch_size: int = 200) -> Iterator[RawDocument]:
        """Every stored page with a body, as it was fetched (for re-extraction)."""
        ...

    def set_page_result(self, url: str, *, article_id: str | None, error: str | None) -> None:
        """Record what a (re-)extraction of a stored page produced."""
        ...

    def get_feed(self, url: str) -> FeedState | None:
        """The saved state of a feed or sitemap, or None if never polled."""
        ...

    def save_feed(self, state: FeedState) -> None:
        """Save the state of a feed after a poll."""
        ...

    # -- schema and connection -------------------------------------------------

    def transact(self, work: Callable[[StateSession], T]) -> T:
        """Run ``work`` in one transaction on the application-state tables (saved
        searches, briefings, accounts: ``diemtin.store.state``) and return its result.
        It may run again after a conflict, so it must act only through the session."""
        ...

    def read_state(self, work: Callable[[StateSession], T]) -> T:
        """Run ``work`` on the state tables without writing: a read snapshot that takes
        no write lock. A write or lock raises ``WriteNeeded`` (see
        :func:`diemtin.store.state.read_then_write`)."""
        ...

    def schema_version(self) -> int:
        """The version of the schema in force in the database (0: empty)."""
        ...

    def migrate(self) -> int:
        """Apply pending migrations; return the schema version now in force."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None: ...


def unique_by_id(articles: Iterable[Article]) -> list[Article]:
    """Keep the last of several articles with the same id (a batch upserts each once)."""
    by_id: dict[str, Article] = {}
    for article in articles:
        by_id[article.id] = article
    return list(by_id.values())
