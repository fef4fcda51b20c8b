#!/usr/bin/env python3
"""Vietnamese NER side by side: diemtin vs underthesea on ner-vi-dev and ner-vi-vtb test.

    python bench/ner.py [--data FILE.jsonl ...] [--passes 3] [--no-underthesea] [--json]
                        [--documents N]

By default it scores ``ner-vi-dev/dev.jsonl``, ``ner-vi-vtb/test.jsonl`` (real treebank
news; ORG silver) and ``bench/data/ner-articles`` (30 whole articles, written by a helper
who never saw the recognizer), none of which diemtin's model was trained on
(``scripts/train_ner.py`` reads ner-vi-vtb train and dev only). For each data set it
prints precision/recall/F1 per label and overall (exact span and label match), the
person-title accuracy and the speed in words per second (whitespace-separated words,
one core, after a warm-up) for each system, then the ratios diemtin / underthesea.

Title accuracy counts, over gold PER mentions that the system found with the exact span,
those whose predicted title equals the gold one (no title on both sides counts as equal);
``title_e2e`` divides the same count by every gold PER. underthesea has no titles, so its
title figures only credit people without a title.

``--documents N`` also scores each set with N consecutive records read as one text (one
record a line): the treebank keeps its sentences in story order, so this is how the
recognizer does on articles, where a person named in full once is then named by a given
name alone. Records are whole sentences of one split, never mixed with other data.

underthesea is an optional ``[bench]`` dependency (GPL-3.0 for some models: it is used
here only to compare, never imported by diemtin).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "ner-vi-dev" / "dev.jsonl"
VTB_TEST = ROOT.parent / "shared" / "data" / "ner-vi-vtb" / "test.jsonl"
DUMPS = ROOT.parent / "shared" / "data" / "text-dumps"
ARTICLES = ROOT / "bench" / "data" / "ner-articles" / "articles.jsonl"
LABELS = ("PER", "ORG", "LOC")
Span = tuple[int, int, str]
Prediction = tuple[set[Span], dict[tuple[int, int], str | None]]
System = Callable[[str], Prediction]


def load(path: Path) -> list[dict[str, Any]]:
    """Records of a JSONL file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def diemtin_system() -> System:
    """diemtin's recognizer as a scoring function."""
    from diemtin.nlp.entities import find_entities

    def run(text: str) -> Prediction:
        spans: set[Span] = set()
        titles: dict[tuple[int, int], str | None] = {}
        for m in find_entities(text):
            spans.add((m.start, m.end, m.label))
            if m.label == "PER":
                titles[(m.start, m.end)] = dict(m.attrs).get("title")
        return spans, titles

    return run


def underthesea_system() -> System:
    """underthesea's ``ner`` with its BIO tags mapped back to character spans.

    Texts go to underthesea one line at a time: on a whole article at once it slows
    down by orders of magnitude.
    """
    from underthesea import ner  # type: ignore[import-untyped]

    def run_line(line: str, offset: int, spans: set[Span]) -> None:
        pos = 0
        current: list[Any] = []
        for word, _, _, tag in ner(line):
            at = line.find(word, pos)
            if at < 0:
                continue
            pos = at + len(word)
            label = tag[2:] if tag != "O" else ""
            if tag.startswith("I-") and current and current[2] == label:
                current[1] = pos + offset
                continue
            if current:
                spans.add((current[0], current[1], current[2]))
            current = [at + offset, pos + offset, label] if label in LABELS else []
        if current:
            spans.add((current[0], current[1], current[2]))

    def run(text: str) -> Prediction:
        spans: set[Span] = set()
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                run_line(line, offset, spans)
            offset += len(line) + 1
        return spans, {(s, e): None for s, e, lab in spans if lab == "PER"}

    return run


def score(records: list[dict[str, Any]], predictions: list[Prediction]) -> dict[str, Any]:
    """P/R/F1 per label and overall, and title accuracy."""
    counts = {label: [0, 0, 0] for label in (*LABELS, "ALL")}  # tp, predicted, gold
    title_ok = matched = gold_people = 0
    for rec, (spans, titles) in zip(records, predictions, strict=True):
        gold = {(g["start"], g["end"], g["label"]) for g in rec["entities"]}
        for label in LABELS:
            g = {s for s in gold if s[2] == label}
            p = {s for s in spans if s[2] == label}
            for key in (label, "ALL"):
                counts[key][0] += len(g & p)
                counts[key][1] += len(p)
                counts[key][2] += len(g)
        for ent in rec["entities"]:
            if ent["label"] != "PER":
                continue
            gold_people += 1
            where = (ent["start"], ent["end"])
            if where in titles:
                matched += 1
                title_ok += titles[where] == ent.get("title")
    out: dict[str, Any] = {}
    for name, (tp, pred, gold_n) in counts.items():
        prec = tp / pred if pred else 0.0
        recall = tp / gold_n if gold_n else 0.0
        f1 = 2 * prec * recall / (prec + recall) if prec + recall else 0.0
        out[name] = {"p": prec, "r": recall, "f1": f1}
    out["title_acc"] = title_ok / matched if matched else 0.0
    out["title_e2e"] = title_ok / gold_people if gold_people else 0.0
    return out


