"""Snippets: a short window of the original text with the matched words marked.

Words are marked by the search rules: "lao cai" marks "Lào Cai" in the original
spelling, "Đảng" marks "Đảng" and not "đang". A :class:`Snippet` is plain text with the
character offsets of the matches (what the CLI and API return); :func:`render_marked`
turns it into HTML-escaped text with the matches in ``<mark>`` (what pages show).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from diemtin.search.query import Term
from diemtin.search.rules import exact_key, syllable_keys
from diemtin.text.fold import LATIN_FOLDS, fold_word

_SCAN_LIMIT = 20_000  # characters of text scanned for a snippet: bounds the cost per hit
_CHARS_PER_WORD = 7  # Vietnamese syllables average about six characters with the space
_LEAD_IN = 40  # characters shown before the first match of the window
_ACCENTED: dict[str, str] = {}
for _code, _base in LATIN_FOLDS.items():
    _ACCENTED[_base] = _ACCENTED.get(_base, "") + chr(_code)


Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Snippet:
    """Plain text and the ``[start, end)`` character offsets of the matched words in it.

    Offsets count Unicode code points of ``text`` (Python string indices), in order and
    never overlapping.
    """

    text: str
    highlights: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """``{"text": ..., "highlights": [[start, end], ...]}``."""
        return {"text": self.text, "highlights": [list(span) for span in self.highlights]}


def query_words(terms: Iterable[Term], *, fold: bool = False) -> frozenset[str]:
    """The keys of the words of ``terms`` (each word of a phrase counts): the exact key
    of a word typed with marks, the folded key of one without (of every word with
    ``fold``)."""
    return _keys_of(tuple(terms), fold)


@lru_cache(maxsize=256)
def _keys_of(terms: tuple[Term, ...], fold: bool) -> frozenset[str]:
    return frozenset(
        syllable.key for term in terms for syllable in syllable_keys(term.text, fold_all=fold)
    )


@lru_cache(maxsize=65_536)
def _span_keys(found: str) -> tuple[str, str]:
    """The exact and folded key of a matched word."""
    key = exact_key(found)
    return key, fold_word(key)


def highlight_terms(text: str, words: frozenset[str]) -> str:
    """Return ``text`` HTML-escaped with every word in ``words`` (folded) marked."""
    return _render(text, _match_spans(text, words), 0, len(text))


def make_snippet(text: str, words: frozenset[str], *, size: int = 36) -> str:
    """:func:`snippet_of` rendered as HTML: escaped, with the matches in ``<mark>``.

    >>> make_snippet("Sáng 13/9, Tỉnh ủy Lào Cai họp.", frozenset({"lao", "cai"}))
    'Sáng 13/9, Tỉnh ủy <mark>Lào</mark> <mark>Cai</mark> họp.'
    """
    return render_marked(snippet_of(text, words, size=size))


def snippet_of(text: str, words: frozenset[str], *, size: int = 36) -> Snippet:
    """Return a window of about ``size`` words of ``text`` around the densest matches.

    A window that does not reach an end of ``text`` is marked with "… " or " …".

    >>> snippet_of("Sáng 13/9, Tỉnh ủy Lào Cai họp.", frozenset({"lao", "cai"}))
    Snippet(text='Sáng 13/9, Tỉnh ủy Lào Cai họp.', highlights=((19, 22), (23, 26)))
    """
    width = size * _CHARS_PER_WORD
    if len(text) <= width:
        return Snippet(text, tuple(_match_spans(text, words)))
    spans = _match_spans(text[:_SCAN_LIMIT], words)
    start = _word_start(text, _best_window(spans, width))
    end = _word_end(text, start + width)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((first + shift, last + shift) for first, last in spans
                   if start <= first and last <= end)
    return Snippet(prefix + text[start:end] + suffix, inside)


def render_marked(snippet: Snippet | Mapping[str, Any]) -> str:
    """HTML for a snippet (or its JSON form): escaped text, highlights in ``<mark>``.

    >>> render_marked({"text": "<b> Lào", "highlights": [[4, 7]]})
    '&lt;b&gt; <mark>Lào</mark>'
    """
    if not isinstance(snippet, Snippet):
        snippet = Snippet(str(snippet["text"]), tuple(
            (int(start), int(end)) for start, end in snippet["highlights"]))
    return _render(snippet.text, snippet.highlights, 0, len(snippet.text))


def _match_spans(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` that match one of ``words`` (keys, see
    :func:`query_words`): by their exact key, or by their folded key."""
    if not words:
        return []
    folded = frozenset(fold_word(word) for word in words)
    spans = [m.span() for m in _pattern(folded).finditer(text)]
    if folded == words:  # no exact keys: every folded match counts
        return spans
    return [(start, end) for start, end in spans
            if not words.isdisjoint(_span_keys(text[start:end]))]


@lru_cache(maxsize=256)
def _pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A regex matching every spelling that folds to one of ``words``.

    Each letter becomes the class of its accented forms ("a" -> "[aàáảãạăằ…]",
    "d" -> "[dđ]"), so the original text is searched directly, without folding it.
    """
    alternatives = "|".join(
        "".join(_variants(char) for char in word)
        for word in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _variants(char: str) -> str:
    forms = _ACCENTED.get(char)
    return f"[{re.escape(char)}{forms}]" if forms else re.escape(char)


def _best_window(spans: list[tuple[int, int]], width: int) -> int:
    """A start offset for the ``width``-character window holding the most matches."""
    if not spans:
        return 0
    best_count, best_start, last = 0, spans[0][0], 0
    for first, (span_start, _) in enumerate(spans):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] <= span_start + width:
            last += 1
        if last - first + 1 > best_count:
            best_count, best_start = last - first + 1, span_start
    return max(0, best_start - _LEAD_IN)


def _word_start(text: str, offset: int) -> int:
    if offset <= 0:
        return 0
    space = text.rfind(" ", 0, offset)
    return space + 1 if space >= 0 else 0


def _word_end(text: str, offset: int) -> int:
    if offset >= len(text):
        return len(text)
    space = text.find(" ", offset)
    return len(text) if space < 0 else space


def _render(text: str, spans: Sequence[Span], start: int, end: int) -> str:
    parts: list[str] = []
    cursor = start
    for span_start, span_end in spans:
        parts.append(html.escape(text[cursor:span_start]))
        parts.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(html.escape(text[cursor:end]))
    return "".join(parts)
