"""The admin page of agreements: ``/admin/agreements`` and its POST forms (propose,
accept, revoke, issue a remote token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from diemtin.accounts import agreements as agr
from diemtin.accounts import collections as col
from diemtin.accounts import remote_tokens
from diemtin.accounts.actor import Actor
from diemtin.accounts.orgs import get_org
from diemtin.accounts.shared import org_name
from diemtin.brief import templates as tpl
from diemtin.errors import InputError
from diemtin.store.state import StateSession
from diemtin.web.actor import admin
from diemtin.web.forms import form_fields, form_pairs, see_other
from diemtin.web.store_access import in_state

agreement_pages_router = APIRouter(include_in_schema=False)
Admin = Annotated[Actor, Depends(admin)]


def _page_data(session: StateSession, actor: Actor) -> dict[str, Any]:
    found = agr.list_for(session, actor.org_id)
    names = {org: org_name(session, org) for a in found for org in (a.offerer_org,
                                                                     a.partner_org)}
    partners = [row for row in session.rows("SELECT id, name FROM organizations WHERE "
                                            "id <> :org ORDER BY name", org=actor.org_id)]
    return {"agreements": found, "names": names, "partners": partners,
            "own": col.list_owned(session, actor.org_id), "me": actor.org_id,
            "own_templates": tpl.list_templates(session, actor.org_id),
            "labels": _labels(session, actor, found)}


def _labels(session: StateSession, actor: Actor, found: list[agr.Agreement]
            ) -> dict[str, str]:
    """Names of the offered collections the actor may see: its own, and a partner's
    while the agreement is in force."""
    labels: dict[str, str] = {}
    for agreement in found:
        if agreement.offerer_org != actor.org_id and not agreement.in_force():
            continue
        for kind, item_id in agreement.items:
            shown = col.get_by_id(session, item_id) if kind == "collection" else None
            if shown is not None:
                labels[item_id] = shown.name
            elif kind == "brief_template":
                labels.update(_template_name(session, agreement.offerer_org, item_id))
    return labels


def _template_name(session: StateSession, owner: str, template_id: str) -> dict[str, str]:
    try:
        found = tpl.get(session, owner, template_id)
    except tpl.TemplateNotFound:
        return {}
    return {template_id: f"{found.title} ({found.name})"}


def _render(request: Request, actor: Actor, **extra: Any) -> Any:
    data = in_state(request, lambda s: _page_data(s, actor))
    return request.app.state.templates.TemplateResponse(
        request, "agreements.html", {"q": "", **data, **extra})


@agreement_pages_router.get("/admin/agreements", response_class=HTMLResponse)
def agreements_page(request: Request, actor: Admin) -> Any:
    """The organization's agreements (both directions) and a form to propose one."""
    return _render(request, actor)


@agreement_pages_router.post("/admin/agreements")
async def propose(request: Request, actor: Admin) -> Any:
    """Propose an agreement from the form: partner, collections, rights, until."""
    form = await form_fields(request)
    picked = [(key, value) for key, value in await form_pairs(request)
              if key in ("collection", "brief_template")]
    until = agr.parse_day(form.get("until", ""), "the end date")

    def work(session: StateSession) -> agr.Agreement:
        partner = get_org(session, form.get("partner", "")).id
        rights = form.get("rights", "view")
        if rights not in {r.value for r in agr.Rights}:
            raise InputError(f"rights are view or view_copy; got {rights!r}")
        return agr.propose(session, actor, partner, picked,
                           rights=agr.Rights(rights), until=until, note=form.get("note", ""))

    in_state(request, work)
    return see_other("/admin/agreements")


@agreement_pages_router.post("/admin/agreements/{agreement_id}/accept")
def accept(request: Request, actor: Admin, agreement_id: str) -> Any:
    """Accept a proposed agreement (the partner's admin)."""
    in_state(request, lambda s: agr.accept(s, actor, agreement_id))
    return see_other("/admin/agreements")


@agreement_pages_router.post("/admin/agreements/{agreement_id}/revoke")
def revoke(request: Request, actor: Admin, agreement_id: str) -> Any:
    """Revoke an agreement, effective immediately (either side)."""
    in_state(request, lambda s: agr.revoke(s, actor, agreement_id))
    return see_other("/admin/agreements")


@agreement_pages_router.post("/admin/agreements/{agreement_id}/token",
                             response_class=HTMLResponse)
def issue_token(request: Request, actor: Admin, agreement_id: str) -> Any:
    """Issue a remote token and show it once, on this answer only."""
    info, raw = in_state(request, lambda s: remote_tokens.issue(s, actor, agreement_id))
    return _render(request, actor, token={"raw": raw, "agreement": info.agreement_id,
                                          "expires_at": info.expires_at})
