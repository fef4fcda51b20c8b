"""Build a briefing: from a template and a period to a draft issue's items.

Each section runs its query over the period (one search, at most ``CANDIDATES`` hits),
the hits of every section are grouped in one pass into items — one per story, else one
per duplicate group, else one per article — and each section keeps its best
``template.items`` items by the template's ranking:

- ``coverage``: articles in the story or duplicate group (across outlets), then recency;
- ``first``: when the story broke (the first publication), earliest first;
- ``recency``: the newest article first.

An item appears in one section only: the first section that ranks it wins. The chosen
items are filled from their articles (first publisher, every outlet, people and their
titles, a 1–3 sentence summary from the stored NLP summary or the lead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from diemtin.brief.items import make_item
from diemtin.brief.saved import get as get_saved
from diemtin.brief.templates import PERIODS, Template
from diemtin.brief.templates import get as get_template
from diemtin.errors import InputError
from diemtin.models import Article
from diemtin.search.filters import SearchFilters
from diemtin.search.query import parse_query
from diemtin.store.base import Store, StoryRecord
from diemtin.store.state import StateSession, one, parse_time

CANDIDATES = 200
"""Search hits considered per section before grouping and ranking."""


@dataclass(slots=True)
class _Group:
    """A candidate item: a story, a duplicate group or a lone article."""

    key: str
    members: tuple[str, ...]
    hits: list[Article] = field(default_factory=list)
    story: StoryRecord | None = None

    def rank_key(self, ranking: str) -> tuple[float, ...]:
        newest = max(_stamp(a) for a in self.hits)
        first = self.story.first_published.timestamp() if self.story and \
            self.story.first_published else min(_stamp(a) for a in self.hits)
        if ranking == "first":
            return (first, -len(self.members))
        if ranking == "recency":
            return (-newest, -len(self.members))
        return (-len(self.members), -newest)


def _stamp(article: Article) -> float:
    return article.published.timestamp() if article.published else 0.0


@dataclass(frozen=True, slots=True)
class Plan:
    """What a build needs from the state tables: the template, each section's query
    text and the end of the template's previous issue."""

    template: Template
    queries: tuple[str, ...]
    last_until: str | None


def plan(session: StateSession, org_id: str, template_key: str) -> Plan:
    """Read the template and resolve its sections' saved searches."""
    template = get_template(session, org_id, template_key)
    queries = tuple(get_saved(session, org_id, s.saved).query_text() if s.saved
                    else s.query or "" for s in template.sections)
    last = one(session, "SELECT until FROM brief_issues WHERE template_id = :t "
               "ORDER BY until DESC", t=template.id)
    return Plan(template, queries, last["until"] if last else None)


def window(plan: Plan, *, since: datetime | None, until: datetime | None,
           now: datetime | None = None) -> tuple[datetime, datetime]:
    """The period ``(since, until]`` of a build: ``until`` defaults to now, ``since`` to
    ``until`` minus the template's period (or the previous issue's end)."""
    end = until or now or datetime.now(UTC)
    if since is None:
        span = PERIODS[plan.template.period]
        if span is None:  # since_last: from the previous issue (else one day)
            since = parse_time(plan.last_until) if plan.last_until else None
            span = PERIODS["24h"]
        since = since or end - (span or PERIODS["7d"])  # type: ignore[operator]
    if since >= end:
        raise InputError(f"the period is empty: since {since.isoformat()} is not before "
                         f"until {end.isoformat()}")
    return since, end


def _candidates(store: Store, queries: Sequence[str], since: datetime,
                until: datetime) -> list[list[Article]]:
    filters = SearchFilters(since=since, until=until)
    return [[hit.article for hit in store.search(parse_query(text), filters=filters,
                                                 limit=CANDIDATES).hits] if text.strip()
             else [] for text in queries]


def _grouping(store: Store, ids: list[str]) -> tuple[dict[str, str], dict[str, tuple[str, ...]],
                                                      dict[str, StoryRecord]]:
    """For each article, its item key; each key's member ids; the stories by key."""
    key_of: dict[str, str] = {}
    members: dict[str, tuple[str, ...]] = {}
    stories: dict[str, StoryRecord] = {}
    for group in store.duplicate_groups(ids):
        for member in group.article_ids:
            key_of[member] = "d:" + group.id
        members["d:" + group.id] = group.article_ids
    story_of = store.story_ids(ids)
    for story_id in sorted(set(story_of.values())):
        story = store.get_story(story_id)
        stories["s:" + story_id] = story
        members["s:" + story_id] = story.article_ids
    for article_id, story_id in story_of.items():
        for member in members.get(key_of.get(article_id, ""), (article_id,)):
            key_of[member] = "s:" + story_id
    for article_id in ids:
        key_of.setdefault(article_id, "a:" + article_id)
        members.setdefault(key_of[article_id], (article_id,))
    return key_of, members, stories


def select(store: Store, template: Template, hits: list[list[Article]]
           ) -> list[list[_Group]]:
    """The items of each section, ranked, each item in one section only."""
    ids = list(dict.fromkeys(a.id for section in hits for a in section))
    key_of, members, stories = _grouping(store, ids)
    used: set[str] = set()
    chosen: list[list[_Group]] = []
    for section in hits:
        groups: dict[str, _Group] = {}
        for article in section:
            key = key_of[article.id]
            group = groups.get(key) or groups.setdefault(
                key, _Group(key, members[key], story=stories.get(key)))
            group.hits.append(article)
        ranked = sorted((g for g in groups.values() if g.key not in used),
                        key=lambda g: (g.rank_key(template.ranking), g.key))
        chosen.append(ranked[:template.items])
        used.update(g.key for g in chosen[-1])
    return chosen


def build_content(store: Store, plan: Plan, since: datetime, until: datetime
                  ) -> dict[str, Any]:
    """The sections of a new issue: headings and filled items (no state written)."""
    template = plan.template
    chosen = select(store, template, _candidates(store, plan.queries, since, until))
    wanted = [m for groups in chosen for g in groups for m in g.members]
    articles = store.get_articles(list(dict.fromkeys(wanted)))
    sections = []
    for section, groups in zip(template.sections, chosen, strict=True):
        items = [make_item(store, g.key, [articles[m] for m in g.members if m in articles],
                           g.story, until) for g in groups]
        sections.append({"heading": section.heading, "items": items})
    content: dict[str, Any] = {"sections": sections, "note": ""}
    if template.with_chart:
        from diemtin.brief.chart import volume_series

        content["chart"] = volume_series(store, plan.queries, since, until)
    return content
