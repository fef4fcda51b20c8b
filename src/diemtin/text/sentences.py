"""Sentence splitting for Vietnamese news text.

A sentence ends at ".", "!", "?", "..." or "…" (with any closing quotes or brackets
that follow) when whitespace and then a character other than a lower-case letter come
next. A newline always ends a sentence. These do not end a sentence:

* the period of a title or place abbreviation before a name or number ("GS. Phạm",
  "ThS. Lê", "Tp. Hồ Chí Minh", "Q. 1"), and of chains of initials ("J. K. Rowling");
* periods and commas inside numbers and codes ("1.500", "3,5", "TP.HCM", "PGS.TS"):
  no whitespace follows them;
* the number or letter of a list item ("1. Tăng cường ...", "a. ...").

Bullets ("-", "•", "+", "*") at the start of a line are not part of its sentence.
Spans never include surrounding whitespace; offsets point into the given string.

>>> text = 'PGS.TS Lê Văn An nói: "Tăng 3,5%." Ông đến TP.HCM lúc 8h...'
>>> [text[s:e] for s, e in split_sentences(text)]
['PGS.TS Lê Văn An nói: "Tăng 3,5%."', 'Ông đến TP.HCM lúc 8h...']
"""

from __future__ import annotations

import re
from typing import Final

from diemtin.models import Span

# Words whose period does not end a sentence when a capital or a digit follows.
_ABBREVIATION_LIST = (
    "TP Tp tp TS ThS Ths GS PGS TSKH BS BSCK KS CN LS NS NSƯT NSND NXB Q P TT Th "
    "Mr Mrs Ms Dr St Co Ltd Inc Jr Sr No Vol tr"
)
_ABBREVIATIONS: Final = frozenset(_ABBREVIATION_LIST.split())
_LINE: Final = re.compile(r"[^\n]+")
_BULLET: Final = re.compile(r"\s*(?:[-•+*–—·▪●◦]\s+)?")
# A run of end marks is matched from its first mark only, and possessively: trying every
# mark of a long run ("......") as a start made the search quadratic.
_END: Final = re.compile(r"(?<![.!?…])[.!?…]++[”\"’'»)\]]*+(?=\s|$)")
_SPACES: Final = re.compile(r"\s*")
_DASHES: Final = re.compile(r"[ \-–—]*")
_WORD_BEFORE: Final = re.compile(r"([\w.]*\w)\.$")
_LIST_NUMBER: Final = re.compile(r"(?:\d{1,3}|[a-zđ]|[IVXLC]{1,6})\.")
_INITIAL: Final = re.compile(r"[A-ZĐ]\.(?:\s|$)")
_INITIALS_BEFORE: Final = re.compile(r"(?<!\S)[A-ZĐ]\.\s*[A-ZĐ]\.$")
_LOOK_BACK: Final = 64
"""Characters before a period that decide whether it ends the sentence (longer than any
abbreviation, list number or pair of initials)."""


def split_sentences(text: str) -> list[Span]:
    """Return the ``(start, end)`` character span of every sentence of ``text``.

    Time is linear in the length of ``text``: each end mark is judged on the few
    characters around it, never on the rest of its line.

    Args:
        text: normalized text; paragraphs and list items separated by newlines.

    Returns:
        Spans in order, each trimmed of whitespace and leading bullets; empty lines
        give none.
    """
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        spans.extend(_line_sentences(text, line.start(), line.end()))
    return spans


def _line_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentences of the line ``text[start:end]`` (which holds no newline)."""
    bullet = _BULLET.match(text, start, end)
    if bullet:
        start = bullet.end()
    spans: list[Span] = []
    sentence = start
    first = _skip(_SPACES, text, start, end)
    for match in _END.finditer(text, start, end):
        stop = match.end()
        if _ends_sentence(text, first, match.start(), stop, end):
            spans.append(_trim(text, sentence, stop))
            sentence = stop
            first = _skip(_SPACES, text, stop, end)
    spans.append(_trim(text, sentence, end))
    return [(s, e) for s, e in spans if s < e]


def _ends_sentence(text: str, first: int, mark: int, stop: int, line_end: int) -> bool:
    """Whether the end marks ``text[mark:stop]`` close the sentence whose first
    non-space character is at ``first``."""
    following = _skip(_SPACES, text, stop, line_end)
    if following == line_end:
        return True
    after_dashes = _skip(_DASHES, text, following, line_end)
    if text[after_dashes:after_dashes + 1].islower():
        return False  # "“Tôi!” – một cán bộ đáp."
    if text[mark] != "." or text[mark + 1:mark + 2] in (".", "!", "?", "…"):
        return True
    return not _period_continues(text, first, mark, following, line_end)


def _period_continues(text: str, first: int, mark: int, following: int, line_end: int) -> bool:
    """Whether the single period at ``text[mark]`` belongs to a word, not the sentence."""
    if mark - first <= 6 and _LIST_NUMBER.fullmatch(text, first, mark + 1):
        return True  # "1. Tăng cường ...": the number of a list item
    window = max(first, mark + 1 - _LOOK_BACK)
    word = _WORD_BEFORE.search(text, window, mark + 1)
    if word is None:
        return False
    last = word.group(1).rsplit(".", 1)[-1]
    if last in _ABBREVIATIONS:
        return True
    # Initials: "J. K. Rowling", "N. V. A."
    if len(last) != 1 or not last.isupper():
        return False
    return (_INITIAL.match(text, following, line_end) is not None
            or _INITIALS_BEFORE.search(text, window, mark + 1) is not None)


def _skip(run: re.Pattern[str], text: str, start: int, end: int) -> int:
    """Where the run of ``run`` characters at ``text[start:end]`` ends."""
    match = run.match(text, start, end)
    return match.end() if match else start


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
