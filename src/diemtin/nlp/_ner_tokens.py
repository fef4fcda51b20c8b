"""Syllable-level tokens with character offsets, and sentence windows, for the NER tagger.

Tokens are runs of letters and digits ("Lào", "UBND", "12") and single other characters
("." "," "-" "“"), so "TP.HCM" is three tokens and "Sở GD-ĐT" four. Every gold span of
the annotation guidelines starts and ends on a token boundary under this scheme, and the
offsets index the text exactly as given (no normalization here: design.md wants offsets
into the stored NFC text).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+|\S")
_UPPER = "".join(c for c in map(chr, range(0x41, 0x2000)) if c.isupper())
# A sentence ends at a line break, or after . ! ? … and a space before a capital, a digit
# or an opening quote or bracket; not after abbreviations that precede names ("TP. Huế"),
# nor after an initial inside a name ("John F. Kennedy").
_NOT_AFTER = "".join(
    rf"(?<!{a}\.)" for a in ("TP", "Tp", "TS", "GS", "BS", "ThS", "Mr", "Dr", "St")
) + r"(?<![\s.][A-ZĐ]\.)"
_BOUNDARY = re.compile(
    r"\n\s*|[.!?…]+" + _NOT_AFTER + r"[\"”’»)]?[ \t]+(?=[" + _UPPER + r"\d\"“‘'(\[«])"
)


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one text: their strings, start and end offsets, and sentence ranges.

    ``glued[i]`` is True when token ``i`` follows the previous one with no space between.
    ``sentences`` holds half-open token index ranges ``(first, last)``.
    """

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    glued: tuple[bool, ...]
    sentences: tuple[tuple[int, int], ...]


def tokenize(text: str) -> Tokens:
    """Split ``text`` into syllable tokens and sentences.

    Args:
        text: Any string; offsets refer to it as given.

    Returns:
        The :class:`Tokens` of ``text``.

    >>> tokenize("Ông Lò Văn Sáng, Chủ tịch UBND xã.").words[:5]
    ('Ông', 'Lò', 'Văn', 'Sáng', ',')
    """
    matches = list(_TOKEN.finditer(text))
    words = [m.group() for m in matches]
    starts = [m.start() for m in matches]
    ends = [m.end() for m in matches]
    glued = [False, *map(int.__eq__, starts[1:], ends)] if matches else []
    sentences = _split_sentences(text, starts)
    return Tokens(tuple(words), tuple(starts), tuple(ends), tuple(glued), sentences)


def _split_sentences(text: str, starts: list[int]) -> tuple[tuple[int, int], ...]:
    """Token ranges of sentences: split after . ! ? … before a capital, and at line breaks."""
    out: list[tuple[int, int]] = []
    first = 0
    for match in _BOUNDARY.finditer(text):
        i = bisect_left(starts, match.end())
        if first < i < len(starts):
            out.append((first, i))
            first = i
    if starts:
        out.append((first, len(starts)))
    return tuple(out)
