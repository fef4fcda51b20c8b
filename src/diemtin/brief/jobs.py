"""Scheduled jobs: what runs when (``brief.build``, ``brief.send``, ``alerts.evaluate``).

A job has a schedule text (``brief.schedule``) and its next due instant. Running a due
job first *claims* the occurrence: in one transaction, under a lock, it inserts the row
``(job id, due time)`` into ``schedule_runs`` (its primary key) and moves ``next_due``
to the first occurrence after now. Only then does the work run. So:

- two schedulers, or a restarted one, never run the same occurrence twice;
- occurrences missed while no scheduler ran coalesce into one run, at start, for the
  latest of them (a briefing built then covers the period up to that occurrence);
- a scheduler killed during a job does not run that occurrence again (at most once;
  sending is protected by the outbox's keys besides).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from diemtin.brief.schedule import parse_schedule
from diemtin.brief.templates import Template
from diemtin.errors import InputError
from diemtin.store.state import StateSession, new_id, now_text, one, parse_time

KINDS = ("brief.build", "brief.send", "alerts.evaluate")


@dataclass(frozen=True, slots=True)
class Job:
    """A scheduled job of organization ``org_id``."""

    id: str
    org_id: str
    kind: str
    target: str
    schedule: str
    next_due: str
    last_run: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON data."""
        return {"id": self.id, "org": self.org_id, "kind": self.kind, "target": self.target,
                "schedule": self.schedule, "next_due": self.next_due,
                "last_run": self.last_run}


def _row(row: dict[str, Any]) -> Job:
    return Job(row["id"], row["org_id"], row["kind"], row["target"], row["schedule"],
               row["next_due"], row["last_run"])


def set_job(session: StateSession, org_id: str, kind: str, target: str, schedule: str,
            *, now: datetime) -> Job:
    """Create or reschedule the job ``(kind, target)``; its next run is the first
    occurrence after ``now``."""
    if kind not in KINDS:
        raise InputError(f"job kind must be one of {', '.join(KINDS)}; got {kind!r}")
    due = now_text(parse_schedule(schedule).next_after(now))
    existing = one(session, "SELECT id FROM schedule_jobs WHERE org_id = :org AND "
                   "kind = :kind AND target = :target", org=org_id, kind=kind, target=target)
    if existing:
        session.run("UPDATE schedule_jobs SET schedule = :s, next_due = :due WHERE id = :id",
                    s=schedule, due=due, id=existing["id"])
        job_id = existing["id"]
    else:
        job_id = new_id("job")
        session.run("INSERT INTO schedule_jobs VALUES (:id, :org, :kind, :target, :s, :due, "
                    "NULL, :now)", id=job_id, org=org_id, kind=kind, target=target,
                    s=schedule, due=due, now=now_text(now))
    found = one(session, "SELECT * FROM schedule_jobs WHERE id = :id", id=job_id)
    assert found is not None
    return _row(found)


def sync_template_job(session: StateSession, template: Template,
                      now: datetime | None = None) -> Job | None:
    """Keep the ``brief.build`` job of a template in step with its schedule."""
    if not template.schedule:
        session.run("DELETE FROM schedule_runs WHERE job_id IN (SELECT id FROM schedule_jobs "
                    "WHERE kind = 'brief.build' AND target = :t)", t=template.id)
        session.run("DELETE FROM schedule_jobs WHERE kind = 'brief.build' AND target = :t",
                    t=template.id)
        return None
    return set_job(session, template.org_id, "brief.build", template.id, template.schedule,
                   now=now or parse_time(now_text()))


def list_jobs(session: StateSession, org_id: str | None = None) -> list[Job]:
    """Jobs (of one organization, or all), soonest first."""
    rows = session.rows("SELECT * FROM schedule_jobs ORDER BY next_due, id")
    return [_row(r) for r in rows if org_id is None or r["org_id"] == org_id]


def remove_job(session: StateSession, org_id: str, job_id: str) -> None:
    """Delete a job and its run history."""
    if one(session, "SELECT id FROM schedule_jobs WHERE id = :id AND org_id = :org",
           id=job_id, org=org_id) is None:
        from diemtin.errors import ItemNotFound

        raise ItemNotFound("job", job_id, "`diemtin schedule list` shows them")
    session.run("DELETE FROM schedule_runs WHERE job_id = :id", id=job_id)
    session.run("DELETE FROM schedule_jobs WHERE id = :id", id=job_id)


def claim(session: StateSession, job_id: str, now: datetime) -> tuple[Job, str] | None:
    """Claim the job's due occurrence (see the module): ``(job, due)``, or None when it
    is not due or another scheduler took it."""
    session.lock("schedule_jobs")
    row = one(session, "SELECT * FROM schedule_jobs WHERE id = :id", id=job_id)
    if row is None or row["next_due"] > now_text(now):
        return None
    job = _row(row)
    due = now_text(latest_occurrence(job, now))
    if one(session, "SELECT due FROM schedule_runs WHERE job_id = :id AND due = :due",
           id=job.id, due=due):
        return None
    stamp = now_text(now)
    session.run("INSERT INTO schedule_runs VALUES (:id, :due, :now, NULL, 'running', '')",
                id=job.id, due=due, now=stamp)
    following = now_text(parse_schedule(job.schedule).next_after(now))
    session.run("UPDATE schedule_jobs SET next_due = :next, last_run = :now WHERE id = :id",
                next=following, now=stamp, id=job.id)
    return job, due


def latest_occurrence(job: Job, now: datetime) -> datetime:
    """The last occurrence of a due job at or before ``now``: occurrences missed while
    no scheduler ran coalesce into this one."""
    schedule = parse_schedule(job.schedule)
    due = parse_time(job.next_due)
    following = schedule.next_after(due)
    while following <= now:
        due, following = following, schedule.next_after(following)
    return due


def finish(session: StateSession, job_id: str, due: str, status: str, detail: str,
           now: datetime) -> None:
    """Record how a claimed occurrence ended (``ok`` or ``failed``)."""
    session.run("UPDATE schedule_runs SET finished_at = :now, status = :status, "
                "detail = :detail WHERE job_id = :id AND due = :due", now=now_text(now),
                status=status, detail=detail[:2000], id=job_id, due=due)


def runs(session: StateSession, job_id: str | None = None) -> list[dict[str, Any]]:
    """The run history, oldest first."""
    rows = session.rows("SELECT * FROM schedule_runs ORDER BY due, job_id")
    return [r for r in rows if job_id is None or r["job_id"] == job_id]


def due_ids(session: StateSession, now: datetime) -> list[str]:
    """Ids of jobs due at ``now``."""
    return [r["id"] for r in session.rows(
        "SELECT id FROM schedule_jobs WHERE next_due <= :now ORDER BY next_due, id",
        now=now_text(now))]


def next_due(session: StateSession) -> datetime | None:
    """The soonest due instant of any job."""
    row = one(session, "SELECT MIN(next_due) AS due FROM schedule_jobs")
    return parse_time(row["due"]) if row and row["due"] else None
