"""The join-or-new decision of story clustering: a small logistic model.

Features (one value each, in :data:`FEATURES` order): TF-IDF cosine of the body words,
of the title words, of the people/organizations, of the places; the highest body cosine
to one of the story's last ten articles (follow-ups drift from the centroid); ``log1p``
of the gap in days between the article and the story; ``log1p`` of the story's size. The model's
probability is both the ranking score of a candidate story and, against ``join``, the
decision to join it.

:func:`fit` learns the weights from gold stories (``bench/link.py`` fits on one gold file
and reports on the other); :data:`DEFAULT_WEIGHTS` are the weights the library ships.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

FEATURES = ("body", "title", "entities", "places", "nearest", "log_gap_days", "log_size")

DEFAULT_WEIGHTS: tuple[float, ...] = (
    1.1189, 1.607, 1.2233, 0.7896, 2.1369, 1.5401, -1.2768, -0.6551)
"""Bias first, then one weight per feature: fitted (balanced) on both gold files of
``bench/link.py``; the benchmark reports each file with weights fitted on the other."""


def probability(values: Sequence[float], weights: Sequence[float]) -> float:
    """The model's probability that an article belongs to a story."""
    score = weights[0] + sum(w * v for w, v in zip(weights[1:], values, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))


def fit(samples: Sequence[Sequence[float]], labels: Sequence[bool], *,
        l2: float = 0.01, steps: int = 50, balanced: bool = False) -> tuple[float, ...]:
    """Fit logistic weights (bias first) by Newton's method with an L2 penalty.

    With ``balanced``, positive and negative samples get equal total weight; by default
    every sample counts once, so the probability keeps the candidates' real base rate
    (most candidates are wrong, and the join decision must know it).

    Raises:
        ValueError: when there are no samples or only one class.
    """
    y = np.asarray(labels, dtype=np.float64)
    if not len(y) or y.min() == y.max():
        raise ValueError("fit needs samples of both classes")
    x = np.hstack([np.ones((len(y), 1)), np.asarray(samples, dtype=np.float64)])
    weight = np.ones(len(y))
    if balanced:
        weight = np.where(y > 0, 0.5 / y.sum(), 0.5 / (1 - y).sum()) * len(y)
    w = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (weight * (p - y)) + penalty @ w * len(y)
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + penalty * len(y)
        w -= np.linalg.solve(hessian + 1e-9 * np.eye(len(w)), gradient)
    return tuple(round(float(v), 4) for v in w)
