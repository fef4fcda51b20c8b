"""Organizations: looked up by name or id."""

from __future__ import annotations

from dataclasses import dataclass

from diemtin.errors import ItemNotFound
from diemtin.store.state import StateSession, one


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
