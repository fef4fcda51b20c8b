"""``diemtin ingest``."""

from __future__ import annotations

from pathlib import Path

import click

from diemtin.cli._common import db_option, handle_errors, open_db, stderr_console
from diemtin.flow import IngestOptions, ingest_paths


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles stored per transaction (and per resume checkpoint).")
@click.option("--quiet", is_flag=True, help="No progress bar; only the summary line.")
@handle_errors
def ingest_command(paths: tuple[str, ...], db_path: Path, batch_size: int, quiet: bool) -> None:
    """Ingest articles from files, folders, globs or '-' (standard input).

    Accepted: .jsonl (one article per line: url, title, lead, body, captions, author,
    outlet, section, tags, published, id), .json (an object or a list of them), .txt
    (a page dumped as text: title on the first line, then paragraphs) and .html pages.
    Ingesting the same article again stores it once; a killed run resumes where it
    stopped. Exits with status 1 when any input failed, after storing the rest.

    Example: diemtin ingest news/*.jsonl dumps/ --db tin.db
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = stderr_console()
    store = open_db(db_path)
    columns = (SpinnerColumn(), TextColumn("ingesting"), BarColumn(),
               TextColumn("{task.completed} records"), TimeElapsedColumn())
    with store, Progress(*columns, console=console, disable=quiet, transient=True) as bar:
        task = bar.add_task("ingest", total=None)
        report = ingest_paths(store, list(paths), options=IngestOptions(batch_size=batch_size),
                              on_progress=lambda n: bar.advance(task, n))
    for source, reason in report.failures:
        console.print(f"[red]failed[/red] {source}: {reason}", markup=True, soft_wrap=True)
    console.print(report.summary(), markup=False, soft_wrap=True)
    if report.failed:
        raise SystemExit(1)
