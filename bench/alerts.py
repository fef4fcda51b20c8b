"""Alert evaluation benchmark: 1,000 saved searches against a 500-article ingest batch.

Builds a SQLite store of synthetic Vietnamese articles (``bench/search.py``'s generator),
saves ``--searches`` saved searches (words, phrases, OR, folded words, outlet filters)
each with a ``new_matches`` rule, then times, in the same run:

- diemtin: ``evaluate_batch`` (what ``diemtin.flow`` runs after each batch): the batch's
  articles are split into words once and every saved search is matched in memory, then
  the alerts are recorded and queued in the outbox;
- peer "store query": each saved search run as a store search restricted to the batch's
  dates (one query per saved search, the obvious implementation), intersected with the
  batch;
- peer "full search": each saved search run over the whole store (top ``--limit`` hits),
  intersected with the batch (only on the first ``--full`` searches; scaled up).

Both peers must find the same (saved search, article) pairs as diemtin (checked).

    python bench/alerts.py [--articles 20000] [--batch 500] [--searches 1000]

``run_bench`` is importable (``bench/brief.py`` of the briefing work can call it).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from diemtin.brief import saved
from diemtin.brief.alerts import add_rule, destination
from diemtin.brief.evaluate import evaluate_batch
from diemtin.models import VIETNAM_TZ, Article, article_id_for
from diemtin.search.filters import SearchFilters
from diemtin.store import Store, open_store
from diemtin.store.state import LOCAL_ORG
from search import OUTLETS, synthetic_records

WORDS = ["Đảng ủy", "bão", "lũ", "học sinh", "doanh nghiệp", "bệnh viện", "Tỉnh ủy",
         "sạt lở", "Lào Cai", "xuất khẩu", "nông dân", "giáo dục", "giao thông", "cán bộ",
         "hội nghị", "kinh tế", "đầu tư", "môi trường", "du lịch", "an ninh", "y tế",
         "chuyển đổi số", "ngân sách", "Quốc hội", "Chủ tịch", "nhân dân", "thanh niên",
         "xây dựng", "văn hóa", "thể thao", "thủy sản", "lúa", "cà phê", "dự án", "trường"]


def _article(record: dict[str, Any], published: datetime) -> Article:
    body = tuple(str(p) for p in record["body"])
    return Article(id=article_id_for(url=str(record["url"]), title=str(record["title"]),
                   body=body), title=str(record["title"]), body=body,
                   url=str(record["url"]), outlet=str(record["outlet"]),
                   lead=str(record["lead"]), published=published)


def _queries(count: int, seed: int) -> list[tuple[str, tuple[str, ...]]]:
    chance = random.Random(seed)
    made: list[tuple[str, tuple[str, ...]]] = []
    for n in range(count):
        first, second = chance.sample(WORDS, 2)
        shape = n % 5
        text = {0: f'"{first}"', 1: f"{first} {second}", 2: f'"{first}" OR "{second}"',
                3: f"{first} NOT {second}", 4: first.lower()}[shape]
        outlets = (chance.choice(OUTLETS),) if n % 7 == 0 else ()
        made.append((text, outlets))
    return made


def build(store: Store, articles: int, batch: int, searches: int) -> list[Article]:
    """Fill ``store`` with ``articles`` old articles and the saved searches; return the
    batch (not stored yet), published today."""
    records = list(synthetic_records(articles + batch, seed=11))
    old = [_article(r, datetime.fromisoformat(str(r["published"]))) for r in records[:articles]]
    for start in range(0, len(old), 2000):
        store.upsert_articles(old[start:start + 2000])
    today = datetime.now(VIETNAM_TZ).replace(hour=6, minute=0, second=0, microsecond=0)
    new = [_article(r, today + timedelta(seconds=n)) for n, r in
           enumerate(records[articles:])]
    places = [destination("email", "bientap@soyte.vn")]
    for n, (text, outlets) in enumerate(_queries(searches, seed=5)):
        def work(s: Any, n: int = n, text: str = text, outlets: tuple[str, ...] = outlets
                 ) -> None:
            saved.save(s, LOCAL_ORG, f"Tìm {n:04d}", text, outlets=outlets)
            add_rule(s, LOCAL_ORG, f"Tìm {n:04d}", "new_matches", destinations=places)
        store.transact(work)
    return new


def _peer(store: Store, batch: list[Article], searches: list[saved.SavedSearch], *,
          restrict: bool, limit: int) -> tuple[float, set[tuple[str, str]]]:
    ids = {a.id for a in batch}
    since = min(a.published for a in batch if a.published)
    filters = SearchFilters(since=since) if restrict else SearchFilters()
    pairs: set[tuple[str, str]] = set()
    start = time.perf_counter()
    for item in searches:
        hits = store.search(item.query(), filters=filters, limit=limit).hits
        pairs.update((item.id, hit.article.id) for hit in hits if hit.article.id in ids)
    return time.perf_counter() - start, pairs


def run_bench(articles: int = 20_000, batch: int = 500, searches: int = 1000,
              full: int = 100, limit: int = 1000) -> dict[str, Any]:
    """Run the benchmark in a temporary SQLite store; the figures as a dict."""
    with tempfile.TemporaryDirectory() as folder, \
            open_store(str(Path(folder) / "alerts.db")) as store:
        new = build(store, articles, batch, searches)
        store.upsert_articles(new)
        listed = store.transact(lambda s: saved.list_saved(s, LOCAL_ORG))
        start = time.perf_counter()
        queued = evaluate_batch(store, new, {}, now=datetime.now(UTC))
        ours = time.perf_counter() - start
        seen = store.transact(lambda s: s.rows("SELECT r.saved_id, a.item FROM alert_seen a "
                                               "JOIN alert_rules r ON r.id = a.rule_id"))
        pairs = {(row["saved_id"], row["item"][2:]) for row in seen}
        restricted, peer_pairs = _peer(store, new, listed, restrict=True, limit=batch)
        sample = listed[:full]
        whole, whole_pairs = _peer(store, new, sample, restrict=False, limit=limit)
        sample_ids = {item.id for item in sample}
        return {
            "articles": articles, "batch": batch, "searches": len(listed), "queued": queued,
            "matches": len(pairs), "diemtin_s": ours, "store_query_s": restricted,
            "full_search_s": whole * len(listed) / max(len(sample), 1),
            "same_as_store_query": pairs == peer_pairs,
            "full_search_missed": len({p for p in pairs if p[0] in sample_ids} - whole_pairs),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument("--full", type=int, default=100,
                        help="saved searches timed with the full-search peer")
    args = parser.parse_args()
    figures = run_bench(args.articles, args.batch, args.searches, args.full)
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"store {figures['articles']:,} articles; batch {figures['batch']}; "
          f"{figures['searches']} saved searches with a new_matches rule")
    print(f"(saved search, article) matches: {figures['matches']}; "
          f"messages queued: {figures['queued']}")
    print(f"{'method':<44}{'seconds':>10}{'× diemtin':>12}")
    ours = figures["diemtin_s"]
    for label, key in (("diemtin evaluate_batch (in memory)", "diemtin_s"),
                       ("peer: store query per search (batch dates)", "store_query_s"),
                       ("peer: full search per search (scaled)", "full_search_s")):
        print(f"{label:<44}{figures[key]:>10.2f}{figures[key] / ours:>12.1f}")
    print(f"same pairs as the store-query peer: {figures['same_as_store_query']}; "
          f"pairs the full-search peer missed (its top hits): {figures['full_search_missed']}")
    print(f"goal ≤ 5 s for 1,000 searches × 500 articles: "
          f"{'met' if ours <= 5 else 'NOT met'} ({ours:.2f} s)")


if __name__ == "__main__":
    main()
