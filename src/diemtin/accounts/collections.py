"""Collections: named, curated sets of articles and stories with notes.

A collection belongs to one organization (its name is unique there). Each item is an
article or a story of the instance's common pool, with a note, who added it, when, and
its position. A collection pulled from another instance (``remote_id`` set) is read-only:
it changes only when the next ``diemtin remote pull`` replaces it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from diemtin.errors import ArticleNotFound, InputError, ItemNotFound, StoryNotFound
from diemtin.store.base import Store
from diemtin.store.named import claim_name, get_named, list_named
from diemtin.store.state import Row, StateSession, new_id, now_text, one

MAX_NAME_CHARS = 120
MAX_TEXT_CHARS = 2000
KINDS = ("article", "story")


class CollectionNotFound(ItemNotFound):
    """No collection with that name or id that the organization may see."""

    def __init__(self, key: str) -> None:
        super().__init__("collection", key, "`diemtin collection list` shows them")


@dataclass(frozen=True, slots=True)
class CollectionItem:
    """An article or story in a collection."""

    kind: str
    ref_id: str
    title: str
    note: str
    added_by: str | None
    added_at: str
    position: int

    def to_dict(self) -> dict[str, Any]:
        """JSON data for the CLI and the API."""
        return {"kind": self.kind, "id": self.ref_id, "title": self.title, "note": self.note,
                "added_by": self.added_by, "added_at": self.added_at,
                "position": self.position}


@dataclass(frozen=True, slots=True)
class Collection:
    """A collection of organization ``org_id``; ``remote_id`` is set when pulled."""

    id: str
    org_id: str
    name: str
    description: str
    created_by: str | None
    created_at: str
    updated_at: str
    remote_id: str | None = None
    remote_ref: str | None = None
    agreement_ref: str | None = None
    revoked_at: str | None = None
    items: tuple[CollectionItem, ...] = field(default=())

    @property
    def read_only(self) -> bool:
        """Whether it was pulled from another instance (only a pull changes it)."""
        return self.remote_id is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON data for the CLI and the API."""
        return {"id": self.id, "org": self.org_id, "name": self.name,
                "description": self.description, "created_by": self.created_by,
                "created_at": self.created_at, "updated_at": self.updated_at,
                "read_only": self.read_only, "remote": self.remote_id,
                "remote_collection": self.remote_ref, "agreement": self.agreement_ref,
                "revoked_at": self.revoked_at,
                "items": [item.to_dict() for item in self.items]}


def check_text(value: str, what: str, *, limit: int = MAX_TEXT_CHARS,
               empty: bool = True) -> str:
    """``value`` stripped, or InputError when too long (or empty when not allowed)."""
    cleaned = value.strip()
    if "\x00" in cleaned:
        raise InputError(f"{what} cannot hold a NUL character")
    if len(cleaned) > limit or (not cleaned and not empty):
        raise InputError(f"{what} needs {0 if empty else 1} to {limit} characters; "
                         f"got {len(cleaned)}")
    return cleaned


def resolve_ref(store: Store, ref_id: str) -> tuple[str, str]:
    """The kind (``article`` or ``story``) and title of the pool item ``ref_id``.

    Raises:
        ItemNotFound: no article or story has that id.
    """
    try:
        return "article", store.get_article(ref_id).title
    except ArticleNotFound:
        pass
    try:
        return "story", store.get_story(ref_id).title
    except StoryNotFound:
        raise ItemNotFound("article or story", ref_id,
                           "find ids with `diemtin search` or `diemtin stories`") from None


def _collection(row: Row, items: Sequence[CollectionItem] = ()) -> Collection:
    return Collection(id=row["id"], org_id=row["org_id"], name=row["name"],
                      description=row["description"], created_by=row["created_by"],
                      created_at=row["created_at"], updated_at=row["updated_at"],
                      remote_id=row["remote_id"], remote_ref=row["remote_ref"],
                      agreement_ref=row["agreement_ref"], revoked_at=row["revoked_at"],
                      items=tuple(items))


def _items(session: StateSession, collection_id: str) -> list[CollectionItem]:
    rows = session.rows("SELECT kind, ref_id, title, note, added_by, added_at, position "
                        "FROM collection_items WHERE collection_id = :id ORDER BY position",
                        id=collection_id)
    return [CollectionItem(**{**row, "position": int(row["position"])}) for row in rows]


def create(session: StateSession, org_id: str, name: str, *, description: str = "",
           created_by: str | None = None, remote: tuple[str, str, str | None] | None = None
           ) -> Collection:
    """Create the collection ``name`` of ``org_id``; ``remote`` is ``(remote id, remote
    collection id, agreement id)`` for a pulled one.

    Raises:
        InputError: the name is empty, too long or taken in the organization.
    """
    name = " ".join(check_text(name, "a collection name", limit=MAX_NAME_CHARS,
                               empty=False).split())
    description = check_text(description, "a description")
    claim_name(session, "collections", org_id, name, replace=False,
               taken=f"a collection named {name!r} exists; choose another name")
    now = now_text()
    remote_id, remote_ref, agreement = remote or (None, None, None)
    made = {"id": new_id("col"), "org_id": org_id, "name": name, "description": description,
            "created_by": created_by, "created_at": now, "updated_at": now,
            "remote_id": remote_id, "remote_ref": remote_ref, "agreement_ref": agreement,
            "revoked_at": None}
    session.run("INSERT INTO collections VALUES (:id, :org_id, :name, :description, "
                ":created_by, :created_at, :updated_at, :remote_id, :remote_ref, "
                ":agreement_ref, :revoked_at)", **made)
    return _collection(made)


