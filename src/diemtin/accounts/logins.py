"""Logging in with a password: rate limited, audited, timing-safe.

Failures are rows of ``login_failures`` keyed by the email and by the client address,
so the limit holds across restarts and across server processes. After ``max_failures``
failures within ``window`` for either key, logins are refused (the web answers 429 with
``Retry-After``) until the oldest failure of the window ages out — even with the right
password, so guessing cannot go on in the background. A successful login clears the
email's failures (not the address's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from diemtin.accounts.audit import Action, record
from diemtin.accounts.passwords import verify_password
from diemtin.accounts.sessions import DEFAULT_POLICY, SessionPolicy, purge_expired, start_session
from diemtin.accounts.users import User, memberships_of, password_hash_of
from diemtin.errors import DiemtinError
from diemtin.store.base import Store
from diemtin.store.state import StateSession, new_id, now_text


@dataclass(frozen=True, slots=True)
class LoginLimit:
    """At most ``max_failures`` failed logins per email and per address in ``window``."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)


class LoginRefused(DiemtinError):
    """Wrong email or password (one message for both: no account enumeration)."""


class TooManyLogins(DiemtinError):
    """Too many failed logins; ``retry_after`` seconds to wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after} s")
        self.retry_after = retry_after


def _keys(email: str, address: str) -> tuple[str, str]:
    return f"email:{email.strip().lower()}", f"address:{address}"


def retry_after(session: StateSession, keys: tuple[str, ...], now: datetime,
                limit: LoginLimit) -> int | None:
    """Seconds until a login may be tried again for any of ``keys``; None when allowed."""
    since = now_text(now - limit.window)
    wait = 0.0
    for key in keys:
        times = [row["at"] for row in session.rows(
            "SELECT at FROM login_failures WHERE key = :key AND at > :since ORDER BY at DESC",
            key=key, since=since)]
        if len(times) >= limit.max_failures:
            oldest = datetime.fromisoformat(times[limit.max_failures - 1].replace("Z",
                                                                                 "+00:00"))
            wait = max(wait, (oldest + limit.window - now).total_seconds())
    return max(1, math.ceil(wait)) if wait > 0 else None


def _fail(session: StateSession, email: str, address: str, now: datetime,
          limit: LoginLimit) -> None:
    session.run("DELETE FROM login_failures WHERE at <= :old",
                old=now_text(now - limit.window))
    for key in _keys(email, address):
        session.run("INSERT INTO login_failures VALUES (:id, :key, :at)", id=new_id("lf"),
                    key=key, at=now_text(now))


def log_in(store: Store, email: str, password: str, *, address: str, now: datetime,
           limit: LoginLimit = LoginLimit(),
           policy: SessionPolicy = DEFAULT_POLICY) -> tuple[User, str]:
    """Check the password and start a session; return the user and the cookie value.

    Raises:
        TooManyLogins: the email or the address failed too often lately.
        LoginRefused: unknown email, wrong password, disabled user or no organization.
    """
    keys = _keys(email, address)
    wait = store.transact(lambda s: retry_after(s, keys, now, limit))
    if wait is not None:
        raise TooManyLogins(wait)
    found = store.transact(lambda s: password_hash_of(s, email))
    # Hashing happens outside any transaction; an unknown email checks a dummy hash.
    ok = verify_password(found[1] if found else None, password)
    if not ok or found is None:
        store.transact(lambda s: _record_failure(s, email, address, now, limit))
        raise LoginRefused("wrong email or password")
    user = found[0]

    def succeed(session: StateSession) -> str | None:
        orgs = memberships_of(session, user.id)
        if not orgs:
            return None
        session.run("DELETE FROM login_failures WHERE key = :key", key=keys[0])
        purge_expired(session, now, policy)  # sessions of browsers that never came back
        raw = start_session(session, user.id, now, policy=policy)
        record(session, user.email, Action.LOGIN, org=orgs[0].org_id, subject=user.id,
               detail={"address": address})
        return raw

    raw = store.transact(succeed)
    if raw is None:
        raise LoginRefused("this user belongs to no organization")
    return user, raw


def _record_failure(session: StateSession, email: str, address: str, now: datetime,
                    limit: LoginLimit) -> None:
    _fail(session, email, address, now, limit)
    found = password_hash_of(session, email)
    orgs = memberships_of(session, found[0].id) if found else []
    # An unknown email's failure is recorded under the local organization's log only
    # through the address, never with the typed text (it may be a password).
    record(session, found[0].email if found else "unknown", Action.LOGIN_FAILED,
           org=orgs[0].org_id if orgs else "local", subject=found[0].id if found else None,
           detail={"address": address})
