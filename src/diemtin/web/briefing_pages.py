"""Briefing pages: the archive (``/briefings``), one briefing and its editor.

The editor is server-rendered forms (POST, each with ``csrf_input``), no script: every
button posts one operation and the page comes back (303) with the change made.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from diemtin.accounts.actor import Actor
from diemtin.brief import briefings
from diemtin.brief import templates as tpl
from diemtin.brief.render.view import issue_view
from diemtin.brief.shared import Seen
from diemtin.errors import InputError
from diemtin.search import parse_query
from diemtin.search.filters import SearchFilters, parse_day
from diemtin.web.actor import current_actor, editor
from diemtin.web.briefings_api import EditIn, apply_edit
from diemtin.web.forms import form_fields, see_other
from diemtin.web.store_access import app_store, in_state

briefing_pages_router = APIRouter(include_in_schema=False)
SEARCH_HITS = 10


def _render(request: Request, name: str, context: dict[str, Any]) -> Any:
    return request.app.state.templates.TemplateResponse(request, name, {"q": "", **context})


@briefing_pages_router.get("/briefings", response_class=HTMLResponse)
def briefings_page(request: Request, actor: Annotated[Actor, Depends(current_actor)]) -> Any:
    """The archive: issued briefings and drafts, and a form to build one."""
    store = app_store(request)
    found = briefings.list_issues(store, actor.org_id)
    templates = in_state(request, lambda s: tpl.list_templates(s, actor.org_id))
    return _render(request, "briefings.html", {
        "issued": [i.summary() for i in found if i.status == "issued"],
        "drafts": [i.summary() for i in found if i.status != "issued"],
        "templates": templates,
        "shared": _by_owner(briefings.shared_issues(store, actor.org_id))})


def _by_owner(seen: list[Seen]) -> dict[str, list[dict[str, Any]]]:
    """Shared issued briefings grouped by the owner organization's name."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for one in seen:
        groups.setdefault(one.owner_name or "", []).append(one.issue.summary())
    return groups


@briefing_pages_router.post("/briefings")
async def build_page(request: Request, actor: Annotated[Actor, Depends(editor)]) -> Any:
    """Build a draft from the chosen template and open it in the editor."""
    form = await form_fields(request)
    if not form.get("template", "").strip():
        raise InputError("choose a briefing template")
    until = parse_day(form.get("until") or None, name="until")
    made = briefings.build(app_store(request), actor.org_id, form.get("template", ""), until=until)
    return see_other(f"/briefings/{made.id}/edit")


@briefing_pages_router.get("/briefings/{issue_id}", response_class=HTMLResponse)
def briefing_page(request: Request, issue_id: str,
                  actor: Annotated[Actor, Depends(current_actor)]) -> Any:
    """One briefing, as readers see it (a partner's shared issued one: read only, audited)."""
    seen = briefings.open_issue(app_store(request), actor, issue_id)
    return _render(request, "briefing.html", {"b": issue_view(seen.issue),
                                              "shared_by": seen.owner_name or ""})


@briefing_pages_router.get("/briefings/{issue_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, issue_id: str, actor: Annotated[Actor, Depends(editor)],
              find: str = "") -> Any:
    """The editor of a draft; ``find`` searches articles to add."""
    store = app_store(request)
    found = briefings.get(store, actor.org_id, issue_id)
    if found.status == "issued":
        return see_other(f"/briefings/{issue_id}")
    hits: list[dict[str, Any]] = []
    error = ""
    if find.strip():
        try:
            results = store.search(parse_query(find[:500]), filters=SearchFilters(),
                                   limit=SEARCH_HITS)
            hits = [{"id": h.article.id, "title": h.article.title, "outlet": h.article.outlet,
                     "published": h.article.published.strftime("%d/%m/%Y")
                     if h.article.published else ""} for h in results.hits]
        except InputError as failure:
            error = str(failure)
    return _render(request, "briefing_edit.html", {"b": issue_view(found), "find": find,
                                                   "hits": hits, "error": error})


@briefing_pages_router.post("/briefings/{issue_id}/edit")
async def edit_post(request: Request, issue_id: str,
                    actor: Annotated[Actor, Depends(editor)]) -> Any:
    """Apply one posted operation and come back to the editor."""
    form = await form_fields(request)
    briefings.get(app_store(request), actor.org_id, issue_id)  # another organization's: 404
    fields: dict[str, Any] = {k: v for k, v in form.items() if k in EditIn.model_fields}
    try:
        body = EditIn(**fields)
    except ValidationError as error:
        raise InputError(f"bad edit: {error.errors()[0]['msg']}") from error
    apply_edit(app_store(request), actor.org_id, issue_id, body)
    anchor = f"#{body.item}" if body.item and body.op not in ("drop",) else ""
    return see_other(f"/briefings/{issue_id}/edit{anchor}")


@briefing_pages_router.post("/briefings/{issue_id}/issue")
async def issue_post(request: Request, issue_id: str,
                     actor: Annotated[Actor, Depends(editor)]) -> Any:
    """Issue the draft and show it."""
    await form_fields(request)
    briefings.issue(app_store(request), actor.org_id, issue_id)
    return see_other(f"/briefings/{issue_id}")
