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
_END: Final = re.compile(r"(?:\.{2,}|…|[.!?]+)[”\"’'»)\]]*(?=\s|$)")
_WORD_BEFORE: Final = re.compile(r"([\w.]*\w)\.$")
_LIST_NUMBER: Final = re.compile(r"\s*(?:\d{1,3}|[a-zđ]|[IVXLC]{1,6})\.$")
_INITIAL: Final = re.compile(r"[A-ZĐ]\.(?:\s|$)")
_INITIALS_BEFORE: Final = re.compile(r"(?:^|\s)[A-ZĐ]\.\s*[A-ZĐ]\.$")


def split_sentences(text: str) -> list[Span]:
    """Return the ``(start, end)`` character span of every sentence of ``text``.

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
    for match in _END.finditer(text, start, end):
        stop = match.end()
        if _ends_sentence(text, sentence, match.start(), stop, end):
            spans.append(_trim(text, sentence, stop))
            sentence = stop
    spans.append(_trim(text, sentence, end))
    return [(s, e) for s, e in spans if s < e]


def _ends_sentence(text: str, sentence: int, mark: int, stop: int, line_end: int) -> bool:
    """Whether the end mark at ``text[mark:stop]`` closes the sentence begun at ``sentence``."""
    following = text[stop:line_end].lstrip()
    if not following:
        return True
    if following.lstrip(" -–—")[:1].islower():
        return False  # "“Tôi!” – một cán bộ đáp."
    if text[mark] != "." or text.startswith(("..", "…"), mark):
        return True
    return not _period_continues(text[sentence : mark + 1], following)


def _period_continues(before: str, following: str) -> bool:
    """Whether a single period ending ``before`` belongs to a word, not the sentence."""
    if _LIST_NUMBER.fullmatch(before):
        return True  # "1. Tăng cường ...": the number of a list item
    word = _WORD_BEFORE.search(before)
    if word is None:
        return False
    last = word.group(1).rsplit(".", 1)[-1]
    if last in _ABBREVIATIONS:
        return True
    # Initials: "J. K. Rowling", "N. V. A."
    if len(last) != 1 or not last.isupper():
        return False
    return _INITIAL.match(following) is not None or _INITIALS_BEFORE.search(before) is not None


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
