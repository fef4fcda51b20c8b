"""``diemtin collection``: an organization's curated sets of articles and stories."""

from __future__ import annotations

import click

from diemtin.accounts import collections as col
from diemtin.accounts import shared
from diemtin.accounts.actor import Actor, Role
from diemtin.cli._common import (
    in_org,
    on_item,
    org_options,
    print_items,
    print_json,
    with_org,
)
from diemtin.store import Store


def operator(org: str) -> Actor:
    """The operator running a command, acting as an admin of the organization ``org``
    (an id)."""
    return Actor(org_id=org, role=Role.ADMIN, via="cli")


def _print(found: col.Collection, fmt: str, owner: str | None = None) -> None:
    if fmt == "json":
        print_json({**found.to_dict(), **({"owner": owner} if owner else {})})
        return
    origin = " (chỉ đọc, kéo về từ máy khác)" if found.read_only else ""
    click.echo(f"{found.name}  [{found.id}]{origin}")
    if owner:
        click.echo(f"Chia sẻ bởi {owner}")
    if found.description:
        click.echo(found.description)
    for item in found.items:
        note = f" — {item.note}" if item.note else ""
        click.echo(f"{item.position:>3}. [{item.kind}] {item.ref_id}  {item.title}{note}")


@click.group("collection")
def collection_group() -> None:
    """Collections: named, curated sets of articles and stories with notes.

    Each belongs to one organization (--org); agreements share them with partners.

    Example: diemtin collection add "Mưa lũ" --org "Sở VH-TT tỉnh A"
    """


@collection_group.command("add")
@click.argument("name")
@click.option("--description", default="", help="What the collection is for.")
@org_options()
def add_command(name: str, description: str, db_path: str, org_name: str, fmt: str) -> None:
    """Create the collection NAME.

    Example: diemtin collection add "Bão số 12" --description "Theo dõi bão"
    """
    made = in_org(db_path, org_name, lambda s, owner: col.create(
        s, owner, name, description=description, created_by="cli"))
    _print(made, fmt)


@collection_group.command("list")
@org_options()
def list_command(db_path: str, org_name: str, fmt: str) -> None:
    """List the organization's collections and those partners share with it now.

    Example: diemtin collection list --format json
    """
    print_items(in_org(db_path, org_name, shared.visible_collections), fmt, _collection_line)


def _collection_line(item: shared.Visible) -> str:
    mark = f"  (Chia sẻ bởi {item.owner_name})" if item.shared else ""
    read_only = "  (chỉ đọc)" if item.collection.read_only else ""
    return f"{item.collection.id}  {item.collection.name}{mark}{read_only}"


@collection_group.command("show")
@click.argument("name")
@org_options()
def show_command(name: str, db_path: str, org_name: str, fmt: str) -> None:
    """Print a collection (NAME or id; a partner's shared one by id) with its items.

    Example: diemtin collection show "Bão số 12"
    """
    seen = in_org(db_path, org_name,
                  lambda s, org: shared.open_collection(s, operator(org), name))
    _print(seen.collection, fmt, seen.owner_name if seen.shared else None)


@collection_group.command("put")
@click.argument("name")
@click.argument("item_id")
@click.option("--note", default="", help="Why it is in the collection.")
@org_options()
def put_command(name: str, item_id: str, note: str, db_path: str, org_name: str,
                fmt: str) -> None:
    """Add an article or story (ITEM_ID) to collection NAME, or change its note.

    Example: diemtin collection put "Bão số 12" 3f9c0a1b2c --note "Số liệu sơ tán"
    """
    def put(store: Store, owner: str) -> col.Collection:
        kind, title = col.resolve_ref(store, item_id)
        return store.transact(lambda s: col.put(s, owner, name, kind, item_id, title,
                                                note=note, added_by="cli"))

    _print(with_org(db_path, org_name, put), fmt)


@collection_group.command("drop")
@click.argument("name")
@click.argument("item_id")
@org_options()
def drop_command(name: str, item_id: str, db_path: str, org_name: str, fmt: str) -> None:
    """Take an article or story out of collection NAME.

    Example: diemtin collection drop "Bão số 12" 3f9c0a1b2c
    """
    _print(in_org(db_path, org_name, lambda s, owner: col.drop(s, owner, name, item_id)),
           fmt)


@collection_group.command("rm")
@click.argument("name")
@org_options()
def rm_command(name: str, db_path: str, org_name: str, fmt: str) -> None:
    """Delete collection NAME and its items (not the articles).

    Example: diemtin collection rm "Bão số 12"
    """
    gone = on_item(db_path, org_name, col.remove, name)
    if fmt == "json":
        print_json({"removed": gone.id, "name": gone.name})
    else:
        click.echo(f"removed collection {gone.name} [{gone.id}]")


@collection_group.command("copy")
@click.argument("collection_id")
@click.option("--name", default=None, help="Name of the copy (default: NAME (owner)).")
@org_options()
def copy_command(collection_id: str, name: str | None, db_path: str, org_name: str,
                 fmt: str) -> None:
    """Copy a partner's shared collection into the organization (view_copy rights).

    Example: diemtin collection copy col_4f1c2a9e0b7d --org "Sở VH-TT tỉnh B"
    """
    made = in_org(db_path, org_name, lambda s, org: shared.copy_collection(
        s, operator(org), collection_id, name=name))
    _print(made, fmt)
