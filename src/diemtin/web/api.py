"""The REST API, version 1: ``/api/v1/...``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field, StringConstraints

from diemtin.errors import InputError
from diemtin.models import to_dict
from diemtin.search import parse_query
from diemtin.search.filters import filters_from
from diemtin.search.query import MAX_QUERY_CHARS
from diemtin.search.results import hit_to_json
from diemtin.web.cursors import Key, decode_cursor, encode_cursor, fingerprint
from diemtin.web.store_access import app_store


class ErrorDetail(BaseModel):
    """What went wrong: a stable code and a message for people."""

    code: str
    message: str


class ErrorResponse(BaseModel):
    """The body of every API error."""

    error: ErrorDetail


class Snippet(BaseModel):
    """A window of the article's lead and body, as plain text (not HTML)."""

    text: str = Field(description="The text; '… ' or ' …' where the window cuts it")
    highlights: list[tuple[int, int]] = Field(
        description="[start, end) offsets in Unicode code points of text of each matched "
                    "word, in order")


class SearchHit(BaseModel):
    """One search result (as ``diemtin search --format json``)."""

    id: str
    title: str
    outlet: str | None
    published: str | None = Field(description="ISO 8601 with offset")
    url: str | None
    snippet: Snippet
    score: float = Field(description="Higher is better; 0 when the query has no words")
    section: str | None
    author: str | None


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


api_router = APIRouter(prefix="/api/v1", tags=["api"], responses={
    400: _error("Invalid request: a parameter out of range, a malformed query or date "
                "(codes invalid_request, query_syntax, invalid_input), or a Host name "
                "the server does not answer to (bad_host)"),
    500: _error("The store failed (internal_error)"),
})


_PUBLIC_API = frozenset({"/api/v1/health"})
_UNAUTHORIZED = {
    "description": "The instance has accounts and the request has neither a valid "
                   "session nor a valid Authorization: Bearer token (unauthorized)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}


def document_errors(app: FastAPI) -> None:
    """Make the OpenAPI document list the errors the API really answers.

    FastAPI documents 422 ``{"detail": ...}`` for invalid parameters; diemtin answers
    those with 400 and :class:`ErrorResponse` (see ``web.app``), so 422 is removed.
    """

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            for path, operations in schema.get("paths", {}).items():
                for operation in operations.values():
                    operation.get("responses", {}).pop("422", None)
                    if path not in _PUBLIC_API:
                        operation.setdefault("responses", {}).setdefault("401", _UNAUTHORIZED)
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


_Outlet = Annotated[str, StringConstraints(min_length=1, max_length=200)]
_DAY = "A date (2026-10-13) or time (2026-10-13T08:00, offset optional; naive is UTC+7)"
_DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.,+\-Z]*)?$"


class SearchPage(BaseModel):
    """One page of search results, and where the next one starts."""

    hits: list[SearchHit]
    total: int = Field(description="Matches in all (at least this many when capped)")
    capped: bool = Field(description="True when total is a lower bound: /api/v1/count "
                                     "gives the exact number")
    next_cursor: str | None = Field(description="Pass as cursor (with the same q, filters "
                                                "and sort) for the next page; null on the "
                                                "last page")


_CURSOR = ("Opaque: a previous answer's next_cursor, for the page after it (stable when "
           "articles are added meanwhile; offset then counts from there)")
Cursor = Annotated[str | None, Query(description=_CURSOR, min_length=1, max_length=400,
                                     pattern=r"^[A-Za-z0-9_-]+$")]
Sort = Annotated[str, Query(description="relevance (best first among the 1,000 most recent "
                                        "matches) or date (newest first, every match)",
                            pattern="^(relevance|date)$")]


@api_router.get("/search", response_model=SearchPage)
def search(
    request: Request,
    q: Annotated[str, Query(description="Query: words, \"phrases\", OR, NOT, title:, outlet:, "
                                        "person:, org:, place:, topic:",
                            min_length=1, max_length=MAX_QUERY_CHARS, pattern=r"\S")],
    outlet: Annotated[list[_Outlet], Query(description="Only these outlets (repeatable)")
                      ] = [],  # noqa: B006
    since: Annotated[str | None, Query(description=_DAY, pattern=_DAY_PATTERN)] = None,
    until: Annotated[str | None, Query(description=_DAY, pattern=_DAY_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    fold: bool = False,
    sort: Sort = "relevance",
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Search articles: ``hits`` are the objects of ``diemtin search --format json``.

    ``fold=true`` matches every word without regard to diacritics; ``sort=date`` orders
    every match newest first. Page with ``next_cursor`` (or ``offset``). The exact number
    of matches is ``/api/v1/count``'s.
    """
    parsed = parse_query(q, fold=fold)
    scope = fingerprint(q, sorted(outlet), since, until, fold)
    kind = f"search:{sort}"
    after = decode_cursor(cursor, kind, scope) if cursor else None
    results = app_store(request).search(
        parsed, filters=filters_from(tuple(outlet), since, until), limit=limit, offset=offset,
        sort=sort, after=_int_key(after))
    token = None if results.next_after is None else \
        encode_cursor(kind, results.next_after, scope)
    return {"hits": [hit_to_json(hit, parsed) for hit in results.hits],
            "total": results.total, "capped": results.capped, "next_cursor": token}


def _int_key(key: Key | None) -> tuple[int, ...] | None:
    if key is None:
        return None
    if not all(isinstance(value, int) for value in key):
        raise InputError("'cursor': not a cursor this API gave (pass back next_cursor as it is)")
    return tuple(int(value) for value in key)


@api_router.get("/count")
def count(
    request: Request,
    q: Annotated[str, Query(description="Query, as for /api/v1/search",
                            min_length=1, max_length=MAX_QUERY_CHARS, pattern=r"\S")],
    outlet: Annotated[list[_Outlet], Query(description="Only these outlets (repeatable)")
                      ] = [],  # noqa: B006
    since: Annotated[str | None, Query(description=_DAY, pattern=_DAY_PATTERN)] = None,
    until: Annotated[str | None, Query(description=_DAY, pattern=_DAY_PATTERN)] = None,
    by: Annotated[str | None, Query(description="Also count per day, week, month or outlet",
                                    pattern="^(day|week|month|outlet)$")] = None,
    fold: bool = False,
) -> dict[str, Any]:
    """The exact number of matches, uncapped: ``{"total": N, "by_day": {...}}`` as
    ``diemtin count --format json`` prints it."""
    parsed = parse_query(q, fold=fold)
    filters = filters_from(tuple(outlet), since, until)
    return app_store(request).count(parsed, filters=filters, by=by).to_json()


@api_router.get("/articles/{article_id}", responses={404: _error("No stored article has this id "
                                                                "(not_found)")})
def article(request: Request, article_id: str) -> dict[str, Any]:
    """One stored article with all its fields (as ``diemtin show --format json``)."""
    return to_dict(app_store(request).get_article(article_id))


@api_router.get("/people")
def people(request: Request, name: Annotated[str, Query(min_length=2, max_length=200)]
           ) -> list[dict[str, Any]]:
    """The people the stored articles call ``name``, with the titles they held."""
    from diemtin.nlp.people import people_named, person_to_json

    return [person_to_json(person) for person in people_named(app_store(request), name)]

