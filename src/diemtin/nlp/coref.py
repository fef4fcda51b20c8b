"""In-document coreference of people: "ông Hùng" after "Lý Văn Hùng" is the same person.

News names a person in full once ("Phó Chủ tịch UBND tỉnh Lý Văn Hùng"), then by the
given name ("ông Hùng cho biết"), or by the family name for many foreign people ("ông
Nadella" after "Satya Nadella"). A short PER mention (at most ``max_short`` syllables)
is linked to a longer PER mention of the same text when the short form is the end or the
start of exactly one longer name there: with two people called "... Hùng" it stays
unlinked, since a wrong link is worse than none. The link carries the full name and the
title written with it, so the people index counts the short form under that person.

>>> from diemtin.models import Mention
>>> text = "Ông Lý Văn Hùng, Giám đốc Sở Y tế, dự họp. Ông Hùng nói."
>>> full = Mention(4, 15, "PER", "Lý Văn Hùng", (("title", "Giám đốc Sở Y tế"),))
>>> short = Mention(47, 51, "PER", "Hùng")
>>> [(link.text, link.name, link.title) for link in link_people([full, short])]
[('Hùng', 'Lý Văn Hùng', 'Giám đốc Sở Y tế')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from diemtin.models import Mention
from diemtin.nlp.doc import Doc, PersonLink
from diemtin.text.fold import fold


@dataclass(frozen=True, slots=True)
class CorefOptions:
    """Options of the coreference component.

    Attributes:
        max_short: Most syllables a short form may have ("Hùng", "Văn Hùng").
    """

    max_short: int = 2


def _syllables(name: str) -> tuple[str, ...]:
    return tuple(fold(name).lower().split())


def _full_names(people: Sequence[Mention]) -> dict[tuple[str, ...], Mention]:
    """Distinct names of two syllables or more, each with its first titled mention."""
    out: dict[tuple[str, ...], Mention] = {}
    for mention in people:
        key = _syllables(mention.text)
        if len(key) < 2:
            continue
        known = out.get(key)
        if known is None or (not dict(known.attrs).get("title") and mention.attrs):
            out[key] = mention
    return out


def _antecedent(
    short: tuple[str, ...], names: dict[tuple[str, ...], Mention]
) -> Mention | None:
    """The one longer name that ends (or, failing that, starts) with ``short``."""
    for matches in (
        [m for key, m in names.items() if len(key) > len(short) and key[-len(short):] == short],
        [m for key, m in names.items() if len(key) > len(short) and key[: len(short)] == short],
    ):
        if matches:
            return matches[0] if len(matches) == 1 else None
    return None


def link_people(
    mentions: Sequence[Mention], *, options: CorefOptions | None = None
) -> tuple[PersonLink, ...]:
    """Link short PER mentions to the full name they stand for in the same text.

    Args:
        mentions: The text's mentions (PER are used, others ignored), in text order.
        options: How short a short form is.

    Returns:
        One :class:`PersonLink` per linked short mention, in text order.
    """
    opts = options or CorefOptions()
    people = [m for m in mentions if m.label == "PER"]
    names = _full_names(people)
    links = []
    for mention in people:
        short = _syllables(mention.text)
        if not short or len(short) > opts.max_short:
            continue
        full = _antecedent(short, names)
        if full is not None:
            links.append(PersonLink(mention.start, mention.end, mention.text, full.start,
                                    full.text, dict(full.attrs).get("title")))
    return tuple(links)


@dataclass(frozen=True, slots=True)
class CorefComponent:
    """Pipeline component: sets ``doc.coref`` (:func:`link_people`)."""

    options: CorefOptions = CorefOptions()
    name: ClassVar[str] = "coref"
    version: ClassVar[str] = "coref.v1"
    requires: ClassVar[tuple[str, ...]] = ("mentions.person",)
    assigns: ClassVar[tuple[str, ...]] = ("coref",)

    def __call__(self, doc: Doc) -> Doc:
        """Link the short person mentions of ``doc.entities`` to full names."""
        links = link_people(doc.entities or (), options=self.options)
        return doc.with_layers(self.name, self.version, coref=links)
