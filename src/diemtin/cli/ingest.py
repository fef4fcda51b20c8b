"""``diemtin ingest``."""

from __future__ import annotations

import os
import threading
from typing import Any

import click
from rich.markup import escape

from diemtin.cli._common import (
    analysis_on,
    analyze_option,
    cluster_options,
    db_option,
    handle_errors,
    open_db,
    print_analysis,
    stderr_console,
)
from diemtin.cli.crawl import build_fetch_options, fetch_options, stop_on_signals
from diemtin.flow import IngestOptions, ingest_paths
from diemtin.ingest.files import FileOptions


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles stored per transaction (and per resume checkpoint).")
@click.option("--quiet", is_flag=True, help="No progress bar; only the summary line.")
@click.option("--jobs", type=click.IntRange(1, 64), default=lambda: min(2, os.cpu_count() or 1),
              show_default="2 on machines with 2 or more cores",
              help="Processes that parse large JSONL files (one of them also stores).")
@analyze_option
@click.option("--no-link", is_flag=True,
              help="Store without linking duplicates and stories (run 'diemtin link' later).")
@cluster_options
@fetch_options
@handle_errors
def ingest_command(paths: tuple[str, ...], db_path: str, batch_size: int, quiet: bool,
                   jobs: int, no_analyze: bool, no_link: bool, workers: int,
                   cluster_address: str | None,
                   **fetch: Any) -> None:
    """Ingest articles from files, folders, globs, '-' (standard input), URLs and WARCs.

    Accepted: .jsonl (one article per line: url, title, lead, body, captions, author,
    outlet, section, tags, published, id), .json (an object or a list of them), .txt
    (a page dumped as text: title on the first line, then paragraphs), .html pages,
    .warc/.warc.gz archives, and http(s) URLs of article pages, RSS/Atom feeds and
    sitemaps (told apart by their content). Every new or changed article is analyzed
    (entities, places, dates, keywords, topic, summary) unless --no-analyze, and each
    batch is linked (duplicates, then stories) unless --no-link. Ingesting
    the same article again stores it once; a killed run resumes where it stopped. Exits
    with status 1 when any input failed, after storing the rest.

    Example: diemtin ingest news/*.jsonl https://baolaocai.vn/rss/home.rss --db tin.db
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = stderr_console()
    columns = (SpinnerColumn(), TextColumn("ingesting"), BarColumn(),
               TextColumn("{task.completed} records"), TimeElapsedColumn())
    stop = threading.Event()
    progress = Progress(*columns, console=console, disable=quiet, transient=True)
    with analysis_on(enabled=not no_analyze, workers=workers,
                     address=cluster_address) as analysis, \
            open_db(db_path) as store, progress as bar, \
            stop_on_signals(stop, graceful_interrupt=False):
        task = bar.add_task("ingest", total=None)
        options = IngestOptions(batch_size=batch_size, files=FileOptions(workers=jobs),
                                link=not no_link)
        report = ingest_paths(store, list(paths), options=options, analysis=analysis,
                              on_progress=lambda n: bar.advance(task, n),
                              fetch=build_fetch_options(fetch), stop=stop)
    for source, reason in report.failures:
        # Escaped: an IPv6 URL's "[fe80::1%25eth0]" is no markup tag to drop.
        console.print(f"[red]failed[/red] {escape(source)}: {escape(reason)}", markup=True,
                      soft_wrap=True)
    analysis_failed = print_analysis(console, analysis)
    console.print(report.summary(), markup=False, soft_wrap=True)
    if report.failed or analysis_failed:
        raise SystemExit(1)
