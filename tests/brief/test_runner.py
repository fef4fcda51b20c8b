"""``diemtin schedule run`` as a real process on a fast test clock: killed with -9 and
restarted after a downtime, each due occurrence runs exactly once and the missed ones
coalesce into one run; SIGTERM stops it cleanly; ``schedule due`` runs what is due once."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from diemtin.brief import jobs
from diemtin.brief import templates as tpl
from diemtin.cli import cli
from diemtin.store import open_store
from diemtin.store.state import LOCAL_ORG, parse_time
from tests.brief.news import fill

T0 = datetime.fromisoformat("2026-10-14T06:00:00+07:00")
SPEED = "60"  # one clock minute per real second


def _db(tmp_path: Path, schedule: str = "* * * * *") -> str:
    path = str(tmp_path / "tin.db")
    with open_store(path) as store:
        fill(store)
        template = store.transact(lambda s: tpl.get(s, LOCAL_ORG, "sang"))
        store.transact(lambda s: jobs.set_job(s, LOCAL_ORG, "brief.build", template.id,
                                              schedule, now=T0))
    return path


def _start(db: str, at: datetime) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DIEMTIN_NOW=at.isoformat(), DIEMTIN_CLOCK_SPEED=SPEED)
    return subprocess.Popen([sys.executable, "-m", "diemtin", "schedule", "run", "--db", db],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _state(db: str) -> tuple[list[dict[str, Any]], list[str]]:
    with open_store(db) as store:
        runs = store.transact(lambda s: jobs.runs(s))
        issues = store.transact(lambda s: [r["until"] for r in s.rows(
            "SELECT until FROM brief_issues ORDER BY until")])
    return runs, issues


def _wait(check: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_kill_9_and_restart_run_each_occurrence_once(tmp_path: Path) -> None:
    db = _db(tmp_path)
    first = _start(db, T0)
    try:
        _wait(lambda: len(_state(db)[0]) >= 3)
    finally:
        first.kill()  # SIGKILL: no clean up at all
        first.wait()
    before, _ = _state(db)
    down_until = T0 + timedelta(minutes=30)  # 25+ occurrences missed while down
    second = _start(db, down_until)
    try:
        _wait(lambda: len(_state(db)[0]) >= len(before) + 3)
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0, second.stderr.read() if second.stderr else ""
    runs, issues = _state(db)
    dues = [r["due"] for r in runs]
    assert len(dues) == len(set(dues)), "an occurrence ran twice"
    after = [parse_time(d) for d in dues[len(before):]]
    # The restart runs the missed occurrences once, as the latest of them (06:30 at most),
    # then every minute again.
    assert after[0] <= down_until < after[0] + timedelta(minutes=1)
    assert all(b - a == timedelta(minutes=1) for a, b in itertools.pairwise(after))
    assert parse_time(dues[len(before) - 1]) < T0 + timedelta(minutes=10)
    finished = [r["due"] for r in runs if r["status"] == "ok"]
    assert sorted(issues) == sorted(finished)  # one draft per finished occurrence
    assert [r for r in runs if r["status"] not in ("ok", "running")] == []


def test_schedule_due_runs_what_is_due_once(tmp_path: Path) -> None:
    db = _db(tmp_path, "6:30 every weekday")
    env = {"DIEMTIN_NOW": (T0 + timedelta(minutes=45)).isoformat()}
    out = CliRunner(env=env).invoke(cli, ["schedule", "due", "--db", db, "--format", "json"])
    assert out.exit_code == 0, out.output
    [ran] = json.loads(out.stdout)
    assert (ran["kind"], ran["status"], ran["due"]) == ("brief.build", "ok",
                                                       "2026-10-13T23:30:00.000000Z")
    again = CliRunner(env=env).invoke(cli, ["schedule", "due", "--db", db, "--format", "json"])
    assert json.loads(again.stdout) == []
    listed = CliRunner().invoke(cli, ["schedule", "list", "--db", db, "--format", "json"])
    assert json.loads(listed.stdout)[0]["next_due"] == "2026-10-14T23:30:00.000000Z"
