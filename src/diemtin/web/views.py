"""What the entity, outlet and trend pages show, as API models built from the store.

Pages and ``/api/v1`` endpoints use the same builders, so a page never shows anything
the API does not answer. Ids are URL-safe: an entity's folded key or an outlet's folded
name with spaces written as ``-`` and hyphens as ``~`` (``Lý Văn Hùng`` →
``ly-van-hung``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from diemtin.errors import PageNotFound, StoryNotFound
from diemtin.nlp.people import people_named
from diemtin.search.filters import SearchFilters
from diemtin.search.keys import entity_key
from diemtin.search.query import Query
from diemtin.store.base import CO_MENTION_WINDOW, Store, TermCount
from diemtin.web.charts import bucket, period_bounds
from diemtin.web.trends import WINDOWS, latest_time, rising_terms, share_of_voice

Kind = Literal["people", "orgs", "places"]
Period = Literal["day", "week", "month"]
LABELS: dict[str, str] = {"people": "PER", "orgs": "ORG", "places": "PLACE"}
KINDS: dict[str, str] = {"PER": "people", "ORG": "orgs", "PLACE": "places", "LOC": "places"}


def period(by: str, default: Period = "week") -> Period:
    """``by`` when it names a chart period (day, week, month), else ``default``."""
    return "day" if by == "day" else "week" if by == "week" else "month" if by == "month" \
        else default


def slug(key: str) -> str:
    """The URL id of a folded key: ``-`` written as ``~``, then spaces as ``-``.

    >>> slug("so vh-tt&dl tinh an giang")
    'so-vh~tt&dl-tinh-an-giang'
    """
    return key.replace("-", "~").replace(" ", "-")


def unslug(entity_id: str) -> str:
    """The folded key of a URL id (the inverse of :func:`slug`)."""
    return entity_id.replace("-", " ").replace("~", "-")


def entity_slug(text: str) -> str:
    """The URL id of an entity's text (``Lý Văn Hùng`` → ``ly-van-hung``)."""
    return slug(entity_key(text))


class TimelinePoint(BaseModel):
    """Articles in one period (``2026-10-13``, ``2026-W42`` or ``2026-10``)."""

    period: str
    articles: int


class EntityRef(BaseModel):
    """An entity with its page: ``kind`` is people, orgs or places (None: no page)."""

    kind: str | None
    id: str
    name: str
    articles: int


class ArticleRef(BaseModel):
    """A stored article, as listed on a page."""

    id: str
    title: str
    outlet: str | None
    published: str | None


class TitleHeld(BaseModel):
    """A title a person held, with the first and last day an article gave it."""

    person: str
    title: str
    first_seen: str | None
    last_seen: str | None
    articles: int


class EntityView(BaseModel):
    """A person, organization or place page."""

    kind: str
    id: str
    name: str
    articles: int
    by: str
    timeline: list[TimelinePoint]
    titles: list[TitleHeld]
    co_mentions: list[EntityRef]
    co_mentions_within: int
    """How many of its newest articles the co-mention counts cover (all, up to 1,000)."""
    latest: list[ArticleRef]
    stories: list[StoryRef]
    """Stories of its newest articles (of the 200 newest), most recent first."""


class StoryRef(BaseModel):
    """A story as listed on a page: its size in articles, its newest one (UTC)."""

    id: str
    title: str
    articles: int
    last_published: str | None


class OutletRef(BaseModel):
    """An outlet with its article count and newest article (UTC ISO 8601)."""

    id: str
    outlet: str
    articles: int
    last_published: str | None


class CountRow(BaseModel):
    """A value (section, topic) with its number of articles."""

    value: str
    articles: int


class OutletView(BaseModel):
    """An outlet page: volume over time, sections and topics."""

    outlet: OutletRef
    by: str
    timeline: list[TimelinePoint]
    sections: list[CountRow]
    topics: list[CountRow]


class TrendRow(BaseModel):
    """A rising term: ``count`` in the window, ``baseline`` in the windows before."""

    kind: str
    id: str
    name: str
    count: int
    baseline: int
    score: float


