"""One round over web sources: fetch each URL, follow feeds and sitemaps, store pages.

Used by :mod:`diemtin.crawl`. Sources (the URLs a user gives) are fetched in the
calling thread; the article pages they list go to a thread pool, where the fetcher's
per-host gates keep each host's pace.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from diemtin.errors import ArticleNotFound, DiemtinError, ExtractionError, FetchError
from diemtin.extract import ExtractOptions, extract_raw
from diemtin.ingest._xml import sniff_kind
from diemtin.ingest.feeds import parse_feed
from diemtin.ingest.http import Fetcher, FetchInterrupted, FetchResult
from diemtin.ingest.sitemaps import SitemapEntry, newest_first, parse_sitemap
from diemtin.models import Article, IngestReport, RawDocument, article_id_for, canonical_url
from diemtin.store._pages import FeedState, PageRecord
from diemtin.store.base import Checkpoint, Outcome

logger = logging.getLogger(__name__)

GONE = frozenset({404, 410})
"""Statuses after which a page listed by a feed is not asked for again."""

ProgressCallback = Callable[[int], None]
MAX_SITEMAP_DEPTH = 3


@runtime_checkable
class WebStore(Protocol):
    """What web ingest needs from a store: articles, fetched pages and feed state."""

    def upsert_articles(self, articles: Sequence[Article], *,
                        checkpoint: Checkpoint | None = None) -> list[Outcome]: ...
    def get_article(self, article_id: str) -> Article: ...
    def get_checkpoint(self, source: str) -> Checkpoint | None: ...
    def save_page(self, document: RawDocument, *, status: int, article_id: str | None,
                  error: str | None = None) -> None: ...
    def get_page(self, url: str) -> PageRecord | None: ...
    def iter_pages(self, *, batch_size: int = 200) -> Iterator[RawDocument]: ...
    def set_page_result(self, url: str, *, article_id: str | None,
                        error: str | None) -> None: ...
    def get_feed(self, url: str) -> FeedState | None: ...
    def save_feed(self, state: FeedState) -> None: ...
    def start_run(self, command: str) -> int: ...
    def finish_run(self, run_id: int, report: IngestReport) -> None: ...


class Tally:
    """Counts of one run, safe to update from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.outcomes: Counter[Outcome] = Counter()
        self.failures: list[tuple[str, str]] = []
        self.skipped = 0

    def add(self, outcomes: Iterable[Outcome]) -> None:
        """Count upsert outcomes."""
        with self._lock:
            self.outcomes.update(outcomes)

    def fail(self, label: str, reason: str) -> None:
        """Record one failure and its one-line reason."""
        with self._lock:
            self.failures.append((label, " ".join(reason.split())))

    def skip(self, count: int = 1) -> None:
        """Count inputs left alone (already stored, or not pages)."""
        with self._lock:
            self.skipped += count

    def report(self) -> IngestReport:
        """The counts as an :class:`IngestReport`."""
        with self._lock:
            return IngestReport(added=self.outcomes[Outcome.ADDED],
                                updated=self.outcomes[Outcome.UPDATED],
                                unchanged=self.outcomes[Outcome.UNCHANGED],
                                skipped=self.skipped, failures=tuple(self.failures))


def reason_of(error: DiemtinError) -> str:
    """An error's message without the URL prefix a :class:`FetchError` carries."""
    text = str(error)
    return text.removeprefix(f"{error.url}: ") if isinstance(error, FetchError) else text


