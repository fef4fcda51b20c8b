"""``diemtin crawl`` and ``diemtin reextract``; the fetch options ``ingest`` shares."""

from __future__ import annotations

import contextlib
import json
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click

from diemtin.cli._common import (
    analysis_on,
    analyze_option,
    cluster_options,
    db_option,
    handle_errors,
    open_db,
    print_analysis,
    start_analysis,
    stderr_console,
)
from diemtin.models import IngestReport

F = TypeVar("F", bound=Callable[..., Any])

_FETCH_OPTIONS = (
    click.option("--allow-private", is_flag=True,
                 help="Also fetch from private, loopback and link-local addresses "
                      "(an intranet, a test server). Refused by default."),
    click.option("--trust-host", "trusted_hosts", multiple=True, metavar="HOST",
                 help="Allow this host name to resolve to a private address (repeatable); "
                      "redirects from it to other private hosts stay refused."),
    click.option("--user-agent", default=None, metavar="TEXT",
                 help="User-Agent sent (default: diemtin/VERSION (+URL)); its first word is "
                      "matched against robots.txt."),
    click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(0, 3600),
                 help="Least seconds between two requests to one host (robots.txt "
                      "Crawl-delay can raise it)."),
    click.option("--timeout", default=20.0, show_default=True,
                 type=click.FloatRange(0.01, 600), help="Connect and read timeout, seconds."),
    click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 10),
                 help="Retries after 429, 5xx or a connection error (exponential backoff, "
                      "Retry-After honoured)."),
    click.option("--max-size", default=10.0, show_default=True, type=click.FloatRange(0.001),
                 help="Largest response read, in MB."),
    click.option("--fetchers", default=4, show_default=True, type=click.IntRange(1, 64),
                 help="Pages fetched at once (one at a time per host)."),
    click.option("--ignore-robots", is_flag=True,
                 help="Do not read robots.txt. Only for sites you run yourself."),
)


def fetch_options(function: F) -> F:
    """Add the fetcher's options (``--allow-private``, ``--delay`` ...) to a command."""
    for option in reversed(_FETCH_OPTIONS):
        function = option(function)
    return function


def build_fetch_options(params: dict[str, Any]) -> Any:
    """A ``FetchOptions`` from the values of :func:`fetch_options` (others ignored)."""
    from diemtin.ingest.http import FetchOptions

    extra = {"user_agent": params["user_agent"]} if params.get("user_agent") else {}
    trusted = tuple(host.strip().lower() for host in params.get("trusted_hosts", ()))
    return FetchOptions(allow_private=params["allow_private"], trusted_hosts=trusted,
                        delay=params["delay"],
                        timeout=params["timeout"], total_timeout=max(60.0, params["timeout"] * 3),
                        retries=params["retries"], max_bytes=int(params["max_size"] * 1e6),
                        workers=params["fetchers"], respect_robots=not params["ignore_robots"],
                        **extra)


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event, *, graceful_interrupt: bool) -> Iterator[None]:
    """Set ``stop`` on SIGTERM and Ctrl+C, restoring the previous handlers afterwards.

    With ``graceful_interrupt``, SIGTERM and the first Ctrl+C only set ``stop`` (the
    work in flight ends cleanly) and a second Ctrl+C interrupts at once; without it,
    both set ``stop`` (so fetches in other threads end) and interrupt the main thread.
    """
    def on_term(signum: int, frame: FrameType | None) -> None:
        stop.set()
        if not graceful_interrupt:
            raise SystemExit(128 + signum)

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        if graceful_interrupt and not stop.is_set():
            stop.set()
            click.echo("stopping after the pages in flight (Ctrl+C again to quit now)",
                       err=True)
            return
        stop.set()
        raise KeyboardInterrupt

    previous = (signal.signal(signal.SIGTERM, on_term), signal.signal(signal.SIGINT,
                                                                      on_interrupt))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


def _report_json(report: IngestReport, **extra: Any) -> str:
    return json.dumps({**extra, "added": report.added, "updated": report.updated,
                       "unchanged": report.unchanged, "skipped": report.skipped,
                       "failed": report.failed,
                       "failures": [{"source": s, "reason": r} for s, r in report.failures]},
                      ensure_ascii=False)


