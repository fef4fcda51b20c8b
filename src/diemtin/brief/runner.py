"""Running scheduled jobs: once (``schedule due``) or until stopped (``schedule run``).

See ``brief.jobs`` for the claim that makes each occurrence run at most once. The clock
is injectable: tests (and only tests) set ``DIEMTIN_NOW`` (the instant the clock starts
at) and ``DIEMTIN_CLOCK_SPEED`` (how many clock seconds pass per real second).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from diemtin.brief import jobs
from diemtin.brief.config import DeliveryConfig
from diemtin.errors import DiemtinError, InputError
from diemtin.store.base import Store
from diemtin.store.state import one, parse_time

log = logging.getLogger(__name__)
MAX_SLEEP = 60.0
"""The scheduler looks at the jobs at least this often (clock seconds), so jobs added
while it sleeps are picked up."""


@dataclass(frozen=True, slots=True)
class Clock:
    """Real time, or (tests) a clock starting at ``start`` running ``speed`` times faster."""

    start: datetime | None = None
    speed: float = 1.0
    began: float = 0.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Clock:
        """The clock ``DIEMTIN_NOW`` / ``DIEMTIN_CLOCK_SPEED`` describe (real time without)."""
        env = dict(os.environ if env is None else env)
        start = env.get("DIEMTIN_NOW")
        if not start:
            return cls()
        try:
            moment = datetime.fromisoformat(start)
            speed = float(env.get("DIEMTIN_CLOCK_SPEED", "1"))
        except ValueError as error:
            raise InputError(f"DIEMTIN_NOW must be an ISO time with offset: {error}") from error
        if moment.tzinfo is None or speed <= 0:
            raise InputError("DIEMTIN_NOW needs an offset and DIEMTIN_CLOCK_SPEED must be > 0")
        return cls(moment, speed, time.monotonic())

    def now(self) -> datetime:
        """The current instant (aware, UTC)."""
        if self.start is None:
            return datetime.now(UTC)
        elapsed = (time.monotonic() - self.began) * self.speed
        return (self.start + timedelta(seconds=elapsed)).astimezone(UTC)

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        """Sleep ``seconds`` of this clock, or until ``stop``; True when stopped."""
        return stop.wait(max(0.0, seconds) / self.speed)


def _latest_issued(store: Store, org_id: str, template_id: str) -> str | None:
    row = store.transact(lambda s: one(
        s, "SELECT id FROM brief_issues WHERE org_id = :org AND template_id = :t AND "
        "status = 'issued' ORDER BY issued_at DESC", org=org_id, t=template_id))
    return row["id"] if row else None


def run_job(store: Store, job: jobs.Job, due: str, config: DeliveryConfig) -> str:
    """Do one job's work for the occurrence ``due``; a line saying what was done."""
    if job.kind == "brief.build":
        from diemtin.brief.briefings import build

        issue = build(store, job.org_id, job.target, until=parse_time(due))
        return f"built {issue.id} ({len(issue.items())} items)"
    if job.kind == "brief.send":
        from diemtin.brief.outbox import deliver_pending
        from diemtin.brief.send import send_issue

        issue_id = _latest_issued(store, job.org_id, job.target)
        if issue_id is None:
            return "no issued briefing to send"
        report = send_issue(store, job.org_id, issue_id)
        delivered = deliver_pending(store, config)
        return f"{issue_id}: {len(report.queued)} queued, {delivered.sent} sent"
    from diemtin.brief.alerts import evaluate_due

    return f"{evaluate_due(store, parse_time(due))} alert messages queued"


def run_due(store: Store, now: datetime, config: DeliveryConfig) -> list[dict[str, Any]]:
    """Claim and run every job due at ``now``; what each did."""
    done: list[dict[str, Any]] = []
    for job_id in store.transact(lambda s: jobs.due_ids(s, now)):
        claimed = store.transact(lambda s, j=job_id: jobs.claim(s, j, now))  # type: ignore[misc]
        if claimed is not None:
            done.append(_run_claimed(store, *claimed, config, now))
    return done


def _run_claimed(store: Store, job: jobs.Job, due: str, config: DeliveryConfig,
                 now: datetime) -> dict[str, Any]:
    try:
        detail, status = run_job(store, job, due, config), "ok"
    except DiemtinError as error:
        detail, status = str(error), "failed"
    store.transact(lambda s: jobs.finish(s, job.id, due, status, detail, now))
    log.info("%s %s (%s): %s", job.kind, job.target, due, detail)
    return {"job": job.id, "kind": job.kind, "target": job.target, "due": due,
            "status": status, "detail": detail}


def serve(store: Store, clock: Clock, stop: threading.Event, config: DeliveryConfig,
          on_run: Callable[[dict[str, Any]], None] = lambda _: None) -> None:
    """Run due jobs, sleep until the next one (at most ``MAX_SLEEP``), until ``stop``."""
    while not stop.is_set():
        for line in run_due(store, clock.now(), config):
            on_run(line)
        upcoming = store.transact(jobs.next_due)
        wait = MAX_SLEEP if upcoming is None else \
            min(MAX_SLEEP, (upcoming - clock.now()).total_seconds())
        if clock.wait(wait, stop):
            break
