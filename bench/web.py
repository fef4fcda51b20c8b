"""Web benchmark: page latency of ``diemtin serve`` over a large store, under load.

Builds a store of synthetic Vietnamese articles (bench/search.py's generator) with
synthetic entity mentions (bench/web_corpus.py), serves it with ``diemtin serve``
(uvicorn, ``--workers`` processes) on 127.0.0.1 in a subprocess, then loads it from a
second process at ``--concurrency`` connections (closed loop: each connection sends its
next request when the last one answered): wrk when installed (bench/wrk_load.py), else
httpx from this process. For each page kind (search with a repeated query mix and with
queries that do not repeat, articles opened again and again and opened once, entity,
trends) it prints p50/p95, throughput and errors twice: with one connection (service
time) and with ``--concurrency`` connections (service time plus queueing), against the
goals of issue 10 and against the same server's static stylesheet in the same run (the
framework's floor). Requests carry the CSRF cookie of one of 50 browsers, as browsers do
after their first page; the server keeps whole pages for such readers (``diemtin serve
--no-keep-pages`` turns that off: ``--no-keep-pages`` here passes it on). ``--signed-in``
loads a copy of the store that has a user, as 50 signed-in browsers (a session each):
an instance with accounts, whose readers never get kept pages.

    python bench/web.py --articles 100000 [--concurrency 50] [--seconds 20]
        [--workers 2] [--load wrk|httpx] [--peer-src /tmp/before/src]

``--peer-src`` serves a second build (another checkout's ``src``, e.g. from ``git
archive``) over the same store on the next port, measured right before this build for
each page kind and connection count: before and after side by side in one run, under
the same load.

Everything stays on 127.0.0.1; each pass is bounded by ``--seconds`` (and, with httpx,
``--requests``). Page kinds whose route the build does not have are reported as such.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import secrets
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx

from diemtin.accounts.actor import Role
from diemtin.accounts.passwords import hash_password
from diemtin.accounts.sessions import start_session
from diemtin.accounts.users import create_user
from diemtin.flow import IngestOptions, ingest_paths
from diemtin.ingest.files import FileOptions
from diemtin.store import open_store
from diemtin.store.state import StateSession, one
from diemtin.store.state_schema import LOCAL_ORG
from search import QUERIES, percentiles, write_jsonl
from web_corpus import annotate_store, distinct_queries, entity_paths
from wrk_load import run_wrk, wrk_available

GOALS_MS = {"search": 100.0, "article": 50.0, "entity": 100.0, "trends": 300.0}


@dataclass(frozen=True, slots=True)
class PageKind:
    """One kind of page: how to make its paths and its p95 goal (None: no goal)."""

    name: str
    pool: list[str]
    goal_ms: float | None

    def paths(self, rng: random.Random) -> str:
        """One path of the pool, at random."""
        return rng.choice(self.pool)


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


def signed_in_copy(db: Path, *, browsers: int) -> tuple[Path, list[str]]:
    """A copy of ``db`` with an editor in its organization (an instance with accounts:
    every page needs a login) and ``browsers`` sessions of theirs: (the copy, the Cookie
    header of each browser). The copy is made once; sessions are new each run."""
    copy = db.with_name(db.stem + "-accounts.db")
    if not copy.exists():
        with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
            source.backup(target)
    with open_store(copy) as store:
        def sign_in(session: StateSession) -> list[str]:
            found = one(session, "SELECT id FROM users WHERE email = :e", e=_BENCH_USER)
            user_id = found["id"] if found else create_user(
                session, "bench", _BENCH_USER, hash_password(secrets.token_hex(8)),
                org_id=LOCAL_ORG, role=Role.EDITOR).id
            now = datetime.now(UTC)
            return [start_session(session, str(user_id), now) for _ in range(browsers)]

        sessions = store.transact(sign_in)
    return copy, [f"diemtin_session={raw}" for raw in sessions]


_BENCH_USER = "bench@diemtin.test"


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


def page_kinds(ids: list[str], every_id: list[str], entities: list[str]) -> list[PageKind]:
    """The page kinds measured, with the floor (the static stylesheet) first. "search"
    repeats bench/search.py's 24 queries (pages a team opens again and again: kept
    answers serve most); "search, new" sends queries that do not repeat within a pass;
    "article" opens 2,000 articles again and again, "article, new" any of the store's
    (few repeat within a pass: what a first view costs)."""
    searches = search_paths()
    fresh = [f"/?q={quote(query)}" for query in distinct_queries(20_000)]
    return [
        PageKind("static (floor)", ["/static/style.css"], None),
        PageKind("search", searches, GOALS_MS["search"]),
        PageKind("search, new", fresh, GOALS_MS["search"]),
        PageKind("article", [f"/articles/{i}" for i in ids], GOALS_MS["article"]),
        PageKind("article, new", [f"/articles/{i}" for i in every_id], GOALS_MS["article"]),
        PageKind("entity", entities, GOALS_MS["entity"]),
        PageKind("trends", ["/trends"], GOALS_MS["trends"]),
    ]


@contextmanager
def served(db: Path, port: int, *, workers: int = 1, src: Path | None = None,
           extra: tuple[str, ...] = ()) -> Iterator[str]:
    """``diemtin serve`` over ``db`` on 127.0.0.1:``port`` for the duration of the block
    (the build in ``src`` when given, else this one)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
    options = [*(["--workers", str(workers)] if workers > 1 else []), *extra]
    server = subprocess.Popen(
        [sys.executable, "-m", "diemtin", "serve", "--db", str(db), "--port", str(port),
         *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
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
    detail = f" (stopped at --seconds: {result.unsent} not answered)" if result.unsent else ""
    return row(kind, connections, len(result.latencies_ms), (p50, p95), rate, result.errors,
               floor_p95) + detail


def row(kind: PageKind, connections: int, answered: int, p50_p95: tuple[float, float],
        rate: float, errors: dict[str, int], floor_p95: float | None) -> str:
    """One row of the report, from either load generator."""
    p50, p95 = p50_p95
    goal = "" if kind.goal_ms is None or connections == 1 else (
        f"{'meets' if p95 <= kind.goal_ms else 'MISSES'} ≤{kind.goal_ms:.0f} ms "
        f"({p95 / kind.goal_ms:.2f}×)")
    floor = f"{p95 / floor_p95:6.1f}×" if floor_p95 else "     –"
    failed = sum(errors.values())
    detail = f" {errors}" if failed else ""
    return (f"{kind.name:<15}{connections:>5}{answered:>7}{p50:>9.1f}{p95:>9.1f}"
            f"{rate:>9.0f}{floor}{failed:>7}{detail}  {goal}")


def measure(base: str, kind: PageKind, connections: int, args: argparse.Namespace
            ) -> tuple[int, tuple[float, float], float, dict[str, int]]:
    """One pass: (answered, (p50, p95), requests/s, errors), by wrk when installed."""
    seconds = args.seconds if connections > 1 else max(3.0, args.seconds / 4)
    if args.load == "wrk":
        done = run_wrk(base, kind.pool, connections=connections, seconds=seconds,
                       seed=args.seed, cookies=args.cookies)
        return done.requests, (done.p50_ms, done.p95_ms), done.rate, done.errors
    requests = args.requests if connections > 1 else max(20, args.requests // 10)
    result = asyncio.run(load(base, kind, connections=connections, requests=requests,
                              seconds=args.seconds, seed=args.seed))
    if result.unsent:
        result.error("not answered in time")
    p50_p95 = percentiles(result.latencies_ms) if result.latencies_ms else (0.0, 0.0)
    rate = len(result.latencies_ms) / result.seconds if result.seconds else 0.0
    return len(result.latencies_ms), p50_p95, rate, result.errors


def run(bases: dict[str, str], kinds: list[PageKind], args: argparse.Namespace) -> None:
    """Load each page kind with one connection, then with ``--concurrency``, on each
    server of ``bases`` (label → URL) in turn."""
    print(f"{'page':<15}{'conn':>5}{'reqs':>7}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}"
          f"{'÷floor':>7}{'errors':>7}  goal (p95 at full concurrency)")
    floors: dict[tuple[str, int], float] = {}
    for kind in kinds:
        for connections in (1, args.concurrency):
            for label, base in bases.items():
                named = PageKind(f"{kind.name}{label}", kind.pool, kind.goal_ms)
                if not available(base, kind):
                    print(f"{named.name:<15} not served by this build (404): not measured")
                    continue
                answered, p50_p95, rate, errors = measure(base, kind, connections, args)
                floors.setdefault((label, connections), p50_p95[1])
                floor = None if kind.goal_ms is None else floors[(label, connections)]
                print(row(named, connections, answered, p50_p95, rate, errors, floor),
                      flush=True)
                settle(base)


def main() -> None:
    """Build (or reuse) the store, serve it and load it."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--load", choices=["wrk", "httpx"],
                        default="wrk" if wrk_available() else "httpx",
                        help="load generator (default: wrk when installed)")
    parser.add_argument("--requests", type=int, default=1000,
                        help="httpx: requests per page kind at full concurrency (a tenth at 1)")
    parser.add_argument("--seconds", type=float, default=20,
                        help="wrk: length of a pass at full concurrency (a quarter at 1); "
                             "httpx: time limit of a pass")
    parser.add_argument("--port", type=int, default=18_931)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/diemtin-bench-web"))
    parser.add_argument("--workers", type=int, default=2, help="diemtin serve --workers")
    parser.add_argument("--kinds", default="",
                        help="measure only these page kinds, comma-separated: search, "
                             "article, entity, trends (with their 'new' variants); the floor "
                             "is always measured")
    parser.add_argument("--signed-in", action="store_true",
                        help="load as 50 signed-in users (a session cookie each), over a "
                             "copy of the store with a user: an instance with accounts")
    parser.add_argument("--no-keep-pages", action="store_true",
                        help="serve with diemtin serve --no-keep-pages")
    parser.add_argument("--peer-db", type=Path, default=None,
                        help="the store the --peer-src build serves (default: the same; "
                             "a copy when this build's schema is newer than the peer's)")
    parser.add_argument("--peer-src", type=Path, default=None,
                        help="also serve the build in this src folder (before/after)")
    args = parser.parse_args()
    db = build_store(args.workdir, args.articles)
    annotate_store(db)
    args.cookies = None
    if args.signed_in:
        db, args.cookies = signed_in_copy(db, browsers=50)
    kinds = page_kinds(article_ids(db, 2000, args.seed), article_ids(db, args.articles, 0),
                       entity_paths(db))
    if args.kinds:
        wanted = set(args.kinds.split(","))
        kinds = [kind for kind in kinds if kind.goal_ms is None
                 or kind.name.split(",")[0] in wanted]
    print(f"diemtin serve (uvicorn, {args.workers} process(es)) over {args.articles} "
          "synthetic articles "
          f"({db.stat().st_size / 1e6:.0f} MB); load by {args.load} from a second process "
          f"on 127.0.0.1; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "at start")
    with contextlib.ExitStack() as stack:
        bases = {}
        if args.peer_src is not None:
            bases[" (peer)"] = stack.enter_context(served(args.peer_db or db, args.port + 1,
                                                          workers=args.workers,
                                                          src=args.peer_src))
        extra = ("--no-keep-pages",) if args.no_keep_pages else ()
        bases[""] = stack.enter_context(served(db, args.port, workers=args.workers,
                                               extra=extra))
        run(bases, kinds, args)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
