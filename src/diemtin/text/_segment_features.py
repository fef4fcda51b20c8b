"""Features of the word segmenter: one list of feature strings per token.

Training (``bench/train_segmenter.py``) and tagging both call
:func:`sequence_features`, so the two cannot drift apart. A token is described by its
*key* (lower-case, "Ð" read as "Đ", old-style tone marks, digits folded to "0") and its
*shape* (digits, punctuation, title case, all caps, foreign spelling ...). Features are
key n-grams around the token, shape n-grams, runs of capitalized syllables, family
names, and where the token sits inside words of the lexicon.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from diemtin.text._segment_names import PLACES, SURNAMES
from diemtin.text._segment_tokens import ABBR, CODE, ELLIPSIS, EMAIL, PUNCT, URL, pretokenize
from diemtin.text.normalize import place_tone

MAX_WORD: Final = 5  # longest lexicon entry matched, in tokens
PAD_LEFT: Final = ("<s>", "<s>")  # keys before the first token
PAD_RIGHT: Final = ("</s>", "</s>")
SHAPE_LEFT: Final = "<"
SHAPE_RIGHT: Final = ">"
# Every shape token_info returns, and the padding shapes.
SHAPES: Final = ("L", "Lf", "T", "Tf", "U", "M", "A", "D", "N", "P", "X", "<", ">")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)
_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'",
                        "’": "'", "–": "-", "—": "-", "…": "...", "ð": "đ"})
_DIGITS = re.compile(r"\d+")
_LONGEST_RUN: Final = 6  # longer runs of capitals are headlines in Title Case
# Keys after which a capital letter may only mark the start of a sentence.
_OPENERS = frozenset((".", "!", "?", ":", '"', "...", ";"))
# Feature names that depend on a small integer, built once.
_BEGIN = tuple(f"xB{n}" for n in range(MAX_WORD + 1))
_INSIDE = tuple(f"xM{n}" for n in range(MAX_WORD + 1))
_END = tuple(f"xE{n}" for n in range(MAX_WORD + 1))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Known multi-token words, as keys; ``prefixes`` speeds up the matching."""

    words: frozenset[str]
    prefixes: frozenset[str]

    @classmethod
    def build(cls, entries: Iterable[str]) -> Lexicon:
        """Make a lexicon of keys ("sức khỏe"); entries of one token are dropped."""
        words = frozenset(e for e in entries if " " in e and e.count(" ") < MAX_WORD)
        prefixes = set()
        for word in words:
            parts = word.split(" ")
            for n in range(1, len(parts)):
                prefixes.add(" ".join(parts[:n]))
        return cls(words, frozenset(prefixes))


def key_of_word(word: str) -> str:
    """Key of a word, its tokens' keys joined by spaces ("Sức khoẻ" -> "sức khỏe")."""
    return " ".join(token_info(word[s:e], kind)[0] for s, e, kind in pretokenize(word))


@lru_cache(maxsize=1 << 17)
def token_info(surface: str, kind: str) -> tuple[str, str]:
    """Return the ``(key, shape)`` of one token of the given kind."""
    if kind in (URL, EMAIL):
        return f"<{kind}>", "X"
    if kind in (PUNCT, ELLIPSIS):
        return surface.translate(_MARKS), "P"
    if kind == CODE:
        return _DIGITS.sub("0", surface.lower()), "D" if surface.isdigit() else "N"
    lower = surface.lower().translate(_MARKS)
    key = place_tone(lower)
    if kind == ABBR:
        return key, "A"
    return key, _word_shape(surface, lower)


def _word_shape(surface: str, lower: str) -> str:
    if surface == lower:
        shape = "L"
    elif surface.isupper():
        return "U" if len(surface) > 1 else "T"
    elif surface[0].isupper() and surface[1:] == lower[1:]:
        shape = "T"
    else:
        return "M"
    return shape if _is_syllable(lower) else shape + "f"


def _is_syllable(lower: str) -> bool:
    bare = "".join(c for c in unicodedata.normalize("NFD", lower) if c not in _TONES)
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)) is not None


def sequence_features(
    keys: Sequence[str], shapes: Sequence[str], lexicon: Lexicon
) -> list[list[str]]:
    """Return the feature strings of every token of one sequence.

    These are :func:`local_features` followed by the context templates: keys of the
    token and of two neighbours on each side ("w", "p", "n", "pp", "nn"), key bigrams
    ("pw", "wn", "ppp", "nnn"), shapes ("s", "ps", "sn") and key-shape pairs ("Sw",
    "wS"). ``_segment_score`` scores the templates without building their strings.
    """
    k = [*PAD_LEFT, *keys, *PAD_RIGHT]
    s = [SHAPE_LEFT, *shapes, SHAPE_RIGHT]
    feats = local_features(keys, shapes, lexicon)
    for f, p2, p1, w, n1, n2, sp, sw, sn in zip(
        feats, k, k[1:], k[2:], k[3:], k[4:], s, s[1:], s[2:], strict=False
    ):
        f += (
            f"w={w}", f"p={p1}", f"n={n1}", f"pp={p2}", f"nn={n2}",
            f"pw={p1} {w}", f"wn={w} {n1}", f"ppp={p2} {p1}", f"nnn={n1} {n2}",
            f"s={sw}", f"ps={sp}{sw}", f"sn={sw}{sn}", f"Sw={sp}{w}", f"wS={w}{sn}",
        )
    return feats


