"""REST API of agreements: ``/api/v1/agreements`` (admins of either side)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from diemtin.accounts import agreements as agr
from diemtin.accounts import remote_tokens
from diemtin.accounts.actor import Actor
from diemtin.accounts.orgs import get_org
from diemtin.web.actor import admin
from diemtin.web.collections_api import KEY_PATTERN, NOT_FOUND, TEXT_PATTERN, Key, error_doc
from diemtin.web.store_access import in_state

agreements_router = APIRouter(prefix="/api/v1", tags=["agreements"], responses={
    **NOT_FOUND,
    400: error_doc("Invalid input (invalid_request, invalid_input)"),
    403: error_doc("Only admins, of the right side, do this (forbidden)"),
    500: error_doc("The store failed (internal_error)"),
})
Admin = Annotated[Actor, Depends(admin)]


class OfferedItem(BaseModel):
    """One offered item: its kind and id."""

    kind: str = Field(description="collection, saved_search or brief_template",
                      max_length=40, pattern=KEY_PATTERN)
    id: str = Field(min_length=1, max_length=200, pattern=KEY_PATTERN)


class NewAgreement(BaseModel):
    """An agreement the caller's organization offers to ``partner``."""

    partner: str = Field(min_length=1, max_length=200, description="Partner org id or name",
                         pattern=KEY_PATTERN)
    items: list[OfferedItem] = Field(min_length=1, max_length=500)
    rights: agr.Rights = agr.Rights.VIEW
    since: date | None = Field(default=None, description="First day (default: today, UTC)")
    until: date = Field(description="Last day, included")
    note: str = Field(default="", max_length=2000, pattern=TEXT_PATTERN)


@agreements_router.get("/agreements")
def list_agreements(request: Request, actor: Admin) -> list[dict[str, Any]]:
    """Every agreement the organization is a side of, newest first."""
    return [item.to_dict() for item in in_state(request,
        lambda s: agr.list_for(s, actor.org_id))]


@agreements_router.post("/agreements", status_code=201)
def propose(request: Request, actor: Admin, body: NewAgreement) -> dict[str, Any]:
    """Propose an agreement (the offerer's acceptance); in force once the partner's admin
    accepts it."""
    def work(session: Any) -> agr.Agreement:
        partner = get_org(session, body.partner).id
        return agr.propose(session, actor, partner, [(i.kind, i.id) for i in body.items],
                           rights=body.rights, starts=body.since, until=body.until,
                           note=body.note)

    return in_state(request, work).to_dict()


@agreements_router.get("/agreements/{agreement_id}", responses=NOT_FOUND)
def get_agreement(request: Request, actor: Admin, agreement_id: Key) -> dict[str, Any]:
    """One agreement of the organization."""
    return in_state(request, lambda s: agr.get(s, actor.org_id, agreement_id)).to_dict()


@agreements_router.post("/agreements/{agreement_id}/accept", responses=NOT_FOUND)
def accept(request: Request, actor: Admin, agreement_id: Key) -> dict[str, Any]:
    """Accept a proposed agreement as the partner's admin."""
    return in_state(request, lambda s: agr.accept(s, actor, agreement_id)).to_dict()


@agreements_router.post("/agreements/{agreement_id}/revoke", responses=NOT_FOUND)
def revoke(request: Request, actor: Admin, agreement_id: Key) -> dict[str, Any]:
    """Revoke an agreement as either side's admin, effective immediately."""
    return in_state(request, lambda s: agr.revoke(s, actor, agreement_id)).to_dict()


@agreements_router.post("/agreements/{agreement_id}/tokens", status_code=201,
                        responses=NOT_FOUND)
def issue_token(request: Request, actor: Admin, agreement_id: Key) -> dict[str, Any]:
    """Issue a remote token (scope ``remote``) for the partner's instance; the token is in
    this answer only."""
    info, raw = in_state(request,
        lambda s: remote_tokens.issue(s, actor, agreement_id))
    return {"id": info.id, "agreement": info.agreement_id,
            "scope": str(remote_tokens.SCOPE), "expires_at": info.expires_at, "token": raw}
