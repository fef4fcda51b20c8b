"""Plain JSON-ready views of duplicate groups and stories, shared by CLI, API and web.

Every view is built from the store through its protocol; none holds logic of its own
beyond choosing what to show (the original first, members in publication order).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from diemtin.errors import InputError
from diemtin.models import Article
from diemtin.store.base import DuplicateRecord, Store, StoryRecord

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SPAN = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
MAIN_ENTITIES = 8


def parse_since(text: str, *, now: datetime | None = None) -> datetime:
    """``7d``, ``12h``, ``2w`` (before now) or a date (``2026-10-13``) as a UTC instant.

    Raises:
        InputError: anything else.
    """
    found = _SPAN.match(text)
    if found:
        span = timedelta(**{_UNITS[found[2]]: int(found[1])})
        return (now or datetime.now(UTC)) - span
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--since must be a span such as 7d, 12h, 2w or a date such as "
                         f"2026-10-13; got {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def article_ref(article: Article, **extra: Any) -> dict[str, Any]:
    """The fields every list shows of an article, plus ``extra``."""
    return {"id": article.id, "url": article.url, "outlet": article.outlet,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            **extra}


def group_view(store: Store, group: DuplicateRecord) -> list[dict[str, Any]]:
    """A duplicate group as a list of articles, the original first.

    Each has ``original`` (true for the first), ``delay_seconds`` after the original and
    ``credited`` (the original was named by a copy's credit line).
    """
    articles = store.get_articles(list(group.article_ids))
    return [article_ref(articles[member.article_id], original=position == 0,
                        delay_seconds=member.delay,
                        credited=group.credited and position == 0)
            for position, member in enumerate(group.members) if member.article_id in articles]


def story_view(store: Store, story: StoryRecord, *, entities: bool = False) -> dict[str, Any]:
    """A story: title, summary, times, outlets, first publisher and its articles.

    Articles are in publication order; a republication carries ``republication: true``
    and ``original`` (the id it copies). With ``entities``, the main people,
    organizations and places of its articles are added (most mentioned first).
    """
    found = store.get_articles(list(story.article_ids))
    ordered = sorted(found.values(), key=lambda a: (a.published_utc or _EPOCH, a.id))
    originals = _originals(store, [a.id for a in ordered if a.id in story.copies])
    refs = [article_ref(a, republication=a.id in story.copies,
                        original=originals.get(a.id)) for a in ordered]
    first = next((ref for ref in refs if not ref["republication"]), refs[0] if refs else None)
    view: dict[str, Any] = {
        "id": story.id, "title": story.title, "summary": story.summary,
        "first_published": _iso(story.first_published),
        "last_published": _iso(story.last_published), "state": story.state.value,
        "size": len(refs), "republications": sum(ref["republication"] for ref in refs),
        "outlets": sorted({a.outlet for a in ordered if a.outlet}),
        "first_publisher": first, "articles": refs}
    if entities:
        view["entities"] = main_entities(store, [a.id for a in ordered])
    return view


def _originals(store: Store, copies: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for group in store.duplicate_groups(list(copies)) if copies else []:
        found.update((member, group.original) for member in group.article_ids[1:])
    return found


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def main_entities(store: Store, article_ids: Sequence[str]) -> dict[str, list[str]]:
    """The most mentioned people, organizations and places of the articles."""
    counts: dict[str, Counter[str]] = {"PER": Counter(), "ORG": Counter(), "LOC": Counter()}
    for article_id in article_ids[:50]:
        stored = store.get_annotations(article_id)
        for mention in (stored.get("entities") or ("", []))[1] or []:
            if mention.get("label") in counts:
                counts[mention["label"]][mention["text"]] += 1
        for place in (stored.get("places") or ("", []))[1] or []:
            counts["LOC"][place.get("name") or place.get("text") or ""] += 1
    names = {"PER": "people", "ORG": "organizations", "LOC": "places"}
    return {names[label]: [text for text, _ in counter.most_common(MAIN_ENTITIES) if text]
            for label, counter in counts.items()}


def republication_view(store: Store) -> list[dict[str, Any]]:
    """Who republishes whom: ``source``, ``republisher``, ``copies``, most first."""
    return [{"source": source, "republisher": republisher, "copies": copies}
            for source, republisher, copies in store.republication_counts()]
