"""Admin pages: the organization's members and its audit log (with a JSONL export)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from diemtin.accounts.actor import Actor
from diemtin.accounts.audit import iter_entries, latest
from diemtin.accounts.orgs import get_org
from diemtin.accounts.users import add_member, members_of, parse_role, remove_member
from diemtin.errors import InputError
from diemtin.web.actor import admin
from diemtin.web.store_access import app_store, in_state

admin_pages_router = APIRouter(include_in_schema=False)
AdminActor = Annotated[Actor, Depends(admin)]


def _render(request: Request, name: str, context: dict[str, Any]) -> Any:
    return request.app.state.templates.TemplateResponse(request, name, context)


@admin_pages_router.get("/admin/members", response_class=HTMLResponse)
def members_page(request: Request, actor: AdminActor) -> Any:
    """The members of the admin's organization, with forms to add and remove."""
    org, members = in_state(request, lambda s: (get_org(s, actor.org_id),
                                             members_of(s, actor.org_id)))
    return _render(request, "admin_members.html", {"org": org, "members": members,
                                                    "me": actor.user_id})


@admin_pages_router.post("/admin/members")
def member_add(request: Request, actor: AdminActor,
               email: Annotated[str, Form(max_length=320)],
               role: Annotated[str, Form(max_length=20)]) -> Any:
    """Add an existing user to the organization (or change its role)."""
    in_state(request, lambda s: add_member(
        s, actor, email, org_id=actor.org_id, role=parse_role(role)))
    return RedirectResponse("/admin/members", status_code=303)


@admin_pages_router.post("/admin/members/remove")
def member_remove(request: Request, actor: AdminActor,
                  email: Annotated[str, Form(max_length=320)]) -> Any:
    """Remove a member (not oneself: an organization keeps the admin who acts)."""
    if actor.email is not None and email.strip().lower() == actor.email:
        raise InputError("you cannot remove yourself; another admin can")
    in_state(request, lambda s: remove_member(s, actor, email,
                                                             org_id=actor.org_id))
    return RedirectResponse("/admin/members", status_code=303)


@admin_pages_router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, actor: AdminActor) -> Any:
    """The latest audit entries concerning the organization."""
    entries = in_state(request, lambda s: latest(s, org=actor.org_id))
    return _render(request, "admin_audit.html", {"entries": entries})


@admin_pages_router.get("/admin/audit/export")
def audit_export(request: Request, actor: AdminActor) -> Any:
    """Every entry concerning the organization, one JSON object a line."""
    store = app_store(request)

    def lines() -> Iterator[bytes]:
        for entry in iter_entries(store, org=actor.org_id):
            yield (json.dumps(entry.to_dict(), ensure_ascii=False) + "\n").encode()

    return StreamingResponse(lines(), media_type="application/x-ndjson", headers={
        "content-disposition": 'attachment; filename="audit.jsonl"'})
