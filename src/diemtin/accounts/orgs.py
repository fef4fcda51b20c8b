"""Organizations: created, listed, looked up by name or id."""

from __future__ import annotations

from dataclasses import dataclass

from diemtin.accounts.actor import Actor
from diemtin.accounts.audit import Action, record
from diemtin.errors import InputError, ItemNotFound
from diemtin.store.state import StateSession, new_id, now_text, one

MAX_ORG_NAME_CHARS = 120


class OrgNotFound(ItemNotFound):
    """No organization with that name or id."""

    def __init__(self, key: str) -> None:
        super().__init__("organization", key, "`diemtin org list` shows them")


@dataclass(frozen=True, slots=True)
class Organization:
    """An organization of the instance."""

    id: str
    name: str
    created_at: str


def get_org(session: StateSession, key: str) -> Organization:
    """The organization whose id or name is ``key``."""
    row = one(session, "SELECT id, name, created_at FROM organizations "
              "WHERE id = :key OR name = :key", key=key)
    if row is None:
        raise OrgNotFound(key)
    return Organization(**row)


def create_org(session: StateSession, actor: Actor | str, name: str) -> Organization:
    """Create the organization ``name`` (1 to 120 characters, unique)."""
    cleaned = " ".join(name.split())
    if not 0 < len(cleaned) <= MAX_ORG_NAME_CHARS:
        raise InputError(f"an organization name needs 1 to {MAX_ORG_NAME_CHARS} characters; "
                         f"got {name[:40]!r}")
    if one(session, "SELECT id FROM organizations WHERE name = :name OR id = :name",
           name=cleaned) is not None:
        raise InputError(f"an organization named {cleaned!r} exists")
    org = Organization(id=new_id("org"), name=cleaned, created_at=now_text())
    session.run("INSERT INTO organizations VALUES (:id, :name, :created_at)", id=org.id,
                name=org.name, created_at=org.created_at)
    record(session, actor, Action.ORG_CREATED, org=org.id, subject=org.id,
           detail={"name": org.name})
    return org


def list_orgs(session: StateSession) -> list[Organization]:
    """Every organization, by name."""
    return [Organization(**row) for row in session.rows(
        "SELECT id, name, created_at FROM organizations ORDER BY name")]
