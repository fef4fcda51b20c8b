"""Named entities in Vietnamese news: people (with their titles), organizations, places.

A linear-chain CRF over syllables (``diemtin/data/ner/entities.crfsuite``, trained by
``scripts/train_ner.py``) tags PER/ORG/LOC following the project's annotation guidelines
(``shared/data/ner-vi-dev/GUIDELINES.md``): honorifics, ranks and positions stay outside
person spans, a place inside an organization's name belongs to the ORG, unit words join
places ("tỉnh Lào Cai"). Titles come from :mod:`diemtin.nlp.titles`.

A person the text has named is found again where it is named by a short form alone
(:mod:`diemtin.nlp._ner_document`).

Only tokens within a few syllables of a capital letter are tagged (a capital that opens
the sentence counts unless the word is a common sentence opener): every entity the
guidelines tag in current news is capitalized somewhere, and skipping the rest keeps the
tagger fast.

>>> [(m.label, m.text) for m in find_entities("Ông Lò Văn Sáng nói.")]
[('PER', 'Lò Văn Sáng')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque
from dataclasses import dataclass

from diemtin.models import Mention
from diemtin.nlp._ner_document import named_again
from diemtin.nlp._ner_features import SENTENCE_OPENING, lexicon_tags, sentence_features
from diemtin.nlp._ner_model import Models, load_models
from diemtin.nlp._ner_tokens import Tokens, tokenize
from diemtin.nlp.titles import titles_in_sentence

LABELS = ("PER", "ORG", "LOC")
_UPPER = re.compile("[" + "".join(c for c in map(chr, range(0x41, 0x2000)) if c.isupper()) + "]")
_REACH = 3  # tokens tagged on each side of a capital; a window widens when a name runs on
_TITLE_BEFORE = 16  # tokens before the first person where its title may start
_TITLE_AFTER = 40  # tokens after the last person where an appositive title may end
_ABBREVIATIONS = frozenset(("Jr", "Sr", "Co", "Ltd", "Inc", "Corp", "St"))


@dataclass(frozen=True, slots=True)
class EntityOptions:
    """Options of the entity recognizer.

    Attributes:
        titles: Attach titles to PER mentions (``attrs=(("title", ...),)``).
        labels: Labels to return.
    """

    titles: bool = True
    labels: tuple[str, ...] = LABELS


@dataclass(frozen=True, slots=True)
class EntityRecognizer:
    """Picklable PER/ORG/LOC recognizer; the model loads lazily on first call.

    It holds only its options, so it can travel to a distributed map; the pipeline
    component (:mod:`diemtin.nlp.components`) calls :func:`find_entities` the same way.

    >>> recognizer = EntityRecognizer()
    >>> [m.text for m in recognizer("Bà Lò Thị Nhàn dự họp.")]
    ['Lò Thị Nhàn']
    """

    options: EntityOptions = EntityOptions()

    def __call__(self, text: str) -> list[Mention]:
        """Return the mentions of ``text`` in order (see :func:`find_entities`)."""
        return find_entities(text, options=self.options)


def _capital_tokens(text: str, toks: Tokens) -> list[int]:
    """Indices of tokens holding a capital letter, in order."""
    starts = toks.starts
    found: list[int] = []
    for match in _UPPER.finditer(text):
        i = bisect_right(starts, match.start()) - 1
        if not found or found[-1] != i:
            found.append(i)
    return found


def _triggers(
    models: Models, words: tuple[str, ...], caps: list[int], first: int
) -> list[int]:
    """Sentence-relative positions of capitals that may belong to a name.

    A capital at the start of the sentence, or right after an opening quote or a colon,
    says nothing by itself: it counts only when the word is not a common sentence
    opener ("Theo", "Sáng", "Những") or starts a lexicon phrase.
    """
    out: list[int] = []
    for cap in caps:
        i = cap - first
        if i == 0 or words[i - 1] in SENTENCE_OPENING:
            word = words[i]
            if word.lower() in models.openers and not models.lexicon.starts_phrase(word):
                continue
        out.append(i)
    return out


def _windows(triggers: list[int], n: int) -> list[tuple[int, int]]:
    """Token ranges within reach of a trigger (merged, in order)."""
    out: list[tuple[int, int]] = []
    for i in triggers:
        lo, hi = max(i - _REACH, 0), min(i + _REACH + 1, n)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _shouted(word: str) -> bool:
    """An all-caps Vietnamese word ("HÀNH"), unlike acronyms ("UBND", "HĐND")."""
    return word.isupper() and any(c > "\x7f" and c != "Đ" for c in word)


def _in_headline(words: tuple[str, ...], i: int, j: int) -> bool:
    """Whether tokens ``i:j`` sit in a run of three or more all-caps words (a heading)."""
    while i > 0 and words[i - 1].isupper():
        i -= 1
    while j < len(words) and words[j].isupper():
        j += 1
    run = [w for w in words[i:j] if w.isalpha()]
    return len(run) >= 3 and sum(map(_shouted, run)) >= 2


def _keeps_end(words: tuple[str, ...], i: int, j: int) -> bool:
    """Whether the span's last token, punctuation, belongs to it ("Jr.", "(WHO)")."""
    last = words[j - 1]
    if last == ".":
        before = words[j - 2] if j - 2 >= i else ""
        return before in _ABBREVIATIONS or (len(before) == 1 and before.isupper())
    return last == ")" and "(" in words[i : j - 1]


