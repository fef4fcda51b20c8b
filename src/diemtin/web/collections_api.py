"""REST API of collections: ``/api/v1/collections`` (the organization's own and those
partners share with it) and ``/api/v1/shared/collections`` (what a partner's instance
pulls with a remote token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from diemtin.accounts import collections as col
from diemtin.accounts import remote_tokens, shared
from diemtin.accounts.actor import Actor
from diemtin.accounts.remote_export import export_collection
from diemtin.web.actor import current_actor, editor
from diemtin.web.store_access import app_store, in_state

KEY_PATTERN = r"^[^\x00-\x1f\x7f]+$"
TEXT_PATTERN = r"^[^\x00]*$"
Key = Annotated[str, Path(min_length=1, max_length=200, pattern=KEY_PATTERN)]
"""An id or name in a path: no control characters."""


def error_doc(description: str) -> dict[str, Any]:
    """An error answer for the OpenAPI document."""
    from diemtin.web.api import ErrorResponse

    return {"model": ErrorResponse, "description": description}


_error = error_doc
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: _error("No such item visible to the organization (not_found)")}
collections_router = APIRouter(prefix="/api/v1", tags=["collections"], responses={
    **NOT_FOUND,
    400: _error("Invalid input (invalid_request, invalid_input)"),
    403: _error("The role or the agreement does not allow it (forbidden)"),
    500: _error("The store failed (internal_error)"),
})


class NewCollection(BaseModel):
    """A collection to create."""

    name: str = Field(min_length=1, max_length=col.MAX_NAME_CHARS, pattern=KEY_PATTERN)
    description: str = Field(default="", max_length=col.MAX_TEXT_CHARS, pattern=TEXT_PATTERN)


class NewItem(BaseModel):
    """An article or story to add (or whose note to change)."""

    id: str = Field(min_length=1, max_length=200, description="Article or story id",
                    pattern=KEY_PATTERN)
    note: str = Field(default="", max_length=col.MAX_TEXT_CHARS, pattern=TEXT_PATTERN)


class CopyRequest(BaseModel):
    """The name of the copy (default: the name and its owner)."""

    name: str | None = Field(default=None, min_length=1, max_length=col.MAX_NAME_CHARS,
                             pattern=KEY_PATTERN)


Reader = Annotated[Actor, Depends(current_actor)]
Editor = Annotated[Actor, Depends(editor)]


@collections_router.get("/collections")
def list_collections(request: Request, actor: Reader) -> list[dict[str, Any]]:
    """The organization's collections (without items), then partners' shared ones
    (``shared: true``, ``owner``, ``agreement``)."""
    seen = in_state(request, lambda s: shared.visible_collections(s, actor.org_id))
    return [item.to_dict() for item in seen]


@collections_router.post("/collections", status_code=201)
def create_collection(request: Request, actor: Editor, body: NewCollection) -> dict[str, Any]:
    """Create a collection of the organization (editor)."""
    made = in_state(request, lambda s: col.create(
        s, actor.org_id, body.name, description=body.description,
        created_by=actor.email or actor.via))
    return made.to_dict()


@collections_router.get("/collections/{collection_id}", responses=NOT_FOUND)
def get_collection(request: Request, actor: Reader, collection_id: Key) -> dict[str, Any]:
    """One collection with its items; a partner's read is written to the audit log."""
    seen = in_state(request, lambda s: shared.open_collection(s, actor, collection_id))
    return seen.to_dict()


@collections_router.delete("/collections/{collection_id}", responses=NOT_FOUND)
def delete_collection(request: Request, actor: Editor, collection_id: Key) -> dict[str, Any]:
    """Delete a collection of the organization (editor)."""
    gone = in_state(request, lambda s: col.remove(s, actor.org_id, collection_id))
    return {"removed": gone.id}


