"""``diemtin saved add|list|show|rm``."""

from __future__ import annotations

import click

from diemtin.cli._common import (
    in_org,
    on_item,
    open_db,
    org_id,
    org_options,
    print_item,
    print_items,
    print_json,
)


@click.group("saved")
def saved_group() -> None:
    """Saved searches: a name, a query and filters, to rerun, alert on and brief from."""


@saved_group.command("add")
@click.argument("name")
@click.argument("query")
@click.option("--outlet", "outlets", multiple=True, help="Only this outlet (repeatable).")
@click.option("--place", "places", multiple=True, help="Only articles about this place.")
@click.option("--topic", "topics", multiple=True, help="Only articles of this topic.")
@click.option("--replace", is_flag=True, help="Change the saved search NAME if it exists.")
@org_options()
def add_command(name: str, query: str, outlets: tuple[str, ...], places: tuple[str, ...],
                topics: tuple[str, ...], replace: bool, db_path: str, org_name: str,
                fmt: str) -> None:
    """Save QUERY (diemtin's search language) under NAME.

    Example: diemtin saved add "Lào Cai" '"Lào Cai" sạt lở' --outlet baolaocai.vn
    """
    from diemtin.brief.saved import save

    with open_db(db_path) as store:
        org = org_id(store, org_name)
        made = store.transact(lambda s: save(s, org, name, query, outlets=outlets,
                                             places=places, topics=topics, replace=replace))
    print_item(made, fmt, f"saved {made.name!r} ({made.id})", err=True)


@saved_group.command("list")
@org_options()
def list_command(db_path: str, org_name: str, fmt: str) -> None:
    """List the organization's saved searches by name.

    Example: diemtin saved list --format json
    """
    from diemtin.brief.saved import list_saved

    print_items(in_org(db_path, org_name, list_saved), fmt,
                lambda item: f"{item.name}\t{item.query_text()}\t{item.id}")


@saved_group.command("show")
@click.argument("name")
@org_options()
def show_command(name: str, db_path: str, org_name: str, fmt: str) -> None:
    """Show the saved search NAME (a name or an id).

    Example: diemtin saved show "Lào Cai"
    """
    from diemtin.brief.saved import get

    found = on_item(db_path, org_name, get, name)
    if fmt == "json":
        print_json(found.to_dict())
        return
    click.echo(f"name:    {found.name}\nid:      {found.id}\nquery:   {found.text}")
    for label, values in (("outlets", found.outlets), ("places", found.places),
                          ("topics", found.topics)):
        if values:
            click.echo(f"{label + ':':<9}{', '.join(values)}")
    click.echo(f"run:     diemtin search {found.query_text()!r}")


@saved_group.command("rm")
@click.argument("name")
@org_options(fmt=False)
def rm_command(name: str, db_path: str, org_name: str) -> None:
    """Delete the saved search NAME (a name or an id) and its alert rules.

    Example: diemtin saved rm "Lào Cai"
    """
    from diemtin.brief.saved import remove

    gone = on_item(db_path, org_name, remove, name)
    click.echo(f"deleted {gone.name!r}", err=True)
