"""Extractive summary: the one to three sentences that best stand for the article.

Each sentence outside the title gets a score from three signals:

* position: Vietnamese news puts the gist in the lead (sapo) and first sentences;
* keyword coverage: the share of the article's keyword weight the sentence contains;
* centrality: how many of the article's content words it shares with the rest.

Sentences that are very short (captions, datelines) or very long are penalized, and a
sentence repeating a chosen one is skipped. The chosen sentences come back in text order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from diemtin.models import Span
from diemtin.nlp._lexicon import is_content_word
from diemtin.nlp.doc import Doc, Keyword


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """Options of the summarizer.

    Attributes:
        max_sentences: At most this many sentences (fewer for short texts).
        min_words: Sentences with fewer words are penalized.
        max_words: Sentences with more words are penalized.
        redundancy: Skip a sentence sharing more than this share of words with a chosen one.
    """

    max_sentences: int = 3
    min_words: int = 8
    max_words: int = 70
    redundancy: float = 0.6


def _how_many(candidates: int, opts: SummaryOptions) -> int:
    wanted = 1 if candidates <= 4 else 2 if candidates <= 12 else 3
    return max(1, min(wanted, opts.max_sentences))


def summarize(text: str, sentences: Sequence[Span], words: Sequence[Span],
              keywords: Sequence[Keyword] = (), *, title_end: int = 0, lead_end: int = 0,
              options: SummaryOptions | None = None,
              keys: Sequence[str] | None = None) -> list[Span]:
    """Spans of the summary sentences of ``text``, in text order.

    Args:
        text: Normalized text.
        sentences: Sentence spans.
        words: Word spans.
        keywords: The article's keywords (their scores weigh coverage).
        title_end: End offset of the title, whose sentences are never chosen.
        lead_end: End offset of the lead, whose sentences get a bonus.
        options: Length and redundancy.
        keys: The lower-cased words, when already computed (``Doc.keys``).
    """
    opts = options or SummaryOptions()
    body = [s for s in sentences if s[0] >= title_end]
    if not body:
        return []
    weights = {k.text.lower(): k.score for k in keywords}
    total_weight = sum(weights.values()) or 1.0
    if keys is None:
        keys = [text[start:end].lower() for start, end in words]
    content_keys = {key for key in set(keys) if is_content_word(key)}
    starts = [w[0] for w in words]
    infos: list[tuple[int, set[str]]] = []
    for start, end in body:
        i, j = bisect_left(starts, start), bisect_left(starts, end)
        infos.append((j - i, set(keys[i:j]) & content_keys))
    frequency: dict[str, int] = {}
    for _, content in infos:
        for key in content:
            frequency[key] = frequency.get(key, 0) + 1
    scored: list[tuple[float, int]] = []
    for rank, (span, (count, content)) in enumerate(zip(body, infos, strict=True)):
        position = 1.0 / (1.0 + rank) + (0.5 if span[1] <= lead_end else 0.0)
        coverage = sum(weights.get(key, 0.0) for key in content) / total_weight
        shared = sum(1 for key in content if frequency[key] > 1) / (len(content) or 1)
        length = 1.0 if opts.min_words <= count <= opts.max_words else 0.4
        scored.append(((0.6 * position + coverage + 0.4 * shared) * length, rank))
    chosen: list[int] = []
    for _, rank in sorted(scored, key=lambda pair: -pair[0]):
        content = infos[rank][1]
        if any(_overlap(content, infos[i][1]) > opts.redundancy for i in chosen):
            continue
        chosen.append(rank)
        if len(chosen) == _how_many(len(body), opts):
            break
    return [body[i] for i in sorted(chosen)]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / (min(len(a), len(b)) or 1)


@dataclass(frozen=True, slots=True)
class SummaryComponent:
    """Pipeline component: sets ``doc.summary`` from sentences, words and keywords."""

    options: SummaryOptions = SummaryOptions()
    name: ClassVar[str] = "summary"
    version: ClassVar[str] = "summary.v1"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "words", "keywords")
    assigns: ClassVar[tuple[str, ...]] = ("summary",)

    def __call__(self, doc: Doc) -> Doc:
        """Choose the summary sentences of ``doc``."""
        spans = summarize(doc.text, doc.sentences or (), doc.words or (), doc.keywords or (),
                          title_end=doc.title_end, lead_end=doc.lead_end, options=self.options,
                          keys=doc.word_keys())
        return doc.with_layers(self.name, self.version, summary=tuple(spans))
