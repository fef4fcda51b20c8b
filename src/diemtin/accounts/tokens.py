"""API tokens: shown once, stored hashed, scoped, expiring, revocable.

A token reads ``dt_<id>_<secret>``: the id finds the row, the secret (256 random bits, 64
hex digits) is checked against its stored SHA-256 with :func:`hmac.compare_digest`.
A random 256-bit secret needs no slow hash: nobody can guess it, and the hash alone
(a database leak) does not give it back. Scopes: ``read`` (GET only), ``write`` (also
POST, PUT, DELETE), ``admin`` (also what needs the admin role) and ``remote``: an
agreement's token (no user, ``agreement_id`` set), which only the sharing routes accept.
A use sets ``last_used_at`` when it is a minute old or more (checking a token on every
request then only reads); an audit entry records a use at most once a minute per token,
to keep the log readable.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.audit import Action, record
from diemtin.errors import InputError, ItemNotFound
from diemtin.store.state import StateSession, new_id, now_text, one, parse_time

PREFIX = "dt_"
AUDIT_EVERY = timedelta(minutes=1)
TOUCH_EVERY = timedelta(minutes=1)
"""``last_used_at`` is written at most this often."""
"""A token's use is audited at most once per this interval."""
_RAW = re.compile(r"^dt_(tok_[0-9a-f]{16})_([0-9a-f]{64})$")
_DURATION = re.compile(r"^(\d{1,5})([hdw])$")


class Scope(enum.StrEnum):
    """What a token may do."""

    READ = "read"
    WRITE = "write"
    ADMIN = "admin"
    REMOTE = "remote"


class TokenNotFound(ItemNotFound):
    """No token with that id in the organization."""

    def __init__(self, key: str) -> None:
        super().__init__("token", key, "`diemtin token list` shows them")


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token's row, without its secret."""

    id: str
    org_id: str
    user_id: str | None
    agreement_id: str | None
    scopes: tuple[Scope, ...]
    label: str
    created_at: str
    expires_at: str | None = None
    revoked_at: str | None = None
    last_used_at: str | None = None
    email: str | None = None

    def allows(self, scope: Scope) -> bool:
        """Whether the token carries ``scope`` (admin implies write, write implies read)."""
        implied = {Scope.ADMIN: {Scope.ADMIN, Scope.WRITE, Scope.READ},
                   Scope.WRITE: {Scope.WRITE, Scope.READ}}
        return any(scope in implied.get(own, {own}) for own in self.scopes)

    def role_cap(self) -> Role:
        """The highest role a request with this token acts with."""
        if self.allows(Scope.ADMIN):
            return Role.ADMIN
        return Role.EDITOR if self.allows(Scope.WRITE) else Role.VIEWER

    def to_dict(self) -> dict[str, Any]:
        """JSON data for the CLI and the API (never the secret)."""
        return {"id": self.id, "org": self.org_id, "user": self.email or self.user_id,
                "agreement": self.agreement_id, "scopes": [str(s) for s in self.scopes],
                "label": self.label, "created_at": self.created_at,
                "expires_at": self.expires_at, "revoked_at": self.revoked_at,
                "last_used_at": self.last_used_at}


def parse_scopes(values: tuple[str, ...] | list[str]) -> tuple[Scope, ...]:
    """Scopes from their names; InputError naming the choices otherwise."""
    try:
        scopes = tuple(dict.fromkeys(Scope(value.strip().lower()) for value in values))
    except ValueError:
        raise InputError(f"scopes are read, write, admin or remote; got {list(values)}") \
            from None
    if not scopes:
        raise InputError("a token needs at least one scope (--scope read)")
    return scopes


def parse_duration(text: str) -> timedelta:
    """``30d``, ``12h`` or ``2w`` as a duration; InputError otherwise."""
    match = _DURATION.match(text.strip().lower())
    if match is None or int(match.group(1)) == 0:
        raise InputError(f"a duration is a number and h, d or w (30d, 12h); got {text!r}")
    unit = {"h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
    return timedelta(**{unit: int(match.group(1))})


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: StateSession, *, org_id: str, user_id: str | None,
                 scopes: tuple[Scope, ...] | list[Scope], expires: datetime | None,
                 agreement_id: str | None = None, label: str = "",
                 created_by: Actor | str = "cli") -> tuple[TokenInfo, str]:
    """Store a new token and return it with its raw text (shown once, never stored).

    A user token (``user_id``) acts for that user in ``org_id``; an agreement's token
    (``user_id`` None) needs ``agreement_id`` and the ``remote`` scope.
    """
    scopes = tuple(scopes)
    if (user_id is None) != (agreement_id is not None) or \
            (agreement_id is not None and scopes != (Scope.REMOTE,)):
        raise InputError("a token belongs to a user, or (scope remote only) to an agreement")
    if user_id is not None and Scope.REMOTE in scopes:
        raise InputError("the remote scope is for agreement tokens only")
    secret = secrets.token_hex(32)
    now = now_text()
    info = TokenInfo(id=new_id("tok"), org_id=org_id, user_id=user_id,
                     agreement_id=agreement_id, scopes=scopes, label=label[:200],
                     created_at=now, expires_at=now_text(expires) if expires else None)
    session.run("INSERT INTO api_tokens VALUES (:id, :org, :user, :agreement, :scopes, "
                ":hash, :label, :by, :now, :expires, NULL, NULL, NULL)", id=info.id,
                org=org_id, user=user_id, agreement=agreement_id,
                scopes=" ".join(str(s) for s in scopes), hash=_digest(secret),
                label=info.label, by=created_by if isinstance(created_by, str)
                else created_by.email or created_by.via, now=now, expires=info.expires_at)
    record(session, created_by, Action.TOKEN_CREATED, org=org_id, subject=info.id,
           agreement=agreement_id, detail={"scopes": [str(s) for s in scopes],
                                           "user": user_id, "expires": info.expires_at})
    return info, f"{PREFIX}{info.id}_{secret}"


