"""The storage contract: what every backend (SQLite, PostgreSQL) provides.

The CLI, the web app and ``flow.py`` speak only to this protocol, so a backend can be
swapped without touching them. Tests of storage behaviour run against every backend.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from diemtin.models import Article, IngestReport
from diemtin.search.query import Query


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


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Filters applied beside the full-text query."""

    outlets: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: the article and its rank score (higher is better)."""

    article: Article
    score: float


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of results, the total number of matches and the outlet facet."""

    hits: tuple[SearchHit, ...]
    total: int
    outlet_counts: tuple[tuple[str, int], ...] = field(default=())
    capped: bool = False
    """True when ``total`` is a lower bound: at least that many articles match."""


class Store(Protocol):
    """A place that keeps articles, their versions, ingest runs and a search index."""

    def upsert_articles(
        self, articles: Sequence[Article], *, checkpoint: Checkpoint | None = None
    ) -> list[Outcome]:
        """Insert or update ``articles`` and save ``checkpoint``, all in one transaction."""
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
               offset: int = 0, facets: bool = False) -> SearchResults:
        """Return ranked matches of ``query``."""
        ...

    def count_articles(self) -> int:
        """How many articles are stored."""
        ...

    def outlet_counts(self) -> list[tuple[str, int]]:
        """Each outlet with its number of articles, most first."""
        ...

    def get_checkpoint(self, source: str) -> Checkpoint | None:
        """The saved progress of ``source``, if any."""
        ...

    def start_run(self, command: str) -> int:
        """Record the start of an ingest run and return its id."""
        ...

    def finish_run(self, run_id: int, report: IngestReport) -> None:
        """Record the outcome of an ingest run."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def unique_by_id(articles: Iterable[Article]) -> list[Article]:
    """Keep the last of several articles with the same id (a batch upserts each once)."""
    by_id: dict[str, Article] = {}
    for article in articles:
        by_id[article.id] = article
    return list(by_id.values())
