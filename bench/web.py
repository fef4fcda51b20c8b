"""Web benchmark: page latency of ``diemtin serve`` over a large store, under load.

Builds a store of synthetic Vietnamese articles (bench/search.py's generator), serves it
with ``diemtin serve`` (uvicorn, one process) on 127.0.0.1 in a subprocess, then loads it
from this process with httpx at ``--concurrency`` connections (closed loop: each
connection sends its next request when the last one answered). For each page kind it
prints p50/p95, throughput and errors twice: with one connection (service time) and with
``--concurrency`` connections (service time plus queueing), against the goals of issue 10
and against the same server's static stylesheet in the same run (the framework's floor).

    python bench/web.py --articles 100000 [--concurrency 50] [--requests 1000]
        [--workers 2] [--peer-src /tmp/before/src]

``--peer-src`` serves a second build (another checkout's ``src``, e.g. from ``git
archive``) over the same store on the next port, measured right before this build for
each page kind and connection count: before and after side by side in one run, under
the same load.

Everything stays on 127.0.0.1; each pass is bounded by ``--requests`` and ``--seconds``.
Page kinds whose route the build does not have (entity pages, trends) are reported as such.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from diemtin.flow import IngestOptions, ingest_paths
from diemtin.ingest.files import FileOptions
from diemtin.store import open_store
from search import QUERIES, percentiles, write_jsonl

GOALS_MS = {"search": 100.0, "article": 50.0, "entity": 100.0, "trends": 300.0}


@dataclass(frozen=True, slots=True)
class PageKind:
    """One kind of page: how to make its paths and its p95 goal (None: no goal)."""

    name: str
    paths: Callable[[random.Random], str]
    goal_ms: float | None


@dataclass(slots=True)
class Pass:
    """The outcome of one load pass."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    unsent: int = 0

    def error(self, what: str) -> None:
        """Count one failed request by its status or exception name."""
        self.errors[what] = self.errors.get(what, 0) + 1


def build_store(workdir: Path, articles: int) -> Path:
    """The store of ``articles`` synthetic articles (built once, reused by later runs)."""
    workdir.mkdir(parents=True, exist_ok=True)
    jsonl = workdir / f"articles-{articles}.jsonl"
    db = workdir / f"web-{articles}.db"
    write_jsonl(jsonl, articles)
    if db.exists():
        return db
    began = time.perf_counter()
    partial = db.with_suffix(".partial")
    with open_store(partial) as store:
        options = IngestOptions(batch_size=2000, files=FileOptions(workers=2))
        report = ingest_paths(store, [str(jsonl)], options=options)
    partial.rename(db)
    print(f"built {db}: {report.added} articles in {time.perf_counter() - began:.0f} s",
          file=sys.stderr)
    return db


def article_ids(db: Path, count: int, seed: int) -> list[str]:
    """``count`` article ids of the store, spread over it."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM articles")]
    return random.Random(seed).sample(ids, min(count, len(ids)))


def search_paths() -> list[str]:
    """The search pages of bench/search.py's query mix (outlet and date filters included)."""
    paths = []
    for pairs in QUERIES.values():
        for query, _ in pairs:
            words, *rest = query.split("|")
            outlet = f"&outlet={quote(rest[0])}" if rest else ""
            paths.append(f"/?q={quote(words)}{outlet}")
    return paths


def page_kinds(ids: list[str]) -> list[PageKind]:
    """The page kinds measured, with the floor (the static stylesheet) first."""
    searches = search_paths()
    return [
        PageKind("static (floor)", lambda rng: "/static/style.css", None),
        PageKind("search", lambda rng: rng.choice(searches), GOALS_MS["search"]),
        PageKind("article", lambda rng: f"/articles/{rng.choice(ids)}", GOALS_MS["article"]),
        PageKind("trends", lambda rng: "/trends", GOALS_MS["trends"]),
    ]


@contextmanager
def served(db: Path, port: int, *, workers: int = 1, src: Path | None = None
           ) -> Iterator[str]:
    """``diemtin serve`` over ``db`` on 127.0.0.1:``port`` for the duration of the block
    (the build in ``src`` when given, else this one)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
    extra = ["--workers", str(workers)] if workers > 1 else []
    server = subprocess.Popen(
        [sys.executable, "-m", "diemtin", "serve", "--db", str(db), "--port", str(port),
         *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(base + "/static/style.css", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        else:
            raise SystemExit(f"diemtin serve did not start (exit code {server.poll()})")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still working off queued requests
            server.kill()
            server.wait(timeout=30)


async def _connection(client: httpx.AsyncClient, kind: PageKind, rng: random.Random,
                      budget: list[int], result: Pass) -> None:
    while budget[0] > 0:
        budget[0] -= 1
        path = kind.paths(rng)
        began = time.perf_counter()
        try:
            response = await client.get(path)
        except httpx.HTTPError as error:
            result.error(type(error).__name__)
            continue
        result.latencies_ms.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            result.error(str(response.status_code))


async def load(base: str, kind: PageKind, *, connections: int, requests: int,
               seconds: float, seed: int) -> Pass:
    """Send ``requests`` requests of ``kind`` over ``connections`` connections."""
    result = Pass()
    budget = [requests]
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        began = time.perf_counter()
        workers = [_connection(client, kind, random.Random(seed + n), budget, result)
                   for n in range(connections)]
        try:
            await asyncio.wait_for(asyncio.gather(*workers), timeout=seconds)
        except TimeoutError:  # the pass hit --seconds: in-flight requests are dropped
            result.unsent = requests - len(result.latencies_ms) - sum(result.errors.values())
        result.seconds = time.perf_counter() - began
    return result


def available(base: str, kind: PageKind) -> bool:
    """Whether this build serves the kind's pages at all (entity and trends come later)."""
    return httpx.get(base + kind.paths(random.Random(0)), timeout=60).status_code != 404