_SELECT = ("SELECT t.*, u.email FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id ")


def _info(row: dict[str, Any]) -> TokenInfo:
    return TokenInfo(id=row["id"], org_id=row["org_id"], user_id=row["user_id"],
                     agreement_id=row["agreement_id"],
                     scopes=tuple(Scope(s) for s in str(row["scopes"]).split()),
                     label=row["label"], created_at=row["created_at"],
                     expires_at=row["expires_at"], revoked_at=row["revoked_at"],
                     last_used_at=row["last_used_at"], email=row["email"])


def authenticate_token(session: StateSession, raw: str, now: datetime) -> TokenInfo | None:
    """The token ``raw`` when it is valid at ``now``: known, secret matching, not revoked,
    not expired, its user enabled and still a member. Records the use (see the module)."""
    match = _RAW.match(raw.strip())
    if match is None:
        return None
    row = one(session, _SELECT + "WHERE t.id = :id", id=match.group(1))
    if row is None or not hmac.compare_digest(str(row["secret_hash"]),
                                              _digest(match.group(2))):
        return None
    if row["revoked_at"] is not None or (row["expires_at"] is not None
                                         and parse_time(row["expires_at"]) <= now):
        return None
    if row["user_id"] is not None and one(
            session, "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id "
            "WHERE m.user_id = :user AND m.org_id = :org AND u.disabled_at IS NULL",
            user=row["user_id"], org=row["org_id"]) is None:
        return None
    stamp = now_text(now)
    used = row["last_used_at"]
    if used is None or now - parse_time(used) >= TOUCH_EVERY:
        session.run("UPDATE api_tokens SET last_used_at = :now WHERE id = :id", now=stamp,
                    id=row["id"])
    else:
        stamp = used
    audited = row["last_audited_at"]
    if audited is None or now - parse_time(audited) >= AUDIT_EVERY:
        session.run("UPDATE api_tokens SET last_audited_at = :now WHERE id = :id", now=stamp,
                    id=row["id"])
        record(session, row["email"] or f"token:{row['id']}", Action.TOKEN_USED,
               org=row["org_id"], subject=row["id"], agreement=row["agreement_id"])
    return _info({**row, "last_used_at": stamp})


def list_tokens(session: StateSession, *, org_id: str | None = None,
                user_id: str | None = None) -> list[TokenInfo]:
    """Tokens (of an organization, of a user), newest first."""
    where = ["1 = 1"]
    where += ["t.org_id = :org"] if org_id is not None else []
    where += ["t.user_id = :user"] if user_id is not None else []
    params = {key: value for key, value in (("org", org_id), ("user", user_id)) if value}
    rows = session.rows(_SELECT + "WHERE " + " AND ".join(where)
                        + " ORDER BY t.created_at DESC", **params)
    return [_info(row) for row in rows]


def revoke_token(session: StateSession, actor: Actor | str, token_id: str, *,
                 org_id: str | None = None) -> TokenInfo:
    """Revoke the token ``token_id`` (of ``org_id`` when given): refused from now on."""
    row = one(session, _SELECT + "WHERE t.id = :id", id=token_id)
    if row is None or (org_id is not None and row["org_id"] != org_id):
        raise TokenNotFound(token_id)
    now = now_text()
    session.run("UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS "
                "NULL", now=now, id=token_id)
    record(session, actor, Action.TOKEN_REVOKED, org=row["org_id"], subject=token_id,
           agreement=row["agreement_id"])
    return _info({**row, "revoked_at": row["revoked_at"] or now})


def revoke_agreement_tokens(session: StateSession, actor: Actor | str,
                            agreement_id: str) -> int:
    """Revoke every token of an agreement (when it is revoked); return how many."""
    ids = [row["id"] for row in session.rows(
        "SELECT id FROM api_tokens WHERE agreement_id = :agreement AND revoked_at IS NULL",
        agreement=agreement_id)]
    for token_id in ids:
        revoke_token(session, actor, token_id)
    return len(ids)
