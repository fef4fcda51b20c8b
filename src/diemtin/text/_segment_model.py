"""The word segmenter's model: CRF weights, a lexicon, and Viterbi decoding.

The model is a linear-chain CRF with two labels, "B" (the token begins a word) and "I"
(it continues the word before). It is trained with python-crfsuite
(``bench/train_segmenter.py``) and shipped as one gzip'd JSON file in
``diemtin/data/models/`` (see the README there for its sources and licences), so
tagging needs nothing beyond the standard library. With two labels only the difference
of the two labels' state weights matters, so each feature keeps one number: its
weight for "I" minus its weight for "B".

:func:`load_model` reads the file on first use and caches one model per process and
path. A :class:`SegmenterModel` is immutable and pickles as a reference to its file,
so it can be sent to worker processes and loads there again.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Final

from diemtin.text._segment_features import Lexicon, local_features
from diemtin.text._segment_score import CompiledWeights

MODEL_FILE: Final = "segmenter.json.gz"
FORMAT: Final = "diemtin-segmenter/1"
MAX_WORD_TOKENS: Final = 8
_NEGATIVE: Final = float("-inf")


def default_path() -> Path:
    """The model file that ships with diemtin."""
    return Path(str(resources.files("diemtin") / "data" / "models" / MODEL_FILE))


class SegmenterModel:
    """CRF weights (I minus B, per feature), transitions and the features' lexicon."""

    __slots__ = ("_compiled", "lexicon", "path", "transitions", "weights")

    def __init__(
        self,
        weights: Mapping[str, float],
        transitions: Mapping[str, float],
        lexicon: Lexicon,
        path: Path | None = None,
    ) -> None:
        self.weights = dict(weights)
        self._compiled = CompiledWeights(self.weights)
        self.transitions = tuple(transitions[key] for key in ("BB", "BI", "IB", "II"))
        self.lexicon = lexicon
        self.path = path

    def deltas(self, keys: Sequence[str], shapes: Sequence[str]) -> list[float]:
        """Score of "I" minus score of "B" for every token (keys and shapes given)."""
        return self._compiled.deltas(keys, shapes, local_features(keys, shapes, self.lexicon))

    def begins(
        self, keys: Sequence[str], shapes: Sequence[str], joinable: Sequence[bool]
    ) -> list[bool]:
        """Best labelling of one sequence: ``True`` where a token begins a word.

        Args:
            keys: the keys of the tokens (see ``_segment_features.token_info``).
            shapes: their shapes.
            joinable: whether each token may continue the word before it (the first
                token never does).
        """
        deltas = self.deltas(keys, shapes)
        bb, bi, ib, ii = self.transitions
        score_b, score_i = 0.0, _NEGATIVE
        back: list[tuple[bool, bool]] = []
        for delta, ok in zip(deltas[1:], joinable[1:], strict=True):
            b_from_b, b_from_i = score_b + bb, score_i + ib
            i_from_b, i_from_i = score_b + bi, score_i + ii
            b_keeps_b = b_from_b >= b_from_i
            i_after_b = i_from_b >= i_from_i
            back.append((b_keeps_b, i_after_b))
            score_b = b_from_b if b_keeps_b else b_from_i
            score_i = (i_from_b if i_after_b else i_from_i) + delta if ok else _NEGATIVE
        begins = _backtrack(back, score_b >= score_i)
        _cap_words(begins, deltas)
        return begins

    def __reduce__(self) -> tuple[object, tuple[str | None]]:
        # The bundled model pickles as "the bundled model", wherever it is installed.
        bundled = self.path is None or self.path == default_path()
        return load_model, (None if bundled else str(self.path),)

    def __repr__(self) -> str:
        return f"SegmenterModel(path={str(self.path)!r}, features={len(self.weights)})"


def _backtrack(back: list[tuple[bool, bool]], last_is_b: bool) -> list[bool]:
    labels = [last_is_b]
    current = last_is_b
    for from_b_if_b, from_b_if_i in reversed(back):
        current = from_b_if_b if current else from_b_if_i
        labels.append(current)
    labels.reverse()
    return labels


def _cap_words(begins: list[bool], deltas: list[float]) -> None:
    """Cut words longer than ``MAX_WORD_TOKENS`` where joining is least likely.

    No word in the treebank is that long; only odd input (a run of hundreds of names,
    a list written without commas) makes the model join so much.
    """
    start = 0
    for i in range(1, len(begins) + 1):
        if i < len(begins) and not begins[i]:
            continue
        while i - start > MAX_WORD_TOKENS:
            cut = min(range(start + 1, start + MAX_WORD_TOKENS + 1), key=deltas.__getitem__)
            begins[cut] = True
            start = cut
        start = i


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> SegmenterModel:
    """Return the model in file ``path`` (default: the bundled one), cached per process."""
    return _load(str(Path(path).resolve() if path else default_path()))


@lru_cache(maxsize=4)
def _load(path: str) -> SegmenterModel:
    file = Path(path)
    with gzip.open(file, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    if data.get("format") != FORMAT:
        raise ValueError(f"{file} is not a segmenter model of format {FORMAT!r}")
    return SegmenterModel(data["weights"], data["transitions"], Lexicon.build(data["lexicon"]),
                          file)


def save_model(
    path: Path,
    weights: Mapping[str, float],
    transitions: Mapping[str, float],
    lexicon: Iterable[str],
    about: Mapping[str, object],
) -> None:
    """Write a model file that :func:`load_model` reads (used by the training script)."""
    data = {
        "format": FORMAT,
        "about": dict(about),
        "transitions": {key: round(value, 5) for key, value in transitions.items()},
        "weights": {key: round(value, 5) for key, value in sorted(weights.items())},
        "lexicon": sorted(lexicon),
    }
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=0).encode("utf-8"))
