"""The one place that wires the steps: source → extract → analyze → store.

The CLI, the web app and batch runners call these functions; none of them re-wires the
steps, and the sources (``diemtin.ingest``) only yield records and pages. Every batch is
analyzed first and then written in one short transaction together with a checkpoint of
how far its source got: a run killed at any moment and started again ends with the same
database as an uninterrupted run, and other writers wait only for the writes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from diemtin._batch import (
    AnalysisLog,
    ProgressCallback,
    Tally,
    Writer,
    extract_page,
    start_analysis,
)
from diemtin.errors import DiemtinError, InputError
from diemtin.extract import ExtractOptions
from diemtin.flow._analysis import annotate_articles, reanalyze, stale_article_ids
from diemtin.flow._hooks import batch_writer
from diemtin.flow.linking import (
    Linker,
    LinkReport,
    LinkSettings,
    all_duplicate_groups,
    duplicates_of,
    get_story,
    link_store,
    list_stories,
    republications,
)
from diemtin.ingest.files import FileOptions, Item, SourceFile, discover, read_items
from diemtin.ingest.http import Fetcher, FetchOptions
from diemtin.ingest.inputs import split_inputs
from diemtin.ingest.warc import fingerprint, read_warc
from diemtin.ingest.web import Kind, WebEvent, WebRound
from diemtin.models import Article, IngestReport, RawDocument
from diemtin.store.base import Checkpoint, Outcome, Store

__all__ = [
    "AnalysisLog", "CrawlOptions", "IngestOptions", "LinkReport", "LinkSettings", "Linker",
    "ProgressCallback", "all_duplicate_groups", "annotate_articles", "crawl", "crawl_round",
    "duplicates_of", "get_story", "ingest_paths", "ingest_urls", "ingest_warcs", "link_store",
    "list_stories", "reanalyze", "reextract", "republications", "stale_article_ids",
    "start_analysis", "store_articles",
]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How an ingest batch runs."""

    batch_size: int = 500
    files: FileOptions = field(default_factory=FileOptions)
    link: bool = True
    """Link each stored batch (duplicates, then stories) right after storing it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlOptions:
    """How web sources are ingested.

    Attributes:
        fetch: the fetcher's politeness and safety settings.
        extract: the extractor's settings.
        max_entries: most new pages taken from one feed or sitemap (index) per round;
            sitemaps give their newest pages first.
        max_sitemaps: most child sitemaps read from one sitemap index per round.
        batch_size: articles stored per transaction when reading WARC files or
            re-extracting.
        link: link each stored batch (duplicates, then stories) right after storing it.
    """

    fetch: FetchOptions = field(default_factory=FetchOptions)
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    max_entries: int = 500
    max_sitemaps: int = 50
    batch_size: int = 200
    link: bool = True


# -- files, URLs and WARC files: ``diemtin ingest`` --------------------------------


def ingest_paths(store: Store, paths: list[str], *, options: IngestOptions = IngestOptions(),
                 analysis: AnalysisLog | None = None,
                 on_progress: ProgressCallback | None = None,
                 fetch: FetchOptions | None = None,
                 stop: threading.Event | None = None) -> IngestReport:
    """Ingest files, folders, globs, ``-`` (standard input), URLs and WARC files.

    URLs (article pages, RSS/Atom feeds, sitemaps) are fetched with ``fetch``;
    ``.warc``/``.warc.gz`` files are read as archived pages. With ``analysis``, new and
    changed articles are analyzed and stored with their annotations. Every input that
    fails gets a one-line reason in the report; the rest is stored. Setting ``stop``
    ends the fetching of URLs early.
    """
    urls, warcs, files = split_inputs(paths)
    sources, failures = discover(files) if files else ([], [])
    writer = batch_writer(store, analysis, Tally(failures=list(failures)), link=options.link)
    run_id = store.start_run("ingest " + " ".join(paths))
    for source in sources:
        _ingest_source(writer, source, options, on_progress)
    web = CrawlOptions(fetch=fetch or FetchOptions(), batch_size=options.batch_size,
                       link=options.link)
    for path in warcs:
        _ingest_warc(writer, path, web, on_progress)
    if urls:
        stop = stop or threading.Event()
        with Fetcher(options=web.fetch, stop=stop) as fetcher:
            _web_round(writer, urls, fetcher, web, stop, on_progress)
    report = writer.tally.report()
    store.finish_run(run_id, report)
    return report


def _ingest_source(writer: Writer, source: SourceFile, options: IngestOptions,
                   on_progress: ProgressCallback | None) -> None:
    fingerprint_ = source.fingerprint()
    resumable = source.kind != "stdin"  # standard input cannot be read again
    saved = writer.store.get_checkpoint(source.path) if resumable else None
    start = saved.position if saved and saved.fingerprint == fingerprint_ and not saved.done \
        else 0

    def checkpoint(position: int, *, done: bool = False) -> Checkpoint | None:
        return Checkpoint(source.path, fingerprint_, position, done) if resumable else None

    batch: list[Item] = []
    position = start
    try:
        for item in read_items(source, start=start, options=options.files):
            batch.append(item)
            position = item.position
            if len(batch) >= options.batch_size:
                _store_items(writer, batch, checkpoint(position), on_progress)
                batch = []
    except DiemtinError as error:
        writer.tally.fail(source.path, str(error))
    _store_items(writer, batch, checkpoint(position, done=True), on_progress)


def _store_items(writer: Writer, items: list[Item], checkpoint: Checkpoint | None,
                 on_progress: ProgressCallback | None) -> None:
    articles = []
    for item in items:
        if item.error:
            writer.tally.fail(item.label, item.error)
        elif item.document is not None:
            extracted = extract_page(item.document, ExtractOptions(), item.label, writer.tally)
            articles.extend([extracted.article] if extracted.article else [])
        elif item.article is not None:
            articles.append(item.article)
    writer.write(articles, checkpoint)
    if on_progress and items:
        on_progress(len(items))


def store_articles(store: Store, articles: Iterable[Article], *, batch_size: int = 500,
                   analysis: AnalysisLog | None = None, link: bool = True) -> IngestReport:
    """Store already-built articles in batches (used by the demo and by other sources),
    linking each batch unless ``link`` is false."""
    writer = batch_writer(store, analysis, link=link)
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            writer.write(batch)
            batch = []
    writer.write(batch)
    return writer.tally.report()


def ingest_warcs(store: Store, paths: Iterable[str], *, options: CrawlOptions | None = None,
                 analysis: AnalysisLog | None = None,
                 on_progress: ProgressCallback | None = None) -> IngestReport:
    """Ingest the HTML pages archived in WARC files, resuming where a killed run stopped.

    Each page is kept in the store like a fetched one (``diemtin reextract`` works on
    it); non-HTML and non-200 records count as skipped.
    """
    writer = batch_writer(store, analysis, link=(options or CrawlOptions()).link)
    for path in paths:
        _ingest_warc(writer, path, options or CrawlOptions(), on_progress)
    return writer.tally.report()


def _ingest_warc(writer: Writer, path: str, options: CrawlOptions,
                 on_progress: ProgressCallback | None) -> None:
    if not Path(path).is_file():
        writer.tally.fail(path, "no such file or folder")
        return
    mark = fingerprint(path)
    saved = writer.store.get_checkpoint(path)
    start = saved.position if saved and saved.fingerprint == mark and not saved.done else 0
    batch: list[Article] = []
    position = start
    try:
        for item in read_warc(path, start=start, max_bytes=options.fetch.max_bytes):
            position = item.position
            if item.error:
                writer.tally.fail(item.label, item.error)
            elif item.document is None:
                writer.tally.skipped += 1
            else:
                batch.extend(_keep_archived(writer, item.document, item.label, options))
                if on_progress:
                    on_progress(1)
            if len(batch) >= options.batch_size:
                writer.write(batch, Checkpoint(path, mark, position))
                batch = []
    except InputError as error:
        writer.tally.fail(path, str(error))
    writer.write(batch, Checkpoint(path, mark, position, True))


def _keep_archived(writer: Writer, document: RawDocument, label: str,
                   options: CrawlOptions) -> list[Article]:
    extracted = extract_page(document, options.extract, label, writer.tally)
    article = extracted.article
    # The page before its article: a killed run redoes the batch from its checkpoint.
    writer.store.save_page(document, status=200, article_id=article.id if article else None,
                           error=extracted.reason)
    return [article] if article else []


# -- the web: pages, feeds, sitemaps; ``diemtin crawl`` ------------------------------


def ingest_urls(store: Store, urls: Iterable[str], *, options: CrawlOptions | None = None,
                analysis: AnalysisLog | None = None,
                on_progress: ProgressCallback | None = None,
                stop: threading.Event | None = None) -> IngestReport:
    """Ingest article pages, RSS/Atom feeds and sitemaps (what each is, is detected).

    A page already stored is fetched again conditionally (``If-None-Match``) and
    counted unchanged on 304. The pages a feed or sitemap lists are fetched unless
    already stored (then they count as skipped). ``on_progress`` is called with 1 after
    each page; setting ``stop`` ends the run early and cleanly.
    """
    options = options or CrawlOptions()
    writer = batch_writer(store, analysis, link=options.link)
    stop = stop or threading.Event()
    with Fetcher(options=options.fetch, stop=stop) as fetcher:
        _web_round(writer, urls, fetcher, options, stop, on_progress)
    return writer.tally.report()


def crawl_round(store: Store, sources: list[str], *, fetcher: Fetcher, options: CrawlOptions,
                stop: threading.Event, analysis: AnalysisLog | None = None,
                on_progress: ProgressCallback | None = None) -> IngestReport:
    """One poll of every source, recorded as an ingest run."""
    run_id = store.start_run("crawl " + " ".join(sources)[:500])
    writer = batch_writer(store, analysis, link=options.link)
    _web_round(writer, sources, fetcher, options, stop, on_progress)
    report = writer.tally.report()
    store.finish_run(run_id, report)
    return report


def crawl(store: Store, sources: list[str], *, every: float, stop: threading.Event,
          options: CrawlOptions | None = None, once: bool = False,
          analysis: AnalysisLog | None = None,
          on_round: Callable[[IngestReport], None] | None = None,
          on_progress: ProgressCallback | None = None) -> None:
    """Poll ``sources`` (feeds, sitemaps, pages) every ``every`` seconds until ``stop``.

    Rounds start ``every`` seconds apart (a round longer than that is followed at
    once by the next). The fetcher, with its robots.txt cache and per-host pacing, is
    kept across rounds. Setting ``stop`` ends the current round after the pages in
    flight and returns.
    """
    options = options or CrawlOptions()
    with Fetcher(options=options.fetch, stop=stop) as fetcher:
        while not stop.is_set():
            began = time.monotonic()
            report = crawl_round(store, sources, fetcher=fetcher, options=options, stop=stop,
                                 analysis=analysis, on_progress=on_progress)
            if on_round:
                on_round(report)
            if once:
                return
            stop.wait(max(0.0, every - (time.monotonic() - began)))


def _web_round(writer: Writer, urls: Iterable[str], fetcher: Fetcher, options: CrawlOptions,
               stop: threading.Event, on_progress: ProgressCallback | None) -> None:
    web = WebRound(writer.store, fetcher, max_entries=options.max_entries,
                   max_sitemaps=options.max_sitemaps, stop=stop)
    with closing(web.run(urls)) as events:
        for event in events:
            _web_event(writer, event, options.extract)
            if event.progress and on_progress:
                on_progress(1)


def _web_event(writer: Writer, event: WebEvent, options: ExtractOptions) -> None:
    tally = writer.tally
    if event.kind is Kind.PAGE and event.document is not None:
        _keep_fetched(writer, event.document, event.status, event.url, options)
    elif event.kind is Kind.GONE:
        tally.fail(event.url, event.reason or "gone")
        # Kept without a body, so later rounds skip the URL instead of asking again.
        writer.store.save_page(RawDocument(content=b"", url=event.url, source=event.url,
                                           fetched_at=datetime.now(UTC)),
                               status=event.status, article_id=None, error=event.reason)
    elif event.kind is Kind.FAILED:
        tally.fail(event.url, event.reason or "failed")
    elif event.kind is Kind.SKIPPED:
        tally.skipped += 1
    elif event.kind is Kind.UNCHANGED:
        tally.outcomes[Outcome.UNCHANGED] += 1


def _keep_fetched(writer: Writer, document: RawDocument, status: int, label: str,
                  options: ExtractOptions) -> None:
    extracted = extract_page(document, options, label, writer.tally)
    article = extracted.article
    if article is None:
        writer.store.save_page(document, status=status, article_id=None,
                               error=extracted.reason)
        return
    # The article first, then the page that names it: a run killed in between
    # fetches this page once more and finds the article unchanged.
    writer.write([article])
    writer.store.save_page(document, status=status, article_id=article.id)


def reextract(store: Store, *, options: ExtractOptions | None = None, batch_size: int = 200,
              link: bool = True, analysis: AnalysisLog | None = None,
              on_progress: ProgressCallback | None = None) -> IngestReport:
    """Run the extractor again over every stored page, without fetching.

    Returns:
        How many articles were added, updated (changed), unchanged, and which pages
        yielded no article (with the reason, also saved on the page). URLs kept without
        a body (gone, or not HTML) count as skipped.
    """
    options = options or ExtractOptions()
    writer = batch_writer(store, analysis, link=link)
    run_id = store.start_run("reextract")
    batch: list[tuple[str, Article]] = []
    for document in store.iter_pages():
        key = document.source or document.url or ""
        if not document.content:  # a URL remembered as gone or not HTML: nothing to read
            writer.tally.skipped += 1
            continue
        extracted = extract_page(document, options, document.url or key, writer.tally)
        if extracted.article is None:
            store.set_page_result(key, article_id=None, error=extracted.reason)
        else:
            batch.append((key, extracted.article))
        if on_progress:
            on_progress(1)
        if len(batch) >= batch_size:
            _store_extracted(writer, batch)
            batch = []
    _store_extracted(writer, batch)
    report = writer.tally.report()
    store.finish_run(run_id, report)
    return report


def _store_extracted(writer: Writer, batch: list[tuple[str, Article]]) -> None:
    if not batch:
        return
    writer.write([article for _, article in batch])
    for key, article in batch:
        writer.store.set_page_result(key, article_id=article.id, error=None)
