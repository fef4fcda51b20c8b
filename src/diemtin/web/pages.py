"""Server-rendered pages: search and article."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from diemtin.errors import InputError, QuerySyntaxError
from diemtin.search import match_all, parse_query
from diemtin.search.filters import SearchFilters, filters_from
from diemtin.search.query import Query as SearchQuery
from diemtin.search.results import SORTS, hit_to_json
from diemtin.search.snippets import highlight_terms, query_words
from diemtin.store.base import Store
from diemtin.web.actor import current_actor
from diemtin.web.cache import StoreCache, cached
from diemtin.web.collection_pages import collection_choices
from diemtin.web.i18n import lang_of, translate
from diemtin.web.messages import query_problem
from diemtin.web.pages_links import article_links, collapse_duplicates
from diemtin.web.store_access import app_store
from diemtin.web.views import Period, SearchFacets, period, search_facets

pages_router = APIRouter(include_in_schema=False)
MAX_PAGE = 500
"""The last results page the search page shows (deeper results: the API or export)."""


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Any:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


@dataclass(frozen=True, slots=True)
class _Search:
    """A search page's query and filters, parsed (see :meth:`of`)."""

    q: str
    fold: bool
    outlets: tuple[str, ...]
    since: str
    until: str
    by: Period
    parsed: SearchQuery
    filters: SearchFilters

    @classmethod
    def of(cls, q: str, outlet: str, since: str, until: str, by: Period, fold: bool,
           sort: str, lang: str) -> _Search:
        """Parse the request's search.

        Raises:
            QuerySyntaxError, InputError: the query, a date or the sort is not valid.
        """
        if sort not in SORTS:
            raise InputError(translate("Thứ tự sắp xếp phải là “relevance” (liên quan nhất) "
                                       "hoặc “date” (mới nhất) (nhận được “{sort}”).", lang,
                                       sort=sort[:40]))
        outlets = (outlet,) if outlet else ()
        parsed = parse_query(q, fold=fold) if q.strip() else match_all()
        return cls(q, fold, outlets, since, until, by, parsed,
                   filters_from(outlets, since or None, until or None))

    def facets(self, request: Request, *, kept_only: bool) -> SearchFacets | None:
        """The facets over every match (``kept_only``: only if kept from an earlier
        request, else None)."""
        key = ("facets", self.q, self.fold, self.outlets, self.since, self.until, self.by)
        cache: StoreCache = request.app.state.cache
        if kept_only:
            kept: SearchFacets | None = cache.peek(key)
            return kept
        store = app_store(request)
        return cached(request, key, lambda: search_facets(store, self.q, self.parsed,
                                                          self.filters, self.by))


def _dates(since: str, until: str, by: Period, sort: str) -> dict[str, str]:
    return {"since": since, "until": until, "by": by,
            "sort": sort if sort in SORTS else "relevance"}


