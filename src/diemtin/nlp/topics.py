"""The topic of an article, over a fixed taxonomy of Vietnamese news sections.

A multinomial naive Bayes model over the text's segmented words (lower case, stop
words left out, title words counted twice), trained by ``scripts/train_topics.py`` on a
gold set written for diemtin (``data/topics-gold``) plus hand-written keyword priors
(``diemtin/data/topics/seeds.tsv``). The model is a small table of word counts per topic
(``diemtin/data/topics/model.json.gz``), loaded once per process.

The taxonomy (:data:`TOPICS`) and what each label covers are in ``docs/nlp.md``.
"""

from __future__ import annotations

import gzip
import json
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import ClassVar, Final

from diemtin.models import Span
from diemtin.nlp._lexicon import is_content_word
from diemtin.nlp.doc import Doc, Topic

TOPICS: Final = (
    "thời sự", "chính trị", "kinh tế", "xã hội", "pháp luật", "giáo dục", "sức khỏe",
    "văn hóa", "du lịch", "thể thao", "thế giới", "khoa học – công nghệ",
    "môi trường – thiên tai", "giao thông",
)
"""The topic labels, in the order of the taxonomy."""


@dataclass(frozen=True, slots=True)
class TopicOptions:
    """Options of the topic classifier.

    Attributes:
        title_weight: How many times a title word counts.
        ranking: How many labels (with probabilities) to keep in ``Topic.ranking``.
    """

    title_weight: int = 2
    ranking: int = 3


@dataclass(frozen=True)
class TopicModel:
    """Log-probabilities of words per topic (naive Bayes, uniform prior)."""

    labels: tuple[str, ...]
    log_probs: dict[str, tuple[float, ...]]

    @classmethod
    def from_counts(cls, labels: Sequence[str], counts: dict[str, list[int]],
                    alpha: float) -> TopicModel:
        """Build the model from word counts per topic with additive smoothing ``alpha``."""
        totals = [sum(row[i] for row in counts.values()) for i in range(len(labels))]
        size = len(counts)
        denominators = [math.log(total + alpha * size) for total in totals]
        log_probs = {
            word: tuple(math.log(row[i] + alpha) - denominators[i] for i in range(len(labels)))
            for word, row in counts.items()
        }
        return cls(tuple(labels), log_probs)

    def scores(self, features: Iterable[tuple[str, float]]) -> list[tuple[str, float]]:
        """Labels with their probabilities, most probable first.

        Naive Bayes is over-confident on long texts; the log-likelihoods are divided by
        the square root of the feature weight before the softmax, which keeps the order
        and gives runners-up a readable probability.
        """
        sums = [0.0] * len(self.labels)
        total_weight = 0.0
        for word, weight in features:
            row = self.log_probs.get(word)
            if row is not None:
                total_weight += weight
                for i, value in enumerate(row):
                    sums[i] += weight * value
        scale = max(1.0, math.sqrt(total_weight))
        sums = [s / scale for s in sums]
        top = max(sums)
        exps = [math.exp(s - top) for s in sums]
        total = sum(exps)
        ranked = sorted(zip(self.labels, (e / total for e in exps), strict=True),
                        key=lambda pair: -pair[1])
        return ranked


@cache
def load_topic_model() -> TopicModel:
    """The bundled model (``data/topics/model.json.gz``), loaded once per process."""
    ref = resources.files("diemtin").joinpath("data", "topics", "model.json.gz")
    data = json.loads(gzip.decompress(ref.read_bytes()).decode("utf-8"))
    return TopicModel.from_counts(data["labels"], data["counts"], float(data["alpha"]))


def topic_features(text: str, words: Sequence[Span], *, title_end: int = 0,
                   title_weight: int = 2, keys: Sequence[str] | None = None) -> Counter[str]:
    """Counts of the content words of ``text`` (lower case); title words weigh more.

    ``keys`` are the lower-cased words when already computed (``Doc.keys``).
    """
    if keys is None:
        keys = [text[start:end].lower() for start, end in words]
    counts = Counter(keys)
    if title_end and title_weight != 1:
        in_title = bisect_right([end for _, end in words], title_end)
        for key in keys[:in_title]:
            counts[key] += title_weight - 1
    return Counter({key: n for key, n in counts.items() if is_content_word(key)})


def classify(text: str, words: Sequence[Span], *, title_end: int = 0,
             options: TopicOptions | None = None, model: TopicModel | None = None,
             keys: Sequence[str] | None = None) -> Topic:
    """The most probable topic of ``text`` given its word spans.

    Args:
        text: Normalized text.
        words: Word spans from :func:`diemtin.text.segment.word_spans`.
        title_end: End offset of the title, whose words count more.
        options: Title weight and ranking length.
        model: A model to use instead of the bundled one.
        keys: The lower-cased words, when already computed.
    """
    opts = options or TopicOptions()
    features = topic_features(text, words, title_end=title_end, title_weight=opts.title_weight,
                              keys=keys)
    ranked = (model or load_topic_model()).scores(features.items())
    best, score = ranked[0]
    return Topic(best, round(score, 4),
                 tuple((label, round(p, 4)) for label, p in ranked[:opts.ranking]))


@dataclass(frozen=True, slots=True)
class TopicComponent:
    """Pipeline component: sets ``doc.topic`` from ``doc.words``."""

    options: TopicOptions = TopicOptions()
    name: ClassVar[str] = "topic"
    version: ClassVar[str] = "topic.v1"
    requires: ClassVar[tuple[str, ...]] = ("words",)
    assigns: ClassVar[tuple[str, ...]] = ("topic",)

    def __call__(self, doc: Doc) -> Doc:
        """Classify ``doc.text``."""
        topic = classify(doc.text, doc.words or (), title_end=doc.title_end, options=self.options,
                         keys=doc.word_keys())
        return doc.with_layers(self.name, self.version, topic=topic)
