"""Server-rendered entity, outlet and trend pages (the data of ``insights_api``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from diemtin.errors import QuerySyntaxError
from diemtin.web.cache import cached
from diemtin.web.charts import BUCKETS, Bar, bar_chart_svg
from diemtin.web.i18n import lang_of, translate
from diemtin.web.messages import query_error_text
from diemtin.web.ranked import entities_page
from diemtin.web.store_access import app_store
from diemtin.web.trends import WINDOWS
from diemtin.web.views import (
    Kind,
    TimelinePoint,
    entity_view,
    outlet_refs,
    outlet_view,
    period,
    share_view,
    trends_view,
)

insight_pages_router = APIRouter(include_in_schema=False)
_TITLES = {"people": "Nhân vật", "orgs": "Tổ chức", "places": "Địa danh"}
_LISTED = 100
"""Entities on a page of the lists (/people, /orgs, /places)."""


def _render(request: Request, name: str, context: dict[str, Any]) -> Any:
    return request.app.state.templates.TemplateResponse(request, name, context)


def _chart(points: list[TimelinePoint], label: str) -> str:
    return bar_chart_svg([Bar(p.period, p.articles) for p in points], label=label)


def _index(request: Request, kind: Kind, cursor: str) -> Any:
    page = cached(request, ("entities", kind, _LISTED, cursor),
                  lambda: entities_page(app_store(request), kind, _LISTED, cursor or None))
    return _render(request, "entities.html", {
        "kind": kind, "heading": _TITLES[kind], "entities": page.entities,
        "next_cursor": page.next_cursor, "first": not cursor})


def _entity(request: Request, kind: Kind, entity_id: str, by: str) -> Any:
    unit = period(by)
    view = cached(request, ("entity", kind, entity_id, unit),
                  lambda: entity_view(app_store(request), kind, entity_id, unit))
    return _render(request, "entity.html", {
        "view": view, "heading": _TITLES[kind], "buckets": BUCKETS,
        "chart": _chart(view.timeline, translate("Số bài nhắc đến {name} theo thời gian",
                                                 lang_of(request), name=view.name))})


@insight_pages_router.get("/people", response_class=HTMLResponse)
def people_index(request: Request, cursor: str = "") -> Any:
    """The most mentioned people."""
    return _index(request, "people", cursor)


@insight_pages_router.get("/orgs", response_class=HTMLResponse)
def orgs_index(request: Request, cursor: str = "") -> Any:
    """The most mentioned organizations."""
    return _index(request, "orgs", cursor)


@insight_pages_router.get("/places", response_class=HTMLResponse)
def places_index(request: Request, cursor: str = "") -> Any:
    """The most mentioned places (current administrative units)."""
    return _index(request, "places", cursor)


@insight_pages_router.get("/people/{entity_id}", response_class=HTMLResponse)
def person_page(request: Request, entity_id: str, by: str = "week") -> Any:
    """A person: mentions over time, titles held, co-mentioned entities, latest articles."""
    return _entity(request, "people", entity_id, by)


@insight_pages_router.get("/orgs/{entity_id}", response_class=HTMLResponse)
def org_page(request: Request, entity_id: str, by: str = "week") -> Any:
    """An organization: mentions over time, co-mentioned entities, latest articles."""
    return _entity(request, "orgs", entity_id, by)


@insight_pages_router.get("/places/{entity_id}", response_class=HTMLResponse)
def place_page(request: Request, entity_id: str, by: str = "week") -> Any:
    """A place (current unit): mentions over time, co-mentioned entities, latest articles."""
    return _entity(request, "places", entity_id, by)


@insight_pages_router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> Any:
    """Every outlet with its article count and newest article."""
    return _render(request, "outlets.html", {
        "outlets": cached(request, "outlets", lambda: outlet_refs(app_store(request)))})


@insight_pages_router.get("/outlets/{outlet_id}", response_class=HTMLResponse)
def outlet_page(request: Request, outlet_id: str, by: str = "week") -> Any:
    """One outlet: volume over time, sections and topics."""
    unit = period(by)
    view = cached(request, ("outlet", outlet_id, unit),
                  lambda: outlet_view(app_store(request), outlet_id, unit))
    return _render(request, "outlet.html", {
        "view": view, "buckets": BUCKETS,
        "chart": _chart(view.timeline, translate("Số bài của {name} theo thời gian",
                                                 lang_of(request), name=view.outlet.outlet))})


@insight_pages_router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, window: str = "24h", q: str = "", min_count: int = 5
                ) -> Any:
    """Rising terms, and the share of voice of outlets for ``q``."""
    window = window if window in WINDOWS else "24h"
    count = max(1, min(min_count, 10_000))
    view = cached(request, ("trends", window, count),
                  lambda: trends_view(app_store(request), window, count))
    share, error = None, None
    if q.strip():
        try:
            share = share_view(app_store(request), q)
        except QuerySyntaxError as problem:
            error = str(problem) if lang_of(request) == "en" else query_error_text(problem)
    return _render(request, "trends.html", {"view": view, "share": share, "q": q,
                                            "error": error, "windows": list(WINDOWS)})
