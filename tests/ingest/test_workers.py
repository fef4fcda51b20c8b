"""Parse workers die with the ingest that started them (issue 15: orphans after kill -9)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _parents() -> dict[int, int]:
    """Every live process's parent, read from /proc (zombies count as gone)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            found[int(entry.name)] = int(parent)
    return found


def _descendants(root: int) -> set[int]:
    parents = _parents()
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _big_jsonl(path: Path, records: int) -> Path:
    body = ["Sáng 13/10, mưa lớn kéo dài khiến nhiều tuyến đường ở Lào Cai bị sạt lở."] * 8
    with path.open("w", encoding="utf-8") as stream:
        for number in range(records):
            record = {"url": f"https://baolaocai.vn/tin-{number}.html",
                      "title": f"Mưa lớn gây sạt lở ở Lào Cai, bản tin số {number}",
                      "body": body, "published": "2026-10-13T08:00:00"}
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def test_issue_15_parse_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    source = _big_jsonl(tmp_path / "big.jsonl", 40_000)  # about 40 MiB: parsed in a worker
    ingest = subprocess.Popen(
        [sys.executable, "-m", "diemtin", "ingest", str(source), "--db", str(tmp_path / "t.db"),
         "--quiet", "--no-analyze", "--jobs", "2", "--batch-size", "200"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: set[int] = set()
    try:
        def workers_started() -> bool:
            children.update(_descendants(ingest.pid))
            return len(children) >= 2  # the parse worker and the resource tracker
        assert _wait_for(workers_started, 30), "the ingest never started its parse worker"
        time.sleep(0.5)
        children.update(_descendants(ingest.pid))
        os.kill(ingest.pid, signal.SIGKILL)
        ingest.wait(10)
        assert _wait_for(lambda: not children & set(_parents()), 5), \
            f"still alive 5 s after kill -9: {sorted(children & set(_parents()))}"
    finally:
        for pid in children & set(_parents()):
            os.kill(pid, signal.SIGKILL)
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
