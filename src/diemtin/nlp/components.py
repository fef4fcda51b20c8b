"""The built-in components and their registration.

``sentences``, ``words`` and ``entities`` wrap :mod:`diemtin.text.sentences`,
:mod:`diemtin.text.segment` and :mod:`diemtin.nlp.entities`; those modules (and the
models behind them) are imported on first call, never at registration. The other
components live in their own modules (dates, places, keywords, topics, summary).
:func:`register_builtins` is the one place that fills a registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from diemtin.nlp.coref import CorefComponent, CorefOptions
from diemtin.nlp.dates import DateComponent, DateOptions
from diemtin.nlp.doc import Doc
from diemtin.nlp.keywords import KeywordComponent, KeywordOptions
from diemtin.nlp.places import PlaceComponent, PlaceOptions
from diemtin.nlp.registry import Component, Factory, Registry
from diemtin.nlp.summary import SummaryComponent, SummaryOptions
from diemtin.nlp.topics import TopicComponent, TopicOptions

ENTITY_LABELS = ("PER", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class SentenceOptions:
    """The sentence splitter has no options yet."""


@dataclass(frozen=True, slots=True)
class SentenceComponent:
    """Pipeline component: sets ``doc.sentences`` (:func:`split_sentences`)."""

    options: SentenceOptions = SentenceOptions()
    name: ClassVar[str] = "sentences"
    version: ClassVar[str] = "sentences.v1"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("sentences",)

    def __call__(self, doc: Doc) -> Doc:
        """Split ``doc.text`` into sentences."""
        from diemtin.text.sentences import split_sentences

        spans = tuple(split_sentences(doc.text))
        return doc.with_layers(self.name, self.version, sentences=spans)


@dataclass(frozen=True, slots=True)
class WordOptions:
    """The word segmenter has no options yet."""


@dataclass(frozen=True, slots=True)
class WordComponent:
    """Pipeline component: sets ``doc.words`` (:func:`word_spans`)."""

    options: WordOptions = WordOptions()
    name: ClassVar[str] = "words"
    version: ClassVar[str] = "words.v1"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("words",)

    def __call__(self, doc: Doc) -> Doc:
        """Segment ``doc.text`` into words."""
        from diemtin.text.segment import word_spans

        text = doc.text
        spans = tuple(word_spans(text))
        keys = tuple(text[start:end].lower() for start, end in spans)
        return doc.with_layers(self.name, self.version, words=spans, keys=keys)


@dataclass(frozen=True, slots=True)
class EntityComponentOptions:
    """Options of the entity component.

    Attributes:
        titles: Attach titles to people ("Phó Chủ tịch UBND tỉnh").
        labels: Which labels to keep.
    """

    titles: bool = True
    labels: tuple[str, ...] = ENTITY_LABELS


@dataclass(frozen=True, slots=True)
class EntityComponent:
    """Pipeline component: sets ``doc.entities`` (:func:`find_entities`)."""

    options: EntityComponentOptions = EntityComponentOptions()
    name: ClassVar[str] = "entities"
    version: ClassVar[str] = "entities.v3"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = (
        "mentions.person", "mentions.org", "mentions.loc", "titles",
    )

    def __call__(self, doc: Doc) -> Doc:
        """Find the PER/ORG/LOC mentions of ``doc.text``."""
        from diemtin.nlp.entities import EntityOptions, find_entities

        options = EntityOptions(titles=self.options.titles, labels=self.options.labels)
        mentions = tuple(find_entities(doc.text, options=options))
        return doc.with_layers(self.name, self.version, entities=mentions)


def _factory(cls: Callable[..., Component]) -> Factory:
    """A factory building ``cls`` with the given options, or its defaults for None."""

    def build(options: Any) -> Component:
        return cls(options) if options is not None else cls()

    return build


def register_builtins(registry: Registry) -> None:
    """Register every built-in component in ``registry``."""
    builtins: tuple[tuple[str, Callable[..., Component], type], ...] = (
        ("sentences", SentenceComponent, SentenceOptions),
        ("words", WordComponent, WordOptions),
        ("entities", EntityComponent, EntityComponentOptions),
        ("coref", CorefComponent, CorefOptions),
        ("dates", DateComponent, DateOptions),
        ("places", PlaceComponent, PlaceOptions),
        ("keywords", KeywordComponent, KeywordOptions),
        ("topic", TopicComponent, TopicOptions),
        ("summary", SummaryComponent, SummaryOptions),
    )
    for name, cls, options_type in builtins:
        registry.register(name, _factory(cls), options_type=options_type)
