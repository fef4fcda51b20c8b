"""Search keys: Vietnamese text without diacritics, with đ folded to d.

SQLite's ``remove_diacritics`` leaves "đ" alone (it is a letter of its own, not a "d"
with a mark), yet people who type without diacritics write "dang" for "Đảng". A search
key therefore lower-cases, strips every combining mark **and** maps đ to d.

For Vietnamese text every precomposed letter folds to one ASCII letter, so offsets in
folded text match offsets in the normalized text (not so for every script: Hangul
syllables decompose into several letters).

>>> fold("Đà Nẵng"), fold("Đảng ủy tỉnh Lào Cai")
('da nang', 'dang uy tinh lao cai')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from diemtin.text.normalize import clean_characters

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_PIECE = 1 << 16
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Return the search key of ``text``: lower-case, no diacritics, đ → d.

    ``fold(normalize(s)) == fold(s)`` for every string ``s``.
    """
    return fold_word(clean_characters(text))


def fold_word(word: str) -> str:
    """Fold already-clean text (no NFC or invisible-character pass): the fast path.

    Long texts are folded 64 Ki characters at a time, cut after a space: ``str.lower``
    and decomposition hold several times their input at once, which on a whole
    article is many times its size.
    """
    if len(word) <= _PIECE:
        return _fold_piece(word)
    return "".join([_fold_piece(piece) for piece in _pieces(word)])


def _pieces(text: str) -> Iterator[str]:
    """Consecutive slices of about ``_PIECE`` characters, cut after a space if one is near."""
    start = 0
    while start < len(text):
        end = start + _PIECE
        space = text.find(" ", end, end + _PIECE)
        end = space + 1 if space >= 0 else end
        yield text[start:end]
        start = end


def _fold_piece(word: str) -> str:
    """Precomposed Latin letters (all of Vietnamese) fold through one ``str.translate``."""
    word = word.lower()
    if word.isascii():
        return word
    word = word.translate(LATIN_FOLDS)
    if word.isascii():
        return word
    return _fold_decomposed(word)


def _fold_decomposed(word: str) -> str:
    """Fold lower-cased text by decomposing it: what :data:`LATIN_FOLDS` is made of."""
    word = _MARKS.sub("", unicodedata.normalize("NFD", word))
    word = word.replace("đ", "d")
    if word.isascii():
        return word
    return _NON_ASCII.sub(_drop_combining, word)  # marks of other scripts, rare


def _drop_combining(match: re.Match[str]) -> str:
    char = match.group()
    return "" if unicodedata.combining(char) else char


def _latin_folds() -> dict[int, str]:
    folds = {}
    for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        for code in block:
            folded = _fold_decomposed(chr(code).lower())
            if len(folded) == 1 and folded.isascii() and folded != chr(code):
                folds[code] = folded
    return folds


LATIN_FOLDS: dict[int, str] = _latin_folds()
"""Every Latin letter that folds to one ASCII letter, as a ``str.translate`` table."""
