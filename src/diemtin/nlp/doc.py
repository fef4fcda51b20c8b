"""The annotation container the pipeline passes from component to component.

A :class:`Doc` holds the analyzed text, what is known about it (publication date,
where the title ends) and one layer per kind of annotation. Components never change a
Doc in place: each returns a copy with its own layers set (:meth:`Doc.with_layers`), so
a Doc can be pickled, shared between threads and compared in tests.

Every offset is a character offset into :attr:`Doc.text`, the stored, normalized text:
components read it as given and never re-normalize it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from diemtin.models import Mention, Span


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and the calendar date it resolves to.

    Attributes:
        start: Offset of the first character.
        end: Offset after the last character.
        text: ``text[start:end]``.
        value: The resolved date in ISO 8601 (``2025-09-13``), or None when it cannot be
            resolved (no year and no publication date).
        granularity: ``day``, ``week`` (the Monday of that week), ``month`` (the first of
            the month) or ``year`` (1 January).
        relative: Whether the expression is relative to the publication date
            ("hôm qua", "tuần trước", or a day and month without a year).
    """

    start: int
    end: int
    text: str
    value: str | None
    granularity: str
    relative: bool = False


@dataclass(frozen=True, slots=True)
class AdminUnit:
    """An administrative unit of one scheme.

    Attributes:
        scheme: ``2025`` (34 provinces, no districts, in force since 1 July 2025) or
            ``2008`` (63 provinces, as in force on 30 June 2025).
        level: ``province``, ``district`` or ``commune``.
        code: The official code (two digits for a province, three for a district, five
            for a commune; codes of the two schemes overlap, so read them with the scheme).
        name: The official name with its type ("Tỉnh Lào Cai", "Xã Tả Van").
        province_code: Code of the province that holds the unit (its own for a province).
    """

    scheme: str
    level: str
    code: str
    name: str
    province_code: str


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text, linked to administrative units.

    Attributes:
        start: Offset of the first character.
        end: Offset after the last character.
        text: The name as written, with its unit word if any ("tỉnh Yên Bái").
        name: The name without its unit word ("Yên Bái").
        level: ``province``, ``district`` or ``commune``.
        old: The unit of the pre-2025 scheme this name denotes, if any.
        current: Today's unit (2025 scheme) that is or contains the place.
        unit: The unit valid at the article's date (``old`` before 1 July 2025).
        source: ``entity`` (a LOC mention of the entity recognizer) or ``gazetteer``.
    """

    start: int
    end: int
    text: str
    name: str
    level: str
    old: AdminUnit | None
    current: AdminUnit | None
    unit: AdminUnit | None
    source: str = "gazetteer"


@dataclass(frozen=True, slots=True)
class PersonLink:
    """A short mention of a person linked to the full name it stands for in one text.

    Attributes:
        start: Offset of the short mention ("Hùng").
        end: Offset after it.
        text: The short mention as written.
        name_start: Offset of the full-name mention it refers to.
        name: The full name ("Lý Văn Hùng").
        title: The title written with the full name, if any.
    """

    start: int
    end: int
    text: str
    name_start: int
    name: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Keyword:
    """A keyword: a segmented word (lower-cased key), its score and count."""

    text: str
    score: float
    count: int


@dataclass(frozen=True, slots=True)
class Topic:
    """The topic of a text: the best label, its probability, and the runners-up."""

    label: str
    score: float
    ranking: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Doc:
    """A text under analysis and the layers components have added to it.

    Attributes:
        text: The normalized text every offset points into.
        published: The publication date in Vietnam time, which resolves relative dates
            and decides which administrative units were in force.
        title_end: End offset of the title (0 when the text has none).
        lead_end: End offset of the lead (sapo), or ``title_end`` when there is none.
        words: Word spans (the ``words`` layer).
        keys: The lower-cased text of each word, set with ``words`` (keywords, topics
            and the summary count words by it).
        sentences: Sentence spans (``sentences``).
        entities: PER/ORG/LOC mentions (``mentions.*``); PER attrs may hold a title.
        coref: Short person mentions linked to their full name (``coref``).
        dates: Date expressions (``dates``).
        places: Place mentions linked to units (``places``).
        keywords: Keywords, best first (``keywords``).
        topic: The topic (``topic``).
        summary: Spans of the summary sentences, in text order (``summary``).
        versions: ``(component, version)`` of every component that ran, in order.
    """

    text: str
    published: date | None = None
    title_end: int = 0
    lead_end: int = 0
    words: tuple[Span, ...] | None = None
    keys: tuple[str, ...] | None = None
    sentences: tuple[Span, ...] | None = None
    entities: tuple[Mention, ...] | None = None
    coref: tuple[PersonLink, ...] | None = None
    dates: tuple[DateMention, ...] | None = None
    places: tuple[PlaceMention, ...] | None = None
    keywords: tuple[Keyword, ...] | None = None
    topic: Topic | None = None
    summary: tuple[Span, ...] | None = None
    versions: tuple[tuple[str, str], ...] = ()

    def with_layers(self, component: str, version: str, **layers: Any) -> Doc:
        """A copy with ``layers`` set and ``(component, version)`` recorded."""
        return replace(self, versions=(*self.versions, (component, version)), **layers)

    def word_keys(self) -> tuple[str, ...]:
        """The lower-cased text of every word: ``keys``, or computed from ``words``."""
        if self.keys is not None:
            return self.keys
        text = self.text
        return tuple(text[start:end].lower() for start, end in self.words or ())


def title_and_lead(text: str) -> tuple[int, int]:
    """Guess where the title and lead of a plain text end.

    The first paragraph is a title when it is short, ends without sentence punctuation
    and is followed by a blank line; the next paragraph is then the lead.

    >>> title_and_lead("Lào Cai đón khách\\n\\nSáng 13/9, tỉnh đón đoàn khách.\\n\\nThân bài.")
    (17, 50)
    """
    first = text.find("\n\n")
    if first <= 0 or first > 250 or text[first - 1] in ".!?…:;":
        return 0, 0
    second = text.find("\n\n", first + 2)
    return first, (second if second > 0 else len(text))
