"""The REST API, version 1: ``/api/v1/...``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from diemtin.models import to_dict
from diemtin.search import parse_query
from diemtin.search.filters import filters_from
from diemtin.search.results import hit_to_json
from diemtin.store.base import Store

api_router = APIRouter(prefix="/api/v1", tags=["api"])


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@api_router.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(description="Query: words, \"phrases\", OR, NOT, title:, outlet:")],
    outlet: Annotated[list[str] | None, Query()] = None,
    since: str | None = None,
    until: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[dict[str, Any]]:
    """Search articles; the same objects as ``diemtin search --format json``."""
    parsed = parse_query(q)
    results = _store(request).search(parsed, filters=filters_from(tuple(outlet or ()), since,
                                                                  until),
                                     limit=limit, offset=offset)
    return [hit_to_json(hit, parsed) for hit in results.hits]


@api_router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> dict[str, Any]:
    """One stored article with all its fields (as ``diemtin show --format json``)."""
    return to_dict(_store(request).get_article(article_id))


@api_router.get("/people")
def people(request: Request, name: Annotated[str, Query(min_length=2, max_length=200)]
           ) -> list[dict[str, Any]]:
    """The people the stored articles call ``name``, with the titles they held."""
    from diemtin.nlp.people import people_named, person_to_json

    return [person_to_json(person) for person in people_named(request.app.state.store, name)]


@api_router.get("/outlets")
def outlets(request: Request) -> list[dict[str, Any]]:
    """Every outlet with its number of stored articles."""
    return [{"outlet": name, "articles": count} for name, count in _store(request).outlet_counts()]