def in_documents(system: System, texts: list[str], size: int) -> list[Prediction]:
    """Predictions per text when every ``size`` consecutive texts are read as one document.

    The texts are joined by newlines; each mention is given back to the text it falls in
    (a mention across two texts is dropped: no gold span can match it).
    """
    out: list[Prediction] = []
    for first in range(0, len(texts), size):
        group = texts[first : first + size]
        starts, at = [], 0
        for text in group:
            starts.append(at)
            at += len(text) + 1
        spans, titles = system("\n".join(group))
        for start, text in zip(starts, group, strict=True):
            end = start + len(text)
            inside = {(a - start, b - start, label) for a, b, label in spans
                      if start <= a and b <= end}
            named = {(a - start, b - start): title for (a, b), title in titles.items()
                     if start <= a and b <= end}
            out.append((inside, named))
    return out


def timed(system: System, texts: Iterable[str], passes: int) -> tuple[list[Prediction], float]:
    """Predictions of one pass and the words per second of the fastest of ``passes`` passes.

    Speed is measured on this process's CPU time (one core), and the fastest pass is
    kept, so other jobs on a shared machine skew it as little as possible.
    """
    texts = list(texts)
    predictions = [system(t) for t in texts]  # warm-up, loads models
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(passes):
        started = time.process_time()
        for text in texts:
            system(text)
        best = min(best, time.process_time() - started)
    return predictions, words / max(best, 1e-9)


def article_speed(system: System, passes: int) -> float | None:
    """Words per CPU second on the real article dumps of ``shared/data/text-dumps``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(DUMPS.glob("*.txt"))]
    if not texts:
        return None
    return timed(system, texts, passes)[1]


def report(name: str, result: dict[str, Any]) -> None:
    """Print one system's figures."""
    print(f"\n{name}")
    _scores(result, "  ")
    print(f"  speed {result['words_per_s']:,.0f} words/s on these sentences", end="")
    if result["article_words_per_s"]:
        print(f", {result['article_words_per_s']:,.0f} words/s on real articles (text-dumps)")
    else:
        print()


def report_documents(size: int, result: dict[str, Any]) -> None:
    """Print the figures of the same system read in documents of ``size`` records."""
    print(f"  in documents of {size} records:")
    _scores(result, "    ")


def _scores(result: dict[str, Any], indent: str) -> None:
    """P/R/F1 per label and the title accuracy, each line indented by ``indent``."""
    for key in (*LABELS, "ALL"):
        r = result[key]
        print(f"{indent}{key:4} P {100 * r['p']:5.1f}  R {100 * r['r']:5.1f}  "
              f"F1 {100 * r['f1']:5.1f}")
    print(f"{indent}title accuracy {100 * result['title_acc']:.1f} (matched PER), "
          f"{100 * result['title_e2e']:.1f} (all gold PER)")


def evaluate(
    path: Path, systems: dict[str, System], passes: int, *, quiet: bool, documents: int = 1
) -> dict[str, dict[str, Any]]:
    """Score and time every system on one data set (article speed with the first only)."""
    records = load(path)
    texts = [r["text"] for r in records]
    results: dict[str, dict[str, Any]] = {}
    if not quiet:
        print(f"\n=== {path.parent.name}/{path.name} ({len(records)} records)")
    for name, system in systems.items():
        runs = passes if name == "diemtin" else 1
        predictions, speed = timed(system, texts, runs)
        results[name] = score(records, predictions) | {
            "words_per_s": speed, "article_words_per_s": article_speed(system, runs * 3),
        }
        if documents > 1:
            results[name]["in_documents"] = score(
                records, in_documents(system, texts, documents))
        if not quiet:
            report(name, results[name])
            if documents > 1:
                report_documents(documents, results[name]["in_documents"])
    if not quiet and "underthesea" in results:
        a, b = results["diemtin"], results["underthesea"]
        print(f"\nratios diemtin/underthesea: F1 {a['ALL']['f1'] / max(b['ALL']['f1'], 1e-9):.2f}x,"
              f" speed {a['words_per_s'] / b['words_per_s']:.1f}x (sentences)", end="")
        if a["article_words_per_s"] and b["article_words_per_s"]:
            print(f", {a['article_words_per_s'] / b['article_words_per_s']:.1f}x (articles)")
        else:
            print()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="diemtin vs underthesea NER")
    parser.add_argument("--data", type=Path, nargs="+", default=[DEV, VTB_TEST, ARTICLES])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--no-underthesea", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--documents", type=int, default=1, metavar="N",
                        help="also score N consecutive records read as one document")
    args = parser.parse_args(argv)
    systems: dict[str, System] = {"diemtin": diemtin_system()}
    if not args.no_underthesea:
        try:
            systems["underthesea"] = underthesea_system()
        except ImportError:
            print("underthesea is not installed (pip install underthesea); skipped",
                  file=sys.stderr)
    results = {
        f"{path.parent.name}/{path.name}": evaluate(
            path, systems, args.passes, quiet=args.json, documents=args.documents)
        for path in args.data if path.exists()
    }
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
