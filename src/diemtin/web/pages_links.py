"""Server-rendered pages of links: the stories list, a story, collapsed duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from diemtin.flow import get_story, list_stories
from diemtin.flow.link_views import group_view, story_view
from diemtin.models import VIETNAM_TZ
from diemtin.store.base import Store
from diemtin.web.actor import current_actor
from diemtin.web.collection_pages import collection_choices
from diemtin.web.store_access import app_store

links_pages_router = APIRouter(include_in_schema=False)
STORIES_PER_PAGE = 60


def _render(request: Request, name: str, context: dict[str, Any]) -> Any:
    return request.app.state.templates.TemplateResponse(request, name, context)


def _day(moment: str | None) -> str:
    if not moment:
        return "Không rõ ngày"
    return datetime.fromisoformat(moment).astimezone(VIETNAM_TZ).strftime("%d/%m/%Y")


@links_pages_router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, all: int = 0) -> Any:
    """Stories by day of their latest article; the largest first within a day."""
    store = app_store(request)
    found = list_stories(store)
    shown = [s for s in found if all or len(s.article_ids) > 1][:STORIES_PER_PAGE]
    views = [story_view(store, story) for story in shown]
    days: dict[str, list[dict[str, Any]]] = {}
    for view in views:
        days.setdefault(_day(view["last_published"]), []).append(view)
    for day in days.values():
        day.sort(key=lambda v: (-v["size"], v["id"]))
    largest = sorted(views, key=lambda v: (-v["size"], v["id"]))[:5]
    return _render(request, "stories.html", {"days": days, "largest": largest, "all": all,
                                             "total": len(found), "q": ""})


@links_pages_router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Any:
    """One story: summary, first publisher, timeline across outlets, main entities."""
    store = app_store(request)
    view = story_view(store, get_story(store, story_id), entities=True)
    for ref in view["articles"]:
        ref["day"] = _day(ref["published"])
    return _render(request, "story.html", {
        "story": view, "q": "", "collect": collection_choices(store, current_actor(request))})


def collapse_duplicates(store: Store, hits: Sequence[dict[str, Any]]
                        ) -> list[dict[str, Any]]:
    """Collapse each duplicate group among ``hits`` under its original.

    A group is shown once, where its first hit ranks: by its original when the original
    is among ``hits``, else by that first hit. The hit shown gets ``group`` (the group
    id), ``copies`` (how many other articles the group holds) and ``copy_list`` (them,
    the original first, each with ``original`` true or false).
    """
    groups = store.duplicate_groups([hit["id"] for hit in hits])
    group_of = {member: group for group in groups for member in group.article_ids}
    by_id = {hit["id"]: hit for hit in hits}
    seen: set[str] = set()
    kept = []
    for hit in hits:
        group = group_of.get(hit["id"])
        if group is None:
            kept.append(hit)
            continue
        if group.id in seen:
            continue
        seen.add(group.id)
        shown = by_id.get(group.original, hit)
        others = [m for m in group_view(store, group) if m["id"] != shown["id"]]
        kept.append({**shown, "group": group.id, "copies": len(others), "copy_list": others})
    return kept


def article_links(store: Store, article_id: str) -> dict[str, Any]:
    """The story and the duplicate group of an article, for its page."""
    story_id = store.story_ids([article_id]).get(article_id)
    story = None
    if story_id:
        record = get_story(store, story_id)
        story = {"id": record.id, "title": record.title, "size": len(record.article_ids)}
    groups = store.duplicate_groups([article_id])
    copies = [m for m in group_view(store, groups[0]) if m["id"] != article_id] if groups else []
    return {"story": story, "copies": copies}
