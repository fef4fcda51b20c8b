"""Word segmentation side by side: diemtin, pyvi and underthesea on UD Vietnamese-VTB.

Input of every system: the gold words of a sentence joined by single spaces (as the
shared data README prescribes). Score: word-span F1 (a predicted word counts when its
character span equals a gold word's span). Speed: gold words per second of wall time
over the whole split, models loaded beforehand, best of ``--repeat`` runs.

Run from the repository root (the peers are the ``[bench]`` extra; a missing one is
skipped)::

    python bench/segment.py                 # test split
    python bench/segment.py --split dev --repeat 3

Data: ``../shared/data/ud-vi-vtb`` (UD_Vietnamese-VTB, CC BY-SA 4.0).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

Span = tuple[int, int]
DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ud-vi-vtb"


def read_conllu(path: Path) -> list[list[str]]:
    """Return the FORM column of every sentence (multi-word token lines skipped)."""
    sentences: list[list[str]] = []
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(words)
            words = []
        elif not line.startswith("#"):
            columns = line.split("\t")
            if columns[0].isdigit():
                words.append(columns[1])
    if words:
        sentences.append(words)
    return sentences


def gold_spans(words: Sequence[str]) -> tuple[str, list[Span]]:
    """Return the input text (words joined by spaces) and the gold word spans in it."""
    spans: list[Span] = []
    start = 0
    for word in words:
        spans.append((start, start + len(word)))
        start += len(word) + 1
    return " ".join(words), spans


def align(text: str, words: Sequence[str]) -> list[Span]:
    """Spans of ``words`` found in order in ``text`` (for peers that return strings)."""
    spans: list[Span] = []
    cursor = 0
    for word in words:
        found = text.find(word, cursor)
        if found < 0:
            continue
        spans.append((found, found + len(word)))
        cursor = found + len(word)
    return spans


def score(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]) -> dict[str, float]:
    """Word-span precision, recall and F1 (percent) over all sentences."""
    hits = sum(len(set(g) & set(p)) for g, p in zip(gold, predicted, strict=True))
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in predicted)
    precision = hits / n_pred if n_pred else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"precision": 100 * precision, "recall": 100 * recall, "f1": 100 * f1}


def diemtin_system() -> Callable[[str], list[Span]]:
    from diemtin.text.segment import word_spans

    return word_spans


def pyvi_system() -> Callable[[str], list[Span]]:
    tokenizer = importlib.import_module("pyvi.ViTokenizer").ViTokenizer

    def run(text: str) -> list[Span]:
        words = tokenizer.tokenize(text).split(" ")
        return align(text, [word.replace("_", " ") for word in words])

    return run


def underthesea_system() -> Callable[[str], list[Span]]:
    word_tokenize = importlib.import_module("underthesea").word_tokenize

    def run(text: str) -> list[Span]:
        return align(text, word_tokenize(text))

    return run


SYSTEMS: dict[str, tuple[str, Callable[[], Callable[[str], list[Span]]]]] = {
    "diemtin": ("diemtin", diemtin_system),
    "pyvi": ("pyvi", pyvi_system),
    "underthesea": ("underthesea", underthesea_system),
}


def run_systems(
    runs: dict[str, Callable[[str], list[Span]]], texts: Sequence[str], repeat: int
) -> dict[str, tuple[list[list[Span]], float]]:
    """Predicted spans of every text and the best wall time of ``repeat`` passes.

    Passes of the systems alternate, so that a change in the machine's load during
    the run weighs on all of them alike.
    """
    for run in runs.values():
        run(texts[0])  # load models outside the timing
    best = dict.fromkeys(runs, float("inf"))
    predicted: dict[str, list[list[Span]]] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.perf_counter()
            predicted[name] = [run(text) for text in texts]
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: (predicted[name], best[name]) for name in runs}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="test", choices=["train", "dev", "test"])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    args = parser.parse_args(argv)
    path = args.data / f"vi_vtb-ud-{args.split}.conllu"
    if not path.exists():
        print(f"data not found: {path}", file=sys.stderr)
        return 1
    sentences = read_conllu(path)
    texts, gold = zip(*(gold_spans(words) for words in sentences), strict=True)
    n_words = sum(len(g) for g in gold)
    runs: dict[str, Callable[[str], list[Span]]] = {}
    for name in args.systems.split(","):
        try:
            runs[name] = SYSTEMS[name][1]()
        except ImportError as error:
            print(f"skipping {name}: {error}", file=sys.stderr)
    rows = []
    for name, (predicted, seconds) in run_systems(runs, texts, args.repeat).items():
        version = importlib.metadata.version(SYSTEMS[name][0])
        rows.append((name, version, score(gold, predicted), n_words / seconds))
    print_table(rows, args.split, len(sentences), n_words)
    return 0


def print_table(
    rows: list[tuple[str, str, dict[str, float], float]], split: str, n_sent: int, n_words: int
) -> None:
    print(f"ud-vi-vtb {split}: {n_sent} sentences, {n_words} gold words")
    print(f"{'system':<12} {'version':<9} {'P':>6} {'R':>6} {'F1':>6} {'words/s':>9}")
    for name, version, result, speed in rows:
        print(f"{name:<12} {version:<9} {result['precision']:6.2f} {result['recall']:6.2f} "
              f"{result['f1']:6.2f} {speed:9.0f}")
    base = next((row for row in rows if row[0] == "diemtin"), None)
    if base is None:
        return
    for name, _, result, speed in rows:
        if name != "diemtin":
            print(f"diemtin vs {name}: F1 {base[2]['f1'] - result['f1']:+.2f} points, "
                  f"speed x{base[3] / speed:.2f}")


if __name__ == "__main__":
    sys.exit(main())