def _trim(toks: Tokens, first: int, span: tuple[int, int]) -> tuple[int, int] | None:
    """Drop punctuation tokens at the edges of a span (sentence-relative)."""
    words = toks.words
    i, j = span[0] + first, span[1] + first
    while i < j and not words[i][0].isalnum():
        i += 1
    while j > i and not words[j - 1][-1].isalnum() and not _keeps_end(words, i, j):
        j -= 1
    return (i - first, j - first) if i < j else None


def _tag_windows(
    models: Models, words: tuple[str, ...], glued: tuple[bool, ...],
    lex: list[tuple[str, ...]], windows: list[tuple[int, int]],
) -> list[str]:
    """Tag each window, widening it while an entity runs into its edge."""
    n = len(words)
    tags = ["O"] * n
    pending = deque(windows)
    while pending:
        lo, hi = pending.popleft()
        while True:
            while pending and pending[0][0] <= hi:
                hi = max(hi, pending.popleft()[1])
            feats = sentence_features(words, glued, lex, lo, hi, models.known)
            got: list[str] = models.entities.tag(feats)
            right = hi < n and got[-1] != "O"
            left = lo > 0 and got[0].startswith("I-")
            if not (right or left):
                break
            hi = min(n, hi + _REACH) if right else hi
            lo = max(0, lo - _REACH) if left else lo
        tags[lo:hi] = got
    return tags


def _titles(
    text: str, toks: Tokens, first: int, tags: list[str], lex: list[tuple[str, ...]]
) -> dict[int, str]:
    """Titles of the persons of one sentence, looked for near the persons only."""
    people = [i for i, tag in enumerate(tags) if tag.endswith("PER")]
    lo = max(people[0] - _TITLE_BEFORE, 0)
    hi = min(people[-1] + _TITLE_AFTER, len(tags))
    if not any(tag.startswith("pos:") for tags_of_token in lex[lo:hi] for tag in tags_of_token):
        return {}  # every title holds a position, office or role of the lexicon
    return titles_in_sentence(text, toks, first + lo, lex[lo:hi], tags[lo:hi])


def find_entities(text: str, *, options: EntityOptions | None = None) -> list[Mention]:
    """Find people, organizations and places in ``text``.

    Args:
        text: Normalized (NFC) text; offsets of the mentions point into it as given.
        options: What to return; defaults to every label with titles.

    Returns:
        Mentions in text order. ``label`` is ``PER``, ``ORG`` or ``LOC``; PER mentions
        carry ``attrs=(("title", "Phó Chủ tịch UBND tỉnh"),)`` when the text attaches a
        title to the person, else ``()``.
    """
    opts = options or EntityOptions()
    models = load_models()
    toks = tokenize(text)
    caps = _capital_tokens(text, toks)
    out: list[Mention] = []
    for first, last in toks.sentences:
        lo_cap = bisect_left(caps, first)
        hi_cap = bisect_left(caps, last, lo_cap)
        if lo_cap == hi_cap:
            continue
        words = toks.words[first:last]
        windows = _windows(_triggers(models, words, caps[lo_cap:hi_cap], first), len(words))
        if not windows:
            continue
        lex = lexicon_tags(models.lexicon, words)
        glued = toks.glued[first:last]
        tags = _tag_windows(models, words, glued, lex, windows)
        titles: dict[int, str] = {}
        if opts.titles and "B-PER" in tags:
            titles = _titles(text, toks, first, tags, lex)
        out.extend(_mentions(text, toks, first, tags, titles, LABELS))
    if "PER" in opts.labels:
        out = named_again(text, toks, caps, out, models)
    return [m for m in out if m.label in opts.labels]


def _mentions(
    text: str,
    toks: Tokens,
    first: int,
    tags: list[str],
    titles: dict[int, str],
    labels: tuple[str, ...],
) -> list[Mention]:
    """Mentions of one tagged sentence, in order."""
    found: list[Mention] = []
    for label, span in _labelled_spans(tags):
        if label not in labels:
            continue
        trimmed = _trim(toks, first, span)
        if trimmed is None or _in_headline(toks.words, first + span[0], first + span[1]):
            continue
        i, j = first + trimmed[0], first + trimmed[1]
        if label == "PER":
            j = _past_initial(toks, i, j, first + len(tags))
        start, end = toks.starts[i], toks.ends[j - 1]
        title = titles.get(start) if label == "PER" else None
        attrs = (("title", title),) if title else ()
        found.append(Mention(start, end, label, text[start:end], attrs))
    return found


def _past_initial(toks: Tokens, i: int, j: int, last: int) -> int:
    """End of the person at tokens ``i:j``, past the period of an initial that closes it.

    A person named by an initial keeps its period ("ông H. cho biết", "V. H."); a full
    name at the end of a sentence does not ("gặp ông Nguyễn Văn A.").
    """
    words = toks.words
    initial = len(words[j - 1]) == 1 and words[j - 1].isupper()
    if initial and j < last and words[j] == "." and toks.glued[j] and (j - i == 1 or j + 1 < last):
        return j + 1
    return j


def _labelled_spans(tags: list[str]) -> list[tuple[str, tuple[int, int]]]:
    """``(label, token span)`` of every entity in BIO ``tags``, in order, in one pass.

    A stray ``I-`` opens a span, as in :func:`diemtin.nlp.titles.spans_from_tags`.
    """
    out: list[tuple[str, tuple[int, int]]] = []
    label, start = "", -1
    for i, tag in enumerate(tags):
        if tag == "O":
            if start >= 0:
                out.append((label, (start, i)))
                start = -1
        elif tag[0] == "B" or tag[2:] != label or start < 0:
            if start >= 0:
                out.append((label, (start, i)))
            label, start = tag[2:], i
    if start >= 0:
        out.append((label, (start, len(tags))))
    return out
