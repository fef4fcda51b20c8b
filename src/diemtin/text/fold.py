"""Search keys: Vietnamese text without diacritics, with đ folded to d.

SQLite's ``remove_diacritics`` leaves "đ" alone (it is a letter of its own, not a "d"
with a mark), yet people who type without diacritics write "dang" for "Đảng". A search
key therefore strips every combining mark **and** maps đ/Đ to d, and lower-cases.

``fold`` keeps one character for each character of :func:`clean_characters` output for
Vietnamese text (every precomposed Vietnamese letter folds to one ASCII letter), so
offsets in folded Vietnamese text match offsets in the normalized text.

>>> fold("Đà Nẵng"), fold("Đảng ủy tỉnh Lào Cai")
('da nang', 'dang uy tinh lao cai')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from diemtin.text.normalize import clean_characters

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ı": "i"})


# "İ".lower() is two characters; fold it to one so folding stays length-preserving.
_LONE = {"İ": "i"}


def fold(text: str) -> str:
    """Return the search key of ``text``: lower-case, no diacritics, đ → d.

    ``fold(normalize(s)) == fold(s)`` for every string ``s``.
    """
    return fold_word(clean_characters(text))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    if char in _LONE:
        return _LONE[char]
    decomposed = unicodedata.normalize("NFD", char.lower().translate(_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_word(word: str) -> str:
    """Fold already-clean text (no NFC or invisible-character pass): the fast path."""
    word = word.lower()
    if word.isascii():
        return word
    word = word.translate(_LATIN_TABLE)
    return word if word.isascii() else _NON_ASCII.sub(_fold_match, word)


def _fold_match(match: re.Match[str]) -> str:
    return "".join(_fold_char(char) for char in match.group())


# Precomputed folds of the Latin blocks Vietnamese uses (Latin-1, Extended-A/B,
# Extended Additional): one ``str.translate`` pass folds ordinary Vietnamese text.
_LATIN_TABLE = {
    code: _fold_char(chr(code))
    for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00))
    for code in block
    if len(_fold_char(chr(code))) == 1 and _fold_char(chr(code)).isascii()
}
