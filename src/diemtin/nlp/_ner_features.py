"""Token features shared by NER training (``scripts/train_ner.py``) and tagging.

Features are plain strings (crfsuite attributes with weight 1). Those that depend on one
word only are built once per distinct word (a memo of a pure function), then joined by
tuple concatenation, which keeps feature extraction at a few microseconds per token.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from diemtin.nlp._ner_lexicon import Lexicon

WordFeats = tuple[tuple[str, ...], ...]
SENTENCE_OPENING = frozenset("\"“‘'(:«-–")
"""Tokens after which a capital is as uninformative as at the start of a sentence."""
# Per word: features at offsets 0, -1, +1, -2, +2 (relative to the tagged token).
_OFFSETS = ("", "-1", "+1", "-2", "+2")


def shape(word: str) -> str:
    """A coarse orthographic class: ``Aa`` title case, ``AA`` capitals, ``a`` lower ...

    >>> shape("Lào"), shape("UBND"), shape("ThS"), shape("12"), shape(",")
    ('Aa', 'AA', 'Mix', '0', ',')
    """
    if word.isalpha():
        if word.islower():
            return "a"
        if word.isupper():
            return "A" if len(word) == 1 else "AA"
        return "Aa" if word[1:].islower() else "Mix"
    if word.isdigit():
        return "0"
    if word.isalnum():
        return "A0"
    return word


_VIETNAMESE_MARKS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)
_PLAIN_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)


def script_class(word: str) -> str:
    """Whether ``word`` reads as a Vietnamese syllable.

    ``vd``: it carries Vietnamese diacritics or đ; ``vs``: plain letters shaped like a
    Vietnamese syllable ("Lan", "Kim"); ``nx``: other non-ASCII letters ("Müller",
    "José"); ``fx``: plain letters no Vietnamese syllable has ("Siemens", "Lula"); ``o``:
    not a word of letters.

    >>> [script_class(w) for w in ("Nguyễn", "Kim", "Nadella", "Müller", "12")]
    ['vd', 'vs', 'fx', 'nx', 'o']
    """
    if not word.isalpha():
        return "o"
    lower = word.lower()
    if any(c in _VIETNAMESE_MARKS for c in lower):
        return "vd"
    if not lower.isascii():
        return "nx"
    return "vs" if _PLAIN_SYLLABLE.fullmatch(lower) else "fx"


Known = frozenset[str] | None


@lru_cache(maxsize=131072)
def word_features(word: str, known: Known = None) -> WordFeats:
    """Features of ``word`` seen from offsets 0, -1, +1, -2, +2, then its lower case and
    shape (memoized: pure). With ``known``, only features in that set are kept.
    """
    lower = word.lower()
    sh = shape(word)
    script = script_class(word)
    own: tuple[str, ...] = ("b", "w=" + lower, "s=" + sh, "v=" + script)
    if script in ("fx", "nx"):
        own += ("x3=" + lower[-3:],)
    parts: list[tuple[str, ...]] = [own]
    parts += [(f"w{o}={lower}", f"s{o}={sh}", f"v{o}={script}") for o in _OFFSETS[1:3]]
    parts += [(f"w{o}={lower}", f"s{o}={sh}") for o in _OFFSETS[3:]]
    if known is not None:
        parts = [tuple(f for f in part if f in known) for part in parts]
    return (*parts, (lower,), (sh,))


@lru_cache(maxsize=4096)
def _lexicon_features(tags: tuple[str, ...], known: Known = None) -> tuple[tuple[str, ...], ...]:
    """Lexicon-tag features of one token seen from offsets 0, -1 and +1 (memoized)."""
    out = [tuple(prefix + t for t in tags) for prefix in ("L=", "L-1=", "L+1=")]
    if known is not None:
        out = [tuple(f for f in part if f in known) for part in out]
    return tuple(out)


def sentence_features(
    words: Sequence[str],
    glued: Sequence[bool],
    lex_tags: Sequence[tuple[str, ...]],
    lo: int = 0,
    hi: int | None = None,
    known: Known = None,
) -> list[list[str]]:
    """Entity-tagger features for tokens ``lo:hi`` of one sentence.

    Args:
        words: The sentence's tokens.
        glued: Per token, whether it follows the previous token with no space.
        lex_tags: Per token, the lexicon tags (``Lexicon.tag``).
        lo: First token to describe; tokens before it still serve as context.
        hi: End of the tokens to describe (default: the sentence's end).
        known: When given, features outside this set (unknown to the models, so
            without weight) are left out, which makes tagging faster.

    Returns:
        One feature list per token of ``lo:hi``.
    """
    n = len(words)
    hi = n if hi is None else hi
    a, b = max(lo - 2, 0), min(hi + 2, n)
    feats = [word_features(w, known) for w in words[a:b]]
    lexf = [_lexicon_features(t, known) for t in lex_tags[a:b]]
    lowers = [f[5][0] for f in feats]
    shapes = [f[6][0] for f in feats]
    out: list[list[str]] = []
    for i in range(lo, hi):
        k = i - a
        row = list(feats[k][0])
        row += lexf[k][0]
        extra = _context(lowers, shapes, k, i > 0, i + 1 < n)
        if i > 0:
            row += feats[k - 1][1]
            row += lexf[k - 1][1]
            if i > 1:
                row += feats[k - 2][3]
        if i + 1 < n:
            row += feats[k + 1][2]
            row += lexf[k + 1][2]
            if i + 2 < n:
                row += feats[k + 2][4]
        if glued[i]:
            extra.append("g")
        row += extra if known is None else [f for f in extra if f in known]
        out.append(row)
    return out


def _context(lowers: list[str], shapes: list[str], k: int, left: bool, right: bool) -> list[str]:
    """Word-pair and shape-triple features of token ``k`` (``left``/``right``: neighbours)."""
    out = ["bw-=" + lowers[k - 1] + "|" + lowers[k]] if left else ["bos"]
    if left and lowers[k - 1] in SENTENCE_OPENING:
        out.append("qs")
    out.append("bw+=" + lowers[k] + "|" + lowers[k + 1] if right else "eos")
    prev_shape = shapes[k - 1] if left else "^"
    next_shape = shapes[k + 1] if right else "$"
    out.append("ss=" + prev_shape + "|" + shapes[k] + "|" + next_shape)
    return out


def _bucket(distance: int) -> str:
    """A distance in tokens as a small class."""
    if distance <= 3:
        return str(distance)
    if distance <= 6:
        return "4-6"
    if distance <= 12:
        return "7-12"
    return "far"


def title_features(
    words: Sequence[str],
    lex_tags: Sequence[tuple[str, ...]],
    entity_tags: Sequence[str],
    known: Known = None,
) -> list[list[str]]:
    """Title-tagger features: words and lexicon tags around each token, entity tags, and
    the distance to the next and previous person.

    ``entity_tags`` are BIO tags (``B-PER``, ``I-ORG``, ``O`` ...) of the sentence. With
    ``known``, features outside that set are left out.
    """
    n = len(words)
    feats = [word_features(w, known) for w in words]
    lexf = [_lexicon_features(t, known) for t in lex_tags]
    next_per = [n + 99] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_per[i] = i if entity_tags[i] == "B-PER" else next_per[i + 1]
    out: list[list[str]] = []
    last_per_end = -99
    sep_after_per = "none"
    for i in range(n):
        tag = entity_tags[i]
        if tag == "B-PER":
            last_per_end = -99
        row = [*feats[i][0], *lexf[i][0]]
        for offset, k in ((-1, 1), (1, 2), (-2, 3), (2, 4)):
            if 0 <= i + offset < n:
                row += feats[i + offset][k]
        row += lexf[i - 1][1] if i > 0 else ("bos",)
        row += lexf[i + 1][2] if i + 1 < n else ("eos",)
        row.append("e=" + tag)
        row.append("e-1=" + (entity_tags[i - 1] if i > 0 else "^"))
        row.append("e+1=" + (entity_tags[i + 1] if i + 1 < n else "$"))
        row.append("dn=" + _bucket(next_per[i] - i))
        row.append("dp=" + _bucket(i - last_per_end if last_per_end >= 0 else 99))
        row.append("sp=" + sep_after_per)
        out.append(row)
        if tag.endswith("PER") and (i + 1 == n or entity_tags[i + 1] != "I-PER"):
            last_per_end = i + 1
            sep_after_per = words[i + 1] if i + 1 < n and not words[i + 1].isalnum() else "w"
    return out


def lexicon_tags(lexicon: Lexicon, words: Sequence[str]) -> list[tuple[str, ...]]:
    """Lexicon tags of ``words`` (see :meth:`Lexicon.tag`)."""
    return lexicon.tag(words)
