"""Linking benchmark: near-duplicates, stories, signature speed, 1M-document dedup.

Reads the gold files ``bench/data/link/stories-*.jsonl`` (format in ``docs/link.md``),
adds programmatic republication variants of the gold originals, and prints in one run:
near-duplicate precision / recall / original identified; story B-cubed F1 (fit on one
gold file, reported on the other, both ways) beside a single-pass TF-IDF baseline;
MinHash signature speed of diemtin, rensa and datasketch on the same documents; a
synthetic end-to-end deduplication of ``--docs`` documents; story assignment speed.

    python bench/link.py --docs 1000000
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from diemtin.link import decision, metrics
from diemtin.link.duplicates import duplicate_groups
from diemtin.link.edits import EDITS
from diemtin.link.inputs import story_input, training_samples
from diemtin.link.stories import StoryIndex, StoryInput, StoryOptions, assign
from diemtin.models import Article
from diemtin.nlp import analyze
from link_synthetic import synthetic_corpus

DATA = Path(__file__).parent / "data" / "link"
COMBOS = (("tone", "credit"), ("third", "captions"), ("reorder", "numbers"), ("third",),
          ("tone",), ("reorder",), ("numbers", "captions"))


def load(path: Path) -> tuple[list[Article], dict[str, str], dict[str, str | None]]:
    """Articles of a gold file, their gold story and their gold ``copy_of``."""
    articles, story, copy_of = [], {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        articles.append(Article(
            id=row["id"], title=row["title"], lead=row.get("lead"), body=tuple(row["body"]),
            url=row["url"], outlet=row["outlet"],
            published=datetime.fromisoformat(row["published"]), author=row.get("author")))
        story[row["id"]], copy_of[row["id"]] = row["story"], row.get("copy_of")
    return articles, story, copy_of


def gold_groups(copy_of: dict[str, str | None]) -> dict[str, str]:
    """member → root original, for every article in a gold copy group."""
    def root(item: str) -> str:
        while copy_of.get(item):
            item = copy_of[item] or item
        return item
    members = {item: root(item) for item, source in copy_of.items() if source}
    members.update({original: original for original in set(members.values())})
    return members


def variants(articles: Sequence[Article], copy_of: dict[str, str | None]
             ) -> tuple[list[Article], dict[str, str]]:
    """Programmatic republications of every gold original, and their gold roots."""
    made, gold = [], {}
    originals = [a for a in articles if not copy_of[a.id]]
    for number, article in enumerate(originals):
        edits = COMBOS[number % len(COMBOS)]
        body: list[str] = [article.lead or "", *article.body]
        for name in edits:
            body = EDITS[name](body, number)
        copy = article.with_changes(
            id=f"{article.id}~{'+'.join(edits)}", title=f"{article.title} (đăng lại)",
            lead=None, body=tuple(p for p in body if p), outlet="Báo Đăng Lại",
            url=None, published=(article.published or datetime.now()) + timedelta(hours=3))
        made.append(copy)
        gold[copy.id] = gold[article.id] = article.id
    return made, gold


def score_duplicates(articles: Sequence[Article], gold: dict[str, str]) -> tuple[float, ...]:
    """Pairwise precision, recall and original accuracy of duplicate groups."""
    groups = duplicate_groups(articles)
    predicted = [found.ids for found in groups]
    original_of = {member: found.original for found in groups for member in found.ids}
    by_root: dict[str, list[str]] = {}
    for member, root in gold.items():
        by_root.setdefault(root, []).append(member)
    scores = metrics.pairwise(predicted, by_root.values())
    return scores.precision, scores.recall, metrics.original_accuracy(original_of, gold)


def duplicate_report(sets: dict[str, tuple[list[Article], dict[str, str | None]]]) -> None:
    print("\n== Near-duplicates (goal P >= 0.98, R >= 0.95, original >= 0.95)")
    print(f"{'set':28s} {'articles':>8s} {'P':>6s} {'R':>6s} {'orig':>6s}")
    for name, (articles, copy_of) in sets.items():
        p, r, o = score_duplicates(articles, gold_groups(copy_of))
        print(f"{name:28s} {len(articles):8d} {p:6.3f} {r:6.3f} {o:6.3f}")
        made, gold = variants(articles, copy_of)
        pool = [*articles, *made]
        p, r, o = score_duplicates(pool, {**gold_groups(copy_of), **gold})
        print(f"{name + ' + variants':28s} {len(pool):8d} {p:6.3f} {r:6.3f} {o:6.3f}")


def inputs_of(articles: Sequence[Article]) -> list[StoryInput]:
    """Story inputs with NLP annotations; copies point at our predicted originals."""
    original = {m: g.original for g in duplicate_groups(articles) for m in g.ids}
    return [story_input(a, analyze(a), copy_of=original.get(a.id) if original.get(a.id)
                        != a.id else None) for a in articles]


def single_pass(items: Sequence[StoryInput], threshold: float) -> dict[str, str]:
    """Baseline: TF-IDF (title + body words) cosine to each cluster's centroid."""
    # probability(cos - threshold) >= 0.5 exactly when cos >= threshold
    weights = (-threshold, 1.0) + (0.0,) * (len(decision.FEATURES) - 1)
    options = StoryOptions(weights=weights, join=0.5,
                           merge=2.0, close_days=1e9, max_candidates=10**6)
    plain = [StoryInput(i.id, i.time, i.title_words, i.words) for i in items]
    index = StoryIndex()
    assign(index, plain, options=options)
    return dict(index.assignment)


