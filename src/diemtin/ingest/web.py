"""Web sources: one round over URLs, following feeds and sitemaps, yielding pages.

A :class:`WebRound` yields a :class:`WebEvent` per page fetched, skipped or failed;
``diemtin.flow`` extracts and stores the pages. Sources (the URLs a user gives) are
fetched in the consuming thread; the article pages they list go to a thread pool, where
the fetcher's per-host gates keep each host's pace. The round reads and saves the state
of feeds (ETags, last poll) and asks which pages are already known through
:class:`WebState`, which every store provides.
"""

from __future__ import annotations

import enum
import queue
import threading
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from diemtin.errors import ArticleNotFound, DiemtinError, FetchError
from diemtin.ingest._xml import sniff_kind
from diemtin.ingest.feeds import parse_feed
from diemtin.ingest.http import Fetcher, FetchInterrupted, FetchResult
from diemtin.ingest.sitemaps import SitemapEntry, newest_first, parse_sitemap
from diemtin.models import (
    Article,
    FeedState,
    PageRecord,
    RawDocument,
    article_id_for,
    canonical_url,
)

GONE = frozenset({404, 410})
"""Statuses after which a page listed by a feed is not asked for again."""

MAX_SITEMAP_DEPTH = 3


class WebState(Protocol):
    """What a round reads and keeps between rounds (every ``Store`` provides it)."""

    def get_article(self, article_id: str) -> Article: ...
    def get_page(self, url: str) -> PageRecord | None: ...
    def get_feed(self, url: str) -> FeedState | None: ...
    def save_feed(self, state: FeedState) -> None: ...


class Kind(enum.StrEnum):
    """What came of one URL in a round."""

    PAGE = "page"
    """An HTML page was fetched: ``document`` holds it, to extract and keep."""
    GONE = "gone"
    """No article will come from this URL (404, 410, not HTML): keep it without a body
    so later rounds skip it; ``reason`` says why."""
    FAILED = "failed"
    """The URL failed (``reason``); it may be tried again next round."""
    SKIPPED = "skipped"
    """A page a feed lists that is already stored."""
    UNCHANGED = "unchanged"
    """A page the server says has not changed (304)."""


@dataclass(frozen=True, slots=True)
class WebEvent:
    """One outcome of a round; ``progress`` is true for each page it fetched or tried."""

    kind: Kind
    url: str
    document: RawDocument | None = None
    status: int = 0
    reason: str | None = None
    progress: bool = False


def reason_of(error: DiemtinError) -> str:
    """An error's message without the URL prefix a :class:`FetchError` carries."""
    text = str(error)
    return text.removeprefix(f"{error.url}: ") if isinstance(error, FetchError) else text


