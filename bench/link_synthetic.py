"""Synthetic Vietnamese-like news bodies for link benchmarks, generated with numpy.

Syllables are built from Vietnamese initials, marked nuclei and finals and drawn from a
Zipf distribution; a share of capitalized names and numbers gives each document its
distinctive tokens. A share of documents are republications of earlier ones in the same
batch, edited with :mod:`diemtin.link.edits`.
"""

from __future__ import annotations

import numpy as np

from diemtin.link.edits import EDITS

_INITIALS = (
    "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu",
    "s", "t", "th", "tr", "v", "x"
)
_NUCLEI = (
    "a", "á", "à", "ả", "ã", "ạ", "ô", "ồ", "ố", "ổ", "ơ", "ờ", "ớ", "ư", "ứ", "ừ", "e", "ê",
    "ế", "ề", "i", "í", "ì", "u", "ú", "ù", "oa", "oà", "ươ", "ướ", "yê", "iế", "uô"
)
_FINALS = ("", "", "n", "ng", "c", "t", "nh", "m", "i")


def _vocabulary(rng: np.random.Generator, size: int = 4000) -> list[str]:
    words = sorted({i + n + f for i in _INITIALS for n in _NUCLEI for f in _FINALS})
    rng.shuffle(words)
    words = words[:size]
    names = [w.capitalize() for w in words[: size // 20]]
    numbers = [str(n) for n in rng.integers(1, 3000, size // 40)]
    return [*words, *names, *numbers, ".\n"]


def synthetic_corpus(count: int, *, copies: float = 0.1, seed: int = 0,
                     low: int = 300, high: int = 600) -> tuple[list[str], int]:
    """``count`` texts of ``low``–``high`` syllables; about ``copies`` of them edited copies.

    Returns the texts and how many are copies.
    """
    rng = np.random.default_rng(seed)
    vocab = _vocabulary(np.random.default_rng(0))
    encoded = [(w if w.endswith("\n") else w + " ").encode() for w in vocab]
    lengths = np.array([len(e) for e in encoded])
    offsets = np.cumsum(lengths) - lengths
    buffer = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    weights = 1.0 / np.arange(1, len(vocab))
    table = rng.choice(len(vocab) - 1, size=1 << 18, p=weights / weights.sum())
    texts: list[str] = []
    for first in range(0, count, 2000):  # small arrays: fresh pages are slow here
        sizes = rng.integers(low, high + 1, min(2000, count - first))
        ids = table[rng.integers(0, len(table), int(sizes.sum()))]
        ids[rng.random(len(ids)) < 1 / 40] = len(vocab) - 1  # paragraph ends
        token_bytes = lengths[ids]
        starts = np.repeat(offsets[ids] - (np.cumsum(token_bytes) - token_bytes), token_bytes)
        text = buffer[starts + np.arange(int(token_bytes.sum()))].tobytes()
        ends = np.cumsum(np.add.reduceat(token_bytes, np.cumsum(sizes) - sizes))
        texts += [text[a:b].decode() for a, b in zip(np.r_[0, ends[:-1]], ends, strict=True)]
    edits = list(EDITS.values())
    made = 0
    for position in range(1, count):
        if rng.random() < copies:
            source = texts[int(rng.integers(0, position))]
            edit = edits[int(rng.integers(0, len(edits)))]
            texts[position] = "\n".join(edit(source.split("\n"), position))
            made += 1
    return texts, made
