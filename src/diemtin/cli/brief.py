"""``diemtin brief``: briefing templates, building, editing, issuing and rendering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from diemtin.brief import briefings
from diemtin.brief import templates as tpl
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
    with_org,
)
from diemtin.cli.outbox import config_option, delivery_config
from diemtin.search.filters import parse_day


@click.group("brief")
def brief_group() -> None:
    """Briefings (điểm tin): templates, drafts built from them, editing, issuing, rendering.

    Example: diemtin brief build "Điểm tin sáng" --format json
    """


@brief_group.group("template")
def template_group() -> None:
    """Briefing templates: title, period, sections, ranking, recipients, schedule."""


def _print_template(template: tpl.Template, fmt: str) -> None:
    if fmt == "json":
        print_json(template.to_dict())
        return
    click.echo(f"{template.name}: {template.title} ({template.period}, {template.items} "
               f"items per section, by {template.ranking})")
    for section in template.sections:
        click.echo(f"  - {section.heading} = {section.saved or section.query}")
    for recipient in template.recipients:
        click.echo(f"  → {recipient}")
    if template.schedule:
        click.echo(f"  schedule: {template.schedule}")


@template_group.command("add")
@click.argument("name")
@click.option("--title", required=True, help="The briefing's title, e.g. 'Điểm tin sáng'.")
@click.option("--section", "sections", multiple=True, required=True, metavar="HEADING=SOURCE",
              help="A section: HEADING=SAVED_SEARCH_NAME, or HEADING=topic:\"…\" place:\"…\" "
                   "(repeatable, in order).")
@click.option("--period", type=click.Choice(list(tpl.PERIODS)), default="24h",
              show_default=True, help="The time the briefing covers.")
@click.option("--items", type=int, default=5, show_default=True, help="Items per section.")
@click.option("--rank", "ranking", type=click.Choice(tpl.RANKINGS), default="coverage",
              show_default=True, help="coverage across outlets, first publication, recency.")
@click.option("--recipient", "recipients", multiple=True, metavar="KIND:VALUE",
              help="email:ADDRESS, webhook:NAME or folder:PATH (repeatable).")
@click.option("--schedule", default=None, help="When to build it, e.g. '6:30 every weekday' "
              "(Asia/Ho_Chi_Minh) or '30 6 * * 1-5'.")
@click.option("--chart", is_flag=True, help="Draw the volume chart of the period.")
@click.option("--replace", is_flag=True, help="Replace a template of that name.")
@org_options()
def template_add(name: str, title: str, sections: tuple[str, ...], period: str, items: int,
                 ranking: str, recipients: tuple[str, ...], schedule: str | None, chart: bool,
                 replace: bool, db_path: str, org_name: str, fmt: str) -> None:
    """Create a briefing template NAME.

    Example: diemtin brief template add sang --title "Điểm tin sáng"
    --section "Thời sự=Lào Cai" --period 24h --items 5
    """
    parsed = tuple(tpl.parse_section(spec) for spec in sections)
    with open_db(db_path) as store:
        org = org_id(store, org_name)
        made = store.transact(lambda s: tpl.add(
            s, org, name, title=title, period=period, sections=parsed, items=items,
            ranking=ranking, recipients=recipients, schedule=schedule, with_chart=chart,
            replace=replace))
        if made.schedule:
            from diemtin.brief.jobs import sync_template_job

            store.transact(lambda s: sync_template_job(s, made))
    _print_template(made, fmt)


@template_group.command("list")
@org_options()
def template_list(db_path: str, org_name: str, fmt: str) -> None:
    """List the briefing templates."""
    print_items(in_org(db_path, org_name, tpl.list_templates), fmt, lambda template: (
        f"{template.name}\t{template.title}\t{template.period}\t"
        f"{len(template.sections)} sections"))


@template_group.command("show")
@click.argument("name")
@org_options()
def template_show(name: str, db_path: str, org_name: str, fmt: str) -> None:
    """Show one briefing template."""
    _print_template(on_item(db_path, org_name, tpl.get, name), fmt)


@template_group.command("rm")
@click.argument("name")
@org_options(fmt=False)
def template_rm(name: str, db_path: str, org_name: str) -> None:
    """Delete a briefing template (its issues stay in the archive)."""
    gone = on_item(db_path, org_name, tpl.remove, name)
    click.echo(f"deleted template {gone.name}", err=True)


def _print_issue(data: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        print_json(data)
        return
    period = data["period"]
    click.echo(f"{data['id']} [{data['status']}] {data['title']} "
               f"({period['since']} → {period['until']})")
    for section in data["sections"]:
        click.echo(f"\n## {section['heading']}")
        for item in section["items"]:
            outlets = ", ".join(item["outlets"])
            click.echo(f"- {item['title']} [{item['key']}] ({outlets})")
            if item["summary"]:
                click.echo(f"  {item['summary']}")


@brief_group.command("build")
@click.argument("name")
@click.option("--since", default=None, metavar="DATETIME", help="Start of the period "
              "(default: the template's period before --until).")
@click.option("--until", default=None, metavar="DATETIME",
              help="End of the period (default: now); naive times are Vietnam time.")
@org_options()
def build_command(name: str, since: str | None, until: str | None, db_path: str,
                  org_name: str, fmt: str) -> None:
    """Build a draft briefing from template NAME and print it.

    Example: diemtin brief build sang --until 2026-10-14T06:30 --format json
    """
    start, end = parse_day(since, name="since"), parse_day(until, name="until")
    made = with_org(db_path, org_name, lambda store, org: briefings.build(
        store, org, name, since=start, until=end))
    _print_issue(made.to_dict(), fmt)


@brief_group.command("list")
@click.option("--status", type=click.Choice(["draft", "edited", "issued"]), default=None)
@org_options()
def list_command(status: str | None, db_path: str, org_name: str, fmt: str) -> None:
    """List briefings, newest first."""
    found = with_org(db_path, org_name,
                     lambda store, org: briefings.list_issues(store, org, status))
    if fmt == "json":
        print_json([issue.summary() for issue in found])
        return
    for issue in found:
        line = issue.summary()
        click.echo(f"{line['id']}\t{line['status']}\t{line['until']}\t{line['title']}")


@brief_group.command("show")
@click.argument("issue_id")
@org_options()
def show_command(issue_id: str, db_path: str, org_name: str, fmt: str) -> None:
    """Show one briefing with its items' keys."""
    found = with_org(db_path, org_name,
                     lambda store, org: briefings.get(store, org, issue_id))
    _print_issue(found.to_dict(), fmt)