def get_owned(session: StateSession, org_id: str, key: str) -> Collection:
    """The collection of ``org_id`` whose id or name is ``key``, with its items."""
    row = get_named(session, "collections", org_id, key, missing=CollectionNotFound)
    return _collection(row, _items(session, row["id"]))


def get_by_id(session: StateSession, collection_id: str) -> Collection | None:
    """Any organization's collection by id (for sharing checks; never shown as is)."""
    row = one(session, "SELECT * FROM collections WHERE id = :id", id=collection_id)
    return None if row is None else _collection(row, _items(session, row["id"]))


def list_owned(session: StateSession, org_id: str) -> list[Collection]:
    """Every collection of ``org_id`` by name, without items."""
    return [_collection(row) for row in list_named(session, "collections", org_id)]


def _writable(session: StateSession, org_id: str, key: str) -> Collection:
    found = get_owned(session, org_id, key)
    if found.read_only:
        raise InputError(f"collection {found.name!r} was pulled from another instance and "
                         "is read-only; `diemtin remote pull` updates it")
    return found


def put(session: StateSession, org_id: str, key: str, kind: str, ref_id: str, title: str, *,
        note: str = "", added_by: str | None = None) -> Collection:
    """Add an article or story to a collection (or change its note when present).

    Use :func:`resolve_ref` first for ``kind`` and ``title``.
    """
    if kind not in KINDS:
        raise InputError(f"an item kind is one of {', '.join(KINDS)}; got {kind!r}")
    found = _writable(session, org_id, key)
    note = check_text(note, "a note")
    now = now_text()
    changed = session.run("UPDATE collection_items SET note = :note WHERE collection_id = :id "
                          "AND kind = :kind AND ref_id = :ref", note=note, id=found.id,
                          kind=kind, ref=ref_id)
    if not changed:
        last = one(session, "SELECT MAX(position) AS top FROM collection_items "
                   "WHERE collection_id = :id", id=found.id)
        position = int(last["top"]) + 1 if last and last["top"] is not None else 1
        session.run("INSERT INTO collection_items VALUES (:id, :kind, :ref, :title, :note, "
                    ":by, :now, :position)", id=found.id, kind=kind, ref=ref_id,
                    title=title, note=note, by=added_by, now=now, position=position)
    session.run("UPDATE collections SET updated_at = :now WHERE id = :id", now=now,
                id=found.id)
    return get_owned(session, org_id, found.id)


def drop(session: StateSession, org_id: str, key: str, ref_id: str) -> Collection:
    """Take the article or story ``ref_id`` out of a collection."""
    found = _writable(session, org_id, key)
    if not session.run("DELETE FROM collection_items WHERE collection_id = :id AND "
                       "ref_id = :ref", id=found.id, ref=ref_id):
        raise ItemNotFound("item", ref_id, f"it is not in collection {found.name!r}")
    session.run("UPDATE collections SET updated_at = :now WHERE id = :id", now=now_text(),
                id=found.id)
    return get_owned(session, org_id, found.id)


def remove(session: StateSession, org_id: str, key: str) -> Collection:
    """Delete a collection and its items; return what was deleted.

    Raises:
        InputError: an agreement (proposed or in force) still offers it.
    """
    found = get_owned(session, org_id, key)
    offered = one(session, "SELECT a.id FROM agreement_items i JOIN agreements a ON "
                  "a.id = i.agreement_id WHERE i.kind = 'collection' AND i.item_id = :id "
                  "AND a.state <> 'revoked'", id=found.id)
    if offered is not None:
        raise InputError(f"collection {found.name!r} is offered by agreement "
                         f"{offered['id']}; revoke it first")
    session.run("DELETE FROM collection_items WHERE collection_id = :id", id=found.id)
    session.run("DELETE FROM collections WHERE id = :id", id=found.id)
    return found


def replace_items(session: StateSession, collection_id: str,
                  items: Sequence[CollectionItem]) -> None:
    """Replace every item of a collection (a pull refreshing its read-only copy)."""
    session.run("DELETE FROM collection_items WHERE collection_id = :id", id=collection_id)
    for item in items:
        session.run("INSERT INTO collection_items VALUES (:id, :kind, :ref, :title, :note, "
                    ":by, :at, :position)", id=collection_id, kind=item.kind,
                    ref=item.ref_id, title=item.title, note=item.note, by=item.added_by,
                    at=item.added_at, position=item.position)
    session.run("UPDATE collections SET updated_at = :now, revoked_at = NULL WHERE id = :id",
                now=now_text(), id=collection_id)
