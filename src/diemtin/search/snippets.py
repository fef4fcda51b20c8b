"""Snippets: a short window of the original text with the matched words marked.

Matching folds both sides (no diacritics, đ → d), so "lao cai" marks "Lào Cai" in the
original spelling. The snippet is HTML-escaped, with matches wrapped in ``<mark>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from diemtin.search.query import Term
from diemtin.text.fold import fold_word

_WORD = re.compile(r"\w+")
_SCAN_LIMIT = 20_000  # characters of text scanned for a snippet: bounds the cost per hit


def query_words(terms: Iterable[Term]) -> frozenset[str]:
    """The folded words of ``terms`` (each word of a phrase counts)."""
    return frozenset(
        fold_word(word.lower()) for term in terms for word in _WORD.findall(term.text)
    )


def highlight_terms(text: str, words: frozenset[str]) -> str:
    """Return ``text`` HTML-escaped with every word in ``words`` (folded) marked."""
    spans = [m.span() for m in _WORD.finditer(text) if fold_word(m.group().lower()) in words]
    return _render(text, spans, 0, len(text))


def make_snippet(text: str, words: frozenset[str], *, size: int = 36) -> str:
    """Return a window of about ``size`` words of ``text`` around the densest matches.

    >>> make_snippet("Sáng 13/9, Tỉnh ủy Lào Cai họp.", frozenset({"lao", "cai"}))
    'Sáng 13/9, Tỉnh ủy <mark>Lào</mark> <mark>Cai</mark> họp.'
    """
    tokens = [m.span() for m in _WORD.finditer(text, 0, _SCAN_LIMIT)]
    if not tokens:
        return html.escape(text[:200])
    hits = [fold_word(text[s:e].lower()) in words for s, e in tokens]
    first = _best_window(hits, size)
    last = min(len(tokens), first + size)
    start = 0 if first == 0 else tokens[first][0]
    end = len(text) if last == len(tokens) and len(text) <= _SCAN_LIMIT else tokens[last - 1][1]
    marked = [tokens[i] for i in range(first, last) if hits[i]]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + _render(text, marked, start, end) + suffix


def _best_window(hits: list[bool], size: int) -> int:
    """Start index of the window of ``size`` tokens holding the most hits."""
    if len(hits) <= size:
        return 0
    count = sum(hits[:size])
    best, best_start = count, 0
    for start in range(1, len(hits) - size + 1):
        count += hits[start + size - 1] - hits[start - 1]
        if count > best:
            best, best_start = count, start
    # Begin a few words before the first match so it reads in context.
    lead_in = next((i for i in range(best_start, best_start + size) if hits[i]), best_start)
    return max(0, min(best_start, lead_in - 4))


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    parts: list[str] = []
    cursor = start
    for span_start, span_end in spans:
        parts.append(html.escape(text[cursor:span_start]))
        parts.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(html.escape(text[cursor:end]))
    return "".join(parts)
