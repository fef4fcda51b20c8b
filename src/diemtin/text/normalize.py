"""Unicode and tone-mark normalization for Vietnamese text.

``normalize`` brings every way of writing the same Vietnamese text to one form:

* Unicode NFC, so decomposed input (combining marks, as Windows-1258 and some Mac
  tools produce) becomes precomposed characters;
* one tone-mark placement convention. Vietnamese has two in use: the *old* one puts the
  tone of an open "oa", "oe", "uy" on the first vowel ("hòa", "khỏe", "thủy"), the *new*
  one on the second ("hoà", "khoẻ", "thuỷ"). diemtin uses the **old** convention, the
  one most national outlets, the Unicode keyboards' defaults and Vietnamese NLP corpora
  follow. Misplaced tones ("hoàng" written "hòang") are moved too;
* zero-width characters and soft hyphens are removed; non-breaking and other Unicode
  spaces become a plain space; control characters other than newline and tab are removed;
  unpaired surrogates (which JSON's ``\\ud800`` escapes can produce, and which no database
  can store as UTF-8) become U+FFFD.

Offsets: tone-mark placement never changes the length of the NFC text; removing
zero-width and control characters does. Keep the original text when offsets into it
matter (diemtin stores the normalized text and computes every offset on it).

>>> normalize("Hoà Bình, thuỷ điện, khoẻ")
'Hòa Bình, thủy điện, khỏe'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Combining tone marks, in NFD: grave, acute, tilde, hook above, dot below.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_REMOVED = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                                  "\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " ")
_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), "\ufffd")
_TRANSLATION = {**_REMOVED, **_SPACES, **_SURROGATES}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ODD = re.compile(
    "[" + "".join(map(chr, {**_REMOVED, **_SPACES})) + r"\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\ud800-\udfff]"
)
_WORD = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+")  # letters with any stray marks
_NOT_IN_WORD = re.compile(r"[^\w\u0300-\u036f]|[\d_]")  # no _WORD match runs through it
_PIECE = 1 << 16
"""Characters normalized at a time: long texts go piece by piece, so the temporary
tokens of one piece are all that is held beside the input and the output."""
_LONGEST_SYLLABLE = 12
"""Longer words are no Vietnamese syllable ("nghiêng" has 7 letters); never cached."""

_VOWELS = frozenset("aăâeêioôơuưy")
_HATTED = frozenset("ăâêôơư")
_INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x", "",
)
_FINALS = frozenset(("", "c", "ch", "m", "n", "ng", "nh", "p", "t"))
# Vowel clusters Vietnamese spelling allows (without tone marks); anything else is a
# foreign word ("Néang", "Guterres") whose marks are left where they are.
_NUCLEI = frozenset([
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu",
    "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ",
    "uê", "ui", "uô", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oay", "oeo",
    "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
])


def clean_characters(text: str) -> str:
    """NFC-normalize ``text`` and remove or replace invisible and odd characters.

    This is the character-level half of :func:`normalize`; it does not move tone marks.
    """
    if _ODD.search(text):  # before NFC: a removed character may separate a letter and its mark
        text = text.translate(_TRANSLATION)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _CONTROL.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def place_tones(text: str) -> str:
    """Move every syllable's tone mark to diemtin's vowel, and change nothing else.

    Unlike :func:`normalize`, no character is removed, so the result has the length of
    ``text`` and offsets computed on it index ``text`` too: the NLP pipeline reads an
    article's stored text (as the outlet wrote it) through this function.

    >>> place_tones("Hoà Bình\u200b, thuỷ điện")
    'Hòa Bình\u200b, thủy điện'
    """
    if len(text) <= _PIECE:
        return _normalize_piece(text)
    # Piece by piece, each cut where no word runs through: time and memory stay linear
    # (one string per word of a whole 19 MB title took 2.3 GB). Pieces are kept only
    # from the first one that changes: a text already in the convention is returned as is.
    done: list[str] | None = None
    start = 0
    for piece in _pieces(text):
        placed = _normalize_piece(piece)
        if done is None and placed != piece:
            done = [text[:start]]
        if done is not None:
            done.append(placed)
        start += len(piece)
    return text if done is None else "".join(done)


def normalize(text: str) -> str:
    """Return ``text`` in diemtin's canonical form (see the module docstring).

    Idempotent: ``normalize(normalize(s)) == normalize(s)``. Time and memory are linear
    in the length of ``text``: past 64 Ki characters it is normalized piece by piece.
    """
    return place_tones(clean_characters(text))


def _pieces(text: str) -> Iterator[str]:
    """Consecutive slices of ``text`` of about ``_PIECE`` characters, cut after a space
    (else before any character no word runs through), so no word is cut."""
    start = 0
    while start < len(text):
        end = start + _PIECE
        if end < len(text):
            space = text.find(" ", end, end + _PIECE)
            boundary = _NOT_IN_WORD.search(text, end) if space < 0 else None
            end = space + 1 if space >= 0 else boundary.start() if boundary else len(text)
        yield text[start:end]
        start = end


def _normalize_piece(text: str) -> str:
    return " ".join([_normalize_token(token) for token in text.split(" ")])


def _normalize_token(token: str) -> str:
    """Normalize the tone marks of a space-free token (a word, maybe with punctuation)."""
    if len(token) > 4 * _LONGEST_SYLLABLE:  # rare, maybe huge: not worth a cache entry
        return _WORD.sub(_normalize_match, token)
    return _normalize_short_token(token)


@lru_cache(maxsize=65536)
def _normalize_short_token(token: str) -> str:
    return _WORD.sub(_normalize_match, token)


def _normalize_match(match: re.Match[str]) -> str:
    return place_tone(match.group())


def place_tone(syllable: str) -> str:
    """Move the tone mark of one Vietnamese syllable to its canonical vowel.

    Words that are not a well-formed Vietnamese syllable are returned unchanged.

    >>> place_tone("thuỷ"), place_tone("Hòang"), place_tone("quả")
    ('thủy', 'Hoàng', 'quả')
    """
    if len(syllable) > _LONGEST_SYLLABLE:
        return syllable
    return _place_tone(syllable)


@lru_cache(maxsize=65536)
def _place_tone(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [char for char in decomposed if char in _TONES]
    if len(tones) != 1:
        return syllable
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    target = _tone_position(bare.lower())
    if target is None:
        return syllable
    marked = bare[: target + 1] + tones[0] + bare[target + 1 :]
    result = unicodedata.normalize("NFC", marked)
    return result if len(result) == len(syllable) else syllable


def _tone_position(bare: str) -> int | None:
    """Index in the toneless, lower-cased ``bare`` syllable that carries the tone."""
    split = _split_syllable(bare)
    if split is None:
        return None
    start, nucleus, final = split
    hatted = [i for i, char in enumerate(nucleus) if char in _HATTED]
    if hatted:
        offset = hatted[-1]  # "ươ" -> ơ, "uô" -> ô, "iê" -> ê, "ưa" -> ư
    elif len(nucleus) == 1:
        offset = 0
    elif final:
        offset = len(nucleus) - 1  # "toán", "hoàng", "huỳnh"
    elif len(nucleus) == 3:
        offset = 1  # "xoài", "khuya", "ngoáy"
    else:
        offset = 0  # old style: "hòa", "khỏe", "thủy", and "mùa", "gửi", "cháu"
    return start + offset


def _split_syllable(bare: str) -> tuple[int, str, str] | None:
    """Split a toneless syllable into (nucleus start, nucleus, final), or None."""
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rest = bare[len(initial) :]
        if initial == "gi" and not any(c in _VOWELS for c in rest):
            initial, rest = "g", bare[1:]  # "gì", "gìn": the i is the vowel
        end = 0
        while end < len(rest) and rest[end] in _VOWELS:
            end += 1
        nucleus, final = rest[:end], rest[end:]
        if nucleus in _NUCLEI and final in _FINALS:
            return len(initial), nucleus, final
        return None
    return None
