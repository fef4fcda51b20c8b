"""``diemtin org``, ``user``, ``member`` and ``token``: accounts for operators.

Passwords are read from standard input when it is not a terminal (first line), else from
a hidden prompt with confirmation; never from an argument (it would show in ``ps`` and
the shell's history). A token is printed alone on standard output, once.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

import click

from diemtin.accounts.orgs import create_org, get_org, list_orgs
from diemtin.accounts.passwords import hash_password
from diemtin.accounts.tokens import (
    create_token,
    list_tokens,
    parse_duration,
    parse_scopes,
    revoke_token,
)
from diemtin.accounts.users import (
    add_member,
    create_user,
    disable_user,
    get_user,
    list_users,
    memberships_of,
    parse_role,
    remove_member,
    set_password_hash,
)
from diemtin.cli._common import db_option, format_option, handle_errors, open_db, print_json
from diemtin.errors import InputError
from diemtin.store.state import StateSession

ROLE_CHOICE = click.Choice(["admin", "editor", "viewer"])
CLI_ACTOR = "cli"


def read_password() -> str:
    """The new password: stdin's first line when piped, else a prompt with confirmation."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InputError("no password on standard input (give it as the first line)")
        return line
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group("org")
def org_group() -> None:
    """Organizations: each owns its saved searches, collections and briefings."""


@org_group.command("add")
@click.argument("name")
@db_option
@format_option
@handle_errors
def org_add(name: str, db_path: str, fmt: str) -> None:
    """Create an organization.

    Example: diemtin org add "Sở VH-TT tỉnh A"
    """
    with open_db(db_path) as store:
        org = store.transact(lambda s: create_org(s, CLI_ACTOR, name))
    if fmt == "json":
        print_json({"id": org.id, "name": org.name, "created_at": org.created_at})
    else:
        click.echo(f"organization {org.name!r} created ({org.id})")


@org_group.command("list")
@db_option
@format_option
@handle_errors
def org_list(db_path: str, fmt: str) -> None:
    """List the organizations.

    Example: diemtin org list --format json
    """
    with open_db(db_path, create=False) as store:
        orgs = store.transact(list_orgs)
    if fmt == "json":
        print_json([{"id": o.id, "name": o.name, "created_at": o.created_at} for o in orgs])
    for org in orgs if fmt == "text" else ():
        click.echo(f"{org.id}\t{org.name}")


@click.group("user")
def user_group() -> None:
    """Users: log in to the web app; once one exists, every page needs a login."""


@user_group.command("add")
@click.argument("email")
@click.option("--org", "org_name", required=True, help="The organization to join.")
@click.option("--role", type=ROLE_CHOICE, required=True, help="The role there.")
@db_option
@handle_errors
def user_add(email: str, org_name: str, role: str, db_path: str) -> None:
    """Create a user, member of an organization; the password is read from standard
    input (first line) or a prompt.

    Example: printf '%s\\n' "$MAT_KHAU" | diemtin user add a@so-a.vn --org "Sở A" --role admin
    """
    password_hash = hash_password(read_password())
    with open_db(db_path) as store:
        user = store.transact(lambda s: create_user(
            s, CLI_ACTOR, email, password_hash, org_id=get_org(s, org_name).id,
            role=parse_role(role)))
    click.echo(f"user {user.email} created ({user.id}), {role} of {org_name}", err=True)


@user_group.command("list")
@db_option
@format_option
@handle_errors
def user_list(db_path: str, fmt: str) -> None:
    """List the users and their memberships.

    Example: diemtin user list --format json
    """
    with open_db(db_path, create=False) as store:
        data: list[dict[str, Any]] = store.transact(lambda s: [
            {"id": u.id, "email": u.email, "created_at": u.created_at,
             "disabled_at": u.disabled_at,
             "memberships": [{"org": m.org_name, "org_id": m.org_id, "role": str(m.role)}
                             for m in memberships_of(s, u.id)]} for u in list_users(s)])
    if fmt == "json":
        print_json(data)
        return
    for user in data:
        roles = ", ".join(f"{m['role']} of {m['org']}" for m in user["memberships"])
        state = " (disabled)" if user["disabled_at"] else ""
        click.echo(f"{user['email']}{state}\t{roles or 'no organization'}")


@user_group.command("passwd")
@click.argument("email")
@db_option
@handle_errors
def user_passwd(email: str, db_path: str) -> None:
    """Set a user's password (standard input or prompt); its web sessions end.

    Example: diemtin user passwd a@so-a.vn
    """
    password_hash = hash_password(read_password())
    with open_db(db_path, create=False) as store:
        user = store.transact(lambda s: set_password_hash(s, email, password_hash))
    click.echo(f"password of {user.email} changed", err=True)


