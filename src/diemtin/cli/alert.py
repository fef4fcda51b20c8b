"""``diemtin alert add|list|rm|run``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from diemtin.cli._common import (
    db_option,
    format_option,
    handle_errors,
    in_org,
    on_item,
    open_db,
    org_id,
    org_option,
    org_options,
    print_item,
    print_items,
    print_json,
)
from diemtin.cli.outbox import config_option, delivery_config

if TYPE_CHECKING:
    from diemtin.brief.alerts import AlertRule

RULES = ("new_matches", "new_story", "spike", "entity_title")


@click.group("alert")
def alert_group() -> None:
    """Alert rules on saved searches: new matches, a new story, a spike, a new title."""


@alert_group.command("add")
@click.argument("saved_name")
@click.option("--rule", "kind", type=click.Choice(RULES), required=True,
              help="What to report (docs/alerts.md).")
@click.option("--title", default=None, help="entity_title: the title to watch for, "
              "e.g. 'Chủ tịch UBND tỉnh'.")
@click.option("--email", "emails", multiple=True, help="Send to this address (repeatable).")
@click.option("--webhook", "webhooks", multiple=True,
              help="Post to this webhook of the config file (repeatable).")
@click.option("--folder", "folders", multiple=True, type=click.Path(file_okay=False),
              help="Write .eml and .json files into this folder (repeatable).")
@click.option("--atom", is_flag=True, help="Only the saved search's Atom feed.")
@click.option("--schedule", default=None, help="Evaluate on a schedule ('6:30 every "
              "weekday', Asia/Ho_Chi_Minh) instead of after each ingest batch.")
@org_options()
def add_command(saved_name: str, kind: str, title: str | None, emails: tuple[str, ...],
                webhooks: tuple[str, ...], folders: tuple[str, ...], atom: bool,
                schedule: str | None, db_path: str, org_name: str, fmt: str) -> None:
    """Add an alert rule on the saved search SAVED_NAME.

    Example: diemtin alert add "Lào Cai" --rule new_matches --email bientap@soyte.vn
    """
    from diemtin.brief.alerts import add_rule, destination

    places = [destination("email", e) for e in emails]
    places += [destination("webhook", w) for w in webhooks]
    places += [destination("folder", str(Path(f).resolve())) for f in folders]
    places += [destination("atom")] if atom else []
    rule = in_org(db_path, org_name, lambda s, org: add_rule(
        s, org, saved_name, kind, destinations=places, title=title, schedule=schedule))
    print_item(rule, fmt, f"added {rule.kind} on {rule.saved.name!r} ({rule.id})", err=True)


@alert_group.command("list")
@org_options()
def list_command(db_path: str, org_name: str, fmt: str) -> None:
    """List the organization's alert rules.

    Example: diemtin alert list --format json
    """
    from diemtin.brief.alerts import list_rules

    print_items(in_org(db_path, org_name, list_rules), fmt, _rule_line)


def _rule_line(rule: AlertRule) -> str:
    where = ", ".join(f"{d.kind}:{d.target}" if d.target else str(d.kind)
                      for d in rule.destinations)
    when = rule.schedule or "after each ingest"
    extra = f" “{rule.title}”" if rule.title else ""
    return f"{rule.id}  {rule.saved.name}  {rule.kind}{extra}  → {where}  [{when}]"


@alert_group.command("rm")
@click.argument("rule_id")
@org_options(fmt=False)
def rm_command(rule_id: str, db_path: str, org_name: str) -> None:
    """Delete the alert rule RULE_ID.

    Example: diemtin alert rm al_4f1c2a9e0b7d6a31
    """
    from diemtin.brief.alerts import remove_rule

    on_item(db_path, org_name, remove_rule, rule_id)
    click.echo(f"deleted {rule_id}", err=True)


@alert_group.command("run")
@click.argument("rule_id", required=False)
@click.option("--send", is_flag=True, help="Deliver the queued messages right away.")
@db_option
@org_option
@format_option
@config_option
@handle_errors
def run_command(rule_id: str | None, send: bool, db_path: str, org_name: str, fmt: str,
                config_path: Path | None) -> None:
    """Evaluate the organization's rules (or RULE_ID) now, against what was published
    since each one's last run, and queue their alerts in the outbox.

    Example: diemtin alert run --send --config /etc/diemtin.toml
    """
    from diemtin.brief.alerts import get_rule, list_rules
    from diemtin.brief.evaluate import run_rule
    from diemtin.brief.outbox import deliver_pending

    now = datetime.now(UTC)
    with open_db(db_path, create=False) as store:
        org = org_id(store, org_name)
        rules = store.transact(lambda s: [get_rule(s, org, rule_id)] if rule_id
                               else list_rules(s, org))
        queued = sum(run_rule(store, rule, now) for rule in rules)
        report = deliver_pending(store, delivery_config(config_path)) if send else None
    if fmt == "json":
        print_json({"rules": len(rules), "queued": queued,
                    "delivery": report.to_dict() if report else None})
        return
    click.echo(f"{len(rules)} rules evaluated, {queued} messages queued", err=True)
    if report is not None:
        click.echo(f"{report.sent} sent, {report.retrying} to retry, {report.failed} failed",
                   err=True)
