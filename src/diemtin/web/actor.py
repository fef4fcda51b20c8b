"""Who a request acts for, as route dependencies."""

from __future__ import annotations

from fastapi import Request

from diemtin.accounts.actor import LOCAL_ACTOR, Actor, Role
from diemtin.errors import PermissionDenied


def current_actor(request: Request) -> Actor:
    """The actor the authentication middleware set on the request; the single local user
    on an instance without accounts."""
    actor = getattr(request.state, "actor", None)
    return actor if isinstance(actor, Actor) else LOCAL_ACTOR


def require(actor: Actor, role: Role) -> Actor:
    """``actor`` when it holds ``role`` or more; PermissionDenied (403) otherwise."""
    if not actor.can(role):
        raise PermissionDenied(f"this needs the {role} role; you are {actor.role}")
    return actor


def editor(request: Request) -> Actor:
    """Route dependency: the actor, who must be an editor or admin."""
    return require(current_actor(request), Role.EDITOR)


def admin(request: Request) -> Actor:
    """Route dependency: the actor, who must be an admin of its organization."""
    return require(current_actor(request), Role.ADMIN)
