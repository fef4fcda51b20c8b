"""The REST API of saved searches, alert rules and the outbox: ``/api/v1/...``.

Everything is the acting organization's (``web.actor``); reading needs a viewer,
changing an editor. Folder destinations are for the CLI only: a web user cannot make
the server write files where it chooses.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field, StringConstraints

from diemtin.accounts.actor import Actor
from diemtin.brief import alerts, outbox, saved
from diemtin.search.query import MAX_QUERY_CHARS
from diemtin.search.results import hit_to_json
from diemtin.web.actor import current_actor, editor
from diemtin.web.api import ErrorResponse, SearchHit
from diemtin.web.store_access import app_store, in_state


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


_Name = Annotated[str, StringConstraints(min_length=1, max_length=saved.MAX_NAME_CHARS,
                                         pattern=r"\S")]
_Filter = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"\S")]
_Responses = dict[int | str, dict[str, Any]]
_NOT_FOUND: _Responses = {404: _error("No such item in your organization (not_found)")}
_WRITE: _Responses = {403: _error("Your role does not allow this (forbidden)"), **_NOT_FOUND}

brief_router = APIRouter(prefix="/api/v1", tags=["saved searches and alerts"], responses={
    400: _error("Invalid request or input (invalid_request, invalid_input, query_syntax)"),
    500: _error("The store failed (internal_error)"),
})


class SavedSearchIn(BaseModel):
    """A saved search to create or replace."""

    name: _Name
    query: Annotated[str, StringConstraints(min_length=1, max_length=MAX_QUERY_CHARS,
                                            pattern=r"\S")] = Field(
        description="In diemtin's search language (docs/search.md)")
    outlets: list[_Filter] = Field(default=[], max_length=20)
    places: list[_Filter] = Field(default=[], max_length=20)
    topics: list[_Filter] = Field(default=[], max_length=20)


class SavedSearchOut(BaseModel):
    """A saved search (as ``diemtin saved list --format json``)."""

    id: str
    org: str
    name: str
    query: str
    outlets: list[str]
    places: list[str]
    topics: list[str]
    created_by: str | None
    created_at: str
    updated_at: str


class DestinationOut(BaseModel):
    """Where an alert goes."""

    kind: Literal["email", "webhook", "folder", "atom"]
    target: str


class AlertIn(BaseModel):
    """An alert rule to create (folder destinations: CLI only)."""

    saved_search: _Name = Field(description="The saved search's name or id")
    rule: Literal["new_matches", "new_story", "spike", "entity_title"]
    title: Annotated[str, StringConstraints(max_length=200)] | None = None
    emails: list[Annotated[str, StringConstraints(min_length=3, max_length=300)]] = Field(
        default=[], max_length=20)
    webhooks: list[_Filter] = Field(default=[], max_length=20,
                                    description="Names of webhooks in the server's config")
    atom: bool = False
    schedule: Annotated[str, StringConstraints(max_length=200)] | None = None


class AlertOut(BaseModel):
    """An alert rule (as ``diemtin alert list --format json``)."""

    id: str
    org: str
    saved_search: str
    saved_search_id: str
    rule: str
    title: str | None
    destinations: list[DestinationOut]
    schedule: str | None
    created_at: str
    last_run_at: str | None


class OutboxMessage(BaseModel):
    """A message of the outbox, without its body."""

    id: str
    key: str
    channel: str
    destination: str
    subject: str
    state: str
    attempts: int
    next_at: str
    last_error: str | None
    created_at: str
    sent_at: str | None


Viewer = Annotated[Actor, Depends(current_actor)]
Editor = Annotated[Actor, Depends(editor)]


@brief_router.get("/saved-searches", response_model=list[SavedSearchOut])
def list_saved(request: Request, actor: Viewer) -> list[dict[str, Any]]:
    """The organization's saved searches, by name."""
    found = in_state(request, lambda s: saved.list_saved(s, actor.org_id))
    return [item.to_dict() for item in found]


@brief_router.post("/saved-searches", response_model=SavedSearchOut, status_code=201,
                   responses={403: _WRITE[403]})
