"""People across articles: conservative same-person resolution and the titles held.

A person mention carries the title written beside it ("Phó Bí thư Thường trực Tỉnh ủy
Sơn La"). Across articles, mentions of the same full name are one person only when their
context agrees: they share a province the articles are about (so "Nguyễn Văn An" of Lào
Cai and of Cà Mau stay two people). Mentions with no province join a person only when
that name has exactly one person with a province, or none. Wrongly merging two people is
worse than showing one person twice, so every doubt keeps them apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from diemtin.text.fold import fold


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One mention of a person in one article, with what resolution needs."""

    article_id: str
    name: str
    title: str | None
    published: date | None
    provinces: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class TitleHeld:
    """A title as the articles give it, and when it was seen."""

    title: str
    first_seen: date | None
    last_seen: date | None
    articles: int


@dataclass(frozen=True, slots=True)
class Person:
    """One resolved person: the name, the articles (oldest first), the titles held."""

    name: str
    article_ids: tuple[str, ...]
    titles: tuple[TitleHeld, ...]
    provinces: tuple[str, ...]


@lru_cache(maxsize=65_536)
def person_key(name: str) -> str:
    """The folded, space-collapsed full name that mentions of one person share (names
    repeat across mentions: kept)."""
    return " ".join(fold(name).split())


def resolve_people(mentions: Iterable[PersonMention]) -> list[Person]:
    """Group mentions into people (see the module docstring), most mentioned first."""
    by_name: dict[str, list[PersonMention]] = defaultdict(list)
    for mention in mentions:
        by_name[person_key(mention.name)].append(mention)
    people = [_person(group) for groups in map(_split_by_context, by_name.values())
              for group in groups]
    return sorted(people, key=lambda person: (-len(person.article_ids), person.name))


def _split_by_context(mentions: list[PersonMention]) -> list[list[PersonMention]]:
    """Mentions of one name, split into people that share a province."""
    groups: list[tuple[set[str], list[PersonMention]]] = []
    unplaced = []
    for mention in mentions:
        if not mention.provinces:
            unplaced.append(mention)
            continue
        joined = [group for group in groups if group[0] & mention.provinces]
        provinces, members = set(mention.provinces), [mention]
        for group in joined:
            provinces |= group[0]
            members += group[1]
            groups.remove(group)
        groups.append((provinces, members))
    if len(groups) <= 1:
        merged = (groups[0][1] if groups else []) + unplaced
        return [merged] if merged else []
    return [members for _, members in groups] + ([unplaced] if unplaced else [])


def _person(mentions: list[PersonMention]) -> Person:
    mentions = sorted(mentions, key=lambda m: (m.published or date.max, m.article_id))
    names: dict[str, int] = defaultdict(int)
    for mention in mentions:
        names[mention.name] += 1
    return Person(
        name=max(names, key=lambda name: (names[name], name)),
        article_ids=tuple(dict.fromkeys(m.article_id for m in mentions)),
        titles=_titles(mentions),
        provinces=tuple(sorted({p for m in mentions for p in m.provinces})),
    )


def _titles(mentions: list[PersonMention]) -> tuple[TitleHeld, ...]:
    """Distinct titles (compared folded), oldest first seen first."""
    seen: dict[str, list[PersonMention]] = defaultdict(list)
    for mention in mentions:
        if mention.title:
            seen[person_key(mention.title)].append(mention)
    held = []
    for group in seen.values():
        dates = sorted(m.published for m in group if m.published)
        held.append(TitleHeld(
            title=group[0].title or "",
            first_seen=dates[0] if dates else None,
            last_seen=dates[-1] if dates else None,
            articles=len({m.article_id for m in group}),
        ))
    return tuple(sorted(held, key=lambda t: (t.first_seen or date.max, t.title)))


class PersonStore(Protocol):
    """What :func:`people_named` needs from a store (every ``Store`` provides it)."""

    def person_rows(self, name: str
                    ) -> Sequence[tuple[str, str, str | None, str | None, str | None]]:
        """Mentions of the name: (article id, text, title, Vietnam date, province codes)."""
        ...


def people_named(store: PersonStore, name: str) -> list[Person]:
    """Every person the stored articles call ``name``, resolved conservatively."""
    mentions = []
    for article_id, text, title, day, provinces in store.person_rows(name):
        mentions.append(PersonMention(
            article_id=article_id, name=text, title=title,
            published=date.fromisoformat(day) if day else None,
            provinces=_provinces(provinces),
        ))
    return resolve_people(mentions)


@lru_cache(maxsize=4096)
def _provinces(codes: str | None) -> frozenset[str]:
    """The province codes of a comma-joined list (``"01,24"``)."""
    return frozenset(codes.split(",")) if codes else frozenset()


def person_to_json(person: Person) -> dict[str, Any]:
    """A JSON-ready dict of a resolved person."""
    return {
        "name": person.name,
        "articles": list(person.article_ids),
        "provinces": list(person.provinces),
        "titles": [{"title": t.title, "articles": t.articles,
                    "first_seen": t.first_seen.isoformat() if t.first_seen else None,
                    "last_seen": t.last_seen.isoformat() if t.last_seen else None}
                   for t in person.titles],
    }
