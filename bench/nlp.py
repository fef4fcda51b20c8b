#!/usr/bin/env python3
"""The NLP pipeline end to end: speed per component, and the peers side by side.

    python bench/nlp.py                 # everything (peers are the [bench] extra)
    python bench/nlp.py --no-peers      # diemtin only
    python bench/nlp.py --only speed    # speed | segment | ner | topics

Prints:

* pipeline speed in words per CPU second (one core; fastest of ``--passes`` passes) on the
  bundled sample corpus (84 articles) and on the ud-vi-vtb test sentences grouped into
  articles of 20 sentences, in total and per component, with the peers' speed on the
  same texts in the same run (pyvi tokenization and POS tagging, underthesea word
  segmentation and NER) and diemtin's ratio to each;
* word segmentation P/R/F1 and words/s for diemtin, pyvi and underthesea on ud-vi-vtb
  test (the functions of ``bench/segment.py``);
* NER P/R/F1 per label and title accuracy on ner-vi-dev and ner-vi-vtb test (neither
  trained on) for diemtin and underthesea (the functions of ``bench/ner.py``);
* topic accuracy on the test split of ``data/topics-gold`` (of a model built from the
  train split only) and on the sample corpus (never trained on).

Data: ``../shared/data`` (ud-vi-vtb: CC BY-SA 4.0; ner-vi-dev: CC BY 4.0); a missing
folder is skipped.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SAMPLE = ROOT / "src" / "diemtin" / "data" / "sample"
GOLD = ROOT / "data" / "topics-gold" / "items.jsonl"
TARGET = 60_000
SECTIONS = {"thời tiết": "môi trường – thiên tai", "môi trường": "môi trường – thiên tai",
            "khoa học - công nghệ": "khoa học – công nghệ"}


def _bench_module(name: str, folder: str = "bench") -> ModuleType:
    """``bench/<name>.py`` of the segmentation and NER helpers, imported by path."""
    path = ROOT / folder / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _script_module(name: str) -> ModuleType:
    """``scripts/<name>.py``, imported by path."""
    return _bench_module(name, "scripts")


def sample_articles() -> list[Any]:
    from diemtin.models import from_dict

    out = []
    for path in sorted(SAMPLE.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            out.append(from_dict({"id": f"{path.stem}-{number}", **json.loads(line)}))
    return out


def vtb_texts(group: int = 20) -> list[str]:
    """ud-vi-vtb test sentences (gold words joined by spaces), ``group`` per text."""
    path = SHARED / "ud-vi-vtb" / "vi_vtb-ud-test.conllu"
    if not path.exists():
        return []
    segment_bench = _bench_module("segment")
    sentences = [" ".join(words) for words in segment_bench.read_conllu(path)]
    return ["\n\n".join(sentences[i:i + group]) for i in range(0, len(sentences), group)]


def _cpu_best(run: Callable[[], object], passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return max(best, 1e-9)


def _peer_runs() -> dict[str, Callable[[str], object]]:
    """Per-text functions of the peers that are installed: pyvi and underthesea."""
    runs: dict[str, Callable[[str], object]] = {}
    try:
        from pyvi import ViPosTagger, ViTokenizer  # type: ignore[import-untyped]

        runs["pyvi tokenize+POS"] = lambda text: [
            ViPosTagger.postagging(ViTokenizer.tokenize(line)) for line in text.split("\n")
            if line.strip()]
    except ImportError:
        print("pyvi not installed; skipped", file=sys.stderr)
    try:
        from underthesea import ner, word_tokenize  # type: ignore[import-untyped]

        runs["underthesea word_tokenize"] = lambda text: [
            word_tokenize(line) for line in text.split("\n") if line.strip()]
        runs["underthesea ner"] = lambda text: [
            ner(line) for line in text.split("\n") if line.strip()]
    except ImportError:
        print("underthesea not installed; skipped", file=sys.stderr)
    return runs


def peer_speed(texts: Sequence[str], ours: float) -> None:
    """Words per CPU second of the peers on the same texts (one pass), and our ratio."""
    words = sum(len(text.split()) for text in texts)
    for name, run in _peer_runs().items():
        for text in texts[:2]:
            run(text)  # load models outside the timing
        speed = words / _cpu_best(lambda r=run: [r(text) for text in texts], 1)
        print(f"  peer {name:<26} {speed:>10,.0f} words/s (diemtin's whole pipeline: "
              f"{ours / speed:.1f}x)")


def pipeline_speed(name: str, items: Sequence[Any], passes: int, peers: bool = False) -> None:
    """Words per CPU second of the whole pipeline and of each component on ``items``."""
    from diemtin.nlp import build_pipeline
    from diemtin.nlp._analyze import make_doc

    pipeline = build_pipeline()
    docs = [make_doc(item) for item in items]
    words = sum(len(doc.text.split()) for doc in docs)
    for doc in docs[:3]:
        pipeline(doc)  # load every model outside the timing
    total = _cpu_best(lambda: [pipeline(doc) for doc in docs], passes)
    status = "ok" if words / total >= TARGET else f"BELOW the {TARGET:,} target"
    print(f"\npipeline on {name}: {len(docs)} texts, {words:,} words: "
          f"{words / total:,.0f} words/s ({status})")
    if peers:
        peer_speed([doc.text for doc in docs], words / total)
    states = list(docs)
    for component in pipeline.components:
        inputs = states
        seconds = _cpu_best(lambda c=component, d=inputs: [c(doc) for doc in d], passes)
        states = [component(doc) for doc in inputs]
        print(f"  {component.name:<10} {words / seconds:>12,.0f} words/s "
              f"({100 * seconds / total:4.1f}% of the time)")


def segmentation(peers: bool, repeat: int) -> None:
    seg = _bench_module("segment")
    path = SHARED / "ud-vi-vtb" / "vi_vtb-ud-test.conllu"
    if not path.exists():
        print(f"\nsegmentation: {path} not found; skipped")
        return
    sentences = seg.read_conllu(path)
    texts, gold = zip(*(seg.gold_spans(words) for words in sentences), strict=True)
    runs = {}
    for name in (["diemtin", "pyvi", "underthesea"] if peers else ["diemtin"]):
        try:
            runs[name] = seg.SYSTEMS[name][1]()
        except ImportError as error:
            print(f"skipping {name}: {error}", file=sys.stderr)
    rows = []
    for name, (predicted, seconds) in seg.run_systems(runs, list(texts), repeat).items():
        version = importlib.metadata.version(seg.SYSTEMS[name][0])
        rows.append((name, version, seg.score(gold, predicted), sum(map(len, gold)) / seconds))
    print()
    seg.print_table(rows, "test", len(sentences), sum(map(len, gold)))


def ner(peers: bool, passes: int) -> None:
    """NER figures of ``bench/ner.py`` on ner-vi-dev and ner-vi-vtb test."""
    bench = _bench_module("ner")
    systems = {"diemtin": bench.diemtin_system()}
    if peers:
        try:
            systems["underthesea"] = bench.underthesea_system()
        except ImportError:
            print("underthesea not installed; skipped", file=sys.stderr)
    for path in (bench.DEV, bench.VTB_TEST):
        if path.exists():
            bench.evaluate(path, systems, passes, quiet=False)
        else:
            print(f"\nNER: {path} not found; skipped")


def topics() -> None:
    from diemtin.nlp.doc import title_and_lead
    from diemtin.nlp.topics import TOPICS, TopicModel, classify
    from diemtin.text.segment import word_spans

    train = _script_module("train_topics")
    shipped = json.loads(gzip.decompress(train.OUT.read_bytes()))
    gold = train.load_gold()
    counts = train.counts_of(gold["train"], train.load_seeds(), shipped["seed_weight"])
    held_out = TopicModel.from_counts(TOPICS, counts, shipped["alpha"])
    right = sum(held_out.scores(f.items())[0][0] == label for f, label in gold["test"])
    total = len(gold["test"])
    print(f"\ntopics: gold test split {right}/{total} = {right / total:.3f} (a model built as "
          "the shipped one from the train split only; the shipped model also saw this split)")
    right = total = 0
    for article in sample_articles():
        label = SECTIONS.get((article.section or "").lower(), (article.section or "").lower())
        if label in TOPICS:
            title_end, _ = title_and_lead(article.text)
            total += 1
            right += classify(article.text, word_spans(article.text),
                              title_end=title_end).label == label
    print(f"topics: sample corpus (held out) {right}/{total} = {right / total:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--only", choices=["speed", "segment", "ner", "topics"])
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    peers = not args.no_peers
    if args.only in (None, "speed"):
        pipeline_speed("the sample corpus", sample_articles(), args.passes, peers)
        texts = vtb_texts()
        if texts:
            pipeline_speed("ud-vi-vtb test", texts, args.passes, peers)
    if args.only in (None, "segment"):
        segmentation(peers, args.passes)
    if args.only in (None, "ner"):
        ner(peers, args.passes)
    if args.only in (None, "topics"):
        topics()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