def create_saved(request: Request, body: SavedSearchIn, actor: Editor) -> dict[str, Any]:
    """Save a search (400 when the name is taken or the query does not parse)."""
    made = in_state(request, lambda s: saved.save(
        s, actor.org_id, body.name, body.query, outlets=tuple(body.outlets),
        places=tuple(body.places), topics=tuple(body.topics), created_by=actor.user_id))
    return made.to_dict()


@brief_router.get("/saved-searches/{saved_id}", response_model=SavedSearchOut,
                  responses=_NOT_FOUND)
def get_saved(request: Request, saved_id: str, actor: Viewer) -> dict[str, Any]:
    """One saved search, by id or name."""
    return in_state(request, lambda s: saved.get(s, actor.org_id, saved_id)).to_dict()


def _own_saved(request: Request, saved_id: str, actor: Editor) -> None:
    """404 for a saved search not of the actor's organization, before the body is read
    (an invalid body must not tell another organization that the id exists)."""
    in_state(request, lambda s: saved.get(s, actor.org_id, saved_id))


@brief_router.put("/saved-searches/{saved_id}", response_model=SavedSearchOut,
                  responses=_WRITE, dependencies=[Depends(_own_saved)])
def put_saved(request: Request, saved_id: str, body: SavedSearchIn,
              actor: Editor) -> dict[str, Any]:
    """Replace a saved search's name, query and filters (its id and rules stay)."""
    changed = in_state(request, lambda s: saved.update(
        s, actor.org_id, saved_id, body.name, body.query, outlets=tuple(body.outlets),
        places=tuple(body.places), topics=tuple(body.topics)))
    return changed.to_dict()


@brief_router.delete("/saved-searches/{saved_id}", status_code=204, responses=_WRITE,
                     response_class=Response)
def delete_saved(request: Request, saved_id: str, actor: Editor) -> Response:
    """Delete a saved search and its alert rules."""
    in_state(request, lambda s: saved.remove(s, actor.org_id, saved_id))
    return Response(status_code=204)


@brief_router.get("/saved-searches/{saved_id}/results", response_model=list[SearchHit],
                  responses=_NOT_FOUND)
def saved_results(request: Request, saved_id: str, actor: Viewer,
                  limit: Annotated[int, Query(ge=1, le=200)] = 20,
                  offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> list[dict[str, Any]]:
    """Run a saved search: its newest-ranked matches, as ``/api/v1/search`` gives them."""
    store = app_store(request)
    query = in_state(request, lambda s: saved.get(s, actor.org_id, saved_id)).query()
    results = store.search(query, limit=limit, offset=offset)
    return [hit_to_json(hit, query) for hit in results.hits]


@brief_router.get("/alerts", response_model=list[AlertOut])
def list_alerts(request: Request, actor: Viewer) -> list[dict[str, Any]]:
    """The organization's alert rules."""
    return [rule.to_dict() for rule in
            in_state(request, lambda s: alerts.list_rules(s, actor.org_id))]


@brief_router.post("/alerts", response_model=AlertOut, status_code=201, responses=_WRITE)
def create_alert(request: Request, body: AlertIn, actor: Editor) -> dict[str, Any]:
    """Add an alert rule on a saved search (404 when the saved search is unknown)."""
    places = [alerts.destination("email", e) for e in body.emails]
    places += [alerts.destination("webhook", w) for w in body.webhooks]
    places += [alerts.destination("atom")] if body.atom else []
    rule = in_state(request, lambda s: alerts.add_rule(
        s, actor.org_id, body.saved_search, body.rule, destinations=places, title=body.title,
        schedule=body.schedule, created_by=actor.user_id))
    return rule.to_dict()


@brief_router.delete("/alerts/{rule_id}", status_code=204, responses=_WRITE,
                     response_class=Response)
def delete_alert(request: Request, rule_id: str, actor: Editor) -> Response:
    """Delete an alert rule."""
    in_state(request, lambda s: alerts.remove_rule(s, actor.org_id, rule_id))
    return Response(status_code=204)


@brief_router.get("/outbox", response_model=list[OutboxMessage])
def list_outbox(request: Request, actor: Viewer,
                state: Annotated[Literal["pending", "sending", "sent", "failed"] | None,
                                 Query()] = None,
                limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    """The organization's outbox messages, newest first."""
    return in_state(request, lambda s: outbox.list_messages(
        s, actor.org_id, state=state, limit=limit))
