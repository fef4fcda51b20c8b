"""Web sessions: a random cookie, stored hashed, with idle and absolute expiry.

The cookie holds 256 random bits; the table keeps only their SHA-256, so a copy of the
database gives no live session. Each login creates a new session (never reuses one the
browser brought: no session fixation); logout deletes it. A session acts for one
organization of its user, switched with :func:`switch_org`, and carries the
synchronizer token its forms must send back (CSRF).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.users import memberships_of, role_in
from diemtin.errors import ItemNotFound
from diemtin.store.state import StateSession, now_text, one, parse_time

TOUCH_EVERY = timedelta(minutes=1)
"""``last_seen_at`` is written at most this often (a page view is not a write)."""


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    """How long sessions live.

    Attributes:
        idle: a session unused this long ends.
        absolute: a session ends this long after login, used or not.
    """

    idle: timedelta = timedelta(hours=2)
    absolute: timedelta = timedelta(hours=12)


DEFAULT_POLICY = SessionPolicy()

@dataclass(frozen=True, slots=True)
class WebSession:
    """A live session: who, for which organization, with which role, and its CSRF token."""

    key_hash: str
    user_id: str
    email: str
    org_id: str
    role: Role
    csrf_token: str
    expires_at: str

    def actor(self) -> Actor:
        """The actor of the session's requests."""
        return Actor(org_id=self.org_id, role=self.role, user_id=self.user_id,
                     email=self.email, via="session")


def key_hash(raw: str) -> str:
    """What the table stores for the cookie value ``raw``."""
    return hashlib.sha256(raw.encode()).hexdigest()


def start_session(session: StateSession, user_id: str, now: datetime, *,
                  policy: SessionPolicy = SessionPolicy(),
                  org_id: str | None = None) -> str:
    """A new session for the user, in ``org_id`` or its first organization; returns the
    cookie value (shown to the browser only)."""
    orgs = memberships_of(session, user_id)
    chosen = [m for m in orgs if m.org_id == org_id] or orgs
    if not chosen:
        raise ItemNotFound("membership", user_id, "the user belongs to no organization")
    raw = secrets.token_urlsafe(32)
    stamp = now_text(now)
    session.run("INSERT INTO web_sessions VALUES (:id, :user, :org, :csrf, :now, :now, "
                ":expires)", id=key_hash(raw), user=user_id, org=chosen[0].org_id,
                csrf=secrets.token_urlsafe(32), now=stamp,
                expires=now_text(now + policy.absolute))
    return raw


def load_session(session: StateSession, raw: str, now: datetime, *,
                 policy: SessionPolicy = SessionPolicy()) -> WebSession | None:
    """The live session of cookie value ``raw``, or None (unknown, idle too long, past its
    absolute end, its user disabled or no longer a member)."""
    row = one(session, "SELECT s.*, u.email FROM web_sessions s JOIN users u "
              "ON u.id = s.user_id WHERE s.id = :id", id=key_hash(raw))
    if row is None:
        return None
    role = role_in(session, row["user_id"], row["org_id"])
    seen = parse_time(row["last_seen_at"])
    if role is None or now >= parse_time(row["expires_at"]) or now - seen >= policy.idle:
        session.run("DELETE FROM web_sessions WHERE id = :id", id=row["id"])
        return None
    if now - seen >= TOUCH_EVERY:
        session.run("UPDATE web_sessions SET last_seen_at = :now WHERE id = :id",
                    now=now_text(now), id=row["id"])
    return WebSession(key_hash=row["id"], user_id=row["user_id"], email=row["email"],
                      org_id=row["org_id"], role=role, csrf_token=row["csrf_token"],
                      expires_at=row["expires_at"])


def end_session(session: StateSession, raw: str) -> WebSession | None:
    """Delete the session of cookie value ``raw`` (logout); return what it was."""
    row = one(session, "SELECT s.*, u.email FROM web_sessions s JOIN users u "
              "ON u.id = s.user_id WHERE s.id = :id", id=key_hash(raw))
    if row is None:
        return None
    session.run("DELETE FROM web_sessions WHERE id = :id", id=row["id"])
    return WebSession(key_hash=row["id"], user_id=row["user_id"], email=row["email"],
                      org_id=row["org_id"], role=Role(Role.VIEWER),
                      csrf_token="", expires_at=row["expires_at"])


def switch_org(session: StateSession, current: WebSession, org_id: str) -> None:
    """Make the session act for ``org_id``, one of its user's organizations."""
    if role_in(session, current.user_id, org_id) is None:
        raise ItemNotFound("organization", org_id, "you are not a member of it")
    session.run("UPDATE web_sessions SET org_id = :org WHERE id = :id", org=org_id,
                id=current.key_hash)


def purge_expired(session: StateSession, now: datetime,
                  policy: SessionPolicy = SessionPolicy()) -> int:
    """Delete sessions past their end or idle too long; return how many."""
    return session.run("DELETE FROM web_sessions WHERE expires_at <= :now OR "
                       "last_seen_at <= :idle", now=now_text(now),
                       idle=now_text(now - policy.idle))
