"""``diemtin remote``: partner instances this one pulls shared collections from."""

from __future__ import annotations

import os
import sys

import click

from diemtin.accounts import remotes
from diemtin.cli._common import (
    analyze_option,
    in_org,
    on_item,
    open_db,
    org_id,
    org_options,
    print_item,
    print_items,
    print_json,
    stderr_console,
)
from diemtin.errors import FetchError
from diemtin.models import Article
from diemtin.store.base import Store

TOKEN_ENV = "DIEMTIN_REMOTE_TOKEN"


@click.group("remote")
def remote_group() -> None:
    """Remote instances: pull the collections a partner's diemtin shares with you.

    The partner's admin issues a token for an agreement (diemtin agreement token); you
    add their URL with it, then pull. Pulled collections are read-only, with their
    origin; when the partner revokes the agreement, the next pull is refused and they
    are emptied and marked revoked (docs/sharing.md).

    Example: diemtin remote pull --org "Sở VH-TT tỉnh B"
    """


def _token(option: str | None) -> str:
    """The token: --token, else DIEMTIN_REMOTE_TOKEN, else standard input."""
    if option:
        return option
    if os.environ.get(TOKEN_ENV):
        return os.environ[TOKEN_ENV]
    if sys.stdin.isatty():
        return str(click.prompt("Remote token", hide_input=True))
    return sys.stdin.readline().strip()


@remote_group.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--token", default=None, metavar="TOKEN",
              help="The remote token. Avoid it: it stays in your shell history and is "
                   "visible to other users in the process list; prefer standard input or "
                   f"{TOKEN_ENV}.")
@org_options()
def add_command(name: str, url: str, token: str | None, db_path: str, org_name: str,
                fmt: str) -> None:
    """Add the partner instance at URL as NAME; the token is read from standard input
    (or a hidden prompt, or DIEMTIN_REMOTE_TOKEN).

    The URL is trusted configuration: diemtin connects wherever it points.

    Example: diemtin remote add lao-cai https://tin.laocai.gov.vn < token.txt
    """
    with open_db(db_path) as store:  # the first step of pulling into a new database
        owner = org_id(store, org_name)
        secret = _token(token)
        made = store.transact(lambda s: remotes.add(s, owner, name, url, secret))
    print_item(made, fmt, f"added remote {made.name} ({made.url})")


@remote_group.command("list")
@org_options()
def list_command(db_path: str, org_name: str, fmt: str) -> None:
    """List the remotes of the organization (never their tokens).

    Example: diemtin remote list --format json
    """
    print_items(in_org(db_path, org_name, remotes.list_remotes), fmt, lambda item: (
        f"{item.name}  {item.url}  last pull: {item.last_pull_at or 'never'} "
        f"({item.last_status or '-'})"))


@remote_group.command("rm")
@click.argument("name")
@org_options(fmt=False)
def rm_command(name: str, db_path: str, org_name: str) -> None:
    """Forget remote NAME and its token; its pulled collections are emptied.

    Example: diemtin remote rm lao-cai
    """
    gone = on_item(db_path, org_name, remotes.remove, name)
    click.echo(f"removed remote {gone.name}")


@remote_group.command("pull")
@click.argument("name", required=False)
@analyze_option
@org_options()
def pull_command(name: str | None, no_analyze: bool, db_path: str, org_name: str,
                 fmt: str) -> None:
    """Pull the shared collections of remote NAME (of every remote without NAME).

    Articles go to the common pool (analyzed and linked as on ingest), each collection
    becomes a read-only collection with its origin. Exits 1 when any remote refused or
    failed (a revoked agreement answers 403).

    Example: diemtin remote pull lao-cai --format json
    """
    from diemtin.accounts.remote_client import RemoteClient
    from diemtin.flow import start_analysis, store_articles

    console = stderr_console()
    reports: list[remotes.PullReport] = []
    failures: list[str] = []
    client = RemoteClient()
    with open_db(db_path) as store:
        owner = org_id(store, org_name)
        names = [name] if name else [r.name for r in store.transact(
            lambda s: remotes.list_remotes(s, owner))]

        def keep(target: Store, articles: list[Article]) -> None:
            store_articles(target, articles,
                           analysis=None if no_analyze else start_analysis())

        for each in names:
            try:
                reports.append(remotes.pull(store, owner, each, client, store_articles=keep))
            except (remotes.RemoteRefused, FetchError) as error:
                failures.append(str(error))
    client.close()
    _print(reports, failures, fmt, console)


def _print(reports: list[remotes.PullReport], failures: list[str], fmt: str,
           console: object) -> None:
    if fmt == "json":
        print_json({"pulled": [r.to_dict() for r in reports], "refused": failures})
    else:
        for report in reports:
            click.echo(f"{report.remote}: {len(report.collections)} collections, "
                       f"{report.articles} articles"
                       + (f", {len(report.revoked)} no longer shared" if report.revoked else ""))
    if failures:
        raise click.ClickException("; ".join(failures))
