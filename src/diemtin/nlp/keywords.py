"""Keywords: the segmented words that say what an article is about.

Vietnamese words span several syllables ("lũ quét", "Lào Cai"), so keywords are counted
on the segmenter's words, never on syllables. Each occurrence of a content word (not a
stop word of ``data/stopwords/vi-news.txt``, not a number) adds a weight: more for
multi-syllable words and names than for single syllables, more in the title and the
lead than in the body. Scores are scaled so the best keyword has 1.0.

>>> text = "Lũ quét ở Lào Cai\\n\\nLũ quét cuốn trôi nhà ở Lào Cai."
>>> from diemtin.text.segment import word_spans
>>> [k.text for k in extract_keywords(text, word_spans(text), title_end=17)][:2]
['Lào Cai', 'lũ quét']
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from diemtin.models import Span
from diemtin.nlp._lexicon import is_content_word
from diemtin.nlp.doc import Doc, Keyword


@dataclass(frozen=True, slots=True)
class KeywordOptions:
    """Options of keyword extraction.

    Attributes:
        top: How many keywords to keep.
        title_weight: Weight of an occurrence in the title.
        lead_weight: Weight of an occurrence in the lead (sapo).
        single_syllable: Weight of a one-syllable word ("lũ", "bão").
        name: Weight of a capitalized multi-syllable word (a name).
    """

    top: int = 10
    title_weight: float = 3.0
    lead_weight: float = 2.0
    single_syllable: float = 0.4
    name: float = 1.5


def _word_weight(surface: str, opts: KeywordOptions) -> float:
    if " " not in surface:
        return opts.name if surface.isupper() and len(surface) > 2 else opts.single_syllable
    if all(part[:1].isupper() for part in surface.split(" ")):
        return opts.name
    return 1.0


def extract_keywords(text: str, words: Sequence[Span], *, title_end: int = 0,
                     lead_end: int = 0, options: KeywordOptions | None = None,
                     keys: Sequence[str] | None = None) -> list[Keyword]:
    """The best keywords of ``text``.

    Args:
        text: Normalized text.
        words: Word spans from the segmenter.
        title_end: End offset of the title.
        lead_end: End offset of the lead.
        options: Weights and how many keywords to keep.
        keys: The lower-cased words, when already computed (``Doc.keys``).

    Returns:
        Keywords, best first. ``text`` is the most frequent written form (names keep
        their capitals), ``count`` the number of occurrences, ``score`` in (0, 1].
    """
    opts = options or KeywordOptions()
    if keys is None:
        keys = [text[start:end].lower() for start, end in words]
    in_title = bisect_right(words, title_end, key=_end)
    in_lead = max(in_title, bisect_right(words, lead_end, key=_end))
    counts = Counter(keys)
    place: dict[str, float] = defaultdict(float)
    for key in keys[:in_title]:
        place[key] += opts.title_weight - 1.0
    for key in keys[in_title:in_lead]:
        place[key] += opts.lead_weight - 1.0
    # A word's final weight is at least its weight by shape of the key (multi-syllable
    # or not) and at most name/acronym weight: only keys whose upper bound reaches the
    # top-th lower bound can make the list, so written forms are looked at for few.
    low = {key: (n + place[key]) * (1.0 if " " in key else opts.single_syllable)
           for key, n in counts.items() if is_content_word(key)}
    if not low:
        return []
    floor = sorted(low.values(), reverse=True)[:opts.top][-1]
    top_weight = max(opts.name, 1.0)
    shown: dict[str, str] = {}
    scores: dict[str, float] = {}
    for key, value in low.items():
        if value * top_weight / (1.0 if " " in key else opts.single_syllable) < floor:
            continue
        shown[key] = _form(text, key, words[keys.index(key)])
        scores[key] = (counts[key] + place[key]) * _word_weight(shown[key], opts)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:opts.top]
    best = ranked[0][1]
    return [Keyword(shown[key], round(score / best, 4), counts[key]) for key, score in ranked]


def _end(span: Span) -> int:
    return span[1]


def _form(text: str, key: str, span: Span) -> str:
    """The written form to show: a name keeps its capitals, other words are lower case
    (a capital that only opens a sentence says nothing)."""
    if key in text:
        return key
    surface = text[span[0]:span[1]]
    return surface if all(part[:1].isupper() for part in surface.split(" ")) else key


@dataclass(frozen=True, slots=True)
class KeywordComponent:
    """Pipeline component: sets ``doc.keywords`` from ``doc.words``."""

    options: KeywordOptions = KeywordOptions()
    name: ClassVar[str] = "keywords"
    version: ClassVar[str] = "keywords.v1"
    requires: ClassVar[tuple[str, ...]] = ("words",)
    assigns: ClassVar[tuple[str, ...]] = ("keywords",)

    def __call__(self, doc: Doc) -> Doc:
        """Extract the keywords of ``doc.text``."""
        keywords = extract_keywords(doc.text, doc.words or (), title_end=doc.title_end,
                                    lead_end=doc.lead_end, options=self.options,
                                    keys=doc.word_keys())
        return doc.with_layers(self.name, self.version, keywords=tuple(keywords))