def best_threshold(items: Sequence[StoryInput], gold: dict[str, str]) -> float:
    grid = [round(0.05 * step, 2) for step in range(2, 16)]
    return max(grid, key=lambda t: metrics.bcubed(single_pass(items, t), gold).f1)


JOIN_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def fit_stories(items: Sequence[StoryInput], gold: dict[str, str]) -> StoryOptions:
    """Weights by logistic regression, then the join probability by B-cubed F1, on one set."""
    samples, labels = training_samples(items, gold)
    weights = decision.fit(samples, labels, balanced=True)

    def f1(join: float) -> float:
        options = StoryOptions(weights=weights, join=join)
        return metrics.bcubed(assign(StoryIndex(), items, options=options), gold).f1
    return StoryOptions(weights=weights, join=max(JOIN_GRID, key=f1))


def story_report(sets: dict[str, tuple[list[StoryInput], dict[str, str]]]) -> None:
    print("\n== Stories, incremental in publication order (goal B-cubed F1 >= 0.95)")
    print(f"{'fit on':10s} {'report on':10s} {'P':>6s} {'R':>6s} {'F1':>6s}"
          f"   {'baseline F1':>11s} {'thr':>5s}  ratio  join")
    names = sorted(sets)
    for train, test in ((names[0], names[1]), (names[1], names[0])):
        options = fit_stories(*sets[train])
        start = time.perf_counter()
        predicted = assign(StoryIndex(), sets[test][0], options=options)
        elapsed = time.perf_counter() - start
        scores = metrics.bcubed(predicted, sets[test][1])
        threshold = best_threshold(*sets[train])
        base = metrics.bcubed(single_pass(sets[test][0], threshold), sets[test][1]).f1
        print(f"{train:10s} {test:10s} {scores.precision:6.3f} {scores.recall:6.3f} "
              f"{scores.f1:6.3f}   {base:11.3f} {threshold:5.2f}  {scores.f1 / base:4.2f}x"
              f"  {options.join:4.2f}  weights={options.weights}")
        print(f"{'':10s} assignment {len(sets[test][0]) / elapsed:,.0f} articles/s "
              "(inputs prepared)")
    both = [item for name in names for item in sets[name][0]]
    gold = {k: v for name in names for k, v in sets[name][1].items()}
    print(f"fit on both (the library's defaults): {fit_stories(both, gold)}")


