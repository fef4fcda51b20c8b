"""Who is acting: an organization, a role in it and, with accounts, a user."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from diemtin.store.state_schema import LOCAL_ORG


class Role(enum.StrEnum):
    """A member's role in an organization, from most to least rights."""

    ADMIN = "admin"
    """Members and agreements, and everything an editor does."""
    EDITOR = "editor"
    """Saved searches, alerts, collections, briefing templates and issues."""
    VIEWER = "viewer"
    """Reads what the organization owns and what partners share with it."""

    def at_least(self, other: Role) -> bool:
        """Whether this role has every right of ``other``."""
        order = (Role.VIEWER, Role.EDITOR, Role.ADMIN)
        return order.index(self) >= order.index(other)


@dataclass(frozen=True, slots=True)
class Actor:
    """The organization a request or command acts for, the role it holds there, and the
    user (None on a single-user instance or for an operator's command) and how it
    authenticated (``local``, ``session``, ``token``, ``cli``)."""

    org_id: str
    role: Role
    user_id: str | None = None
    email: str | None = None
    via: str = "local"

    def can(self, role: Role) -> bool:
        """Whether the actor holds ``role`` or a higher one."""
        return self.role.at_least(role)


LOCAL_ACTOR = Actor(org_id=LOCAL_ORG, role=Role.ADMIN)
"""The one person using an instance without accounts (``diemtin demo``, ``serve`` on
127.0.0.1 before any user exists)."""
