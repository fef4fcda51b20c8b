"""Remote tokens: what lets a partner's diemtin instance pull shared collections.

The offerer's admin issues a token bound to one agreement (scope ``remote``); the
partner's operator gives it to ``diemtin remote add``. Only its SHA-256 is stored, so the
token is shown once. A request with it acts for the agreement's partner and sees exactly
what the agreement offers, only while the agreement is in force: a revoked or expired
agreement makes every use answer 403, an unknown or expired token 401.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.agreements import Agreement, State, get
from diemtin.errors import DiemtinError, PermissionDenied
from diemtin.store.state import StateSession, new_id, now_text, one

PREFIX = "dtr_"
SCOPE = "remote"


class TokenRejected(DiemtinError):
    """A remote token that is unknown, malformed or expired (HTTP 401)."""


class AgreementNotInForce(PermissionDenied):
    """The token's agreement is revoked, not yet accepted or past its period (HTTP 403)."""


@dataclass(frozen=True, slots=True)
class RemoteToken:
    """A stored remote token (never the token itself)."""

    id: str
    agreement_id: str
    created_by: str
    created_at: str
    expires_at: str


def token_hash(raw: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(raw.encode()).hexdigest()


def issue(session: StateSession, actor: Actor, agreement_id: str, *,
          days: int | None = None) -> tuple[RemoteToken, str]:
    """A new token for an agreement the actor's organization offers: ``(info, token)``.

    It expires after ``days`` (default: at the agreement's end).

    Raises:
        PermissionDenied: the actor is not the offerer's admin, or the agreement is revoked.
    """
    found = get(session, actor.org_id, agreement_id)
    if not actor.can(Role.ADMIN) or actor.org_id != found.offerer_org:
        raise PermissionDenied("only the offerer's admin issues remote tokens")
    if found.state is State.REVOKED:
        raise AgreementNotInForce(f"agreement {found.id} is revoked")
    expires = found.ends_at
    if days is not None:
        expires = min(expires, now_text(datetime.now(UTC) + timedelta(days=days)))
    raw = PREFIX + secrets.token_urlsafe(32)
    info = RemoteToken(id=new_id("rtk"), agreement_id=found.id,
                       created_by=actor.email or actor.via, created_at=now_text(),
                       expires_at=expires)
    session.run("INSERT INTO agreement_tokens VALUES (:id, :agreement, :hash, :by, :at, "
                ":expires, NULL)", id=info.id, agreement=found.id, hash=token_hash(raw),
                by=info.created_by, at=info.created_at, expires=expires)
    return info, raw


def authenticate(session: StateSession, raw: str, now: str | None = None
                 ) -> tuple[Actor, Agreement]:
    """The partner actor and the in-force agreement a token stands for.

    Raises:
        TokenRejected: unknown, malformed or expired token.
        AgreementNotInForce: the agreement is revoked or outside its period.
    """
    moment = now or now_text()
    digest = token_hash(raw)
    row = one(session, "SELECT * FROM agreement_tokens WHERE token_hash = :hash", hash=digest)
    # The lookup is by a hash of a 256-bit secret; compare again in constant time anyway.
    if (row is None or not raw.startswith(PREFIX)
            or not hmac.compare_digest(str(row["token_hash"]), digest)):
        raise TokenRejected("unknown remote token")
    if row["expires_at"] <= moment:
        raise TokenRejected("the remote token has expired; ask the partner for a new one")
    agreement = one(session, "SELECT offerer_org FROM agreements WHERE id = :id",
                    id=row["agreement_id"])
    found = get(session, str(agreement["offerer_org"]) if agreement else "", row["agreement_id"])
    if not found.in_force(moment):
        raise AgreementNotInForce(f"agreement {found.id} is {found.state} and not in force")
    session.run("UPDATE agreement_tokens SET last_used_at = :now WHERE id = :id", now=moment,
                id=row["id"])
    partner = Actor(org_id=found.partner_org, role=Role.VIEWER, email=f"remote:{row['id']}",
                    via="token")
    return partner, found