def signature_speed(texts: Sequence[str], peers: int) -> None:
    """Signatures/s of diemtin (vectorized) against rensa and datasketch."""
    from diemtin.link.signatures import minhash, prepare_text, shingle_texts
    from diemtin.text.fold import fold
    print("\n== MinHash signatures, 128 values, 3-syllable shingles (goal >= 50,000 docs/s)")
    start = time.perf_counter()
    minhash(shingle_texts([prepare_text(t.split("\n")) for t in texts]))
    ours = len(texts) / (time.perf_counter() - start)
    rows = [("diemtin (numpy, one-permutation)", ours)]
    sample = texts[:peers]

    def shingles(text: str) -> list[str]:
        words = fold(prepare_text(text.split("\n"))).split()
        return [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
    try:
        from rensa import RMinHash
        start = time.perf_counter()
        for text in sample:
            sketch = RMinHash(num_perm=128, seed=1)
            sketch.update(shingles(text))
            sketch.digest()
        rows.append(("rensa RMinHash", len(sample) / (time.perf_counter() - start)))
    except ImportError:
        rows.append(("rensa (not installed)", math.nan))
    try:
        from datasketch import MinHash
        start = time.perf_counter()
        for text in sample:
            sketch = MinHash(num_perm=128, seed=1)
            sketch.update_batch([s.encode() for s in shingles(text)])
        rows.append(("datasketch MinHash", len(sample) / (time.perf_counter() - start)))
    except ImportError:
        rows.append(("datasketch (not installed)", math.nan))
    for name, rate in rows:
        print(f"{name:34s} {rate:12,.0f} docs/s   ours/this {ours / rate:6.1f}x")


def estimate_quality(count: int) -> None:
    """Mean absolute error of estimated Jaccard on edited copies, ours vs rensa."""
    from diemtin.link.signatures import minhash, prepare_text, shingle_texts
    texts = synthetic_corpus(count, copies=0.0, seed=7)[0]
    edited = ["\n".join(EDITS["reorder"](t.split("\n"), i)) for i, t in enumerate(texts)]
    batch = shingle_texts([prepare_text(t.split("\n")) for t in [*texts, *edited]])
    sig = minhash(batch)
    errors = []
    for i in range(count):
        a, b = batch.shingles(i), batch.shingles(count + i)
        exact = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
        errors.append(abs(float(np.mean(sig[i] == sig[count + i])) - exact))
    print(f"Jaccard estimate error (ours, {count} reordered copies): mean "
          f"{np.mean(errors):.3f}, max {np.max(errors):.3f} (128 values: expected ~0.03)")


def dedup_at_scale(total: int, batch: int) -> None:
    """Synthetic documents deduplicated end to end in batches (generation excluded)."""
    from diemtin.link.candidates import CandidateIndex
    from diemtin.link.duplicates import group, verify
    from diemtin.link.signatures import concat_batches, minhash, prepare_text, shingle_texts
    print(f"\n== {total:,} synthetic documents deduplicated end to end (goal 1M < 60 s)")
    index, window, pairs_found, spent, made = CandidateIndex(), [], [], 0.0, 0
    true_copies = 0
    for number in range(0, total, batch):
        texts, copies = synthetic_corpus(min(batch, total - number), copies=0.1, seed=number)
        true_copies += copies
        start = time.perf_counter()
        shingled = shingle_texts([prepare_text(t.split("\n")) for t in texts])
        pairs = index.add(shingled, minhash(shingled))
        window = [*window[-1:], (number, shingled)]
        base = window[0][0]
        joined = concat_batches([b for _, b in window])
        local = pairs[pairs[:, 0] >= base] - base
        pairs_found.append(verify(joined, local) + base)
        spent += time.perf_counter() - start
        made += len(texts)
    start = time.perf_counter()
    groups = group(made, np.concatenate(pairs_found).tolist())
    spent += time.perf_counter() - start
    found = sum(len(g) - 1 for g in groups)
    print(f"{made:,} documents in {spent:.1f} s ({made / spent:,.0f} docs/s); "
          f"{len(groups):,} groups, {found:,} copies linked of {true_copies:,} made")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--speed-docs", type=int, default=20_000)
    parser.add_argument("--peer-docs", type=int, default=2_000)
    args = parser.parse_args(argv)
    gold = {path.stem: load(path) for path in sorted(args.data.glob("stories-*.jsonl"))}
    duplicate_report({name: (arts, copy_of) for name, (arts, _, copy_of) in gold.items()})
    if len(gold) >= 2:
        story_report({name: (inputs_of(arts), story) for name, (arts, story, _) in
                      gold.items()})
    texts = synthetic_corpus(args.speed_docs, copies=0.0, seed=3)[0]
    signature_speed(texts, args.peer_docs)
    estimate_quality(500)
    dedup_at_scale(args.docs, args.batch)
    print(f"\nmachine load (1/5/15 min): {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
