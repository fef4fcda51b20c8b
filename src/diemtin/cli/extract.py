"""``diemtin extract``: one saved page to its article, as JSON or text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from diemtin.cli._common import handle_errors, print_json
from diemtin.models import Article, to_dict


@click.command("extract")
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", help="The page's URL (resolves links; the id when no canonical URL).")
@click.option("--fetched-at", type=click.DateTime(), default=None,
              help="When the page was fetched (resolves '8 giờ trước'); ISO date-time.")
@click.option("--format", "output", type=click.Choice(["json", "text"]), default="json",
              show_default=True, help="JSON fields, or the readable text.")
@handle_errors
def extract_command(page: Path, url: str | None, fetched_at: datetime | None, output: str) -> None:
    """Extract the article of a saved HTML page.

    Prints title, lead, body paragraphs, captions, author, published (ISO 8601 with its
    offset), outlet, section, tags, url, language, images and provenance (where the
    title, published date and author were found: h1, json-ld, signature ...).

    Example: diemtin extract trang.html --url https://baolaocai.vn/bai-viet.html
    """
    from diemtin.extract import extract

    article = extract(page.read_bytes(), url=url, fetched_at=fetched_at)
    if output == "text":
        click.echo(_as_text(article))
    else:
        print_json(_as_json(article))


def _as_json(article: Article) -> dict[str, object]:
    data = to_dict(article)
    data["canonical"] = article.url
    for volatile in ("ingested_at", "source"):
        data.pop(volatile, None)
    return data


def _as_text(article: Article) -> str:
    lines = [article.title]
    meta = " · ".join(part for part in (
        article.outlet, article.section, article.author,
        article.published.isoformat() if article.published else None) if part)
    if meta:
        lines.append(meta)
    if article.lead:
        lines += ["", article.lead]
    lines += ["", *("\n".join([p, ""]) for p in article.body)]
    return "\n".join(lines).rstrip() + "\n"
