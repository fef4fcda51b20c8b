"""Vietnamese word segmentation: group syllables into words.

Vietnamese writes a space between syllables, not between words: "tuyên giáo" and
"Lào Cai" are one word each. :func:`segment` returns the words of a text the way the
Vietnamese UD treebank (VTB) writes its FORM column: a word of several syllables keeps
its inner spaces, and every punctuation mark is a word of its own. :func:`word_spans`
returns the same words as character spans into the given text, which must already be
normalized (see :func:`diemtin.text.normalize`): the text is never re-normalized, so
offsets point into it.

The model is a linear-chain CRF learned from the VTB train split, with a lexicon of
known words and a hand-written list of places and family names as features
(``bench/train_segmenter.py``). Numbers, dates, URLs, e-mail addresses and dotted
abbreviations ("TP.HCM") are never cut; a newline always ends a word.

>>> segment("Bí thư Tỉnh ủy Lào Cai thăm các hộ dân.")
['Bí thư', 'Tỉnh ủy', 'Lào Cai', 'thăm', 'các', 'hộ', 'dân', '.']
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Final

from diemtin.models import Span
from diemtin.text._segment_features import key_of_word, token_info
from diemtin.text._segment_model import SegmenterModel, load_model
from diemtin.text._segment_tokens import EMAIL, URL, pretokenize

_LINE: Final = re.compile(r"[^\n]+")
_ALONE: Final = frozenset((URL, EMAIL))


def segment(text: str) -> list[str]:
    """Split ``text`` into words; multi-syllable words keep their inner spaces.

    Args:
        text: normalized (NFC) text, of any length; newlines end words.

    Returns:
        The words in order, each equal to ``text[start:end]`` of its span.
    """
    return [text[start:end] for start, end in word_spans(text)]


def is_known_word(word: str) -> bool:
    """Whether ``word``, of two syllables or more, is in the segmenter's lexicon.

    Case and tone-mark placement do not matter.

    >>> is_known_word("Bách khoa"), is_known_word("Kinh tế"), is_known_word("Vy kể")
    (True, True, False)
    """
    return key_of_word(word) in load_model().lexicon.words


def word_spans(text: str, *, model: SegmenterModel | None = None) -> list[Span]:
    """Return the ``(start, end)`` character span of every word of ``text``.

    Args:
        text: normalized (NFC) text; offsets are computed on it as given.
        model: a model from :func:`diemtin.text._segment_model.load_model`; the
            bundled one by default.

    Returns:
        Spans in order, not overlapping; whitespace belongs to no word.
    """
    model = model or load_model()
    if "\n" not in text:
        return _spans(text, pretokenize(text), model)
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        spans += _spans(text, pretokenize(text, line.start(), line.end()), model)
    return spans


def _spans(text: str, tokens: list[tuple[int, int, str]], model: SegmenterModel) -> list[Span]:
    """Spans of the words made of ``tokens``, which hold no newline between them."""
    if not tokens:
        return []
    infos = [token_info(text[start:end], kind) for start, end, kind in tokens]
    kinds = [kind for _, _, kind in tokens]
    joinable = [False, *(a not in _ALONE and b not in _ALONE for a, b in pairwise(kinds))]
    begins = model.begins([key for key, _ in infos], [shape for _, shape in infos], joinable)
    spans: list[Span] = []
    word_start = tokens[0][0]
    for (start, _, _), (_, previous_end, _), begin in zip(
        tokens[1:], tokens, begins[1:], strict=False
    ):
        if begin:
            spans.append((word_start, previous_end))
            word_start = start
    spans.append((word_start, tokens[-1][1]))
    return spans
