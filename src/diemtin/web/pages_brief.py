"""Pages of saved searches and alert rules, and the Atom feed of a saved search."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from diemtin.accounts.actor import Actor
from diemtin.brief import alerts, saved
from diemtin.brief.atom import feed
from diemtin.errors import DiemtinError, PermissionDenied, QuerySyntaxError
from diemtin.web.actor import current_actor, editor
from diemtin.web.forms import form_lists, see_other
from diemtin.web.messages import query_error_text
from diemtin.web.store_access import app_store, in_state

brief_pages_router = APIRouter(include_in_schema=False)
FEED_SIZE = 50
RULE_NAMES = {"new_matches": "Bài mới khớp", "new_story": "Sự kiện mới",
              "spike": "Tăng đột biến", "entity_title": "Nhân vật mới với chức danh"}


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Any:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


async def _form(request: Request) -> tuple[Actor, dict[str, list[str]]]:
    """The editor posting and the fields of a urlencoded form. A form posted from
    another site (its ``Origin`` is not this server) is refused."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise PermissionDenied("a form posted from another site is refused")
    return editor(request), await form_lists(request)


def _one(fields: dict[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0].strip()


def _many(fields: dict[str, list[str]], name: str) -> tuple[str, ...]:
    return tuple(v.strip() for value in fields.get(name, []) for v in value.split(",")
                 if v.strip())


def _error_text(error: DiemtinError) -> str:
    if isinstance(error, QuerySyntaxError):
        return "Truy vấn chưa đúng: " + query_error_text(error)
    return str(error)


_Page = Callable[[Request, dict[str, str], str | None], Any]


def _submit(request: Request, form: dict[str, str], work: Callable[[], object], *,
            page: _Page, then: str) -> Any:
    """Run ``work`` for a posted ``form``: on to ``then`` when it worked, else ``page``
    again (400) with the form as it was filled and the error."""
    try:
        work()
    except DiemtinError as error:
        return page(request, form, _error_text(error))
    return see_other(then)


def _saved_page(request: Request, form: dict[str, str], error: str | None = None) -> Any:
    actor = current_actor(request)
    found = in_state(request, lambda s: saved.list_saved(s, actor.org_id))
    rows = [{"item": item, "run": "/?" + urlencode({"q": item.query_text()})}
            for item in found]
    return _render(request, "saved.html", {"saved": rows, "form": form, "error": error},
                   status=400 if error else 200)


@brief_pages_router.get("/saved", response_class=HTMLResponse)
def saved_page(request: Request, q: str = "", outlet: str = "") -> Any:
    """The organization's saved searches and a form to save one (``q`` and ``outlet``
    prefill it: the search page's "Lưu tìm kiếm" button)."""
    return _saved_page(request, {"name": q[:saved.MAX_NAME_CHARS], "query": q,
                                 "outlets": outlet, "places": ""})


@brief_pages_router.post("/saved", response_class=HTMLResponse)
async def save_search(request: Request) -> Any:
    """Create a saved search from the form; back to the list."""
    actor, fields = await _form(request)
    form = {name: _one(fields, name) for name in ("name", "query", "outlets", "places")}
    return _submit(request, form, lambda: in_state(request, lambda s: saved.save(
        s, actor.org_id, form["name"], form["query"], outlets=_many(fields, "outlets"),
        places=_many(fields, "places"), created_by=actor.user_id)),
        page=_saved_page, then="/saved")


@brief_pages_router.post("/saved/{saved_id}/delete")
async def delete_search(request: Request, saved_id: str) -> Any:
    """Delete a saved search and its alert rules."""
    actor, _ = await _form(request)
    in_state(request, lambda s: saved.remove(s, actor.org_id, saved_id))
    return see_other("/saved")


@brief_pages_router.get("/saved/{saved_id}/atom.xml")
def saved_feed(request: Request, saved_id: str) -> Response:
    """The saved search's newest matches as an Atom feed (same access as the pages)."""
    actor = current_actor(request)
    store = app_store(request)
    found = in_state(request, lambda s: saved.get(s, actor.org_id, saved_id))
    query = found.query()
    hits = store.search(query, limit=FEED_SIZE * 2).hits
    articles = sorted((hit.article for hit in hits),
                      key=lambda a: a.published or datetime.min.replace(tzinfo=UTC),
                      reverse=True)[:FEED_SIZE]
    base = str(request.base_url).rstrip("/")
    body = feed(found, articles, base=base, self_url=str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _alerts_page(request: Request, form: dict[str, str], error: str | None = None) -> Any:
    actor = current_actor(request)
    rules = in_state(request, lambda s: alerts.list_rules(s, actor.org_id))
    searches = in_state(request, lambda s: saved.list_saved(s, actor.org_id))
    return _render(request, "alerts.html", {"rules": rules, "searches": searches,
                                            "form": form, "error": error,
                                            "rule_names": RULE_NAMES},
                   status=400 if error else 200)


@brief_pages_router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request) -> Any:
    """The organization's alert rules and a form to add one."""
    return _alerts_page(request, {})


@brief_pages_router.post("/alerts", response_class=HTMLResponse)
async def add_alert(request: Request) -> Any:
    """Create an alert rule from the form (email, webhook or Atom destinations)."""
    actor, fields = await _form(request)
    form = {name: _one(fields, name) for name in ("saved", "rule", "title", "emails",
                                                  "webhooks", "atom", "schedule")}

    def add() -> object:
        places = [alerts.destination("email", e) for e in _many(fields, "emails")]
        places += [alerts.destination("webhook", w) for w in _many(fields, "webhooks")]
        places += [alerts.destination("atom")] if form["atom"] else []
        return in_state(request, lambda s: alerts.add_rule(
            s, actor.org_id, form["saved"], form["rule"], destinations=places,
            title=form["title"], schedule=form["schedule"], created_by=actor.user_id))

    return _submit(request, form, add, page=_alerts_page, then="/alerts")


@brief_pages_router.post("/alerts/{rule_id}/delete")
async def delete_alert(request: Request, rule_id: str) -> Any:
    """Delete an alert rule."""
    actor, _ = await _form(request)
    in_state(request, lambda s: alerts.remove_rule(s, actor.org_id, rule_id))
    return see_other("/alerts")
