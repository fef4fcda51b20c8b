"""Terminal rendering of search results."""

from __future__ import annotations

from typing import Any

import click


def print_hits(hits: list[dict[str, Any]], total: int, *, capped: bool) -> None:
    """Print results for people: title, outlet and date, snippet with matches in bold."""
    for hit in hits:
        when = (hit["published"] or "")[:16].replace("T", " ")
        click.secho(hit["title"], bold=True)
        click.echo(f"  {hit['outlet'] or '?'} · {when} · {hit['id']}")
        click.echo("  " + styled_snippet(hit["snippet"]))
        click.echo()
    more = "+" if capped else ""
    noun = "result" if total == 1 and not capped else "results"
    click.echo(f"{len(hits)} of {total}{more} {noun}", err=True)


def styled_snippet(snippet: dict[str, Any]) -> str:
    """The snippet's text with its highlights in bold yellow (plain when not a terminal)."""
    text: str = snippet["text"]
    parts: list[str] = []
    cursor = 0
    for start, end in snippet["highlights"]:
        parts += [text[cursor:start], click.style(text[start:end], bold=True, fg="yellow")]
        cursor = end
    return "".join([*parts, text[cursor:]])
