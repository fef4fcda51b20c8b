#!/usr/bin/env python3
"""Corpus-scale analysis on a distributed engine: Dask (diemtin's) and Ray, side by side.

    python bench/cluster.py [--articles 2000] [--chunk 100] [--engines local,dask,ray]

Runs the same pure step (the NLP pipeline over a chunk of articles, what ``diemtin
reanalyze --workers N`` ships to workers) in this process, then on a local Dask cluster
and a local Ray instance with 1 and 2 worker processes. Prints, per run, the start-up
time of the engine, the time of the work itself, articles per second, and the speed-up
of 2 workers against 1 and the overhead of 1 worker against the single-process path.
Articles are the bundled sample corpus repeated with a distinct line each (so no cache
helps). Ray is an optional ``[bench]`` dependency, skipped when missing.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "diemtin" / "data" / "sample"


def articles(count: int) -> list[Any]:
    """``count`` sample articles, each made distinct by a closing line."""
    from diemtin.models import Article, article_id_for, from_dict

    rows = [json.loads(line) for path in sorted(SAMPLE.glob("*.jsonl"))
            for line in path.open(encoding="utf-8")]
    base: list[Article] = [from_dict({"id": article_id_for(
        url=row["url"], title=row["title"], body=tuple(row["body"])), **row}) for row in rows]
    made = []
    for i in range(count):
        article = base[i % len(base)]
        body = (*article.body, f"Bản tin số {i}.")
        made.append(dataclasses.replace(
            article, id=article_id_for(url=None, title=article.title, body=body), url=None,
            body=body))
    return made


def run_one(engine: str, workers: int, count: int, chunk: int) -> dict[str, Any]:
    """One measured run (called in a fresh process)."""
    from diemtin.distributed import AnalyzeTask, ClusterOptions, DaskEngine, analyze_task, chunked
    from diemtin.nlp import AnalyzeOptions

    tasks = [AnalyzeTask(tuple(c), AnalyzeOptions()) for c in chunked(articles(count), chunk)]
    started = time.perf_counter()
    mapper: Callable[[], list[Any]]
    closer: Callable[[], None] = lambda: None  # noqa: E731
    if engine == "local":
        def mapper() -> list[Any]:
            return [analyze_task(t) for t in tasks]
    elif engine == "dask":
        dask = DaskEngine(ClusterOptions(workers=workers, chunk_size=chunk))
        closer = dask.close

        def mapper() -> list[Any]:
            return list(dask.map_ordered(analyze_task, tasks))
    else:
        import ray

        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
        closer = ray.shutdown
        remote = ray.remote(analyze_task)

        def mapper() -> list[Any]:
            return list(ray.get([remote.remote(t) for t in tasks]))
    ready = time.perf_counter()
    batches = mapper()
    done = time.perf_counter()
    closer()
    analyzed = sum(len(b.annotations) for b in batches)
    return {"engine": engine, "workers": workers, "articles": analyzed,
            "startup_s": round(ready - started, 2), "work_s": round(done - ready, 2),
            "per_s": round(analyzed / (done - ready), 1)}


def measure(engine: str, workers: int, count: int, chunk: int) -> dict[str, Any]:
    """Run one configuration in a fresh interpreter (no warm model caches)."""
    out = subprocess.run([sys.executable, __file__, "--one", engine, str(workers),
                          "--articles", str(count), "--chunk", str(chunk)],
                         capture_output=True, text=True, check=True, timeout=1800)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--engines", default="local,dask,ray")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]), args.articles, args.chunk)))
        return
    engines = [e for e in args.engines.split(",")
               if e != "ray" or importlib.util.find_spec("ray") is not None]
    rows = [measure("local", 1, args.articles, args.chunk)] if "local" in engines else []
    rows += [measure(e, w, args.articles, args.chunk)
             for e in engines if e != "local" for w in (1, 2)]
    print(f"{'engine':8} {'workers':>7} {'start s':>8} {'work s':>7} {'art/s':>7}")
    for row in rows:
        print(f"{row['engine']:8} {row['workers']:>7} {row['startup_s']:>8} "
              f"{row['work_s']:>7} {row['per_s']:>7}")
    by = {(r["engine"], r["workers"]): r for r in rows}
    local = by.get(("local", 1))
    for engine in (e for e in engines if e != "local"):
        one, two = by[(engine, 1)], by[(engine, 2)]
        line = f"{engine}: speed-up 2 vs 1 workers x{two['per_s'] / one['per_s']:.2f}"
        if local:
            line += (f"; 1 worker vs single process x{one['per_s'] / local['per_s']:.2f}"
                     f" (+{one['startup_s']} s start-up)")
        print(line)


if __name__ == "__main__":
    main()