class TrendsView(BaseModel):
    """Rising terms in a window ending at ``at`` (the newest article by default)."""

    window: str
    at: str | None
    baseline_windows: int
    min_count: int
    terms: list[TrendRow]


class ShareRow(BaseModel):
    """An outlet's exact number of matching articles and its share of all matches."""

    outlet: str
    articles: int
    share: float


class ShareView(BaseModel):
    """Share of voice of outlets for a query, from exact counts."""

    q: str
    total: int
    outlets: list[ShareRow]


def entity_ref(term: TermCount) -> EntityRef:
    """The reference to a counted term's page (kind None: keywords have none)."""
    kind = KINDS.get(term.label)
    return EntityRef(kind=kind, id=slug(term.key), name=term.text, articles=term.articles)


def _article_refs(store: Store, ids: list[str]) -> list[ArticleRef]:
    refs = []
    for article_id in ids:
        article = store.get_article(article_id)
        refs.append(ArticleRef(id=article.id, title=article.title, outlet=article.outlet,
                               published=article.published.isoformat()
                               if article.published else None))
    return refs


def _titles(store: Store, name: str) -> list[TitleHeld]:
    return [TitleHeld(person=person.name, title=held.title, articles=held.articles,
                      first_seen=held.first_seen.isoformat() if held.first_seen else None,
                      last_seen=held.last_seen.isoformat() if held.last_seen else None)
            for person in people_named(store, name) for held in person.titles]


def entity_view(store: Store, kind: Kind, entity_id: str, by: Period) -> EntityView:
    """The page of the entity ``entity_id`` of ``kind``.

    Raises:
        PageNotFound: no stored article mentions it.
    """
    label, key = LABELS[kind], unslug(entity_id)
    days = store.term_days(label, key)
    newest = store.term_article_ids(label, key, limit=_STORY_SOURCES)
    ids = newest[:10]
    if not ids:
        raise PageNotFound(f"không có {_KIND_NAMES[kind]} nào có mã {entity_id!r}")
    name = _display_name(store, label, key, ids[0])
    articles = sum(count for _, count in days) if days else len(ids)
    return EntityView(
        kind=kind, id=entity_id, name=name, by=by, articles=articles,
        co_mentions_within=min(articles, CO_MENTION_WINDOW),
        timeline=[TimelinePoint(period=b.period, articles=b.count) for b in bucket(days, by)],
        titles=_titles(store, name) if kind == "people" else [],
        co_mentions=[entity_ref(term) for term in store.co_mentions(
            label, key, limit=20, within=CO_MENTION_WINDOW)],
        latest=_article_refs(store, ids), stories=_story_refs(store, newest))


_STORY_SOURCES = 200
_STORIES_SHOWN = 5


def _story_refs(store: Store, article_ids: list[str]) -> list[StoryRef]:
    """The stories of ``article_ids`` (newest first), in that order, at most five."""
    story_of = store.story_ids(article_ids)
    found = list(dict.fromkeys(story_of[i] for i in article_ids if i in story_of))
    refs = []
    for story_id in found[:_STORIES_SHOWN]:
        try:
            story = store.get_story(story_id)
        except StoryNotFound:  # relinked since: the next look shows the new one
            continue
        refs.append(StoryRef(id=story.id, title=story.title, articles=len(story.article_ids),
                             last_published=story.last_published.isoformat()
                             if story.last_published else None))
    return refs


_KIND_NAMES = {"people": "nhân vật", "orgs": "tổ chức", "places": "địa danh"}


def _display_name(store: Store, label: str, key: str, article_id: str) -> str:
    data = store.get_annotations(article_id)
    return _name_in(data, label, key) or key.title()


def _name_in(data: dict[str, tuple[str, object]], label: str, key: str) -> str | None:
    if label == "PLACE":
        places = data.get("places", ("", []))[1]
        for place in places if isinstance(places, list) else []:
            unit = place.get("current") or place.get("unit") or {}
            if unit.get("name") and entity_key(unit["name"]) == key:
                return str(unit["name"])
        return None
    entities = data.get("entities", ("", []))[1]
    for entity in entities if isinstance(entities, list) else []:
        if entity.get("label") == label and entity_key(entity["text"]) == key:
            return str(entity["text"])
    return None


