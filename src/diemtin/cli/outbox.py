"""``diemtin outbox list|send|retry``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from diemtin.cli._common import (
    db_option,
    format_option,
    handle_errors,
    open_db,
    org_id,
    org_options,
    print_json,
)


def config_option(function: Any) -> Any:
    """Add ``--config FILE`` (env ``DIEMTIN_CONFIG``): the delivery settings."""
    return click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
        envvar="DIEMTIN_CONFIG", default=None,
        help="TOML file with [smtp], [webhooks.NAME] and [delivery] (also DIEMTIN_CONFIG); "
             "DIEMTIN_SMTP_* variables override [smtp].",
    )(function)


def delivery_config(path: Path | None) -> Any:
    """The delivery settings of ``--config`` and the environment."""
    from diemtin.brief.config import load_config

    return load_config(path, os.environ)


@click.group("outbox")
def outbox_group() -> None:
    """Messages waiting to be delivered by email, webhook or folder, and their state."""


@outbox_group.command("list")
@click.option("--state", type=click.Choice(["pending", "sending", "sent", "failed"]),
              default=None, help="Only messages in this state.")
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True)
@org_options()
def list_command(state: str | None, limit: int, db_path: str, org_name: str,
                 fmt: str) -> None:
    """List the organization's messages, newest first.

    Example: diemtin outbox list --state failed
    """
    from diemtin.brief.outbox import list_messages

    with open_db(db_path, create=False) as store:
        org = org_id(store, org_name)
        found = store.transact(lambda s: list_messages(s, org, state=state, limit=limit))
    if fmt == "json":
        print_json(found)
        return
    for row in found:
        error = f"  ({row['last_error']})" if row["last_error"] else ""
        click.echo(f"{row['id']}  {row['state']:<7}  {row['channel']}:{row['destination']}  "
                   f"{row['subject']}{error}")


@outbox_group.command("send")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=1000, show_default=True,
              help="Most messages sent in this run.")
@db_option
@format_option
@config_option
@handle_errors
def send_command(limit: int, db_path: str, fmt: str, config_path: Path | None) -> None:
    """Deliver every due message (all organizations), then exit.

    A message is claimed, sent and marked sent; a failure is retried later with a
    growing wait, then marked failed. Run it from cron or a timer, or after `alert run`.
    Exit status 1 when a message failed for good.

    Example: diemtin outbox send --config /etc/diemtin.toml
    """
    from diemtin.brief.outbox import deliver_pending

    config = delivery_config(config_path)
    with open_db(db_path, create=False) as store:
        report = deliver_pending(store, config, limit=limit)
    if fmt == "json":
        print_json(report.to_dict())
    else:
        for message_id, destination, reason in report.errors:
            click.echo(f"{message_id} → {destination}: {reason}", err=True)
        click.echo(f"{report.sent} sent, {report.retrying} to retry, {report.failed} failed",
                   err=True)
    if report.failed:
        raise SystemExit(1)


@outbox_group.command("retry")
@click.argument("message_id")
@org_options(fmt=False)
def retry_command(message_id: str, db_path: str, org_name: str) -> None:
    """Put a failed message back in line (due now, attempts reset).

    Example: diemtin outbox retry msg_4f1c2a9e0b7d6a31
    """
    from diemtin.brief.outbox import retry

    with open_db(db_path, create=False) as store:
        org = org_id(store, org_name)
        store.transact(lambda s: retry(s, org, message_id))
    click.echo(f"{message_id} queued again", err=True)
