"""Web sources wired: fetch → extract → store, for URLs, feeds, sitemaps and WARC files.

- :func:`ingest_urls` ingests pages, feeds and sitemaps once (``diemtin ingest URL``);
- :func:`crawl` polls a list of them every few minutes until stopped
  (``diemtin crawl``);
- :func:`ingest_warcs` reads WARC archives (``diemtin ingest file.warc.gz``);
- :func:`reextract` runs the extractor again over stored pages (``diemtin reextract``).

Every fetched page is kept (compressed, with its headers) whether or not an article
came out of it, so a better extractor can be run later without fetching again. Pages
already stored are not fetched again by a crawl, so a crawl killed at any moment (even
by ``kill -9``) resumes without refetching or storing anything twice.
"""

from __future__ import annotations

import glob
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from diemtin.errors import ExtractionError, InputError
from diemtin.extract import ExtractOptions, extract_raw
from diemtin.ingest._web import ProgressCallback, Tally, WebRound, WebStore
from diemtin.ingest.http import Fetcher, FetchOptions
from diemtin.ingest.warc import WarcItem, fingerprint, is_warc, read_warc
from diemtin.models import Article, IngestReport
from diemtin.store.base import Checkpoint

__all__ = [
    "CrawlOptions", "WebStore", "crawl", "crawl_round", "ingest_urls", "ingest_warcs", "is_url",
    "merge_reports", "parse_interval", "read_source_list", "reextract", "split_inputs",
]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


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
    """

    fetch: FetchOptions = field(default_factory=FetchOptions)
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    max_entries: int = 500
    max_sitemaps: int = 50
    batch_size: int = 200


def _round(store: WebStore, urls: Iterable[str], fetcher: Fetcher, options: CrawlOptions,
           stop: threading.Event, on_progress: ProgressCallback | None) -> IngestReport:
    return WebRound(store, fetcher, extract=options.extract, max_entries=options.max_entries,
                    max_sitemaps=options.max_sitemaps, stop=stop,
                    on_progress=on_progress).run(urls)


def ingest_urls(store: WebStore, urls: Iterable[str], *, options: CrawlOptions | None = None,
                on_progress: ProgressCallback | None = None,
                stop: threading.Event | None = None) -> IngestReport:
    """Ingest article pages, RSS/Atom feeds and sitemaps (what each is, is detected).

    A page already stored is fetched again conditionally (``If-None-Match``) and
    counted unchanged on 304. The pages a feed or sitemap lists are fetched unless
    already stored (then they count as skipped).

    Args:
        store: where articles, pages and feed state go.
        urls: http(s) URLs; anything else fails with its reason.
        options: see :class:`CrawlOptions`.
        on_progress: called with 1 after each page.
        stop: set it (from a signal handler) to end the run early and cleanly.

    Returns:
        The counts, with a one-line reason per URL that failed.
    """
    options = options or CrawlOptions()
    stop = stop or threading.Event()
    with Fetcher(options=options.fetch, stop=stop) as fetcher:
        return _round(store, urls, fetcher, options, stop, on_progress)


def crawl_round(store: WebStore, sources: list[str], *, fetcher: Fetcher,
                options: CrawlOptions, stop: threading.Event,
                on_progress: ProgressCallback | None = None) -> IngestReport:
    """One poll of every source, recorded as an ingest run."""
    run_id = store.start_run("crawl " + " ".join(sources)[:500])
    report = _round(store, sources, fetcher, options, stop, on_progress)
    store.finish_run(run_id, report)
    return report


def crawl(store: WebStore, sources: list[str], *, every: float, stop: threading.Event,
          options: CrawlOptions | None = None, once: bool = False,
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
                                 on_progress=on_progress)
            if on_round:
                on_round(report)
            if once:
                return
            stop.wait(max(0.0, every - (time.monotonic() - began)))


def ingest_warcs(store: WebStore, paths: Iterable[str], *,
                 options: CrawlOptions | None = None,
                 on_progress: ProgressCallback | None = None) -> IngestReport:
    """Ingest the HTML pages archived in WARC files, resuming where a killed run stopped.

    Each page is kept in the store like a fetched one (``diemtin reextract`` works on
    it); non-HTML and non-200 records count as skipped.
    """
    options = options or CrawlOptions()
    tally = Tally()
    for path in paths:
        if not Path(path).is_file():
            tally.fail(path, "no such file or folder")
            continue
        _ingest_warc(store, path, tally, options, on_progress)
    return tally.report()


def _ingest_warc(store: WebStore, path: str, tally: Tally, options: CrawlOptions,
                 on_progress: ProgressCallback | None) -> None:
    mark = fingerprint(path)
    saved = store.get_checkpoint(path)
    start = saved.position if saved and saved.fingerprint == mark and not saved.done else 0
    batch: list[Article] = []
    position = start
    try:
        for item in read_warc(path, start=start, max_bytes=options.fetch.max_bytes):
            position = item.position
            article = _warc_article(store, item, tally, options.extract)
            if article is not None:
                batch.append(article)
            if on_progress and item.document is not None:
                on_progress(1)
            if len(batch) >= options.batch_size:
                tally.add(store.upsert_articles(batch, checkpoint=Checkpoint(path, mark,
                                                                             position)))
                batch = []
    except InputError as error:
        tally.fail(path, str(error))
    tally.add(store.upsert_articles(batch, checkpoint=Checkpoint(path, mark, position, True)))


def _warc_article(store: WebStore, item: WarcItem, tally: Tally,
                  options: ExtractOptions) -> Article | None:
    if item.error:
        tally.fail(item.label, item.error)
        return None
    if item.document is None:
        tally.skip()
        return None
    try:
        article = extract_raw(item.document, options=options)
    except ExtractionError as error:
        store.save_page(item.document, status=200, article_id=None, error=str(error))
        tally.fail(item.label, str(error))
        return None
    # The page before its article: a killed run redoes the batch from its checkpoint.
    store.save_page(item.document, status=200, article_id=article.id)
    return article


def reextract(store: WebStore, *, options: ExtractOptions | None = None,
              batch_size: int = 200,
              on_progress: ProgressCallback | None = None) -> IngestReport:
    """Run the extractor again over every stored page, without fetching.

    Returns:
        How many articles were added, updated (changed), unchanged, and which pages
        yielded no article (with the reason, also saved on the page). URLs kept without
        a body (gone, or not HTML) count as skipped.
    """
    options = options or ExtractOptions()
    tally = Tally()
    run_id = store.start_run("reextract")
    batch: list[tuple[str, Article]] = []
    for document in store.iter_pages():
        key = document.source or document.url or ""
        if not document.content:  # a URL remembered as gone or not HTML: nothing to read
            tally.skip()
            continue
        try:
            batch.append((key, extract_raw(document, options=options)))
        except ExtractionError as error:
            store.set_page_result(key, article_id=None, error=str(error))
            tally.fail(document.url or key, str(error))
        if on_progress:
            on_progress(1)
        if len(batch) >= batch_size:
            _store_extracted(store, batch, tally)
            batch = []
    _store_extracted(store, batch, tally)
    report = tally.report()
    store.finish_run(run_id, report)
    return report


def _store_extracted(store: WebStore, batch: list[tuple[str, Article]], tally: Tally) -> None:
    if not batch:
        return
    tally.add(store.upsert_articles([article for _, article in batch]))
    for key, article in batch:
        store.set_page_result(key, article_id=article.id, error=None)


def is_url(argument: str) -> bool:
    """Whether a command-line argument is a URL (any scheme) rather than a path.

    >>> is_url("https://baolaocai.vn/rss/home.rss"), is_url("javascript:alert(1)")
    (True, True)
    >>> is_url("tin/2026-10.jsonl"), is_url("C:\\\\tin\\\\a.jsonl")
    (False, False)
    """
    return bool(_SCHEME.match(argument)) and not Path(argument).exists()


def split_inputs(arguments: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """Split ``diemtin ingest`` arguments into URLs, WARC files and other paths.

    Folders and globs go to the other paths (the file reader expands them) and also
    contribute the WARC files they hold.
    """
    urls: list[str] = []
    warcs: list[str] = []
    others: list[str] = []
    for argument in arguments:
        if is_url(argument):
            urls.append(argument)
        elif is_warc(argument) and not glob.has_magic(argument):
            warcs.append(argument)
        else:
            others.append(argument)
            warcs.extend(_warcs_in(argument))
    return urls, list(dict.fromkeys(warcs)), others


def _warcs_in(argument: str) -> list[str]:
    if glob.has_magic(argument):
        return [path for path in sorted(glob.glob(argument, recursive=True)) if is_warc(path)]
    folder = Path(argument)
    if not folder.is_dir():
        return []
    return [str(path) for path in sorted(folder.rglob("*")) if path.is_file()
            and is_warc(path.name)]


def merge_reports(*reports: IngestReport) -> IngestReport:
    """Add up several reports."""
    return IngestReport(
        added=sum(r.added for r in reports), updated=sum(r.updated for r in reports),
        unchanged=sum(r.unchanged for r in reports), skipped=sum(r.skipped for r in reports),
        failures=tuple(failure for r in reports for failure in r.failures))


def read_source_list(path: str | Path) -> list[str]:
    """The URLs listed in a sources file: one per line, ``#`` starts a comment.

    Raises:
        InputError: when the file cannot be read or lists no URL.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the sources file {path}: {error}") from error
    urls = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    urls = [url for url in urls if url]
    if not urls:
        raise InputError(f"the sources file {path} lists no URL (one per line, # comments)")
    return list(dict.fromkeys(urls))


def parse_interval(text: str) -> float:
    """Seconds in an interval such as ``15m``, ``1h``, ``90s`` or ``90``.

    >>> parse_interval("15m"), parse_interval("1.5h"), parse_interval("45")
    (900.0, 5400.0, 45.0)

    Raises:
        InputError: for anything else, or an interval under one second.
    """
    match = _INTERVAL.match(text)
    if not match:
        raise InputError(f"interval must look like 90s, 15m, 2h or 1d; got {text!r}")
    seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds < 1:
        raise InputError(f"interval must be at least 1 second; got {text!r}")
    return seconds

