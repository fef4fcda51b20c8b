"""``diemtin agreement``: what one organization shares with another, and for how long."""

from __future__ import annotations

from collections.abc import Mapping

import click

from diemtin.accounts import agreements as agr
from diemtin.accounts import collections as col
from diemtin.accounts import remote_tokens
from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.orgs import list_orgs
from diemtin.brief import saved
from diemtin.brief import templates as tpl
from diemtin.cli._common import (
    db_option,
    format_option,
    handle_errors,
    open_db,
    org_id,
    org_options,
    print_json,
)
from diemtin.store.base import Store
from diemtin.store.state import StateSession


@click.group("agreement")
def agreement_group() -> None:
    """Agreements: an organization offers collections, saved searches or briefing
    templates to a partner, with view or view_copy rights, until an end date.

    The offerer proposes (that is its acceptance), the partner's admin accepts, either
    side revokes; each step is in both organizations' audit log (docs/sharing.md).

    Example: diemtin agreement list --org "Sở VH-TT tỉnh A"
    """


def _offered(session: StateSession, offerer: str, collections: tuple[str, ...],
             searches: tuple[str, ...], templates: tuple[str, ...]) -> list[tuple[str, str]]:
    items = [("collection", col.get_owned(session, offerer, name).id) for name in collections]
    items += [("saved_search", saved.get(session, offerer, name).id) for name in searches]
    return items + [("brief_template", tpl.get(session, offerer, key).id) for key in templates]


def _org_names(store: Store) -> dict[str, str]:
    return store.transact(lambda s: {org.id: org.name for org in list_orgs(s)})


def _print(found: agr.Agreement, fmt: str, names: Mapping[str, str]) -> None:
    if fmt == "json":
        print_json(found.to_dict())
        return
    force = "in force" if found.in_force() else str(found.state)
    offerer = names.get(found.offerer_org, found.offerer_org)
    partner = names.get(found.partner_org, found.partner_org)
    click.echo(f"{found.id}  {offerer} → {partner}  {found.rights}  "
               f"{found.starts_at[:10]} … {found.ends_at[:10]} (exclusive)  {force}")
    for kind, item in found.items:
        click.echo(f"    {kind} {item}")


@agreement_group.command("propose")
@click.option("--from", "offerer", required=True, metavar="ORG",
              help="The offering organization (its admin proposes).")
@click.option("--to", "partner", required=True, metavar="ORG", help="The partner.")
@click.option("--collection", "collections", multiple=True, metavar="NAME",
              help="Offer this collection (repeatable).")
@click.option("--saved-search", "searches", multiple=True, metavar="NAME",
              help="Offer this saved search (repeatable).")
@click.option("--briefing", "--brief-template", "templates", multiple=True,
              metavar="TEMPLATE_NAME", help="Offer this briefing template's series of "
              "issued briefings, by name or id (repeatable).")
@click.option("--rights", type=click.Choice([r.value for r in agr.Rights]), default="view",
              show_default=True, help="view, or view_copy to let the partner copy.")
@click.option("--since", "starts", default=None, metavar="DATE",
              help="First day (default: today, UTC).")
@click.option("--until", required=True, metavar="DATE", help="Last day, included.")
@click.option("--note", default="", help="E.g. the written agreement's reference.")
@db_option
@format_option
@handle_errors
def propose_command(offerer: str, partner: str, collections: tuple[str, ...],
                    searches: tuple[str, ...], templates: tuple[str, ...], rights: str,
                    starts: str | None, until: str, note: str, db_path: str, fmt: str) -> None:
    """Propose an agreement; it is in force once the partner's admin accepts it.

    Example: diemtin agreement propose --from "Sở A" --to "Sở B" --collection "Bão số 12"
    --briefing diem-tin-sang --rights view --until 2026-12-31
    """
    with open_db(db_path, create=False) as store:
        who = Actor(org_id=org_id(store, offerer), role=Role.ADMIN, via="cli")
        partner_id = org_id(store, partner)
        end = agr.parse_day(until, "--until")
        start = agr.parse_day(starts, "--since") if starts else None
        made = store.transact(lambda s: agr.propose(
            s, who, partner_id, _offered(s, who.org_id, collections, searches, templates),
            rights=agr.Rights(rights), until=end, starts=start, note=note))
        names = _org_names(store)
    _print(made, fmt, names)


def _act(db_path: str, org_name: str, fmt: str, action: str, agreement_id: str) -> None:
    with open_db(db_path, create=False) as store:
        who = Actor(org_id=org_id(store, org_name), role=Role.ADMIN, via="cli")
        work = agr.accept if action == "accept" else agr.revoke
        found = store.transact(lambda s: work(s, who, agreement_id))
        names = _org_names(store)
    _print(found, fmt, names)


@agreement_group.command("accept")
@click.argument("agreement_id")
@org_options()
def accept_command(agreement_id: str, db_path: str, org_name: str, fmt: str) -> None:
    """Accept a proposed agreement as the partner (--org).

    Example: diemtin agreement accept agr_4f1c2a9e0b7d --org "Sở VH-TT tỉnh B"
    """
    _act(db_path, org_name, fmt, "accept", agreement_id)


@agreement_group.command("revoke")
@click.argument("agreement_id")
@org_options()
def revoke_command(agreement_id: str, db_path: str, org_name: str, fmt: str) -> None:
    """Revoke an agreement as either side (--org), effective immediately.

    Example: diemtin agreement revoke agr_4f1c2a9e0b7d --org "Sở VH-TT tỉnh A"
    """
    _act(db_path, org_name, fmt, "revoke", agreement_id)


@agreement_group.command("list")
@org_options()
def list_command(db_path: str, org_name: str, fmt: str) -> None:
    """List the agreements the organization is a side of, newest first.

    Example: diemtin agreement list --org "Sở VH-TT tỉnh B" --format json
    """
    with open_db(db_path, create=False) as store:
        owner = org_id(store, org_name)
        found = store.transact(lambda s: agr.list_for(s, owner))
        names = _org_names(store)
    if fmt == "json":
        print_json([item.to_dict() for item in found])
        return
    for item in found:
        _print(item, fmt, names)


@agreement_group.command("token")
@click.argument("agreement_id")
@click.option("--days", type=click.IntRange(1, 3660), default=None,
              help="Expire after N days (default: at the agreement's end).")
@org_options(fmt=False)
def token_command(agreement_id: str, days: int | None, db_path: str, org_name: str) -> None:
    """Issue a remote token (scope remote) for the partner's instance; prints it alone.

    The token is shown once (only its hash is kept). Give it to the partner's operator
    over a safe channel; it works only while the agreement is in force.

    Example: diemtin agreement token agr_4f1c2a9e0b7d --org "Sở VH-TT tỉnh A"
    """
    with open_db(db_path, create=False) as store:
        who = Actor(org_id=org_id(store, org_name), role=Role.ADMIN, via="cli")
        info, raw = store.transact(lambda s: remote_tokens.issue(s, who, agreement_id,
                                                                 days=days))
    click.echo(raw)
    click.echo(f"token {info.id} for agreement {info.agreement_id}, expires "
               f"{info.expires_at}", err=True)