@click.command("crawl")
@click.option("--feeds", "feeds_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File listing feed, sitemap or page URLs, one per line (# comments).")
@click.option("--every", default="15m", show_default=True, metavar="INTERVAL",
              help="Time between the starts of two rounds: 90s, 15m, 2h ...")
@click.option("--once", is_flag=True, help="Run one round and exit (status 1 if any failed).")
@click.option("--max-entries", default=500, show_default=True, type=click.IntRange(1),
              help="Most new pages taken from one feed or sitemap per round.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a summary per round on stderr; json: one JSON "
                                      "object per round on stdout.")
@fetch_options
@db_option
@analyze_option
@handle_errors
def crawl_command(feeds_file: Path, every: str, once: bool, max_entries: int, output: str,
                  db_path: str, no_analyze: bool, **fetch: Any) -> None:
    """Poll feeds and sitemaps and ingest the new articles they list, until stopped.

    Each round fetches every listed URL (conditional GET: unchanged feeds cost a 304),
    then the article pages not stored yet. Ctrl+C or SIGTERM ends the round in flight
    cleanly; a crawl killed outright resumes without fetching stored pages again.
    Every fetched page is kept, so 'diemtin reextract' can re-run the extractor.

    Example: diemtin crawl --feeds nguon.txt --every 15m --db tin.db
    """
    from diemtin.flow import CrawlOptions, crawl
    from diemtin.ingest.inputs import parse_interval, read_source_list

    interval = parse_interval(every)
    sources = read_source_list(feeds_file)
    options = CrawlOptions(fetch=build_fetch_options(fetch), max_entries=max_entries)
    console = stderr_console()
    stop = threading.Event()
    rounds: list[IngestReport] = []

    def on_round(report: IngestReport) -> None:
        rounds.append(report)
        for source, reason in report.failures:
            console.print(f"failed {source}: {reason}", markup=False, soft_wrap=True)
        stamp = time.strftime("%H:%M:%S")
        console.print(f"{stamp} round {len(rounds)}: {report.summary()}", markup=False)
        if output == "json":
            click.echo(_report_json(report, round=len(rounds)))

    analysis = start_analysis(enabled=not no_analyze)
    with open_db(db_path) as store, stop_on_signals(stop, graceful_interrupt=True):
        crawl(store, sources, every=interval, stop=stop, options=options, once=once,
              analysis=analysis, on_round=on_round)
    analysis_failed = print_analysis(console, analysis)
    if once and rounds and (rounds[-1].failed or analysis_failed):
        raise SystemExit(1)


@click.command("reextract")
@db_option
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles stored per transaction.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: the counts as one JSON object on stdout.")
@click.option("--quiet", is_flag=True, help="Only the summary line, no failure lines.")
@analyze_option
@cluster_options
@handle_errors
def reextract_command(db_path: str, batch_size: int, output: str, quiet: bool,
                      no_analyze: bool, workers: int, cluster_address: str | None) -> None:
    """Run the extractor again over the stored pages, without fetching.

    Use after upgrading diemtin: articles whose extraction changed are updated (the
    previous version is kept), and the counts say how many were added, updated,
    unchanged, and failed. Exits with status 1 when any page yielded no article.

    Example: diemtin reextract --db tin.db
    """
    from diemtin.flow import reextract

    console = stderr_console()
    with analysis_on(enabled=not no_analyze, workers=workers,
                     address=cluster_address) as analysis, \
            open_db(db_path, create=False) as store:
        report = reextract(store, batch_size=batch_size, analysis=analysis)
    analysis_failed = print_analysis(console, analysis)
    if not quiet:
        for source, reason in report.failures:
            console.print(f"failed {source}: {reason}", markup=False, soft_wrap=True)
    console.print(report.summary(), markup=False, soft_wrap=True)
    if output == "json":
        click.echo(_report_json(report))
    if report.failed or analysis_failed:
        raise SystemExit(1)