@brief_group.command("issue")
@click.argument("issue_id")
@org_options()
def issue_command(issue_id: str, db_path: str, org_name: str, fmt: str) -> None:
    """Issue a draft: freeze it with a snapshot of every cited article."""
    done = with_org(db_path, org_name,
                    lambda store, org: briefings.issue(store, org, issue_id))
    print_item(done, fmt, f"issued {done.id} at {done.issued_at}")


@brief_group.command("render")
@click.argument("issue_id")
@click.option("--format", "fmt", type=click.Choice(["html", "email", "pdf", "docx"]),
              required=True, help="html (web page), email (inline styles), pdf or docx.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="The file to write.")
@org_options(fmt=False)
def render_command(issue_id: str, fmt: str, output: Path, db_path: str,
                   org_name: str) -> None:
    """Render a briefing to HTML, PDF or DOCX.

    Example: diemtin brief render bi_4f1c2a9e0b7d6a11 --format pdf -o diem-tin.pdf
    """
    from diemtin.brief.render import render

    found = with_org(db_path, org_name,
                     lambda store, org: briefings.get(store, org, issue_id))
    output.write_bytes(render(found, fmt))
    click.echo(f"wrote {output}", err=True)


@brief_group.command("send")
@click.argument("issue_id")
@click.option("--queue-only", is_flag=True,
              help="Only queue the messages (a later `diemtin outbox send` delivers them).")
@db_option
@org_option
@format_option
@config_option
@handle_errors
def send_command(issue_id: str, queue_only: bool, db_path: str, org_name: str, fmt: str,
                 config_path: Path | None) -> None:
    """Send an issued briefing to its template's recipients (email with the PDF attached,
    webhook, folder) through the outbox: once per recipient, however often it is run.

    Example: diemtin brief send bi_4f1c2a9e0b7d6a11 --config /etc/diemtin.toml
    """
    from diemtin.brief.outbox import deliver_pending
    from diemtin.brief.send import send_issue

    config = None if queue_only else delivery_config(config_path)
    with open_db(db_path, create=False) as store:
        report = send_issue(store, org_id(store, org_name), issue_id)
        delivery = deliver_pending(store, config) if config is not None else None
    data = report.to_dict() | {"delivery": delivery.to_dict() if delivery else None}
    if fmt == "json":
        print_json(data)
    else:
        click.echo(f"{len(report.queued)} queued, {len(report.already)} already queued before"
                   + (f"; {delivery.sent} sent, {delivery.retrying} to retry, "
                      f"{delivery.failed} failed" if delivery else ""), err=True)
    if delivery and delivery.failed:
        raise SystemExit(1)
