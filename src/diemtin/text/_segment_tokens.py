"""Pre-tokenizer for word segmentation: cut text into syllables, numbers and marks.

The segmenter's model decides only which neighbouring tokens form one word; this module
decides what a token is. Things that must never be cut stay whole here: URLs, e-mail
addresses, numbers with separators ("1.500", "3,5", "13/9/2024", "08:15"), codes with
digits ("COVID-19", "43H-016", "U23"), dotted abbreviations ("TP.HCM", "PGS.TS", "Q.1")
and title abbreviations followed by a name ("ThS. Lê", "GS. Phạm").

Offsets are character offsets into the given string; nothing is re-normalized.
"""

from __future__ import annotations

import re
from typing import Final

# Kinds of token, used as features and for hard boundaries.
SYLLABLE: Final = "syllable"  # letters only, followed by nothing that could extend them
URL: Final = "url"
EMAIL: Final = "email"
ABBR: Final = "abbr"
CODE: Final = "code"
WORD: Final = "word"
ELLIPSIS: Final = "ellipsis"
PUNCT: Final = "punct"

# Upper-case letters of Vietnamese and its neighbours (precomposed, after NFC).
_UPPER = "A-ZĐÀ-ÖØ-Þ\u0102\u01a0\u01af\u1ea0\u1ea2\u1ea4\u1ea6\u1ea8\u1eaa\u1eac\u1eae\u1eb0" \
    "\u1eb2\u1eb4\u1eb6\u1eb8\u1eba\u1ebc\u1ebe\u1ec0\u1ec2\u1ec4\u1ec6\u1ec8\u1eca\u1ecc\u1ece" \
    "\u1ed0\u1ed2\u1ed4\u1ed6\u1ed8\u1eda\u1edc\u1ede\u1ee0\u1ee2\u1ee4\u1ee6\u1ee8\u1eea\u1eec" \
    "\u1eee\u1ef0\u1ef2\u1ef4\u1ef6\u1ef8\u0128\u0168"

# Title abbreviations that keep their period when a name follows ("ThS. Lê Hoa").
_TITLES = "PGS|GS|TS|ThS|TSKH|BS|BSCK|KS|CN|LS|NSƯT|NSND|NS|NXB|Tp|TP|TT|Q|P|Mr|Mrs|Ms|Dr|St"

_TOKEN_RE: Final = re.compile(
    rf"""
    (?P<{SYLLABLE}>[^\W\d_]+(?![\w.@:/'’-]))
    |(?P<{URL}>(?:https?://|www\.)[^\s<>"'“”]*[^\s<>"'“”.,;:!?)\]}}]
      |(?i:(?<![\w.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org|gov|edu|info|io)\b)
       (?:/[^\s<>"'“”]*[^\s<>"'“”.,;:!?)\]}}])?)
    |(?P<{EMAIL}>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    |(?P<{ABBR}>\b[A-ZĐ][a-zđ]?[A-ZĐ]{{0,4}}(?:\.[{_UPPER}0-9]\w*)+
      |\b(?:{_TITLES})\.(?=[ \t]*[{_UPPER}]))
    |(?P<{CODE}>(?<![\w/-])(?:[^\W\d_]+[-/])?\w*\d\w*(?:[-/]\w+|[.,:]\d\w*)*(?:(?<=\d)%)?)
    |(?P<{WORD}>\w+(?:['’]\w+)*)
    |(?P<{ELLIPSIS}>\.{{2,}}|…)
    |(?P<{PUNCT}>[^\w\s])
    """,
    re.VERBOSE,
)


def pretokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Return ``(start, end, kind)`` for every token of ``text[start:end]``, in order.

    Offsets are into ``text``.

    >>> [(s, e, k) for s, e, k in pretokenize("TP.HCM, 13/9")]
    [(0, 6, 'abbr'), (6, 7, 'punct'), (8, 12, 'code')]
    """
    matches = _TOKEN_RE.finditer(text, start, len(text) if end is None else end)
    return [(m.start(), m.end(), m.lastgroup or PUNCT) for m in matches]
