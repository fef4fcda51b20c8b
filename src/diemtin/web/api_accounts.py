"""API routes of accounts: health, who am I, the audit log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from diemtin.accounts.actor import Actor
from diemtin.accounts.audit import entries
from diemtin.web.actor import admin, current_actor
from diemtin.web.api import ErrorResponse
from diemtin.web.store_access import in_state

accounts_router = APIRouter(prefix="/api/v1", tags=["accounts"], responses={
    400: {"model": ErrorResponse, "description": "A parameter out of range "
          "(invalid_request), or a Host name the server does not answer to (bad_host)"},
    403: {"model": ErrorResponse, "description": "The role or the token's scope does not "
          "allow it (forbidden)"},
    500: {"model": ErrorResponse, "description": "The store failed (internal_error)"},
})


class Health(BaseModel):
    """The server answers."""

    status: str


class Me(BaseModel):
    """Who the request acts as."""

    org: str
    role: str
    user: str | None
    via: str


class AuditEntryModel(BaseModel):
    """One audit entry (as ``diemtin audit export`` prints it)."""

    seq: int
    time: str
    actor: str
    org: str
    action: str
    subject: str | None
    partner_org: str | None
    agreement: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str


@accounts_router.get("/health")
def health() -> Health:
    """Always ``{"status": "ok"}``; needs no login (for load balancers and monitors)."""
    return Health(status="ok")


@accounts_router.get("/me")
def me(actor: Annotated[Actor, Depends(current_actor)]) -> Me:
    """The organization, role and user the request acts as."""
    return Me(org=actor.org_id, role=str(actor.role), user=actor.email, via=actor.via)


@accounts_router.get("/audit")
def audit(request: Request, actor: Annotated[Actor, Depends(admin)],
          after: Annotated[int, Query(ge=0, le=2**62)] = 0,
          limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[AuditEntryModel]:
    """Audit entries concerning the admin's organization (acting or as the partner), in
    order, after sequence number ``after``: page with the last ``seq`` seen."""
    found = in_state(request,
        lambda s: entries(s, org=actor.org_id, after=after, limit=limit))
    return [AuditEntryModel(**entry.to_dict()) for entry in found]
