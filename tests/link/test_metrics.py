"""Metrics: pairwise scores, original accuracy, B-cubed."""

from __future__ import annotations

import pytest

from diemtin.link.metrics import bcubed, original_accuracy, pairwise


def test_metrics_pairwise() -> None:
    scores = pairwise([["a", "b", "c"]], [["a", "b"], ["c", "d"]])
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(1 / 2)


def test_metrics_bcubed_perfect_and_all_in_one() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}
    assert bcubed(gold, gold).f1 == 1.0
    lumped = bcubed({"a": "x", "b": "x", "c": "x"}, gold)
    assert lumped.recall == 1.0
    assert lumped.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert bcubed({}, gold).recall == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)


def test_metrics_original_accuracy() -> None:
    gold = {"a": "a", "b": "a", "c": "c", "d": "c"}
    assert original_accuracy({"a": "a", "b": "a", "c": "d", "d": "d"}, gold) == 0.5
