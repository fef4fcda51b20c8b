"""The REST API of links: stories and duplicate groups (``/api/v1/...``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from diemtin.flow import duplicates_of, get_story, list_stories
from diemtin.flow.link_views import article_ref, group_view, parse_since, story_view
from diemtin.store.base import StoryRecord
from diemtin.web.api import ErrorResponse
from diemtin.web.cursors import decode_cursor, encode_cursor, fingerprint
from diemtin.web.store_access import app_store


class ArticleRef(BaseModel):
    """An article as lists show it."""

    id: str
    url: str | None
    outlet: str | None
    title: str
    published: str | None


class GroupMember(ArticleRef):
    """A member of a duplicate group: the original (first) or a republication."""

    original: bool
    delay_seconds: float | None
    credited: bool


class StoryArticle(ArticleRef):
    """An article of a story; a republication names the ``original`` it copies."""

    republication: bool
    original: str | None


class Story(BaseModel):
    """A story: articles about one event across outlets and days."""

    id: str
    title: str
    summary: str
    first_published: str | None
    last_published: str | None
    state: str
    size: int
    republications: int
    outlets: list[str]
    first_publisher: StoryArticle | None
    articles: list[StoryArticle]


class StoryDetail(Story):
    """A story with its main ``people``, ``organizations`` and ``places``."""

    entities: dict[str, list[str]]


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


links_router = APIRouter(prefix="/api/v1", tags=["links"], responses={
    400: _error("Invalid request: a parameter out of range or a bad --since value "
                "(codes invalid_request, invalid_input)"),
    500: _error("The store failed (internal_error)"),
})


class StoriesPage(BaseModel):
    """One page of stories, and where the next one starts."""

    stories: list[Story]
    next_cursor: str | None = Field(description="Pass as cursor (with the same since and "
                                                "min_size) for the next page; null on the "
                                                "last page")


@links_router.get("/stories", response_model=StoriesPage)
def stories(request: Request,
            since: Annotated[str | None, Query(description="7d, 12h, 2w or a date")] = None,
            limit: Annotated[int, Query(ge=1, le=500)] = 50,
            min_size: Annotated[int, Query(ge=1, le=10_000)] = 1,
            cursor: Annotated[str | None, Query(
                description="Opaque: a previous answer's next_cursor, for the page after it",
                min_length=1, max_length=400, pattern=r"^[A-Za-z0-9_-]+$")] = None,
            ) -> dict[str, Any]:
    """Stories with an article since ``since``, the most recently updated first (as
    ``diemtin stories``); page with ``next_cursor``."""
    store = app_store(request)
    moment = parse_since(since) if since else None
    found = [s for s in list_stories(store, since=moment) if len(s.article_ids) >= min_size]
    found.sort(key=lambda story: story.id)
    found.sort(key=_updated, reverse=True)  # newest first, then by id: one order everywhere
    scope = fingerprint(since, min_size)
    if cursor:
        last, last_id = decode_cursor(cursor, "stories", scope, 2)
        found = [s for s in found if _updated(s) < str(last)
                 or (_updated(s) == last and s.id > str(last_id))]
    page = found[:limit]
    token = encode_cursor("stories", (_updated(page[-1]), page[-1].id), scope) \
        if len(found) > limit else None
    return {"stories": [story_view(store, story) for story in page], "next_cursor": token}


def _updated(story: StoryRecord) -> str:
    return story.last_published.isoformat() if story.last_published else ""


@links_router.get("/stories/{story_id}", response_model=StoryDetail,
                  responses={404: _error("No story has this id (not_found)")})
def story(request: Request, story_id: str) -> dict[str, Any]:
    """One story with its timeline and main entities (as ``diemtin story``)."""
    store = app_store(request)
    return story_view(store, get_story(store, story_id), entities=True)


@links_router.get("/articles/{article_id}/duplicates", response_model=list[GroupMember],
                  responses={404: _error("No stored article has this id (not_found)")})
def duplicates(request: Request, article_id: str) -> list[dict[str, Any]]:
    """The article's duplicate group, the original first (itself alone if none)."""
    store = app_store(request)
    group = duplicates_of(store, article_id)
    if group is None:
        return [article_ref(store.get_article(article_id), original=True, delay_seconds=None,
                            credited=False)]
    return group_view(store, group)
