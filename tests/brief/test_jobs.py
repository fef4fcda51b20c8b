"""Claiming job occurrences: once each, missed ones coalesced, on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta

from diemtin.brief import jobs
from diemtin.brief import templates as tpl
from diemtin.brief.config import DeliveryConfig
from diemtin.brief.runner import run_due
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG

T0 = datetime.fromisoformat("2026-10-14T06:00:00+07:00")


def _job(store: Store, schedule: str = "6:30 every weekday") -> jobs.Job:
    template = store.transact(lambda s: tpl.get(s, LOCAL_ORG, "sang"))
    return store.transact(lambda s: jobs.set_job(s, LOCAL_ORG, "brief.build", template.id,
                                                 schedule, now=T0))


def test_a_due_occurrence_is_claimed_once(brief_store: Store) -> None:
    job = _job(brief_store)
    assert job.next_due == "2026-10-13T23:30:00.000000Z"
    assert brief_store.transact(lambda s: jobs.claim(s, job.id, T0)) is None  # not due yet
    at = T0 + timedelta(minutes=31)
    first = brief_store.transact(lambda s: jobs.claim(s, job.id, at))
    assert first is not None and first[1] == "2026-10-13T23:30:00.000000Z"
    assert brief_store.transact(lambda s: jobs.claim(s, job.id, at)) is None
    [moved] = brief_store.transact(lambda s: jobs.list_jobs(s, LOCAL_ORG))
    assert moved.next_due == "2026-10-14T23:30:00.000000Z"


def test_missed_occurrences_coalesce_into_one_run(brief_store: Store) -> None:
    _job(brief_store, "0 * * * *")  # hourly; the scheduler was down for five hours
    later = T0 + timedelta(hours=5, minutes=10)
    done = run_due(brief_store, later, DeliveryConfig())
    assert [(d["due"], d["status"]) for d in done] == [("2026-10-14T04:00:00.000000Z", "ok")]
    assert run_due(brief_store, later, DeliveryConfig()) == []
    issues = brief_store.transact(lambda s: s.rows("SELECT until FROM brief_issues"))
    assert [row["until"] for row in issues] == ["2026-10-14T04:00:00.000000Z"]


def test_a_failing_job_is_recorded_and_does_not_stop_others(brief_store: Store) -> None:
    job = _job(brief_store, "0 * * * *")
    brief_store.transact(lambda s: jobs.set_job(s, LOCAL_ORG, "brief.send", job.target,
                                                "0 * * * *", now=T0))
    brief_store.transact(lambda s: s.run("DELETE FROM brief_templates"))
    done = run_due(brief_store, T0 + timedelta(hours=1), DeliveryConfig())
    assert sorted((d["kind"], d["status"]) for d in done) == [("brief.build", "failed"),
                                                               ("brief.send", "ok")]
    runs = brief_store.transact(lambda s: jobs.runs(s))
    assert {r["status"] for r in runs} == {"failed", "ok"}
    assert any("no briefing template" in r["detail"] for r in runs)
