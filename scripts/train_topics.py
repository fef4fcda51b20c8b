#!/usr/bin/env python3
"""Train the topic model and report its accuracy.

    python scripts/train_topics.py            # choose settings by cross-validation on the
                                              # train split, report, write the model
    python scripts/train_topics.py --no-write # report only

Data: ``data/topics-gold/items.jsonl`` (written for diemtin; ``split`` is train or test)
and the keyword priors in ``src/diemtin/data/topics/seeds.tsv``. The smoothing and the
weight of the priors are chosen by 4-fold cross-validation on the train split only; the
test split and the bundled sample corpus (whose outlet sections map onto the taxonomy)
are used for reporting, never for choosing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from diemtin.models import from_dict  # noqa: E402
from diemtin.nlp.doc import title_and_lead  # noqa: E402
from diemtin.nlp.topics import TOPICS, TopicModel, topic_features  # noqa: E402
from diemtin.text.segment import segment, word_spans  # noqa: E402

GOLD = ROOT / "data" / "topics-gold" / "items.jsonl"
SEEDS = ROOT / "src" / "diemtin" / "data" / "topics" / "seeds.tsv"
OUT = ROOT / "src" / "diemtin" / "data" / "topics" / "model.json.gz"
SAMPLE = ROOT / "src" / "diemtin" / "data" / "sample"
SECTIONS = {
    "thời tiết": "môi trường – thiên tai", "môi trường": "môi trường – thiên tai",
    "khoa học - công nghệ": "khoa học – công nghệ", "công nghệ": "khoa học – công nghệ",
}
ALPHAS = (0.05, 0.1, 0.2, 0.5)
SEED_WEIGHTS = (0, 2, 4, 8, 16)

Example = tuple[Counter[str], str]


def featurize(title: str, body: str) -> Counter[str]:
    """Features exactly as the pipeline computes them: title, blank line, body."""
    text = f"{title}\n\n{body}" if title else body
    title_end = len(title) if title else 0
    return topic_features(text, word_spans(text), title_end=title_end)


def load_gold() -> dict[str, list[Example]]:
    splits: dict[str, list[Example]] = {"train": [], "test": []}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        splits[item["split"]].append((featurize(item["title"], item["text"]), item["topic"]))
    return splits


def load_sample() -> list[Example]:
    out: list[Example] = []
    for path in sorted(SAMPLE.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            article = from_dict({"id": "sample", **json.loads(line)})
            section = (article.section or "").lower()
            label = SECTIONS.get(section, section)
            if label in TOPICS:
                text = article.text
                title_end, _ = title_and_lead(text)
                feats = topic_features(text, word_spans(text), title_end=title_end)
                out.append((feats, label))
    return out


def load_seeds() -> dict[str, Counter[str]]:
    seeds: dict[str, Counter[str]] = {}
    for line in SEEDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            topic, phrases = line.split("\t")
            words: Counter[str] = Counter()
            for phrase in phrases.split(","):
                words.update(w.lower() for w in segment(phrase.strip())
                             if any(c.isalpha() for c in w))
            seeds[topic] = words
    return seeds


def counts_of(examples: list[Example], seeds: dict[str, Counter[str]], seed_weight: int
              ) -> dict[str, list[int]]:
    index = {label: i for i, label in enumerate(TOPICS)}
    counts: dict[str, list[int]] = {}
    for feats, label in examples:
        for word, n in feats.items():
            counts.setdefault(word, [0] * len(TOPICS))[index[label]] += n
    for label, words in seeds.items():
        for word in words:
            counts.setdefault(word, [0] * len(TOPICS))[index[label]] += seed_weight
    return counts


def accuracy(model: TopicModel, examples: list[Example]) -> float:
    right = sum(model.scores(feats.items())[0][0] == label for feats, label in examples)
    return right / len(examples) if examples else 0.0


def confusions(model: TopicModel, examples: list[Example]) -> Counter[tuple[str, str]]:
    out: Counter[tuple[str, str]] = Counter()
    for feats, label in examples:
        got = model.scores(feats.items())[0][0]
        if got != label:
            out[(label, got)] += 1
    return out


def cross_validate(train: list[Example], seeds: dict[str, Counter[str]]) -> tuple[float, int]:
    folds = [train[i::4] for i in range(4)]
    best: tuple[float, float, int] = (-1.0, ALPHAS[0], SEED_WEIGHTS[0])
    for alpha in ALPHAS:
        for weight in SEED_WEIGHTS:
            right = 0.0
            for k, held in enumerate(folds):
                rest = [e for j, fold in enumerate(folds) if j != k for e in fold]
                model = TopicModel.from_counts(TOPICS, counts_of(rest, seeds, weight), alpha)
                right += accuracy(model, held) * len(held)
            score = right / len(train)
            print(f"  cv alpha={alpha} seed_weight={weight}: {score:.3f}")
            if score > best[0]:
                best = (score, alpha, weight)
    return best[1], best[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    gold, seeds, sample = load_gold(), load_seeds(), load_sample()
    alpha, weight = cross_validate(gold["train"], seeds)
    model = TopicModel.from_counts(TOPICS, counts_of(gold["train"], seeds, weight), alpha)
    seeds_only = TopicModel.from_counts(TOPICS, counts_of([], seeds, 1), alpha)
    report: dict[str, Any] = {
        "alpha": alpha, "seed_weight": weight,
        "train": len(gold["train"]), "test": len(gold["test"]), "sample": len(sample),
        "test_accuracy": round(accuracy(model, gold["test"]), 3),
        "sample_accuracy": round(accuracy(model, sample), 3),
        "seeds_only_test_accuracy": round(accuracy(seeds_only, gold["test"]), 3),
        "seeds_only_sample_accuracy": round(accuracy(seeds_only, sample), 3),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    print("errors on sample (gold -> predicted):", confusions(model, sample).most_common(8))
    print("errors on test (gold -> predicted):", confusions(model, gold["test"]).most_common(8))
    if not args.no_write:
        final = TopicModel.from_counts  # the shipped model learns from both splits
        counts = counts_of(gold["train"] + gold["test"], seeds, weight)
        final(TOPICS, counts, alpha)
        payload = {"labels": list(TOPICS), "alpha": alpha, "counts": counts,
                   "trained_on": "data/topics-gold (train+test) and seeds.tsv", **report}
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(counts)} words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