class WebRound:
    """Fetches a list of URLs (pages, feeds, sitemaps) once, sharing one fetcher."""

    def __init__(self, state: WebState, fetcher: Fetcher, *, max_entries: int,
                 max_sitemaps: int, stop: threading.Event) -> None:
        self.state = state
        self.fetcher = fetcher
        self.max_entries = max_entries
        self.max_sitemaps = max_sitemaps
        self.stop = stop
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._events: queue.SimpleQueue[tuple[WebEvent, bool]] = queue.SimpleQueue()
        # Pages fetched but not yet consumed, at most: fetching never runs far ahead of
        # the extraction and storing (memory stays bounded, a kill loses little).
        self._slots = threading.Semaphore(2 * max(1, fetcher.options.workers))
        self._futures: set[Future[None]] = set()
        self._pool: ThreadPoolExecutor | None = None

    def run(self, urls: Iterable[str]) -> Generator[WebEvent, None, None]:
        """Fetch every URL and the pages its feed or sitemap lists, yielding outcomes.

        Close the iterator (or let an exception end the loop over it) to stop the
        round: queued pages are dropped and pages in flight stop.
        """
        workers = max(1, self.fetcher.options.workers)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="diemtin-fetch") as pool:
            self._pool = pool
            try:
                for url in urls:
                    if self.stop.is_set():
                        break
                    self._source(url)
                    yield from self._drain()
                while self._futures:
                    done, _ = wait(self._futures, timeout=0.2, return_when=FIRST_COMPLETED)
                    for future in done:
                        self._futures.discard(future)
                        future.result()
                    yield from self._drain()
                yield from self._drain()
            except BaseException:
                # Ctrl+C, a store error or the consumer stopping: let queued pages go
                # and in-flight ones stop.
                self.stop.set()
                for future in self._futures:
                    future.cancel()
                raise

    def _drain(self) -> Iterator[WebEvent]:
        while True:
            try:
                event, held = self._events.get_nowait()
            except queue.Empty:
                return
            yield event
            if held:  # the consumer is done with the page: another may be fetched
                self._slots.release()

    def _emit(self, kind: Kind, url: str, *, reason: str | None = None,
              document: RawDocument | None = None, status: int = 0,
              progress: bool = False, held: bool = False) -> None:
        """Queue an event; ``held`` when it holds a fetch slot until consumed."""
        event = WebEvent(kind, url, document, status,
                         " ".join(reason.split()) if reason else None, progress)
        self._events.put((event, held))

    # -- sources ---------------------------------------------------------------

    def _source(self, url: str) -> None:
        feed = self.state.get_feed(url)
        page = self.state.get_page(url) if feed is None else None
        known = feed or page
        try:
            result = self.fetcher.fetch(url, etag=known.etag if known else None,
                                        last_modified=known.last_modified if known else None)
        except FetchInterrupted:
            return
        except FetchError as error:
            self._failed_source(url, feed, reason_of(error))
            return
        if result.not_modified:
            if feed is not None:
                self._save_feed(url, feed.kind, result)
            else:
                self._emit(Kind.UNCHANGED, url)
            return
        kind = sniff_kind(result.document.content, result.document.media_type)
        if kind == "feed":
            self._feed(url, result)
        elif kind == "sitemap":
            self._sitemap(url, result, depth=0, budget=[self.max_entries], visited={url})
        elif kind == "html":
            self._mark_seen(url)
            self._page(result)
        else:
            self._emit(Kind.FAILED, url, reason="not an HTML page, feed or sitemap (content "
                                                f"type {result.document.media_type or 'unknown'})")

    def _failed_source(self, url: str, feed: FeedState | None, reason: str) -> None:
        self._emit(Kind.FAILED, url, reason=reason)
        if feed is not None:
            self.state.save_feed(FeedState(url, feed.kind, feed.etag, feed.last_modified,
                                           datetime.now(UTC), reason))

    def _save_feed(self, url: str, kind: str, result: FetchResult,
                   warning: str | None = None) -> None:
        doc = result.document
        old = self.state.get_feed(url) if result.not_modified else None
        self.state.save_feed(FeedState(
            url, kind, doc.header("etag") or (old.etag if old else None),
            doc.header("last-modified") or (old.last_modified if old else None),
            datetime.now(UTC), warning))

    def _feed(self, url: str, result: FetchResult) -> None:
        try:
            feed = parse_feed(result.document.content, base_url=result.final_url)
        except DiemtinError as error:
            self._failed_source(url, None, reason_of(error))
            return
        if feed.warning:
            self._emit(Kind.FAILED, url,
                       reason=f"{feed.warning}; {len(feed.entries)} entries recovered")
        self._save_feed(url, feed.kind, result, feed.warning)
        self._entries([entry.url for entry in feed.entries], [self.max_entries])

    def _sitemap(self, url: str, result: FetchResult, *, depth: int, budget: list[int],
                 visited: set[str]) -> None:
        try:
            sitemap = parse_sitemap(result.document.content, base_url=result.final_url)
        except DiemtinError as error:
            self._failed_source(url, None, reason_of(error))
            return
        if sitemap.warning:
            self._emit(Kind.FAILED, url,
                       reason=f"{sitemap.warning}; {len(sitemap.entries)} entries recovered")
        self._save_feed(url, sitemap.kind, result, sitemap.warning)
        entries = newest_first(sitemap.entries)
        if sitemap.kind == "sitemap":
            self._entries([entry.url for entry in entries], budget)
        elif depth >= MAX_SITEMAP_DEPTH:
            self._emit(Kind.FAILED, url,
                       reason=f"sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH}")
        else:
            self._children(entries[: self.max_sitemaps], depth=depth, budget=budget,
                           visited=visited)

    def _children(self, entries: list[SitemapEntry], *, depth: int, budget: list[int],
                  visited: set[str]) -> None:
        for entry in entries:
            if self.stop.is_set() or budget[0] <= 0:
                return
            if entry.url in visited:
                continue
            visited.add(entry.url)
            state = self.state.get_feed(entry.url)
            try:
                result = self.fetcher.fetch(entry.url, etag=state.etag if state else None,
                                            last_modified=state.last_modified if state else None)
            except FetchInterrupted:
                return
            except FetchError as error:
                self._failed_source(entry.url, state, reason_of(error))
                continue
            if result.not_modified:
                self._save_feed(entry.url, state.kind if state else "sitemap", result)
            else:
                self._sitemap(entry.url, result, depth=depth + 1, budget=budget,
                              visited=visited)

    # -- pages -----------------------------------------------------------------

    def _entries(self, urls: list[str], budget: list[int]) -> None:
        for url in urls:
            if budget[0] <= 0 or self.stop.is_set():
                return
            if not self._mark_seen(url):
                continue
            if self._known(url):
                self._emit(Kind.SKIPPED, url)
                continue
            budget[0] -= 1
            assert self._pool is not None, "pages are only queued inside run()"
            self._futures.add(self._pool.submit(self._entry, url))

    def _mark_seen(self, url: str) -> bool:
        key = canonical_url(url)
        with self._lock:
            if key in self._seen:
                return False
            self._seen.add(key)
            return True

    def _known(self, url: str) -> bool:
        """Whether ``url`` was stored already: as a page (with an article or a reason
        why it has none), or as an article under the id its URL gives."""
        page = self.state.get_page(url)
        if page is not None and (page.article_id or page.error):
            return True
        try:
            self.state.get_article(article_id_for(url=url, title="", body=()))
        except ArticleNotFound:
            return False
        return True

    def _entry(self, url: str) -> None:
        while not self._slots.acquire(timeout=0.2):
            if self.stop.is_set():
                return
        if self.stop.is_set():
            self._slots.release()
            return
        try:
            result = self.fetcher.fetch(url)
        except FetchInterrupted:
            self._slots.release()
            return
        except FetchError as error:
            if error.status is not None and error.status in GONE:
                self._emit(Kind.GONE, url, status=error.status, reason=reason_of(error),
                           progress=True, held=True)
            else:
                self._emit(Kind.FAILED, url, reason=reason_of(error), progress=True, held=True)
        else:
            self._page(result, held=True)

    def _page(self, result: FetchResult, *, held: bool = False) -> None:
        doc = result.document
        if sniff_kind(doc.content, doc.media_type) != "html":
            self._emit(Kind.GONE, result.url, status=result.status, progress=True, held=held,
                       reason=f"not an HTML page (content type {doc.media_type or 'unknown'})")
        else:
            self._emit(Kind.PAGE, result.url, document=doc, status=result.status,
                       progress=True, held=held)
