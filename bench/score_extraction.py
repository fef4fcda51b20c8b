"""Scoring shared by the extraction benchmark and the CI quality gate.

* ``shingle_counts`` / ``shingle_summary``: the ScrapingHub article-extraction-benchmark
  body metric (4-token shingles over ``\\w+`` tokens; per page, TP/FP/FN are divided by
  their sum so long pages weigh no more; precision and recall are means over pages and
  F1 is computed from the two means). Written from the benchmark's description.
* ``load_vi_scorer``: the ``score.py`` shipped with ``shared/data/html-vi-dev`` (unigram
  body F1, title/author/date/outlet rules), imported from the data folder so the
  benchmark and the gate use exactly its semantics.

Stdlib only.
"""

from __future__ import annotations

import importlib.util
import re
import statistics
from collections import Counter
from pathlib import Path
from types import ModuleType

_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i : i + n])


def shingle_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalized (tp, fp, fn) of 4-shingles for one page."""
    gold, found = _shingles(true), _shingles(pred)
    tp = float(sum((gold & found).values()))
    fp = float(sum((found - gold).values()))
    fn = float(sum((gold - found).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def shingle_summary(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Mean precision, mean recall and their F1, as the ScrapingHub benchmark reports."""
    precision = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"P": precision, "R": recall, "F1": f1}


def load_vi_scorer(data_dir: Path) -> ModuleType:
    """Import ``score.py`` from the html-vi-dev folder."""
    spec = importlib.util.spec_from_file_location("html_vi_dev_score", data_dir / "score.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {data_dir / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
