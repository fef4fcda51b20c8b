"""Word lists the NER features look up: honorifics, positions, organization heads, place
units, family names, ethnic groups and gazetteers of places and organizations, and the
countries, territories and world cities of Unicode CLDR and the district names of the
places data (``scripts/build_ner_gazetteers.py``).

The lists live in ``diemtin/data/ner/*.txt`` (one entry a line, ``#`` starts a comment).
:func:`load_lexicon` reads them once per process (``lru_cache``: the result is immutable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from diemtin.nlp._ner_tokens import tokenize

# category -> (file name, case sensitive)
CATEGORIES: dict[str, tuple[str, bool]] = {
    "hon": ("honorifics.txt", False),
    "pos": ("positions.txt", False),
    "tpre": ("title_prefixes.txt", True),
    "tmod": ("title_modifiers.txt", False),
    "orgh": ("org_heads.txt", True),
    "unit": ("place_units.txt", True),
    "sur": ("surnames.txt", True),
    "place": ("places.txt", True),
    "org": ("orgs.txt", True),
    "eth": ("ethnic_groups.txt", True),
    "world": ("world_places.txt", True),
    "dist": ("districts.txt", True),
}

Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Phrases (token tuples) and their categories.

    ``cased`` maps phrases matched as written, ``uncased`` lower-cased phrases matched on
    lower-cased tokens; ``lengths`` maps a first token (as written or lower-cased) to the
    phrase lengths starting with it, longest first.
    """

    cased: dict[Phrase, tuple[str, ...]]
    uncased: dict[Phrase, tuple[str, ...]]
    lengths: dict[str, tuple[int, ...]]

    def starts_phrase(self, word: str) -> bool:
        """Whether some phrase starts with ``word`` (as written or lower-cased)."""
        return word in self.lengths or word.lower() in self.lengths

    def tag(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """Return per token the lexicon tags ``"cat:B"`` / ``"cat:I"`` of longest matches.

        Matches of different categories may overlap; within one category the longest
        match starting at the leftmost token wins and the scan resumes after it.
        """
        n = len(words)
        tags: list[tuple[str, ...]] = [()] * n
        lowers = [w.lower() for w in words]
        covered: dict[str, int] = {}
        lengths = self.lengths
        for i in range(n):
            word, lower = words[i], lowers[i]
            sizes = lengths.get(word, ())
            if lower != word:
                sizes += lengths.get(lower, ())
            if not sizes:
                continue
            for category, size in self._longest(words, lowers, i, sizes).items():
                if covered.get(category, 0) > i:
                    continue
                covered[category] = i + size
                tags[i] += (category + ":B",)
                for k in range(i + 1, min(i + size, n)):
                    tags[k] += (category + ":I",)
        return tags

    def _longest(
        self, words: Sequence[str], lowers: list[str], i: int, sizes: tuple[int, ...]
    ) -> dict[str, int]:
        """Longest match length per category of phrases starting at token ``i``."""
        best: dict[str, int] = {}
        for size in sizes if len(sizes) == 1 else sorted(set(sizes), reverse=True):
            if i + size > len(words):
                continue
            for category in self.cased.get(tuple(words[i : i + size]), ()):
                best.setdefault(category, size)
            for category in self.uncased.get(tuple(lowers[i : i + size]), ()):
                best.setdefault(category, size)
        return best


def _read_lines(name: str) -> list[str]:
    """Entries of one list file, without comments and blank lines."""
    text = resources.files("diemtin").joinpath("data", "ner", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read every list of ``diemtin/data/ner`` into one :class:`Lexicon` (cached)."""
    tables: dict[bool, dict[Phrase, list[str]]] = {True: {}, False: {}}
    lengths: dict[str, set[int]] = {}
    for category, (name, cased) in CATEGORIES.items():
        for entry in _read_lines(name):
            phrase = tokenize(entry if cased else entry.lower()).words
            if not phrase:
                continue
            found = tables[cased].setdefault(phrase, [])
            if category not in found:
                found.append(category)
            lengths.setdefault(phrase[0], set()).add(len(phrase))
    return Lexicon(
        {k: tuple(v) for k, v in tables[True].items()},
        {k: tuple(v) for k, v in tables[False].items()},
        {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
    )
