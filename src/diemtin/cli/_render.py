"""Terminal rendering of search results."""

from __future__ import annotations

import html
import re
from typing import Any

import click

_MARK = re.compile(r"<mark>(.*?)</mark>")


def print_hits(hits: list[dict[str, Any]], total: int, *, capped: bool) -> None:
    """Print results for people: title, outlet and date, snippet with matches in bold."""
    for hit in hits:
        when = (hit["published"] or "")[:16].replace("T", " ")
        click.secho(hit["title"], bold=True)
        click.echo(f"  {hit['outlet'] or '?'} · {when} · {hit['id']}")
        snippet = _MARK.sub(lambda m: click.style(m.group(1), bold=True, fg="yellow"),
                            hit["snippet"])
        click.echo("  " + html.unescape(snippet))
        click.echo()
    more = "+" if capped else ""
    noun = "result" if total == 1 and not capped else "results"
    click.echo(f"{len(hits)} of {total}{more} {noun}", err=True)
