"""Republication edits: how outlets change a text they copy.

Used by the tests (a document stays a duplicate of itself after each edit) and by
``bench/link.py`` (programmatic republication variants of gold originals). Each edit
is a pure function ``(paragraphs, seed) -> paragraphs``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

Edit = Callable[[Sequence[str], int], list[str]]

_NEW_STYLE = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
_NEW_STYLE_RE = re.compile(r"(" + "|".join(_NEW_STYLE) + r")(?![\wàáảãạ])")
_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}\b)")
_DECIMAL = re.compile(r"(?<=\d),(?=\d)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])")


def tone_swap(paragraphs: Sequence[str], seed: int = 0) -> list[str]:
    """Write "hòa", "thủy", "khỏe" the other way ("hoà", "thuỷ", "khoẻ")."""
    return [_NEW_STYLE_RE.sub(lambda m: _NEW_STYLE[m.group()], p) for p in paragraphs]


def add_credit(paragraphs: Sequence[str], seed: int = 0, *, outlet: str = "TTXVN") -> list[str]:
    """Add a credit line at the end ("Theo TTXVN")."""
    return [*paragraphs, f"Theo {outlet}"]


def truncate_third(paragraphs: Sequence[str], seed: int = 0) -> list[str]:
    """Keep the first third of the sentences."""
    sentences = [s for p in paragraphs for s in _SENTENCE.split(p) if s]
    return [" ".join(sentences[: max(1, -(-len(sentences) // 3))])]


def reorder(paragraphs: Sequence[str], seed: int = 0) -> list[str]:
    """Move one paragraph elsewhere and drop another when there are enough."""
    rng = random.Random(seed)
    kept = list(paragraphs)
    if len(kept) > 3:
        kept.pop(rng.randrange(1, len(kept)))
    if len(kept) > 1:
        moved = kept.pop(rng.randrange(len(kept)))
        kept.insert(rng.randrange(len(kept) + 1), moved)
    return kept


def add_captions(paragraphs: Sequence[str], seed: int = 0) -> list[str]:
    """Add a photo caption and a "Xem thêm" line."""
    middle = len(paragraphs) // 2
    return [*paragraphs[:middle], "Ảnh: Phóng viên thường trú", *paragraphs[middle:],
            "Xem thêm: Những tin tức mới nhất trong ngày"]


def retype_numbers(paragraphs: Sequence[str], seed: int = 0) -> list[str]:
    """Retype numbers: "1.200" → "1200", "2,5" → "2.5"."""
    return [_DECIMAL.sub(".", _THOUSANDS.sub("", p)) for p in paragraphs]


EDITS: dict[str, Edit] = {
    "tone": tone_swap, "credit": add_credit, "third": truncate_third, "reorder": reorder,
    "captions": add_captions, "numbers": retype_numbers,
}
"""Every edit by name."""
