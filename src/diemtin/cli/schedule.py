"""``diemtin schedule``: scheduled jobs (build a briefing, send it, evaluate alerts)."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any

import click

from diemtin.brief import jobs
from diemtin.cli._common import (
    db_option,
    format_option,
    handle_errors,
    in_org,
    on_item,
    open_db,
    org_options,
    print_item,
    print_items,
    print_json,
)
from diemtin.cli.outbox import config_option, delivery_config
from diemtin.store.state import StateSession


@click.group("schedule")
def schedule_group() -> None:
    """Scheduled jobs in Asia/Ho_Chi_Minh time: brief.build, brief.send, alerts.evaluate.

    A template's --schedule makes its brief.build job; `schedule add` makes the others.
    """


def _echo_run(line: dict[str, Any]) -> None:
    click.echo(f"{line['due']} {line['kind']} {line['target']}: {line['status']} "
               f"{line['detail']}", err=True)


@schedule_group.command("run")
@db_option
@config_option
@handle_errors
def run_command(db_path: str, config_path: Path | None) -> None:
    """Run jobs as they come due, until stopped (SIGTERM or Ctrl+C stop it cleanly).

    A job that came due while no scheduler ran runs once at start (missed occurrences
    coalesce into one run); no occurrence runs twice, even with two schedulers.

    Example: diemtin schedule run --db tin.db --config /etc/diemtin.toml
    """
    from diemtin.brief.runner import Clock, serve

    config = delivery_config(config_path)
    clock = Clock.from_env()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    with open_db(db_path, create=False) as store:
        click.echo("scheduler running (SIGTERM or Ctrl+C to stop)", err=True)
        serve(store, clock, stop, config, on_run=_echo_run)
    click.echo("scheduler stopped", err=True)


@schedule_group.command("due")
@db_option
@format_option
@config_option
@handle_errors
def due_command(db_path: str, fmt: str, config_path: Path | None) -> None:
    """Run every job due now, once, and exit (for cron or a systemd timer).

    Example: diemtin schedule due --db tin.db
    """
    from diemtin.brief.runner import Clock, run_due

    config = delivery_config(config_path)
    with open_db(db_path, create=False) as store:
        done = run_due(store, Clock.from_env().now(), config)
    if fmt == "json":
        print_json(done)
    else:
        for line in done:
            _echo_run(line)
        click.echo(f"{len(done)} jobs run", err=True)


@schedule_group.command("list")
@org_options()
def list_command(db_path: str, org_name: str, fmt: str) -> None:
    """List the organization's jobs, soonest first."""
    print_items(in_org(db_path, org_name, jobs.list_jobs), fmt, lambda job: (
        f"{job.id}\t{job.kind}\t{job.target}\t{job.schedule}\tnext {job.next_due}"))


@schedule_group.command("add")
@click.argument("kind", type=click.Choice(jobs.KINDS))
@click.argument("target")
@click.argument("when", metavar="SCHEDULE")
@org_options()
def add_command(kind: str, target: str, when: str, db_path: str, org_name: str,
                fmt: str) -> None:
    """Schedule a job: KIND TARGET SCHEDULE (TARGET: a template name for brief.*, 'all'
    for alerts.evaluate).

    Example: diemtin schedule add brief.send sang "7:00 every weekday"
    """
    from diemtin.brief.runner import Clock
    from diemtin.brief.templates import get as get_template

    now = Clock.from_env().now()

    def work(session: StateSession, org: str) -> jobs.Job:
        key = get_template(session, org, target).id if kind.startswith("brief.") else target
        return jobs.set_job(session, org, kind, key, when, now=now)

    job = in_org(db_path, org_name, work)
    print_item(job, fmt, f"{job.id}: {job.kind} {target}, next {job.next_due}")


@schedule_group.command("rm")
@click.argument("job_id")
@org_options(fmt=False)
def rm_command(job_id: str, db_path: str, org_name: str) -> None:
    """Delete a job and its run history."""
    on_item(db_path, org_name, jobs.remove_job, job_id)
    click.echo(f"deleted {job_id}", err=True)
