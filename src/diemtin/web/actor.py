"""Who a request acts for, as route dependencies."""

from __future__ import annotations

from fastapi import Request

from diemtin.accounts.actor import Actor, Role
from diemtin.errors import PermissionDenied, Unauthenticated


def current_actor(request: Request) -> Actor:
    """The actor :func:`diemtin.web.auth.authenticate` set on the request (the single
    local user on an instance without accounts). Strict: a request that reached a route
    without an actor raises Unauthenticated, never falls back to the local user."""
    actor = getattr(request.state, "actor", None)
    if not isinstance(actor, Actor):
        raise Unauthenticated("this request has no authenticated actor")
    return actor


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