def outlet_refs(store: Store) -> list[OutletRef]:
    """Every outlet with its article count and newest article."""
    return [OutletRef(id=slug(stat.key), outlet=stat.outlet, articles=stat.articles,
                      last_published=stat.last_published) for stat in store.outlet_stats()]


def outlet_view(store: Store, outlet_id: str, by: Period) -> OutletView:
    """The page of the outlet ``outlet_id``.

    Raises:
        PageNotFound: no stored article comes from it.
    """
    found = [ref for ref in outlet_refs(store) if ref.id == outlet_id]
    if not found:
        raise PageNotFound(f"không có cơ quan báo chí nào có mã {outlet_id!r}")
    key = unslug(outlet_id)
    return OutletView(
        outlet=found[0], by=by,
        timeline=[TimelinePoint(period=b.period, articles=b.count)
                  for b in bucket(store.outlet_days(key), by)],
        sections=[CountRow(value=v, articles=n) for v, n in store.outlet_breakdown(key, "section")],
        topics=[CountRow(value=v, articles=n) for v, n in store.outlet_breakdown(key, "topic")])


def trends_view(store: Store, window: str, min_count: int, at: datetime | None = None
                ) -> TrendsView:
    """Rising terms in ``window`` ending at ``at`` (default: the newest article)."""
    end = at or latest_time(store)
    terms = rising_terms(store, end, window, min_count=min_count) if end else []
    return TrendsView(
        window=window, at=end.isoformat() if end else None, min_count=min_count,
        baseline_windows=WINDOWS[window][1],
        terms=[TrendRow(kind=KINDS.get(t.label, "keywords"), id=slug(t.key), name=t.text,
                        count=t.count, baseline=t.baseline, score=t.score) for t in terms])


def share_view(store: Store, q: str) -> ShareView:
    """Share of voice of outlets for ``q`` from exact counts."""
    counts = share_of_voice(store, q)
    total = sum(n for _, n in counts)
    return ShareView(q=q, total=total, outlets=[
        ShareRow(outlet=name, articles=n, share=round(n / total, 4)) for name, n in counts])


_FACET_FIELDS = {"PER": "person", "ORG": "org", "LOC": "place"}


class FacetValue(BaseModel):
    """One value of a facet, with the query that filters on it (None: no filter)."""

    label: str
    articles: int
    q: str | None = None
    since: str | None = None
    until: str | None = None


class SearchFacets(BaseModel):
    """Exact counts over every match: dates bucketed by ``by``, entities, topics."""

    by: str
    dates: list[FacetValue]
    people: list[FacetValue]
    organizations: list[FacetValue]
    places: list[FacetValue]
    topics: list[FacetValue]
    outlets: list[FacetValue]


def search_facets(store: Store, q: str, query: Query, filters: SearchFilters, by: Period
                  ) -> SearchFacets:
    """The facets of a search; an entity value adds ``person:"…"`` (org:, place:) to ``q``,
    a topic ``topic:"…"``."""
    found = store.result_facets(query, filters=filters, limit=10)
    groups: dict[str, list[FacetValue]] = {"PER": [], "ORG": [], "LOC": []}
    for term in found.entities:
        clause = f'{_FACET_FIELDS[term.label]}:"{term.text}"'
        groups[term.label].append(FacetValue(label=term.text, articles=term.articles,
                                             q=f"{q} {clause}".strip()))
    return SearchFacets(
        by=by, dates=[_date_value(bar.period, bar.count, by) for bar in bucket(found.days, by)],
        people=groups["PER"], organizations=groups["ORG"], places=groups["LOC"],
        topics=[FacetValue(label=topic, articles=n, q=f'{q} topic:"{topic}"'.strip())
                for topic, n in found.topics],
        outlets=[FacetValue(label=name, articles=n) for name, n in found.outlets])


def _date_value(period: str, count: int, by: str) -> FacetValue:
    first, after = period_bounds(period, by)
    return FacetValue(label=period, articles=count, since=first.isoformat(),
                      until=after.isoformat())
