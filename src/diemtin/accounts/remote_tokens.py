"""Remote tokens: what lets a partner's diemtin instance pull shared collections.

A remote token is an API token of :mod:`diemtin.accounts.tokens` with the ``remote``
scope, no user and the agreement it is bound to; the offerer's admin issues it (it
belongs to the offerer's organization, which lists and revokes it with ``diemtin token``).
Only its hash is stored, so it is shown once. A request with it acts for the agreement's
partner, with the viewer role, and sees exactly what the agreement offers, only while the
agreement is in force. Revoking the agreement revokes its tokens.

Answers: an unknown, revoked or expired token, or one that is not a remote token, is 401;
a valid token whose agreement is not (or no longer, or not yet) in force is 403.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.agreements import Agreement, State, get
from diemtin.accounts.tokens import Scope, TokenInfo, authenticate_token, create_token
from diemtin.errors import DiemtinError, PermissionDenied
from diemtin.store.state import StateSession, now_text, parse_time

SCOPE = Scope.REMOTE


class TokenRejected(DiemtinError):
    """A remote token that is unknown, revoked, expired or not a remote token (401)."""


class AgreementNotInForce(PermissionDenied):
    """The token's agreement is not accepted yet or past its period (HTTP 403)."""


def issue(session: StateSession, actor: Actor, agreement_id: str, *,
          days: int | None = None) -> tuple[TokenInfo, str]:
    """A new remote token for an agreement the actor's organization offers:
    ``(info, token)``. It expires at the agreement's end, or after ``days`` if sooner.

    Raises:
        PermissionDenied: the actor is not the offerer's admin, or the agreement is revoked.
    """
    found = get(session, actor.org_id, agreement_id)
    if not actor.can(Role.ADMIN) or actor.org_id != found.offerer_org:
        raise PermissionDenied("only the offerer's admin issues remote tokens")
    if found.state is State.REVOKED:
        raise AgreementNotInForce(f"agreement {found.id} is revoked")
    expires = parse_time(found.ends_at)
    if days is not None:
        expires = min(expires, datetime.now(UTC) + timedelta(days=days))
    return create_token(session, org_id=found.offerer_org, user_id=None, scopes=[SCOPE],
                        expires=expires, agreement_id=found.id, created_by=actor,
                        label=f"remote: agreement {found.id}")


def authenticate(session: StateSession, raw: str, now: datetime | None = None
                 ) -> tuple[Actor, Agreement]:
    """The partner actor and the in-force agreement a remote token stands for.

    Raises:
        TokenRejected: unknown, revoked, expired or not a remote token.
        AgreementNotInForce: the agreement is outside its period or not accepted.
    """
    moment = now or datetime.now(UTC)
    info = authenticate_token(session, raw, moment)
    if info is None or info.agreement_id is None or not info.allows(SCOPE):
        raise TokenRejected("unknown, revoked or expired remote token")
    found = get(session, info.org_id, info.agreement_id)
    if not found.in_force(now_text(moment)):
        raise AgreementNotInForce(f"agreement {found.id} is {found.state} and not in force")
    partner = Actor(org_id=found.partner_org, role=Role.VIEWER,
                    email=f"remote:{info.id}", via="token")
    return partner, found
