"""``diemtin link``, ``duplicates``, ``stories``, ``story`` and ``outlets``."""

from __future__ import annotations

from typing import Any

import click

from diemtin.cli._common import (
    db_option,
    format_option,
    handle_errors,
    open_db,
    print_json,
    stderr_console,
)


@click.command("link")
@db_option
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles linked per transaction.")
@click.option("--quiet", is_flag=True, help="Only the summary line.")
@handle_errors
def link_command(db_path: str, batch_size: int, quiet: bool) -> None:
    """Link every article not yet linked: duplicates, then stories.

    Finds exact and near-duplicate copies (republications) and their original, then
    groups articles about one event into stories. Ingest does this for each batch
    unless --no-link. Running it twice changes nothing; a killed run resumes.

    Example: diemtin link --db tin.db
    """
    from diemtin.flow import LinkSettings, link_store

    console = stderr_console()
    with open_db(db_path, create=False) as store:
        def progress(count: int) -> None:
            if not quiet:
                console.print(f"linked {count} articles", markup=False)

        report = link_store(store, settings=LinkSettings(batch_size=batch_size),
                            on_progress=progress)
    console.print(report.summary(), markup=False)


@click.command("duplicates")
@click.argument("article_id", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every group of two or more articles.")
@db_option
@format_option
@handle_errors
def duplicates_command(article_id: str | None, show_all: bool, db_path: str, fmt: str) -> None:
    """Print an article's duplicate group, or every group with --all.

    A group lists the original first, then each republication with its delay. --format
    json prints the group as an array of objects (id, url, outlet, title, published,
    original, delay_seconds); with --all, an array of such groups, largest first.

    Example: diemtin duplicates --all --format json
    """
    from diemtin.flow import all_duplicate_groups, duplicates_of
    from diemtin.flow.link_views import group_view

    if bool(article_id) == show_all:
        raise click.UsageError("give either ARTICLE_ID or --all")
    with open_db(db_path, create=False) as store:
        if article_id:
            group = duplicates_of(store, article_id)
            groups = [group_view(store, group) if group else
                      [_alone(store.get_article(article_id))]]
        else:
            groups = [group_view(store, group) for group in all_duplicate_groups(store)]
    if fmt == "json":
        print_json(groups if show_all else groups[0])
        return
    for members in groups:
        for member in members:
            mark = "gốc" if member["original"] else f"+{_delay(member['delay_seconds'])}"
            click.echo(f"{mark:>8}  {member['published'] or '-':25}  {member['outlet'] or '-':22}"
                       f"  {member['title']}  [{member['id']}]")
        click.echo()


def _alone(article: Any) -> dict[str, Any]:
    from diemtin.flow.link_views import article_ref

    return article_ref(article, original=True, delay_seconds=None, credited=False)


def _delay(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes = int(seconds // 60)
    return f"{minutes // 60}h{minutes % 60:02d}" if minutes >= 60 else f"{minutes}m"


@click.command("stories")
@db_option
@click.option("--since", default=None, metavar="SPAN|DATE",
              help="Stories with an article in the last SPAN (7d, 12h, 2w) or since DATE.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--min-size", default=1, show_default=True, type=click.IntRange(1, 10_000),
              help="Only stories of at least this many articles.")
@format_option
@handle_errors
def stories_command(db_path: str, since: str | None, limit: int, min_size: int,
                    fmt: str) -> None:
    """List stories: articles about one event across outlets and days, newest first.

    --format json prints an array of objects with id, title, summary, first_published,
    last_published, state, outlets, first_publisher and articles (id, url, outlet,
    title, published, republication).

    Example: diemtin stories --since 7d --format json
    """
    from diemtin.flow import list_stories
    from diemtin.flow.link_views import parse_since, story_view

    moment = parse_since(since) if since else None
    with open_db(db_path, create=False) as store:
        found = [s for s in list_stories(store, since=moment) if len(s.article_ids) >= min_size]
        views = [story_view(store, story) for story in found[:limit]]
    if fmt == "json":
        print_json(views)
        return
    for view in views:
        click.echo(f"{view['first_published'] or '-':25}  {view['size']:>3} bài  "
                   f"{len(view['outlets']):>2} báo  {view['title']}  [{view['id']}]")


@click.command("story")
@click.argument("story_id")
@db_option
@format_option
@handle_errors
def story_command(story_id: str, db_path: str, fmt: str) -> None:
    """Show one story: summary, first publisher, timeline, main people and places.

    Example: diemtin story s-u3f2a9c41d07b6e18 --format json
    """
    from diemtin.flow import get_story
    from diemtin.flow.link_views import story_view

    with open_db(db_path, create=False) as store:
        view = story_view(store, get_story(store, story_id), entities=True)
    if fmt == "json":
        print_json(view)
        return
    click.echo(view["title"])
    click.echo(view["summary"])
    for name, values in view["entities"].items():
        if values:
            click.echo(f"{name}: {', '.join(values)}")
    for ref in view["articles"]:
        mark = "đăng lại" if ref["republication"] else ""
        click.echo(f"  {ref['published'] or '-':25}  {ref['outlet'] or '-':22}  {mark:8}  "
                   f"{ref['title']}  [{ref['id']}]")


@click.command("outlets")
@db_option
@click.option("--republications", is_flag=True,
              help="Who republishes whom: copies per (source, republisher) pair.")
@format_option
@handle_errors
def outlets_command(db_path: str, republications: bool, fmt: str) -> None:
    """List outlets with their article counts, or who republishes whom.

    Example: diemtin outlets --republications --format json
    """
    from diemtin.flow.link_views import republication_view

    with open_db(db_path, create=False) as store:
        rows: list[dict[str, Any]] = republication_view(store) if republications else [
            {"outlet": outlet, "articles": count} for outlet, count in store.outlet_counts()]
    if fmt == "json":
        print_json(rows)
        return
    for row in rows:
        click.echo("  ".join(str(value) for value in row.values()))