@pages_router.get("/", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", outlet: str = "",
                page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
                since: str = "", until: str = "", by: str = "day",
                fold: bool = False, sort: str = "relevance", facets: str = "") -> Any:
    """The search page; without a query, the latest articles. ``fold`` matches every
    word without regard to diacritics (the page's toggle); ``sort`` is ``relevance`` or
    ``date`` (newest first over every match). Republications are collapsed under the
    first article of their group. The facets of a large search (more matches than
    ``WebSettings.inline_facets``) are counted after the page is shown
    (``/search/facets``), unless kept from an earlier visit or asked for with
    ``facets=now``."""
    lang, unit = lang_of(request), period(by, "day")
    dates = _dates(since, until, unit, sort)
    try:
        search = _Search.of(q, outlet, since, until, unit, fold, sort, lang)
    except (QuerySyntaxError, InputError) as error:
        message = query_problem(error, lang) if isinstance(error, QuerySyntaxError) \
            else str(error)
        return _render(request, "search.html", {"q": q, "hits": [], "error": message,
                                                "total": 0, "facets": [], "outlet": outlet,
                                                "capped": False, "fold": fold, **dates,
                                                "page": 1, "pages": 1}, status=400)
    store = app_store(request)
    size = request.app.state.settings.page_size

    def results_page() -> tuple[int, bool, list[dict[str, Any]]]:
        found = store.search(search.parsed, filters=search.filters, limit=size,
                             offset=(page - 1) * size, sort=dates["sort"])
        return found.total, found.capped, collapse_duplicates(
            store, [hit_to_json(hit, search.parsed) for hit in found.hits])

    total, capped, hits = cached(request, ("search", q, fold, search.outlets, since, until,
                                           dates["sort"], page, size), results_page)
    pages = max(1, -(-total // size))
    large = capped or total > request.app.state.settings.inline_facets
    more = search.facets(request, kept_only=large and facets != "now") if total else None
    context = {
        "q": q, "hits": hits, "total": total,
        "facets": [(v.label, v.articles) for v in more.outlets] if more else [],
        "capped": capped, "fold": fold, "outlet": outlet, "page": page, "pages": pages,
        **dates, "deferred": bool(total) and more is None,
        "error": None, "all_count": cached(request, "count", store.count_articles), "more": more,
    }
    if not hits and page > 1:
        context["error"] = _beyond_last_page(page, total, pages, lang)
        return _render(request, "search.html", context, status=404)
    return _render(request, "search.html", context)


@pages_router.get("/search/facets", response_class=HTMLResponse)
def search_facets_part(request: Request, q: str = "", outlet: str = "", since: str = "",
                       until: str = "", by: str = "day", fold: bool = False,
                       sort: str = "relevance") -> Any:
    """The side panel of the search page with its facets, exact over every match, as an
    HTML fragment: what the search page fetches after showing a large search."""
    unit = period(by, "day")
    search = _Search.of(q, outlet, since, until, unit, fold, sort, lang_of(request))
    more = search.facets(request, kept_only=False)
    return _render(request, "_search_aside.html", {
        "q": q, "outlet": outlet, "fold": fold, **_dates(since, until, unit, sort),
        "more": more, "facets": [(v.label, v.articles) for v in more.outlets] if more else []})


def _beyond_last_page(page: int, total: int, pages: int, lang: str) -> str:
    """The message of a results page past the last one."""
    if total == 0:
        return translate("Không có trang {page}: tìm kiếm này không có kết quả nào.", lang,
                         page=page)
    return translate("Không có trang {page}: tìm kiếm này có {total} kết quả, chỉ đủ "
                     "{pages} trang.", lang, page=page, total=total, pages=pages)


@pages_router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, q: str = "", fold: bool = False) -> Any:
    """One article, with the words of the query that led here marked (by its rules)."""
    store = app_store(request)
    article, notes, links = cached(request, ("article", article_id), lambda: (
        store.get_article(article_id), _annotation_panel(store, article_id),
        article_links(store, article_id)))
    words: frozenset[str] = frozenset()
    if q.strip():
        with contextlib.suppress(QuerySyntaxError):  # a bad query only loses highlighting
            words = query_words(parse_query(q).terms(), fold=fold)
    paragraphs = [highlight_terms(p, words) for p in article.body]
    return _render(request, "article.html", {
        "article": article, "paragraphs": paragraphs, "q": q,
        "lead": highlight_terms(article.lead, words) if article.lead else None,
        "notes": notes, "links": links,
        "collect": collection_choices(store, current_actor(request)),
    })


def _annotation_panel(store: Store, article_id: str) -> dict[str, Any]:
    """What the NLP pipeline found in an article, grouped for the page's side panel."""
    stored = store.get_annotations(article_id)
    data = {component: value for component, (_, value) in stored.items()}
    entities = data.get("entities", [])
    full_names = {link["start"]: link["name"] for link in data.get("coref") or []}
    people: dict[str, str | None] = {}
    for entity in entities:
        if entity["label"] == "PER":  # a short form under the full name, as indexed
            name = full_names.get(entity["start"], entity["text"])
            people[name] = people.get(name) or entity.get("title")
    places: dict[str, str | None] = {}
    for place in data.get("places", []):
        current = place.get("current") or place.get("unit") or {}
        places.setdefault(place["text"], current.get("name"))
    return {
        "topic": (data.get("topic") or {}).get("label"),
        "summary": (data.get("summary") or {}).get("text"),
        "people": sorted(people.items()),
        "organizations": sorted({e["text"] for e in entities if e["label"] == "ORG"}),
        "places": sorted(places.items()),
        "keywords": [k["text"] for k in data.get("keywords", [])[:10]],
    }