@user_group.command("disable")
@click.argument("email")
@db_option
@handle_errors
def user_disable(email: str, db_path: str) -> None:
    """Disable a user: no login, sessions end, tokens refused.

    Example: diemtin user disable a@so-a.vn
    """
    with open_db(db_path, create=False) as store:
        user = store.transact(lambda s: disable_user(s, email))
    click.echo(f"user {user.email} disabled", err=True)


@click.group("member")
def member_group() -> None:
    """Memberships: a user may belong to several organizations."""


@member_group.command("add")
@click.argument("email")
@click.option("--org", "org_name", required=True)
@click.option("--role", type=ROLE_CHOICE, required=True)
@db_option
@handle_errors
def member_add(email: str, org_name: str, role: str, db_path: str) -> None:
    """Add a user to an organization (or change its role there).

    Example: diemtin member add b@so-b.vn --org "Sở A" --role viewer
    """
    with open_db(db_path, create=False) as store:
        member = store.transact(lambda s: add_member(
            s, CLI_ACTOR, email, org_id=get_org(s, org_name).id, role=parse_role(role)))
    click.echo(f"{member.email} is {member.role} of {member.org_name}", err=True)


@member_group.command("rm")
@click.argument("email")
@click.option("--org", "org_name", required=True)
@db_option
@handle_errors
def member_rm(email: str, org_name: str, db_path: str) -> None:
    """Remove a user from an organization (its sessions and tokens there end).

    Example: diemtin member rm b@so-b.vn --org "Sở A"
    """
    with open_db(db_path, create=False) as store:
        member = store.transact(lambda s: remove_member(
            s, CLI_ACTOR, email, org_id=get_org(s, org_name).id))
    click.echo(f"{member.email} removed from {member.org_name}", err=True)


@click.group("token")
def token_group() -> None:
    """API tokens: `Authorization: Bearer TOKEN`."""


@token_group.command("create")
@click.option("--user", "email", required=True, help="The user the token acts for.")
@click.option("--scope", "scopes", multiple=True, required=True,
              type=click.Choice(["read", "write", "admin"]),
              help="read (GET only), write, admin; repeatable.")
@click.option("--org", "org_name", default=None,
              help="The organization it acts for (default: the user's only one).")
@click.option("--expires", default="90d", show_default=True, metavar="DURATION",
              help="Lifetime: 12h, 30d, 2w.")
@click.option("--label", default="", help="A note to recognize it in `token list`.")
@db_option
@handle_errors
def token_create(email: str, scopes: tuple[str, ...], org_name: str | None, expires: str,
                 label: str, db_path: str) -> None:
    """Create a token and print it alone on standard output (it is shown only once).

    Example: diemtin token create --user a@so-a.vn --scope read --expires 30d
    """
    lifetime = parse_duration(expires)
    with open_db(db_path, create=False) as store:
        _, raw = store.transact(lambda s: create_token(
            s, org_id=_token_org(s, email, org_name), user_id=get_user(s, email).id,
            scopes=parse_scopes(scopes), expires=datetime.now(UTC) + lifetime, label=label))
    click.echo(raw)


def _token_org(session: StateSession, email: str, org_name: str | None) -> str:
    user = get_user(session, email)
    member_of = memberships_of(session, user.id)
    if org_name is not None:
        org = get_org(session, org_name)
        if not any(m.org_id == org.id for m in member_of):
            raise InputError(f"{user.email} is not a member of {org.name!r}")
        return org.id
    if len(member_of) != 1:
        raise InputError(f"{user.email} belongs to {len(member_of)} organizations; choose "
                         "one with --org NAME")
    return member_of[0].org_id


@token_group.command("list")
@click.option("--org", "org_name", default=None, help="Only this organization's tokens.")
@db_option
@format_option
@handle_errors
def token_list(org_name: str | None, db_path: str, fmt: str) -> None:
    """List tokens (never their secrets).

    Example: diemtin token list --format json
    """
    with open_db(db_path, create=False) as store:
        tokens = store.transact(lambda s: list_tokens(
            s, org_id=get_org(s, org_name).id if org_name else None))
    if fmt == "json":
        print_json([token.to_dict() for token in tokens])
    for token in tokens if fmt == "text" else ():
        state = "revoked" if token.revoked_at else f"expires {token.expires_at or 'never'}"
        click.echo(f"{token.id}\t{token.email or token.agreement_id}\t"
                   f"{','.join(token.scopes)}\t{state}\tlast used {token.last_used_at or '-'}")


@token_group.command("revoke")
@click.argument("token_id")
@db_option
@handle_errors
def token_revoke(token_id: str, db_path: str) -> None:
    """Revoke a token: refused from the next request on.

    Example: diemtin token revoke tok_4f1c2a9e0b7d1a2b
    """
    with open_db(db_path, create=False) as store:
        token = store.transact(lambda s: revoke_token(s, CLI_ACTOR, token_id))
    click.echo(f"token {token.id} revoked", err=True)
