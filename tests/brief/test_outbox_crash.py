"""kill -9 of a real ``diemtin outbox send`` during a batch: nothing lost, nothing twice."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from diemtin.brief.outbox import Channel, enqueue
from diemtin.store import open_store
from diemtin.store.state import LOCAL_ORG
from tests.brief.conftest import Mailbox, wait_for

LEASE = 1.0


def _setup(tmp_path: Path, port: int, count: int) -> tuple[Path, Path, set[str]]:
    db = tmp_path / "hop-thu.db"
    config = tmp_path / "diemtin.toml"
    config.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {port}\n'
                      f'[delivery]\nlease_seconds = {LEASE}\nbackoff_seconds = 0.1\n',
                      encoding="utf-8")
    with open_store(str(db)) as store:
        for number in range(count):
            store.transact(lambda s, n=number: enqueue(
                s, org_id=LOCAL_ORG, channel=Channel.EMAIL, destination=f"bt{n}@soyte.vn",
                subject=f"Cảnh báo số {n}: mưa lũ ở Yên Bái", text="Nước sông Hồng dâng cao.",
                key=f"alert:lu:{n}"))
    return db, config, {f"Cảnh báo số {n}: mưa lũ ở Yên Bái" for n in range(count)}


def _sender(db: Path, config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "diemtin", "outbox", "send", "--db", str(db),
                             "--config", str(config)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


def _finish(db: Path, config: Path) -> None:
    time.sleep(LEASE + 0.2)  # the killed sender's lease runs out
    done = subprocess.run([sys.executable, "-m", "diemtin", "outbox", "send", "--db", str(db),
                           "--config", str(config)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()


def test_kill_9_in_the_middle_of_a_message_neither_loses_nor_repeats(
        tmp_path: Path, smtp_server: tuple[Any, Mailbox]) -> None:
    """Killed while the server is taking message k (its RCPT): k is sent after restart,
    k-1 was marked sent before the sender moved on, so nothing is sent twice."""
    controller, box = smtp_server
    db, config, subjects = _setup(tmp_path, controller.port, 12)
    box.delay = 0.05
    for cut in (4, 9):
        process = _sender(db, config)
        assert wait_for(lambda c=cut: box.rcpt_seen >= c), "the sender never reached the cut"
        _kill(process)
        _finish(db, config) if cut == 9 else time.sleep(LEASE + 0.2)
    received = Counter(str(m["Subject"]) for m in box.messages)
    assert set(received) == subjects
    assert max(received.values()) == 1, [s for s, n in received.items() if n > 1]


def test_kill_9_at_random_moments_loses_nothing(
        tmp_path: Path, smtp_server: tuple[Any, Mailbox]) -> None:
    """Kills at random moments of a batch: every message arrives, each Message-ID once
    per key; a duplicate is possible only in the window between the server's 250 and the
    commit (the documented guarantee), so at most one per kill."""
    controller, box = smtp_server
    db, config, subjects = _setup(tmp_path, controller.port, 40)
    box.delay = 0.01
    chance = random.Random(11)
    kills = 0
    for _ in range(4):
        before = len(box.messages)
        process = _sender(db, config)
        wait_for(lambda b=before: len(box.messages) > b, timeout=20)
        time.sleep(chance.uniform(0.0, 0.15))
        if process.poll() is None:
            _kill(process)
            kills += 1
        time.sleep(LEASE + 0.2)
    _finish(db, config)
    received = Counter(str(m["Subject"]) for m in box.messages)
    assert set(received) == subjects, "a message was lost"
    assert len(set(box.ids())) == len(subjects)  # one stable Message-ID per key
    assert sum(received.values()) - len(subjects) <= kills
