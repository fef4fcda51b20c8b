"""``/api/v1`` endpoints behind the entity, outlet and trend pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import StringConstraints

from diemtin.search import parse_query
from diemtin.search.filters import filters_from
from diemtin.search.query import MAX_QUERY_CHARS
from diemtin.web.api import ErrorResponse
from diemtin.web.cache import cached
from diemtin.web.cursors import MAX_CURSOR_CHARS
from diemtin.web.export_stream import stream_export
from diemtin.web.ranked import EntitiesPage, OutletsPage, entities_page, outlets_page
from diemtin.web.store_access import app_store
from diemtin.web.views import (
    EntityView,
    Kind,
    OutletView,
    Period,
    ShareView,
    TrendsView,
    entity_view,
    outlet_refs,
    outlet_view,
    share_view,
    trends_view,
)

_Outlet = Annotated[str, StringConstraints(min_length=1, max_length=200)]
_DAY = "A date (2026-10-13) or time (2026-10-13T08:00, offset optional; naive is UTC+7)"
_DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.,+\-Z]*)?$"
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {
    "model": ErrorResponse, "description": "No stored article mentions this id (not_found)"}}
Id = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\s/]+$")]
By = Annotated[Period, Query(description="Chart periods: day, week or month")]
Window = Annotated[str, Query(pattern="^(24h|7d)$", description="24h or 7d")]
MinCount = Annotated[int, Query(ge=1, le=10_000, description="Fewest articles in the window")]
Cursor = Annotated[str | None, Query(max_length=MAX_CURSOR_CHARS, description=(
    "Opaque: a previous answer's next_cursor, for the page after it"))]

insights_router = APIRouter(prefix="/api/v1", tags=["api"], responses={
    400: {"model": ErrorResponse, "description": "Invalid parameter or query (invalid_request, "
          "query_syntax), or a Host name the server does not answer to (bad_host)"},
    500: {"model": ErrorResponse, "description": "The store failed (internal_error)"}})


@insights_router.get("/entities/{kind}")
def entities(request: Request, kind: Kind,
             limit: Annotated[int, Query(ge=1, le=500)] = 50,
             cursor: Cursor = None) -> EntitiesPage:
    """The most mentioned people, organizations or places (current units), most articles
    first; page with ``next_cursor``."""
    return cached(request, ("entities", kind, limit, cursor),
                  lambda: entities_page(app_store(request), kind, limit, cursor))


@insights_router.get("/outlets")
def outlets(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
            cursor: Cursor = None) -> OutletsPage:
    """Every outlet with its id, number of stored articles and newest article (UTC), most
    articles first; page with ``next_cursor``."""
    refs = cached(request, "outlets", lambda: outlet_refs(app_store(request)))
    return outlets_page(refs, limit, cursor)


@insights_router.get("/entities/{kind}/{entity_id}", responses=_NOT_FOUND)
def entity(request: Request, kind: Kind, entity_id: Id, by: By = "week") -> EntityView:
    """A person, organization or place: mentions over time, titles, co-mentions, latest."""
    return cached(request, ("entity", kind, entity_id, by),
                  lambda: entity_view(app_store(request), kind, entity_id, by))


@insights_router.get("/outlets/{outlet_id}", responses=_NOT_FOUND)
def outlet(request: Request, outlet_id: Id, by: By = "week") -> OutletView:
    """An outlet: articles over time, by section and by topic."""
    return cached(request, ("outlet", outlet_id, by),
                  lambda: outlet_view(app_store(request), outlet_id, by))


@insights_router.get("/trends")
def trends(request: Request, window: Window = "24h", min_count: MinCount = 5) -> TrendsView:
    """Terms rising in the window against their own baseline (score in docs/web.md)."""
    return cached(request, ("trends", window, min_count),
                  lambda: trends_view(app_store(request), window, min_count))


@insights_router.get("/share")
def share(request: Request,
          q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, pattern=r"\S")]
          ) -> ShareView:
    """Share of voice of outlets for a query, from exact counts of every match."""
    return share_view(app_store(request), q)


_EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


@insights_router.get("/export", response_class=StreamingResponse, responses={200: {
    "description": "Every matching article, streamed (no cap): CSV (list fields as JSON "
                   "arrays) or JSON lines, as `diemtin export`",
    "content": {"text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}}}}})
def export(
    request: Request,
    q: Annotated[str | None, Query(description="Query; all articles when absent",
                                   max_length=MAX_QUERY_CHARS, pattern=r"\S")] = None,
    format: Annotated[str, Query(pattern="^(csv|jsonl)$")] = "jsonl",
    outlet: Annotated[list[_Outlet], Query(description="Only these outlets (repeatable)")
                      ] = [],  # noqa: B006
    since: Annotated[str | None, Query(description=_DAY, pattern=_DAY_PATTERN)] = None,
    until: Annotated[str | None, Query(description=_DAY, pattern=_DAY_PATTERN)] = None,
) -> StreamingResponse:
    """Export the whole result set of a search, streamed in constant memory."""
    parsed = parse_query(q) if q else None
    filters = filters_from(tuple(outlet), since, until)
    articles = app_store(request).iter_articles(parsed, filters=filters)
    return StreamingResponse(
        stream_export(articles, format), media_type=_EXPORT_TYPES[format],
        headers={"content-disposition": f'attachment; filename="diemtin.{format}"'})