class WebRound:
    """Ingests a list of URLs (pages, feeds, sitemaps) once, sharing one fetcher."""

    def __init__(self, store: WebStore, fetcher: Fetcher, *, extract: ExtractOptions,
                 max_entries: int, max_sitemaps: int, stop: threading.Event,
                 on_progress: ProgressCallback | None = None) -> None:
        self.store = store
        self.fetcher = fetcher
        self.extract = extract
        self.max_entries = max_entries
        self.max_sitemaps = max_sitemaps
        self.stop = stop
        self.on_progress = on_progress
        self.tally = Tally()
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._futures: list[Future[None]] = []
        self._pool: ThreadPoolExecutor | None = None

    def run(self, urls: Iterable[str]) -> IngestReport:
        """Ingest every URL and the pages its feed or sitemap lists; return the counts."""
        workers = max(1, self.fetcher.options.workers)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="diemtin-fetch") as pool:
            self._pool = pool
            try:
                for url in urls:
                    if self.stop.is_set():
                        break
                    self._source(url)
                for future in self._futures:
                    future.result()
            except BaseException:
                # Ctrl+C or a store error: let queued pages go and in-flight ones stop.
                self.stop.set()
                for future in self._futures:
                    future.cancel()
                raise
        return self.tally.report()

    # -- sources ---------------------------------------------------------------

    def _source(self, url: str) -> None:
        feed = self.store.get_feed(url)
        page = self.store.get_page(url) if feed is None else None
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
                self.tally.add([Outcome.UNCHANGED])
            return
        kind = sniff_kind(result.document.content, result.document.media_type)
        if kind == "feed":
            self._feed(url, result)
        elif kind == "sitemap":
            self._sitemap(url, result, depth=0, budget=[self.max_entries], visited={url})
        elif kind == "html":
            self._mark_seen(url)
            self._page(result)
            if self.on_progress:
                self.on_progress(1)
        else:
            self.tally.fail(url, "not an HTML page, feed or sitemap (content type "
                                 f"{result.document.media_type or 'unknown'})")

    def _failed_source(self, url: str, feed: FeedState | None, reason: str) -> None:
        self.tally.fail(url, reason)
        if feed is not None:
            self.store.save_feed(FeedState(url, feed.kind, feed.etag, feed.last_modified,
                                           datetime.now(UTC), reason))

    def _save_feed(self, url: str, kind: str, result: FetchResult,
                   warning: str | None = None) -> None:
        doc = result.document
        old = self.store.get_feed(url) if result.not_modified else None
        self.store.save_feed(FeedState(
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
            self.tally.fail(url, f"{feed.warning}; {len(feed.entries)} entries recovered")
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
            self.tally.fail(url, f"{sitemap.warning}; {len(sitemap.entries)} entries recovered")
        self._save_feed(url, sitemap.kind, result, sitemap.warning)
        entries = newest_first(sitemap.entries)
        if sitemap.kind == "sitemap":
            self._entries([entry.url for entry in entries], budget)
        elif depth >= MAX_SITEMAP_DEPTH:
            self.tally.fail(url, f"sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH}")
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
            state = self.store.get_feed(entry.url)
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
                self.tally.skip()
                continue
            budget[0] -= 1
            assert self._pool is not None, "pages are only queued inside run()"
            self._futures.append(self._pool.submit(self._entry, url))

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
        page = self.store.get_page(url)
        if page is not None and (page.article_id or page.error):
            return True
        try:
            self.store.get_article(article_id_for(url=url, title="", body=()))
        except ArticleNotFound:
            return False
        return True

    def _entry(self, url: str) -> None:
        if self.stop.is_set():
            return
        try:
            result = self.fetcher.fetch(url)
        except FetchInterrupted:
            return
        except FetchError as error:
            self.tally.fail(url, reason_of(error))
            if error.status is not None and error.status in GONE:
                self._remember(url, error.status, reason_of(error))
        else:
            self._page(result)
        if self.on_progress:
            self.on_progress(1)

    def _remember(self, url: str, status: int, reason: str) -> None:
        """Keep a body-less page for a URL that will not yield an article (404, 410, a
        PDF), so later rounds skip it instead of asking for it again."""
        self.store.save_page(RawDocument(content=b"", url=url, source=url,
                                         fetched_at=datetime.now(UTC)),
                             status=status, article_id=None, error=reason)

    def _page(self, result: FetchResult) -> None:
        doc = result.document
        label = result.url
        if sniff_kind(doc.content, doc.media_type) != "html":
            reason = f"not an HTML page (content type {doc.media_type or 'unknown'})"
            self.tally.fail(label, reason)
            self._remember(label, result.status, reason)
            return
        try:
            article = extract_raw(doc, options=self.extract)
        except ExtractionError as error:
            self.store.save_page(doc, status=result.status, article_id=None, error=str(error))
            self.tally.fail(label, str(error))
            return
        except (RecursionError, ValueError, TypeError, LookupError) as error:
            # A page that trips a bug in the extractor must not end a long crawl.
            logger.exception("extractor failed on %s", label)
            self.tally.fail(label, f"extractor failed: {type(error).__name__}: {error}")
            return
        # The article first, then the page that names it: a run killed in between
        # fetches this page once more and finds the article unchanged.
        self.tally.add(self.store.upsert_articles([article]))
        self.store.save_page(doc, status=result.status, article_id=article.id)
