"""What an organization sees: its own collections and those partners share with it.

A partner's collection is visible only while an agreement offering it to the reader's
organization is in force (:func:`diemtin.accounts.agreements.in_force`); every read of it
by the partner writes a ``shared.read`` audit entry (reader, both organizations, the
collection, the agreement), and copying it (``view_copy`` rights) a ``shared.copied``
entry. Anything else of another organization is "not found", so ids leak nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from diemtin.accounts import collections
from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.agreements import Agreement, Rights, in_force, shared_items
from diemtin.accounts.audit import Action, record
from diemtin.accounts.collections import Collection, CollectionNotFound
from diemtin.errors import ItemNotFound, PermissionDenied
from diemtin.store.state import StateSession, one


@dataclass(frozen=True, slots=True)
class Visible:
    """A collection as one organization sees it: ``agreement`` and ``owner_name`` are set
    when a partner shares it."""

    collection: Collection
    owner_name: str
    agreement: Agreement | None = None

    @property
    def shared(self) -> bool:
        """Whether it belongs to a partner."""
        return self.agreement is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON data: the collection plus ``owner``, ``shared`` and ``agreement``."""
        data = self.collection.to_dict()
        data.update(owner=self.owner_name, shared=self.shared,
                    agreement=self.agreement.id if self.agreement
                    else self.collection.agreement_ref,
                    rights=str(self.agreement.rights) if self.agreement else None)
        return data


def org_name(session: StateSession, org_id: str) -> str:
    """The display name of an organization (its id when unknown)."""
    row = one(session, "SELECT name FROM organizations WHERE id = :id", id=org_id)
    return str(row["name"]) if row else org_id


def visible_collections(session: StateSession, org_id: str) -> list[Visible]:
    """The organization's own collections, then those partners share with it now."""
    own_name = org_name(session, org_id)
    found = [Visible(item, own_name) for item in collections.list_owned(session, org_id)]
    for collection_id, agreement in shared_items(session, org_id, "collection"):
        shared = collections.get_by_id(session, collection_id)
        if shared is not None:
            found.append(Visible(shared, org_name(session, shared.org_id), agreement))
    return found


def read_shared(session: StateSession, actor: Actor, kind: str, item_id: str,
                owner_org: str, *, detail: dict[str, Any] | None = None) -> Agreement | None:
    """Check and audit ``actor``'s read of item ``(kind, item_id)`` owned by ``owner_org``
    (any kind: briefing pages call it for ``brief_template`` before showing a partner's
    issue). None when the actor's organization owns it; the agreement in force otherwise,
    after writing a ``shared.read`` entry.

    Raises:
        ItemNotFound: neither owned nor shared with the actor's organization now.
    """
    if owner_org == actor.org_id:
        return None
    agreement = in_force(session, actor.org_id, kind, item_id)
    if agreement is None or agreement.offerer_org != owner_org:
        raise ItemNotFound(kind.replace("_", " "), item_id)
    record(session, actor, Action.SHARED_READ, subject=item_id, partner_org=owner_org,
           agreement=agreement.id, detail={"kind": kind, **(detail or {})})
    return agreement


def open_collection(session: StateSession, actor: Actor, key: str) -> Visible:
    """The collection ``key`` (id or own name) as ``actor`` may see it; a partner's read
    is audited.

    Raises:
        CollectionNotFound: neither the actor's nor shared with its organization now.
    """
    try:
        own = collections.get_owned(session, actor.org_id, key)
        return Visible(own, org_name(session, actor.org_id))
    except CollectionNotFound:
        pass
    shared = collections.get_by_id(session, key)
    agreement = in_force(session, actor.org_id, "collection", key) if shared else None
    if shared is None or agreement is None:
        raise CollectionNotFound(key)
    record(session, actor, Action.SHARED_READ, subject=shared.id,
           partner_org=shared.org_id, agreement=agreement.id,
           detail={"kind": "collection", "name": shared.name, "items": len(shared.items)})
    return Visible(shared, org_name(session, shared.org_id), agreement)


def copy_collection(session: StateSession, actor: Actor, key: str, *,
                    name: str | None = None) -> Collection:
    """Copy a partner's shared collection into the actor's organization (audited).

    Raises:
        PermissionDenied: not an editor, or the agreement grants view only.
    """
    if not actor.can(Role.EDITOR):
        raise PermissionDenied(f"copying needs the editor role; you are {actor.role}")
    seen = open_collection(session, actor, key)
    if seen.agreement is None:
        raise PermissionDenied("only a partner's shared collection is copied; yours is here")
    if seen.agreement.rights is not Rights.VIEW_COPY:
        raise PermissionDenied(f"agreement {seen.agreement.id} grants view only, not copy")
    source = seen.collection
    made = collections.create(session, actor.org_id, name or f"{source.name} ({seen.owner_name})",
                              description=source.description,
                              created_by=actor.email or actor.via)
    collections.replace_items(session, made.id, source.items)
    record(session, actor, Action.SHARED_COPIED, subject=source.id,
           partner_org=source.org_id, agreement=seen.agreement.id,
           detail={"kind": "collection", "name": source.name, "copy": made.id})
    return collections.get_owned(session, actor.org_id, made.id)