@collections_router.post("/collections/{collection_id}/items", responses=NOT_FOUND)
def put_item(request: Request, actor: Editor, collection_id: Key,
             body: NewItem) -> dict[str, Any]:
    """Add an article or story to a collection, or change its note (editor)."""
    store = app_store(request)
    kind, title = col.resolve_ref(store, body.id)
    found = in_state(request, lambda s: col.put(s, actor.org_id, collection_id, kind, body.id,
                                             title, note=body.note,
                                             added_by=actor.email or actor.via))
    return found.to_dict()


@collections_router.delete("/collections/{collection_id}/items/{item_id}",
                           responses=NOT_FOUND)
def drop_item(request: Request, actor: Editor, collection_id: Key,
              item_id: Key) -> dict[str, Any]:
    """Take an article or story out of a collection (editor)."""
    found = in_state(request, lambda s: col.drop(s, actor.org_id, collection_id,
                                                        item_id))
    return found.to_dict()


@collections_router.post("/collections/{collection_id}/copy", status_code=201,
                         responses=NOT_FOUND)
def copy_collection(request: Request, actor: Editor, collection_id: Key,
                    body: CopyRequest) -> dict[str, Any]:
    """Copy a partner's shared collection into the organization (``view_copy``)."""
    made = in_state(request, lambda s: shared.copy_collection(s, actor, collection_id,
                                                                      name=body.name))
    return made.to_dict()


shared_router = APIRouter(prefix="/api/v1/shared", tags=["remote"], responses={
    **NOT_FOUND,
    400: _error("Invalid request (invalid_request)"),
    401: _error("No, an unknown or an expired remote token (unauthorized)"),
    403: _error("The token's agreement is not in force (agreement_not_in_force)"),
    500: _error("The store failed (internal_error)"),
})


def _bearer(request: Request) -> str:
    scheme, _, raw = request.headers.get("authorization", "").partition(" ")
    return raw.strip() if scheme.lower() == "bearer" else ""


def _remote(request: Request, work: Any) -> Any:
    """Run ``work(session, partner actor, agreement)`` for the request's remote token."""
    raw = _bearer(request)

    def run(session: Any) -> Any:
        actor, agreement = remote_tokens.authenticate(session, raw)
        return work(session, actor, agreement)

    try:
        return in_state(request, run)
    except remote_tokens.TokenRejected as error:
        return JSONResponse({"error": {"code": "unauthorized", "message": str(error)}},
                            status_code=401, headers={"www-authenticate": "Bearer"})
    except remote_tokens.AgreementNotInForce as error:
        return JSONResponse({"error": {"code": "agreement_not_in_force",
                                       "message": str(error)}}, status_code=403)


@shared_router.get("/collections")
def shared_collections(request: Request) -> Any:
    """The collections the token's agreement offers (``Authorization: Bearer dt_…``):
    ``{"agreement": {...}, "collections": [{id, name, owner, items}]}``."""
    def work(session: Any, actor: Actor, agreement: Any) -> dict[str, Any]:
        found = [shared.open_collection(session, actor, item_id).to_dict()
                 for kind, item_id in agreement.items if kind == "collection"]
        return {"agreement": agreement.to_dict(), "collections": found}

    return _remote(request, work)


@shared_router.get("/collections/{collection_id}", responses=NOT_FOUND)
def shared_collection(request: Request, collection_id: Key) -> Any:
    """One offered collection with each article's full text and metadata (``articles``)
    and each story's member articles; every pull is audited on this side."""
    store = app_store(request)

    def work(session: Any, actor: Actor, agreement: Any) -> dict[str, Any]:
        if ("collection", collection_id) not in agreement.items:
            raise col.CollectionNotFound(collection_id)
        seen = shared.open_collection(session, actor, collection_id)
        return {"agreement": agreement.to_dict(), **seen.to_dict()}

    answer = _remote(request, work)
    if isinstance(answer, dict):
        answer["articles"] = export_collection(store, answer["items"])
    return answer
