"""The search keys of an article as PostgreSQL ``tsvector`` literals.

The words are split and folded in Python (``diemtin.search.keys``), not by a text
search configuration, so PostgreSQL indexes exactly the words SQLite's index holds.
Title words get weight ``A`` (``title:`` searches); the text starts two positions after
the title, so no phrase spans the two.
"""

from __future__ import annotations

from collections import defaultdict

from diemtin.models import Article
from diemtin.search.keys import indexed_text, words
from diemtin.text.fold import fold_word
from diemtin.text.normalize import normalize

MAX_POSITION = 16_383
"""PostgreSQL's largest word position; later words share it (phrases there may miss)."""
MAX_POSITIONS_PER_WORD = 255
MAX_WORD_CHARS = 500
"""Longer "words" (base64 blobs, say) are not indexed: no query can type them."""


def tsvector(title_words: list[str], text_words: list[str]) -> str:
    """A ``tsvector`` literal: title words weighted ``A``, then the text's words."""
    positions: dict[str, list[str]] = defaultdict(list)
    for index, word in enumerate(title_words, start=1):
        _add(positions, word, index, "A")
    start = len(title_words) + 2
    for index, word in enumerate(text_words, start=start):
        _add(positions, word, index, "")
    return " ".join(f"'{word}':{','.join(marks)}" for word, marks in positions.items())


def _add(positions: dict[str, list[str]], word: str, index: int, weight: str) -> None:
    marks = positions[word]
    if len(word) <= MAX_WORD_CHARS and len(marks) < MAX_POSITIONS_PER_WORD:
        marks.append(f"{min(index, MAX_POSITION)}{weight}")


def article_vectors(article: Article) -> tuple[str, str]:
    """The folded and the exact ``tsvector`` of an article."""
    text = indexed_text(article)
    title = normalize(article.title or "").lower()
    body = normalize(text).lower()
    folded = tsvector(words(fold_word(title)), words(fold_word(body)))
    return folded, tsvector(words(title), words(body))
