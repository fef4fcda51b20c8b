"""``diemtin search``, ``show`` and ``export``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from diemtin.cli._common import (
    db_option,
    format_option,
    handle_errors,
    open_db,
    plural,
    print_json,
)
from diemtin.export import FORMATS, export_articles
from diemtin.models import Article, to_dict
from diemtin.search import match_all, parse_query
from diemtin.search.filters import filters_from
from diemtin.search.results import COUNT_UNITS, SORTS, hit_to_json

fold_option = click.option(
    "--fold", is_flag=True,
    help="Match every word without regard to diacritics ('Đảng' also finds 'đang').")


@click.command("search")
@click.argument("query")
@db_option
@click.option("--outlet", multiple=True, help="Only this outlet (repeat for several).")
@click.option("--since", help="Published on or after this date (2026-10-13).")
@click.option("--until", help="Published before this date.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
              help="relevance: best first among the 1,000 most recent matches; date: newest "
                   "first over every match.")
@fold_option
@format_option
@handle_errors
def search_command(query: str, db_path: str, outlet: tuple[str, ...], since: str | None,
                   until: str | None, limit: int, sort: str, fold: bool, fmt: str) -> None:
    """Search stored articles, with or without diacritics.

    QUERY: words (all must match), "quoted phrases", OR, NOT or -word, (groups),
    title:word, outlet:"Báo Tây Bắc", person:, org:, place:, topic:"kinh tế". A word
    typed with diacritics matches that spelling only ("Đảng"); one typed without
    matches every spelling ("dang" finds Đảng, đang, Đặng). Articles with all the
    words adjacent and in order rank first.
    --format json prints an array of objects with id, title, outlet, published, url,
    snippet, score.

    Example: diemtin search '"Lào Cai" bão OR lũ' --since 2026-10-01 --format json
    """
    parsed = parse_query(query, fold=fold)
    with open_db(db_path, create=False) as store:
        results = store.search(parsed, filters=filters_from(outlet, since, until), limit=limit,
                               sort=sort)
    hits = [hit_to_json(hit, parsed) for hit in results.hits]
    if fmt == "json":
        print_json(hits)
        return
    from diemtin.cli._render import print_hits

    print_hits(hits, results.total, capped=results.capped)


@click.command("show")
@click.argument("article_id")
@db_option
@format_option
@handle_errors
def show_command(article_id: str, db_path: str, fmt: str) -> None:
    """Print one stored article with all its fields.

    Example: diemtin show u3f2a9c41d07b6e18 --format json
    """
    with open_db(db_path, create=False) as store:
        article = store.get_article(article_id)
    if fmt == "json":
        print_json(to_dict(article))
        return
    click.echo(render_article(article))


def render_article(article: Article) -> str:
    """A plain-text rendering of an article for the terminal."""
    lines = [article.title, "=" * min(len(article.title), 80)]
    for name in ("id", "outlet", "url", "published", "author", "section", "dateline"):
        value = getattr(article, name)
        if value:
            lines.append(f"{name}: {value.isoformat() if name == 'published' else value}")
    if article.tags:
        lines.append("tags: " + ", ".join(article.tags))
    lines.append("")
    if article.lead:
        lines += [article.lead, ""]
    lines += [paragraph + "\n" for paragraph in article.body]
    lines += [f"[ảnh] {caption}" for caption in article.captions]
    return "\n".join(lines).rstrip()


@click.command("export")
@click.argument("query", required=False)
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--outlet", multiple=True, help="Only this outlet (repeat for several).")
@click.option("--since", help="Published on or after this date.")
@click.option("--until", help="Published before this date.")
@fold_option
@handle_errors
def export_command(query: str | None, db_path: str, fmt: str, output: Path | None,
                   outlet: tuple[str, ...], since: str | None, until: str | None,
                   fold: bool) -> None:
    """Export every matching article (all fields, no cap), streaming.

    Without QUERY, every article. Parquet needs pip install 'diemtin[parquet]'.

    Example: diemtin export 'bão' --format csv -o bao.csv
    """
    parsed = parse_query(query, fold=fold) if query else match_all()
    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet needs --output FILE")
    with open_db(db_path, create=False) as store:
        articles = store.iter_articles(parsed, filters=filters_from(outlet, since, until))
        if output is None:
            count = export_articles(articles, sys.stdout.buffer, fmt=fmt)
        else:
            with output.open("wb") as stream:
                count = export_articles(articles, stream, fmt=fmt)
    click.echo(f"{plural(count, 'article')} exported", err=True)


@click.command("count")
@click.argument("query")
@db_option
@click.option("--outlet", multiple=True, help="Only this outlet (repeat for several).")
@click.option("--since", help="Published on or after this date (2026-10-13).")
@click.option("--until", help="Published before this date.")
@click.option("--by", "unit", type=click.Choice(COUNT_UNITS),
              help="Also count per day, week or month (Vietnam time), or per outlet.")
@fold_option
@format_option
@handle_errors
def count_command(query: str, db_path: str, outlet: tuple[str, ...], since: str | None,
                  until: str | None, unit: str | None, fold: bool, fmt: str) -> None:
    """Count the articles matching QUERY exactly (no cap), with the rules of search.

    --format json prints {"total": N, "by_day": {"2026-10-13": n, ...}} (the key is
    named after --by; "undated" counts matches without a date, "no_outlet" those
    without an outlet).

    Example: diemtin count '"Lào Cai" sạt lở' --since 2026-10-01 --by day --format json
    """
    parsed = parse_query(query, fold=fold)
    with open_db(db_path, create=False) as store:
        counts = store.count(parsed, filters=filters_from(outlet, since, until), by=unit)
    if fmt == "json":
        print_json(counts.to_json())
        return
    for key, number in counts.groups:
        click.echo(f"{key}\t{number}")
    click.echo(plural(counts.total, "article"), err=unit is not None)
