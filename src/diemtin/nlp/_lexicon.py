"""Word lists shared by keywords and topics: stop words and content-word tests."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Final

_HAS_LETTER: Final = re.compile(r"[^\W\d_]")
_NUMBERISH: Final = re.compile(r"^[\d.,/%:\-+]+$")


@cache
def load_stopwords() -> frozenset[str]:
    """The Vietnamese news stop words (``data/stopwords/vi-news.txt``), lower case."""
    ref = resources.files("diemtin").joinpath("data", "stopwords", "vi-news.txt")
    lines = ref.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_content(key: str, stopwords: frozenset[str]) -> bool:
    """Whether a lower-cased word can be a keyword or a topic feature.

    >>> is_content("lũ quét", frozenset()), is_content("2025", frozenset())
    (True, False)
    """
    return (
        len(key) > 1
        and key not in stopwords
        and _HAS_LETTER.search(key) is not None
        and not _NUMBERISH.match(key)
    )


@lru_cache(maxsize=1 << 16)
def is_content_word(key: str) -> bool:
    """:func:`is_content` with the bundled stop words, memoized (words repeat a lot)."""
    return is_content(key, load_stopwords())
