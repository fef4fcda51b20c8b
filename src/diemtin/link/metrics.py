"""Scores for linking: pairwise duplicate precision/recall, originals, B-cubed.

Kept in one module (as ``Priberam/news-clustering``'s ``eval_lib.py`` does) so tests and
the benchmark score the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def pairs_of(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """Every unordered pair within each group, as sorted tuples."""
    found: set[tuple[str, str]] = set()
    for members in groups:
        found.update(combinations(sorted(set(members)), 2))
    return found


def pairwise(predicted: Iterable[Iterable[str]], gold: Iterable[Iterable[str]]) -> Scores:
    """Pairwise precision and recall of predicted groups against gold groups.

    With no predicted pairs precision is 1.0; with no gold pairs recall is 1.0.
    """
    got, want = pairs_of(predicted), pairs_of(gold)
    hits = len(got & want)
    return Scores(hits / len(got) if got else 1.0, hits / len(want) if want else 1.0)


def original_accuracy(predicted: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """Share of gold groups whose predicted original is the gold original.

    Args:
        predicted: member id → original id of its predicted group.
        gold: member id → gold original id (every member of a gold group of ≥ 2).
    """
    originals = set(gold.values())
    if not originals:
        return 1.0
    right = sum(1 for original in originals if predicted.get(original) == original)
    return right / len(originals)


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """B-cubed precision and recall of a clustering (item → cluster) against gold.

    Items missing from ``predicted`` count as singletons.
    """
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, cluster in gold.items():
        by_gold[cluster].add(item)
        by_pred[predicted.get(item, f"\x00{item}")].add(item)
    if not gold:
        return Scores(1.0, 1.0)
    precision = recall = 0.0
    for item, cluster in gold.items():
        mine = by_pred[predicted.get(item, f"\x00{item}")]
        theirs = by_gold[cluster]
        shared = len(mine & theirs)
        precision += shared / len(mine)
        recall += shared / len(theirs)
    return Scores(precision / len(gold), recall / len(gold))