def settle(base: str, *, seconds: float = 180) -> None:
    """Wait until the server has worked off requests a stopped pass left queued."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        began = time.perf_counter()
        httpx.get(base + "/static/style.css", timeout=seconds)
        if time.perf_counter() - began < 0.1:
            return
        time.sleep(0.5)


def line(kind: PageKind, connections: int, result: Pass, floor_p95: float | None) -> str:
    """One row of the report."""
    p50, p95 = percentiles(result.latencies_ms) if result.latencies_ms else (0.0, 0.0)
    rate = len(result.latencies_ms) / result.seconds if result.seconds else 0.0
    goal = "" if kind.goal_ms is None or connections == 1 else (
        f"{'meets' if p95 <= kind.goal_ms else 'MISSES'} ≤{kind.goal_ms:.0f} ms "
        f"({p95 / kind.goal_ms:.2f}×)")
    floor = f"{p95 / floor_p95:6.1f}×" if floor_p95 else "     –"
    errors = sum(result.errors.values())
    detail = f" {result.errors}" if errors else ""
    if result.unsent:
        detail += f" (stopped at --seconds: {result.unsent} not answered)"
    return (f"{kind.name:<15}{connections:>5}{len(result.latencies_ms):>7}{p50:>9.1f}{p95:>9.1f}"
            f"{rate:>9.0f}{floor}{errors:>7}{detail}  {goal}")


def run(bases: dict[str, str], kinds: list[PageKind], args: argparse.Namespace) -> None:
    """Load each page kind with one connection, then with ``--concurrency``, on each
    server of ``bases`` (label → URL) in turn."""
    print(f"{'page':<15}{'conn':>5}{'reqs':>7}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}"
          f"{'÷floor':>7}{'errors':>7}  goal (p95 at full concurrency)")
    print(f"{'entity':<15} not measured: the synthetic articles carry no NLP annotations, "
          "so the store has no people, organizations or places")
    floors: dict[tuple[str, int], float] = {}
    for kind in kinds:
        for connections, requests in ((1, max(20, args.requests // 10)),
                                      (args.concurrency, args.requests)):
            for label, base in bases.items():
                named = PageKind(f"{kind.name}{label}", kind.paths, kind.goal_ms)
                if not available(base, kind):
                    print(f"{named.name:<15} not served by this build (404): not measured")
                    continue
                result = asyncio.run(load(base, kind, connections=connections,
                                          requests=requests, seconds=args.seconds,
                                          seed=args.seed))
                p95 = percentiles(result.latencies_ms)[1] if result.latencies_ms else 0.0
                floors.setdefault((label, connections), p95)
                floor = None if kind.goal_ms is None else floors[(label, connections)]
                print(line(named, connections, result, floor), flush=True)
                settle(base)


def main() -> None:
    """Build (or reuse) the store, serve it and load it."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000,
                        help="requests per page kind at full concurrency (a tenth at 1)")
    parser.add_argument("--seconds", type=float, default=120, help="time limit of a pass")
    parser.add_argument("--port", type=int, default=18_931)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/diemtin-bench-web"))
    parser.add_argument("--workers", type=int, default=1, help="diemtin serve --workers")
    parser.add_argument("--peer-src", type=Path, default=None,
                        help="also serve the build in this src folder (before/after)")
    args = parser.parse_args()
    db = build_store(args.workdir, args.articles)
    kinds = page_kinds(article_ids(db, 2000, args.seed))
    print(f"diemtin serve (uvicorn, {args.workers} process(es)) over {args.articles} "
          "synthetic articles "
          f"({db.stat().st_size / 1e6:.0f} MB); load from a second process on 127.0.0.1; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    with contextlib.ExitStack() as stack:
        bases = {}
        if args.peer_src is not None:
            bases[" (peer)"] = stack.enter_context(served(db, args.port + 1,
                                                          src=args.peer_src))
        bases[""] = stack.enter_context(served(db, args.port, workers=args.workers))
        run(bases, kinds, args)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
