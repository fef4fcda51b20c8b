"""Fast scoring of the segmenter's context features, without building their strings.

Most features of :func:`~diemtin.text._segment_features.sequence_features` are a
template applied to one key ("w=", "p=", "n=", "pp=", "nn=") or to the key bigram of
one gap ("pw=", "wn=", "ppp=", "nnn="). :class:`CompiledWeights` regroups the weights
so that each key and each gap is looked up once, whatever the number of templates that
use it; shape templates are summed ahead for every triple of shapes. The result equals
the sum of the weights of ``sequence_features`` (``tests/text/test_segment.py`` checks
it), several times faster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise, product
from typing import Final

from diemtin.text._segment_features import (
    PAD_LEFT,
    PAD_RIGHT,
    SHAPE_LEFT,
    SHAPE_RIGHT,
    SHAPES,
)

# Template -> slot, for templates over one key and over one gap's bigram.
_UNIGRAMS: Final = {"w": 0, "p": 1, "n": 2, "pp": 3, "nn": 4}
_BIGRAMS: Final = {"pw": 0, "wn": 1, "ppp": 2, "nnn": 3}
_SHAPE_TEMPLATES: Final = frozenset(("s", "ps", "sn"))
_ZERO5: Final = (0.0,) * 5
_ZERO4: Final = (0.0,) * 4
_ZEROS: Final = (0.0,) * 256


class CompiledWeights:
    """Feature weights (I minus B) regrouped by key, bigram and shape triple."""

    __slots__ = ("_bigrams", "_other", "_shapes", "_unigrams")

    def __init__(self, weights: Mapping[str, float]) -> None:
        unigrams: dict[str, list[float]] = {}
        bigrams: dict[str, list[float]] = {}
        other: dict[str, float] = {}
        for name, value in weights.items():
            template, _, argument = name.partition("=")
            if template in _UNIGRAMS:
                unigrams.setdefault(argument, [0.0] * 5)[_UNIGRAMS[template]] += value
            elif template in _BIGRAMS:
                bigrams.setdefault(argument, [0.0] * 4)[_BIGRAMS[template]] += value
            elif template not in _SHAPE_TEMPLATES:
                other[name] = value
        self._unigrams = {key: tuple(slots) for key, slots in unigrams.items()}.get
        self._bigrams = {key: tuple(slots) for key, slots in bigrams.items()}.get
        self._other = other.get
        self._shapes = _shape_table(weights).get

    def deltas(
        self, keys: Sequence[str], shapes: Sequence[str], local: list[list[str]]
    ) -> list[float]:
        """Score of "I" minus score of "B" for every token.

        Args:
            keys: token keys.
            shapes: token shapes.
            local: :func:`~diemtin.text._segment_features.local_features` of the tokens.
        """
        k = [*PAD_LEFT, *keys, *PAD_RIGHT]
        s = [SHAPE_LEFT, *shapes, SHAPE_RIGHT]
        uni, bi, other, shape = self._unigrams, self._bigrams, self._other, self._shapes
        u = [uni(key, _ZERO5) for key in k]
        g = [bi(f"{a} {b}", _ZERO4) for a, b in pairwise(k)]
        return [
            w[0] + p[1] + n[2] + pp[3] + nn[4]
            + gpw[0] + gwn[1] + gppp[2] + gnnn[3]
            + shape((sp, sw, sn), 0.0)
            + other(f"Sw={sp}{key}", 0.0) + other(f"wS={key}{sn}", 0.0)
            + sum(map(other, extra, _ZEROS))
            for pp, p, w, n, nn, gppp, gpw, gwn, gnnn, sp, sw, sn, key, extra in zip(
                u, u[1:], u[2:], u[3:], u[4:], g, g[1:], g[2:], g[3:],
                s, s[1:], s[2:], k[2:], local, strict=False,
            )
        ]


def _shape_table(weights: Mapping[str, float]) -> dict[tuple[str, str, str], float]:
    """Sum of the "s", "ps" and "sn" weights for every triple of shapes."""
    table: dict[tuple[str, str, str], float] = {}
    for before, shape, after in product(SHAPES, repeat=3):
        total = (weights.get(f"s={shape}", 0.0) + weights.get(f"ps={before}{shape}", 0.0)
                 + weights.get(f"sn={shape}{after}", 0.0))
        if total:
            table[before, shape, after] = total
    return table
