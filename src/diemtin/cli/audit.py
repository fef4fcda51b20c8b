"""``diemtin audit export`` and ``diemtin audit verify``: the hash-chained audit log."""

from __future__ import annotations

import json

import click

from diemtin.accounts.audit import iter_entries, verify
from diemtin.accounts.orgs import get_org
from diemtin.cli._common import db_option, handle_errors, open_db


@click.group("audit")
def audit_group() -> None:
    """The audit log: logins, tokens, members, agreements, partners' reads."""


@audit_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl",
              show_default=True, help="One JSON object a line.")
@click.option("--org", "org_name", default=None, metavar="NAME",
              help="Only the entries concerning this organization (acting or partner).")
@db_option
@handle_errors
def audit_export(fmt: str, org_name: str | None, db_path: str) -> None:
    """Print the audit entries, oldest first: seq, time, actor, org, action, subject,
    partner_org, agreement, detail, prev_hash, hash. The last hash goes to standard
    error: keep it elsewhere to detect a log later cut short.

    Example: diemtin audit export --format jsonl --org "Sở VH-TT tỉnh A" > audit.jsonl
    """
    with open_db(db_path, create=False) as store:
        org_id = store.transact(lambda s: get_org(s, org_name).id) if org_name else None
        last = None
        count = 0
        for entry in iter_entries(store, org=org_id):
            click.echo(json.dumps(entry.to_dict(), ensure_ascii=False))
            last, count = entry.hash, count + 1
    click.echo(f"{count} entries; last hash {last or '-'}", err=True)


@audit_group.command("verify")
@db_option
@handle_errors
def audit_verify(db_path: str) -> None:
    """Check the whole hash chain; exit 1 naming the first entry that does not fit.

    Example: diemtin audit verify
    """
    with open_db(db_path, create=False) as store:
        check = verify(store)
    if not check.intact:
        raise click.ClickException(f"audit log broken at entry {check.bad_seq}: "
                                   f"{check.reason} ({check.checked} entries before it "
                                   "are intact)")
    click.echo(f"audit log intact: {check.checked} entries", err=True)
