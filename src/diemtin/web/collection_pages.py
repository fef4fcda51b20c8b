"""Pages of collections: ``/collections``, ``/collections/{id}`` and their POST forms
(create, add from an article or story page, drop, delete, copy a partner's)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from diemtin.accounts import collections as col
from diemtin.accounts import shared
from diemtin.accounts.actor import Actor, Role
from diemtin.store.base import Store
from diemtin.web.actor import current_actor, editor
from diemtin.web.forms import form_fields, see_other
from diemtin.web.store_access import app_store, in_state

collection_pages_router = APIRouter(include_in_schema=False)
Reader = Annotated[Actor, Depends(current_actor)]
Editor = Annotated[Actor, Depends(editor)]


def _render(request: Request, name: str, context: dict[str, Any]) -> Any:
    return request.app.state.templates.TemplateResponse(request, name, {"q": "", **context})


def collection_choices(store: Store, actor: Actor) -> list[dict[str, str]]:
    """The collections an "add to collection" form offers: the organization's own,
    writable ones, when the actor is an editor (none otherwise)."""
    if not actor.can(Role.EDITOR):
        return []
    found = store.read_state(lambda s: col.list_owned(s, actor.org_id))
    return [{"id": c.id, "name": c.name} for c in found if not c.read_only]


@collection_pages_router.get("/collections", response_class=HTMLResponse)
def collections_page(request: Request, actor: Reader) -> Any:
    """The organization's collections, then those partners share with it (marked)."""
    seen = in_state(request, lambda s: shared.visible_collections(s, actor.org_id))
    return _render(request, "collections.html", {
        "own": [v for v in seen if not v.shared], "partners": [v for v in seen if v.shared],
        "can_edit": actor.can(Role.EDITOR)})


@collection_pages_router.post("/collections")
async def create_collection(request: Request, actor: Editor) -> Any:
    """Create a collection from the form on /collections."""
    form = await form_fields(request)
    made = in_state(request, lambda s: col.create(
        s, actor.org_id, form.get("name", ""), description=form.get("description", ""),
        created_by=actor.email or actor.via))
    return see_other(f"/collections/{made.id}")


@collection_pages_router.get("/collections/{collection_id}", response_class=HTMLResponse)
def collection_page(request: Request, actor: Reader, collection_id: str) -> Any:
    """One collection with its items; a partner's shared one is marked with its owner
    and the read is written to the audit log."""
    seen = in_state(request, lambda s: shared.open_collection(s, actor, collection_id))
    editable = not seen.shared and not seen.collection.read_only and actor.can(Role.EDITOR)
    copyable = (seen.agreement is not None and str(seen.agreement.rights) == "view_copy"
                and actor.can(Role.EDITOR))
    return _render(request, "collection.html", {"seen": seen, "c": seen.collection,
                                                "editable": editable, "copyable": copyable})


@collection_pages_router.post("/collections/{collection_id}/items")
async def add_item(request: Request, actor: Editor, collection_id: str) -> Any:
    """Add the form's ``item`` (an article or story id) with its ``note``."""
    form = await form_fields(request)
    store = app_store(request)
    item = form.get("item", "")
    kind, title = col.resolve_ref(store, item)
    found = in_state(request, lambda s: col.put(s, actor.org_id, collection_id, kind, item,
                                             title, note=form.get("note", ""),
                                             added_by=actor.email or actor.via))
    return see_other(f"/collections/{found.id}")


@collection_pages_router.post("/collections/{collection_id}/items/{item_id}/drop")
def drop_item(request: Request, actor: Editor, collection_id: str, item_id: str) -> Any:
    """Take an item out of a collection."""
    found = in_state(request, lambda s: col.drop(s, actor.org_id, collection_id,
                                                        item_id))
    return see_other(f"/collections/{found.id}")


@collection_pages_router.post("/collections/{collection_id}/delete")
def delete_collection(request: Request, actor: Editor, collection_id: str) -> Any:
    """Delete a collection (not its articles)."""
    in_state(request, lambda s: col.remove(s, actor.org_id, collection_id))
    return see_other("/collections")


@collection_pages_router.post("/collections/{collection_id}/copy")
async def copy_collection(request: Request, actor: Editor, collection_id: str) -> Any:
    """Copy a partner's shared collection into the organization (view_copy rights)."""
    form = await form_fields(request)
    made = in_state(request, lambda s: shared.copy_collection(
        s, actor, collection_id, name=form.get("name") or None))
    return see_other(f"/collections/{made.id}")
