"""``diemtin people``."""

from __future__ import annotations

import click

from diemtin.cli._common import (
    db_option,
    format_option,
    handle_errors,
    open_db,
    plural,
    print_json,
)


@click.command("people")
@click.argument("name")
@db_option
@format_option
@handle_errors
def people_command(name: str, db_path: str, fmt: str) -> None:
    """Show the people the stored articles call NAME, with the titles they held.

    Mentions of one name are one person only when their articles share a province;
    otherwise they are listed apart. Titles are those written beside the name, with the
    first and last dates they were seen.

    Example: diemtin people "Hoàng Giang" --format json
    """
    from diemtin.nlp.people import people_named, person_to_json

    with open_db(db_path, create=False) as store:
        people = people_named(store, name)
    if fmt == "json":
        print_json([person_to_json(person) for person in people])
        return
    if not people:
        click.echo(f"no person called {name!r} in the stored articles", err=True)
    for person in people:
        where = ", ".join(person.provinces) or "?"
        count = plural(len(person.article_ids), "article")
        click.secho(f"{person.name}  ({count}; provinces {where})", bold=True)
        for held in person.titles:
            span = f"{held.first_seen or '?'} → {held.last_seen or '?'}"
            click.echo(f"  {held.title}  [{span}, {plural(held.articles, 'article')}]")
