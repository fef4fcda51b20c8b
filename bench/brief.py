"""Briefing benchmark: build a morning briefing of 5 sections over a big store, against
naive peers in the same run.

Stores of synthetic Vietnamese articles are built as ``bench/search.py`` builds them
(bigram text learned from the bundled sample, 34 outlets, two years of dates, ingested
without NLP), then linked synthetically: every 10 consecutive articles hold a 4-article
story and a 2-article duplicate group (40 % and 20 % of the articles), written with
``Store.save_links`` (real linking of 1M articles takes far longer than the bench).

Measured, median of ``--repeat`` runs, for a 24-hour and a 7-day period ending at the
newest article:

- **diemtin**: ``briefings.build`` end to end (5 searches of 200 hits, one grouping pass,
  the chosen items' articles and annotations, the draft written);
- **naive grouped**: the same output the obvious way: every match of each section in the
  period (``Store.iter_articles``), then its story and duplicate group looked up one
  article at a time, grouped and ranked by coverage;
- **naive flat**: one search per section, its first 5 hits as items, no grouping (what a
  briefing without stories would do: a lower bound, not the same output).

    python bench/brief.py --sizes 100000 300000 [--workdir /tmp/diemtin-bench-brief]

(``bench/`` is on the path when run as a script: the store is built by ``search.py``'s
generator.)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from diemtin.brief import briefings
from diemtin.brief import templates as tpl
from diemtin.brief.saved import save
from diemtin.flow import IngestOptions, ingest_paths
from diemtin.ingest.files import FileOptions
from diemtin.models import article_id_for
from diemtin.search import parse_query
from diemtin.search.filters import SearchFilters
from diemtin.store import Store, open_store
from diemtin.store.base import (
    DuplicateRecord,
    GroupMember,
    LinkBatch,
    StoryRecord,
    StoryState,
)
from diemtin.store.state import LOCAL_ORG
from search import write_jsonl

SECTIONS = (("Thời sự", '"Lào Cai"'), ("Thiên tai", "bão lũ"), ("Giáo dục", '"học sinh"'),
            ("Kinh tế", "doanh nghiệp"), ("Xây dựng Đảng", "Đảng ủy"))
ITEMS = 5


def build_store(workdir: Path, size: int) -> Path:
    """The store of ``size`` synthetic articles, linked synthetically (built once)."""
    db = workdir / f"brief-{size}.db"
    if db.exists():
        return db
    jsonl = workdir / f"articles-{size}.jsonl"
    write_jsonl(jsonl, size)
    partial = Path(str(db) + ".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    began = time.perf_counter()
    with open_store(str(partial)) as store:
        options = IngestOptions(batch_size=2000, files=FileOptions(workers=2), link=False)
        ingest_paths(store, [str(jsonl)], options=options)
        print(f"  ingested {size:,} in {time.perf_counter() - began:.0f} s", flush=True)
        link_synthetically(store, jsonl, size)
        setup_template(store)
    partial.rename(db)
    return db


def _records(jsonl: Path) -> Iterator[dict[str, object]]:
    with jsonl.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def link_synthetically(store: Store, jsonl: Path, size: int) -> None:
    """A 4-article story and a 2-article duplicate group in every 10 articles (of the
    JSONL file, in order: consecutive articles are minutes apart)."""
    records = _records(jsonl)
    window: list[tuple[str, datetime]] = []
    stories: list[StoryRecord] = []
    groups: list[DuplicateRecord] = []
    for index, record in enumerate(records):
        window.append((article_id_for(url=str(record["url"]), title="", body=()),
                       datetime.fromisoformat(str(record["published"]))))
        if len(window) < 10:
            continue
        ids = [article_id for article_id, _ in window]
        stories.append(StoryRecord(id=f"s-{ids[0]}", title=str(record["title"]), summary="",
                                   first_published=window[0][1], last_published=window[3][1],
                                   state=StoryState.OPEN, article_ids=tuple(ids[:4])))
        groups.append(DuplicateRecord(id=ids[5], members=(GroupMember(ids[5]),
                                                          GroupMember(ids[6], 3600.0))))
        window = []
        if len(stories) >= 5000 or index == size - 1:
            store.save_links(LinkBatch(linked=(), groups=tuple(groups), stories=tuple(stories)))
            stories, groups = [], []
    if stories:
        store.save_links(LinkBatch(linked=(), groups=tuple(groups), stories=tuple(stories)))


def setup_template(store: Store) -> None:
    def work(session: object) -> None:
        for heading, query in SECTIONS:
            save(session, LOCAL_ORG, heading, query)  # type: ignore[arg-type]
        for name, period in (("sang", "24h"), ("tuan", "7d")):
            tpl.add(session, LOCAL_ORG, name, title="Điểm tin sáng",  # type: ignore[arg-type]
                    period=period, items=ITEMS,
                    sections=tuple(tpl.Section(h, saved=h) for h, _ in SECTIONS))

    store.transact(work)


def newest(store: Store) -> datetime:
    stats = [s.last_published for s in store.outlet_stats() if s.last_published]
    return datetime.fromisoformat(max(stats))


def naive_grouped(store: Store, since: datetime, until: datetime) -> int:
    """Every match, one story/group lookup per article, grouped and ranked."""
    filters = SearchFilters(since=since, until=until)
    used: set[str] = set()
    items = 0
    for _, query in SECTIONS:
        groups: dict[str, list[str]] = defaultdict(list)
        for article in store.iter_articles(parse_query(query), filters=filters):
            story = store.story_ids([article.id]).get(article.id)
            dup = store.duplicate_groups([article.id])
            key = f"s:{story}" if story else f"d:{dup[0].id}" if dup else f"a:{article.id}"
            groups[key].append(article.id)
        sizes = {key: len(store.get_story(key[2:]).article_ids) if key.startswith("s:")
                 else len(members) for key, members in groups.items()}
        chosen = [k for k in sorted(groups, key=lambda k: -sizes[k]) if k not in used][:ITEMS]
        used.update(chosen)
        for key in chosen:
            store.get_articles(groups[key])
            store.get_annotations(groups[key][0])
        items += len(chosen)
    return items


def naive_flat(store: Store, since: datetime, until: datetime) -> int:
    """One search per section, its first hits as items."""
    filters = SearchFilters(since=since, until=until)
    items = 0
    for _, query in SECTIONS:
        hits = store.search(parse_query(query), filters=filters, limit=ITEMS).hits
        for hit in hits:
            store.get_annotations(hit.article.id)
        items += len(hits)
    return items


def timed(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    samples, result = [], 0
    for _ in range(repeat):
        began = time.perf_counter()
        result = run()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples), result


def bench(db: Path, size: int, repeat: int) -> None:
    with open_store(str(db)) as store:
        until = newest(store)
        for name, span in (("sang", timedelta(hours=24)), ("tuan", timedelta(days=7))):
            since = until - span

            def ours(name: str = name) -> int:
                return len(briefings.build(store, LOCAL_ORG, name, until=until).items())

            results = {"diemtin": timed(ours, repeat),
                       "naive grouped": timed(lambda s=since: naive_grouped(store, s, until),
                                              repeat),
                       "naive flat": timed(lambda s=since: naive_flat(store, s, until), repeat)}
            matches = sum(store.count(parse_query(q), filters=SearchFilters(
                since=since, until=until)).total for _, q in SECTIONS)
            print(f"\n{size:,} articles, period {span}, {matches:,} section matches")
            base = results["diemtin"][0]
            for label, (seconds, items) in results.items():
                print(f"  {label:<14} {seconds * 1000:9.1f} ms  {items:3d} items  "
                      f"{seconds / base:6.2f}x diemtin")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/diemtin-bench-brief"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}, {datetime.now():%Y-%m-%d %H:%M}")
    for size in args.sizes:
        print(f"building the {size:,}-article store …", flush=True)
        bench(build_store(args.workdir, size), size, args.repeat)


if __name__ == "__main__":
    main()