def local_features(
    keys: Sequence[str], shapes: Sequence[str], lexicon: Lexicon
) -> list[list[str]]:
    """Lexicon matches, runs of capitals and family names, for every token."""
    feats = lexicon_features(keys, lexicon)
    for i, run in enumerate(_capital_runs(keys, shapes)):
        if run:
            feats[i] += run.split(" ")
            if keys[i] in SURNAMES:
                feats[i].append("sur")
            if i and keys[i - 1] in SURNAMES:
                feats[i].append("psur")
    return feats


def _capital_runs(keys: Sequence[str], shapes: Sequence[str]) -> list[str]:
    """Feature naming the size of each name-like run of title-case tokens and the place in it.

    A capital at the start of a sentence says nothing about names ("Ông Nguyễn Văn An"
    is two words), so a sentence-initial token starts no run and gets a feature of its
    own instead, unless a family name starts a name there. Runs are cut where a known
    place ends or a family name starts a new name (see :func:`_name_parts`); the tokens
    after a family name get "crs" too.
    """
    n = len(shapes)
    out = [""] * n
    i = 0
    while i < n:
        if shapes[i][0] != "T":
            i += 1
            continue
        if (i == 0 or keys[i - 1] in _OPENERS) and not _name_starts(keys, shapes, i):
            out[i] = "cr0"
            i += 1
            continue
        end = i
        while end < n and shapes[end][0] == "T":
            end += 1
        if end - i > _LONGEST_RUN:  # Title Case Headline, not a name: no run features
            i = end
            continue
        for start, stop in _name_parts(keys, i, end):
            size = min(stop - start, 3)
            for pos in range(start, stop):
                out[pos] = f"cr{size}.{min(pos - start, 2)}"
                if pos > start and keys[start] in SURNAMES:
                    out[pos] += " crs"
        i = end
    return out


def _name_starts(keys: Sequence[str], shapes: Sequence[str], i: int) -> bool:
    """Whether a family name followed by a capital starts at ``i`` ("Lê Văn An nói")."""
    return keys[i] in SURNAMES and i + 1 < len(keys) and shapes[i + 1][0] == "T"


def _name_parts(keys: Sequence[str], start: int, end: int) -> list[tuple[int, int]]:
    """Cut the capitalized run ``keys[start:end]`` into the names it likely holds.

    A part ends after a known place ("Lào Cai | Hoàng Giang"), or before a family name
    followed by more capitals when the part so far is at least two tokens and is not a
    person's name itself ("Hàng Mành | Hà Nội", but "Nguyễn Thị Mai Anh" stays whole).
    """
    parts = []
    first = start
    for pos in range(start + 2, end):
        if pos - first < 2:
            continue
        place_ends = pos - first <= MAX_WORD and " ".join(keys[first:pos]) in PLACES and not any(
            " ".join(keys[first:stop]) in PLACES
            for stop in range(pos + 1, min(end, first + MAX_WORD) + 1)
        )
        new_name = keys[pos] in SURNAMES and keys[first] not in SURNAMES and pos + 1 < end
        if place_ends or new_name:
            parts.append((first, pos))
            first = pos
    parts.append((first, end))
    return parts


def lexicon_features(keys: Sequence[str], lexicon: Lexicon) -> list[list[str]]:
    """Where each token sits inside lexicon words, and its forward maximum matching tag.

    A token at the start of a lexicon word of size 2 gets "xB2", inside one "xM3", at
    the end "xE2"; "FB", "FI" or "FS" is its tag when the text is cut greedily into the
    longest lexicon words from left to right.
    """
    n = len(keys)
    feats: list[list[str]] = [[] for _ in range(n)]
    words, prefixes = lexicon.words, lexicon.prefixes
    greedy_end = 0  # the greedy cut has covered keys[:greedy_end]
    for a, current in enumerate(keys):
        longest = 0
        b = a + 1
        while current in prefixes and b < n:
            current = f"{current} {keys[b]}"
            if current in words:
                longest = size = b - a + 1
                feats[a].append(_BEGIN[size])
                for m in range(a + 1, b):
                    feats[m].append(_INSIDE[size])
                feats[b].append(_END[size])
            b += 1
        if a >= greedy_end:
            if longest:
                feats[a].append("FB")
                for m in range(a + 1, a + longest):
                    feats[m].append("FI")
                greedy_end = a + longest
            else:
                feats[a].append("FS")
    return feats
