"""``diemtin analyze`` and ``diemtin reanalyze``: the NLP pipeline from the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import click

from diemtin.cli._common import (
    cluster_options,
    db_option,
    handle_errors,
    open_db,
    plural,
    stderr_console,
)
from diemtin.errors import InputError
from diemtin.models import Article, from_dict


def _options(components: str | None) -> Any:
    from diemtin.nlp import AnalyzeOptions

    if not components:
        return AnalyzeOptions()
    return AnalyzeOptions(components=tuple(c.strip() for c in components.split(",") if c.strip()))


def _records(source: TextIO, name: str) -> Iterator[tuple[str, Article | str, Any, str | None]]:
    """``(id, article or text, published, original text)`` of each input."""
    from diemtin.text import normalize

    content = source.read()
    if not content.lstrip().startswith("{"):
        yield name, normalize(content), None, content
        return
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"line {number} of {name} is not JSON: {error.msg}") from None
        if not isinstance(record, dict):
            raise InputError(f"line {number} of {name} must be a JSON object")
        yield _record(record, number, name)


def _record(record: dict[str, Any], number: int, name: str
            ) -> tuple[str, Article | str, Any, str | None]:
    from diemtin.text import clean_characters, normalize

    record_id = str(record.get("id", number))
    published = record.get("published")
    when = datetime.fromisoformat(published) if isinstance(published, str) else None
    if isinstance(record.get("text"), str):
        return record_id, normalize(record["text"]), when, record["text"]
    if isinstance(record.get("title"), str):
        fields = {"id": record_id, **record}
        # as written (NFC only): the pipeline normalizes tone marks in place and the
        # mentions keep the record's own spelling
        fields["title"] = clean_characters(fields["title"])
        fields["lead"] = clean_characters(fields["lead"]) if fields.get("lead") else None
        fields["body"] = [clean_characters(p) for p in fields.get("body") or []]
        return record_id, from_dict(fields), None, None
    raise InputError(f"line {number} of {name} has neither 'text' nor 'title'")


def restore_spelling(out: dict[str, Any], original: str, normalized: str) -> None:
    """Give mentions the input's own spelling when normalization kept every offset.

    Normalization moves tone marks ("Hoà" → "Hòa") without changing lengths; when the
    input had nothing else to clean, ``original[start:end]`` is the same mention as the
    input writes it, and so is a person's title.
    """
    if len(original) != len(normalized):
        return
    for layer in ("entities", "dates", "places"):
        for mention in out.get(layer) or []:
            if isinstance(mention, dict) and "start" in mention and "end" in mention:
                mention["text"] = original[mention["start"]:mention["end"]]
                title = mention.get("title")
                if isinstance(title, str) and title and (at := normalized.find(title)) >= 0:
                    mention["title"] = original[at:at + len(title)]


@click.command("analyze")
@click.argument("source", default="-", type=click.File("r", encoding="utf-8"))
@click.option("--published", type=click.DateTime(), default=None,
              help="Publication date of inputs without one (resolves '13/9', 'hôm qua').")
@click.option("--components", default=None, metavar="NAMES",
              help="Comma-separated components to run, in order (default: all).")
@click.option("--with-text", is_flag=True, help="Also print the analyzed (normalized) text.")
@handle_errors
def analyze_command(source: TextIO, published: datetime | None, components: str | None,
                    with_text: bool) -> None:
    """Analyze plain text or JSONL and print one JSON line of annotations per input.

    SOURCE is a file or '-' (standard input). Plain text is one document (its first
    paragraph is its title when it looks like one). JSONL lines hold {"id", "text",
    "published"} or an article (title, lead, body, published). Each output line has id,
    entities, dates, places, keywords, topic, summary and versions; offsets point into
    the normalized text (--with-text prints it).

    Example: diemtin analyze bai-viet.txt --published 2025-09-14
    """
    from diemtin.nlp import build_pipeline, make_doc, run

    pipeline = build_pipeline(_options(components))
    name = Path(source.name).stem if source.name not in ("<stdin>", "-") else "-"
    for record_id, item, when, original in _records(source, name):
        annotations = run(pipeline, item, published=when or published)
        out: dict[str, Any] = {"id": record_id, **annotations.to_dict()}
        if original is not None and isinstance(item, str):
            restore_spelling(out, original, item)
        if with_text:
            out["text"] = make_doc(item).text
        click.echo(json.dumps(out, ensure_ascii=False))


@click.command("reanalyze")
@db_option
@click.option("--all", "everything", is_flag=True,
              help="Analyze every stored article, not only stale ones.")
@click.option("--components", default=None, metavar="NAMES",
              help="Comma-separated components to run, in order (default: all).")
@cluster_options
@handle_errors
def reanalyze_command(db_path: str, everything: bool, components: str | None, workers: int,
                      cluster_address: str | None) -> None:
    """Re-run the NLP pipeline over stored articles whose annotations are stale.

    An annotation is stale when it is missing or was made by another version of its
    component (after an upgrade of diemtin's models). Prints how many articles were
    analyzed; exits with status 1 when any failed.

    With --workers N the analysis runs on a local Dask cluster of N processes; with
    --cluster ADDRESS on an existing one (docs/scale.md). A run stopped midway resumes:
    only what is still stale is analyzed again.

    Example: diemtin reanalyze --workers 2 --db tin.db
    """
    from diemtin.distributed import ClusterOptions
    from diemtin.flow import reanalyze, stale_article_ids

    options = _options(components)
    console = stderr_console()
    with open_db(db_path, create=False) as store:
        total = store.count_articles()
        ids = ([a.id for a in store.iter_articles()] if everything
               else stale_article_ids(store, options=options))
        report = reanalyze(store, options=options, ids=ids,
                           cluster=ClusterOptions(workers=workers, address=cluster_address))
    for article_id, reason in report.failures:
        console.print(f"failed {article_id}: {reason}", markup=False, soft_wrap=True)
    stale = "was" if len(ids) == 1 else "were"
    click.echo(f"{report.summary()} ({len(ids)} of {plural(total, 'article')} {stale} stale)"
               if not everything else f"{report.summary()} (all {plural(total, 'article')})")
    if report.failed:
        raise SystemExit(1)
