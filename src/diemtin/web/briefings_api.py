"""The briefing API: ``/api/v1/briefing-templates`` and ``/api/v1/briefings``.

Routes only parse requests and call ``diemtin.brief`` (as the CLI does); the acting
organization comes from :func:`diemtin.web.actor.current_actor` (editors change, any
member reads).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from diemtin.accounts.actor import Actor
from diemtin.brief import briefings, editing
from diemtin.brief import templates as tpl
from diemtin.brief.render import EXTENSIONS, MEDIA_TYPES, render
from diemtin.search.filters import parse_day
from diemtin.store.base import Store
from diemtin.web.actor import current_actor, editor
from diemtin.web.api import ErrorResponse
from diemtin.web.store_access import app_store, in_state

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Bad input"},
    403: {"model": ErrorResponse, "description": "The role does not allow it"},
    404: {"model": ErrorResponse, "description": "No such template or briefing"},
    500: {"model": ErrorResponse, "description": "The store failed (internal_error)"},
}
briefings_router = APIRouter(prefix="/api/v1", tags=["briefings"], responses=_ERRORS)
_Id = Annotated[str, Field(min_length=1, max_length=120)]
_Text = Annotated[str, Field(max_length=4000)]


class TemplateIn(BaseModel):
    """A briefing template (``sections``: ``HEADING=SAVED_SEARCH_NAME`` strings)."""

    name: _Id
    title: Annotated[str, Field(min_length=1, max_length=200)]
    sections: Annotated[list[Annotated[str, Field(max_length=400)]],
                        Field(min_length=1, max_length=20)]
    period: Literal["24h", "7d", "30d", "since_last"] = "24h"
    items: Annotated[int, Field(ge=1, le=50)] = 5
    rank: Literal["coverage", "first", "recency"] = "coverage"
    recipients: Annotated[list[Annotated[str, Field(max_length=400)]],
                          Field(max_length=100)] = []
    schedule: Annotated[str, Field(max_length=100)] | None = None
    chart: bool = False
    replace: bool = False


class BuildIn(BaseModel):
    """Build a draft from a template over a period (``until`` defaults to now)."""

    template: _Id
    since: Annotated[str, Field(max_length=40)] | None = None
    until: Annotated[str, Field(max_length=40)] | None = None


class EditIn(BaseModel):
    """One editing operation on a draft.

    ``move`` (item, delta), ``drop`` (item), ``summary`` (item, text), ``note`` (item,
    text), ``issue_note`` (text), ``add_article`` (section, article), ``add_story``
    (section, story); ``section`` is 1-based.
    """

    op: Literal["move", "drop", "summary", "note", "issue_note", "add_article", "add_story"]
    item: Annotated[str, Field(max_length=40)] = ""
    delta: Annotated[int, Field(ge=-50, le=50)] = 0
    text: _Text = ""
    section: Annotated[int, Field(ge=1, le=20)] = 1
    article: Annotated[str, Field(max_length=120)] = ""
    story: Annotated[str, Field(max_length=120)] = ""


@briefings_router.get("/briefing-templates")
def list_templates(request: Request,
                   actor: Annotated[Actor, Depends(current_actor)]) -> list[dict[str, Any]]:
    """Every briefing template of the organization."""
    found = in_state(request, lambda s: tpl.list_templates(s, actor.org_id))
    return [template.to_dict() for template in found]


@briefings_router.post("/briefing-templates")
def add_template(request: Request, body: TemplateIn,
                 actor: Annotated[Actor, Depends(editor)]) -> dict[str, Any]:
    """Create (or, with ``replace``, change) a briefing template."""
    from diemtin.brief.jobs import sync_template_job

    sections = tuple(tpl.parse_section(spec) for spec in body.sections)

    def work(session: Any) -> tpl.Template:
        made = tpl.add(session, actor.org_id, body.name, title=body.title, period=body.period,
                       sections=sections, items=body.items, ranking=body.rank,
                       recipients=tuple(body.recipients), schedule=body.schedule,
                       with_chart=body.chart, replace=body.replace)
        sync_template_job(session, made)
        return made

    return in_state(request, work).to_dict()


@briefings_router.delete("/briefing-templates/{name}")
def remove_template(request: Request, name: _Id,
                    actor: Annotated[Actor, Depends(editor)]) -> dict[str, Any]:
    """Delete a template (its issues stay)."""
    return in_state(request, lambda s: tpl.remove(s, actor.org_id, name)).to_dict()


@briefings_router.get("/briefings")
def list_briefings(request: Request, actor: Annotated[Actor, Depends(current_actor)],
                   status: Literal["draft", "edited", "issued"] | None = None
                   ) -> list[dict[str, Any]]:
    """Briefings of the organization, newest first, then the issued briefings of series
    partners share with it now (each marked with ``shared_by``, the owner's name)."""
    store = app_store(request)
    own = [i.summary() for i in briefings.list_issues(store, actor.org_id, status)]
    if status not in (None, "issued"):
        return own
    return own + [{**seen.issue.summary(), "shared_by": seen.owner_name,
                   "agreement": seen.agreement.id if seen.agreement else None}
                  for seen in briefings.shared_issues(store, actor.org_id)]


@briefings_router.post("/briefings")
def build_briefing(request: Request, body: BuildIn,
                   actor: Annotated[Actor, Depends(editor)]) -> dict[str, Any]:
    """Build a draft briefing (as ``diemtin brief build``)."""
    made = briefings.build(app_store(request), actor.org_id, body.template,
                           since=parse_day(body.since, name="since"),
                           until=parse_day(body.until, name="until"))
    return made.to_dict()


@briefings_router.get("/briefings/{issue_id}")
def get_briefing(request: Request, issue_id: _Id,
                 actor: Annotated[Actor, Depends(current_actor)]) -> dict[str, Any]:
    """One briefing with its items (a partner's shared issued one too, audited)."""
    seen = briefings.open_issue(app_store(request), actor, issue_id)
    return {**seen.issue.to_dict(), **({"shared_by": seen.owner_name} if seen.shared else {})}


def apply_edit(store: Store, org_id: str, issue_id: str, body: EditIn) -> dict[str, Any]:
    """Run one editing operation (shared by the API and the editor page)."""
    section = body.section - 1
    if body.op == "add_article":
        return briefings.add_article(store, org_id, issue_id, section, body.article).to_dict()
    if body.op == "add_story":
        return briefings.add_story(store, org_id, issue_id, section, body.story).to_dict()
    changes = {
        "move": lambda c: editing.move(c, body.item, body.delta),
        "drop": lambda c: editing.drop(c, body.item),
        "summary": lambda c: editing.set_summary(c, body.item, body.text),
        "note": lambda c: editing.set_note(c, body.item, body.text),
        "issue_note": lambda c: editing.set_issue_note(c, body.text),
    }
    return briefings.edit(store, org_id, issue_id, changes[body.op]).to_dict()


@briefings_router.post("/briefings/{issue_id}/edit")
def edit_briefing(request: Request, issue_id: _Id, body: EditIn,
                  actor: Annotated[Actor, Depends(editor)]) -> dict[str, Any]:
    """Change a draft: reorder, drop, add, edit a summary or a note."""
    return apply_edit(app_store(request), actor.org_id, issue_id, body)


@briefings_router.post("/briefings/{issue_id}/issue")
def issue_briefing(request: Request, issue_id: _Id,
                   actor: Annotated[Actor, Depends(editor)]) -> dict[str, Any]:
    """Issue a draft: freeze it with a snapshot of every cited article."""
    return briefings.issue(app_store(request), actor.org_id, issue_id).to_dict()


@briefings_router.get("/briefings/{issue_id}/render", response_class=Response, responses={
    200: {"description": "The rendered briefing, as a download",
          "content": {MEDIA_TYPES[f]: {"schema": {"type": "string", "format": "binary"}}
                      for f in ("html", "pdf", "docx", "text")}}})
def render_briefing(request: Request, issue_id: _Id,
                    actor: Annotated[Actor, Depends(current_actor)],
                    format: Annotated[Literal["html", "email", "pdf", "docx", "text"],
                                      Query()] = "html") -> Response:
    """The briefing rendered to HTML, email HTML, PDF, DOCX or plain text."""
    found = briefings.open_issue(app_store(request), actor, issue_id).issue
    name = f"{found.id}.{EXTENSIONS[format]}"
    return Response(render(found, format), media_type=MEDIA_TYPES[format],
                    headers={"content-disposition": f'attachment; filename="{name}"'})
