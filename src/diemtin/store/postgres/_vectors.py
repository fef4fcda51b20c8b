"""The search keys of an article as PostgreSQL ``tsvector`` literals.

The words are split and folded in Python (``diemtin.search.keys``), not by a text
search configuration, so PostgreSQL indexes exactly the words SQLite's index holds.
Each article has a vector of its title and text (the text starts two positions after
the title, so no phrase spans the two) and one of its title alone, folded and exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from diemtin.models import Article
from diemtin.search.keys import exact_text, indexed_text, words
from diemtin.text.fold import fold_word

MAX_POSITION = 16_383
"""PostgreSQL's largest word position; later words share it (phrases there may miss)."""
MAX_POSITIONS_PER_WORD = 255
MAX_WORD_CHARS = 500
"""Longer "words" (base64 blobs, say) are not indexed: no query can type them."""


def tsvector(title_words: Sequence[str], text_words: Sequence[str] = ()) -> str:
    """A ``tsvector`` literal of the title's words, then the text's."""
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(title_words, start=1):
        positions.setdefault(word, []).append(index)
    for index, word in enumerate(text_words, start=len(title_words) + 2):
        positions.setdefault(word, []).append(index)
    return " ".join(f"'{word}':{_positions(marks)}" for word, marks in positions.items()
                    if len(word) <= MAX_WORD_CHARS)


def _positions(marks: list[int]) -> str:
    if marks[-1] > MAX_POSITION:  # PostgreSQL would clamp them: say so once
        marks = sorted({min(mark, MAX_POSITION) for mark in marks})
    return ",".join(map(str, marks[:MAX_POSITIONS_PER_WORD]))


def article_vectors(article: Article) -> dict[str, str]:
    """The ``folded``, ``exact``, ``folded_title`` and ``exact_title`` vectors.

    The exact words are those of :func:`~diemtin.search.keys.exact_text` (tone marks
    normalized), as in SQLite's index.
    """
    title_text = exact_text(article.title or "")
    body_text = exact_text(indexed_text(article))
    title, body = words(title_text), words(body_text)
    folded_title = words(fold_word(title_text))
    return {"folded": tsvector(folded_title, words(fold_word(body_text))),
            "exact": tsvector(title, body), "folded_title": tsvector(folded_title),
            "exact_title": tsvector(title)}


def storable(value: Any) -> Any:
    """``value`` with every NUL character (which PostgreSQL text cannot hold) replaced by
    U+FFFD, in strings, lists, tuples and dicts: such a value is stored, not refused, and
    a query holding one matches nothing instead of failing."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    return value
