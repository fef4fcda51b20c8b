"""The one place that wires the steps of a batch: source → Article → store.

The CLI, the web app and batch runners call these functions; none of them re-wires the
steps. Ingest is idempotent and resumable: each batch is stored in one transaction
together with a checkpoint of how far its source got, so a run killed at any moment and
started again ends with the same database as an uninterrupted run.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from diemtin.errors import DiemtinError
from diemtin.ingest.files import FileOptions, Item, SourceFile, discover, read_items
from diemtin.models import Article, IngestReport
from diemtin.store.base import Checkpoint, Outcome, Store

if TYPE_CHECKING:
    from diemtin.ingest.http import FetchOptions
    from diemtin.nlp import AnalyzeOptions
    from diemtin.store.sqlite import SQLiteStore

ProgressCallback = Callable[[int], None]
"""Called with the number of records just processed."""


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How an ingest batch runs."""

    batch_size: int = 500
    files: FileOptions = field(default_factory=FileOptions)


@dataclass(slots=True)
class _Tally:
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0

    def report(self) -> IngestReport:
        return IngestReport(
            added=self.outcomes[Outcome.ADDED],
            updated=self.outcomes[Outcome.UPDATED],
            unchanged=self.outcomes[Outcome.UNCHANGED],
            skipped=self.skipped,
            failures=tuple(self.failures),
        )


def ingest_paths(store: Store, paths: list[str], *, options: IngestOptions = IngestOptions(),
                 on_progress: ProgressCallback | None = None,
                 fetch: FetchOptions | None = None,
                 stop: threading.Event | None = None) -> IngestReport:
    """Ingest files, folders, globs, ``-`` (standard input), URLs and WARC files.

    URLs (article pages, RSS/Atom feeds, sitemaps) are fetched with ``fetch`` (see
    ``diemtin.crawl.ingest_urls``); ``.warc``/``.warc.gz`` files are read by
    ``diemtin.crawl.ingest_warcs``. Every input that fails gets a one-line reason in
    the report; the rest is stored. Setting ``stop`` ends the fetching of URLs early.
    """
    from diemtin.crawl import split_inputs

    urls, warcs, files = split_inputs(paths)
    sources, failures = discover(files) if files else ([], [])
    tally = _Tally(failures=list(failures))
    run_id = store.start_run("ingest " + " ".join(paths))
    for source in sources:
        _ingest_source(store, source, tally, options, on_progress)
    report = tally.report()
    if urls or warcs:
        report = _ingest_web(store, urls, warcs, report, options, on_progress, fetch, stop)
    store.finish_run(run_id, report)
    return report


def _ingest_web(store: Store, urls: list[str], warcs: list[str], report: IngestReport,
                options: IngestOptions, on_progress: ProgressCallback | None,
                fetch: FetchOptions | None, stop: threading.Event | None) -> IngestReport:
    from diemtin.crawl import CrawlOptions, WebStore, ingest_urls, ingest_warcs, merge_reports
    from diemtin.ingest.http import FetchOptions

    if not isinstance(store, WebStore):
        reason = "this store cannot keep fetched pages"
        failed = tuple((path, reason) for path in (*urls, *warcs))
        return merge_reports(report, IngestReport(failures=failed))
    web = CrawlOptions(fetch=fetch or FetchOptions(), batch_size=options.batch_size)
    return merge_reports(
        report, ingest_warcs(store, warcs, options=web, on_progress=on_progress),
        ingest_urls(store, urls, options=web, on_progress=on_progress, stop=stop))


def _ingest_source(store: Store, source: SourceFile, tally: _Tally, options: IngestOptions,
                   on_progress: ProgressCallback | None) -> None:
    fingerprint = source.fingerprint()
    resumable = source.kind != "stdin"  # standard input cannot be read again
    saved = store.get_checkpoint(source.path) if resumable else None
    start = saved.position if saved and saved.fingerprint == fingerprint and not saved.done else 0

    def checkpoint(position: int, *, done: bool = False) -> Checkpoint | None:
        return Checkpoint(source.path, fingerprint, position, done) if resumable else None

    batch: list[Item] = []
    position = start
    try:
        for item in read_items(source, start=start, options=options.files):
            batch.append(item)
            position = item.position
            if len(batch) >= options.batch_size:
                _store_batch(store, batch, tally, checkpoint(position), on_progress)
                batch = []
    except DiemtinError as error:
        tally.failures.append((source.path, str(error)))
    _store_batch(store, batch, tally, checkpoint(position, done=True), on_progress)


def _store_batch(store: Store, items: list[Item], tally: _Tally, checkpoint: Checkpoint | None,
                 on_progress: ProgressCallback | None) -> None:
    articles = [item.article for item in items if item.article is not None]
    tally.failures.extend((item.label, item.error) for item in items if item.error)
    tally.outcomes.update(store.upsert_articles(articles, checkpoint=checkpoint))
    if on_progress and items:
        on_progress(len(items))


def store_articles(store: Store, articles: Iterable[Article], *,
                   batch_size: int = 500) -> IngestReport:
    """Store already-built articles in batches (used by the demo and by other sources)."""
    tally = _Tally()
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            tally.outcomes.update(store.upsert_articles(batch))
            batch = []
    tally.outcomes.update(store.upsert_articles(batch))
    return tally.report()


@dataclass(slots=True)
class AnalysisLog:
    """What the NLP pipeline did to the articles an ingest stored."""

    analyzed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def analyze_on_upsert(store: SQLiteStore, *, options: AnalyzeOptions | None = None
                      ) -> AnalysisLog:
    """Analyze every article ``store`` adds or changes, in the same transaction.

    Annotations are committed with their batch and its checkpoint, so a killed ingest
    never leaves a stored article without them.
    """
    from diemtin.nlp import annotate_articles, build_pipeline

    build_pipeline(options)  # fail now on a bad pipeline, not in the middle of a batch
    log = AnalysisLog()

    def annotate(articles: list[Article]) -> None:
        report = annotate_articles(store, articles, options=options)
        log.analyzed += report.analyzed
        log.failures.extend(report.failures)

    store.add_upsert_hook(annotate)
    return log
