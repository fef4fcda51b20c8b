"""Helpers of the sharing web tests: a client logged in for a chosen organization and role.

Each client is a real user of the organization with a real session (the cookie the login
form would set) and sends the session's CSRF token in the header, as the pages' forms and
scripts do.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from diemtin.accounts.actor import Role
from diemtin.accounts.sessions import key_hash, start_session
from diemtin.accounts.users import UserNotFound, add_member, create_user, get_user
from diemtin.store import Store
from diemtin.store.state import StateSession, one
from diemtin.web import create_app
from diemtin.web.auth import CSRF_HEADER, SESSION_COOKIE

LOCAL = "http://127.0.0.1:8000"
_UNUSABLE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$dW51c2FibGU$dW51c2FibGUtaGFzaA"
"""These users never log in with a password: a hash no password matches."""


def _session_of(session: StateSession, org: str, role: Role, email: str) -> tuple[str, str]:
    try:
        get_user(session, email)
        add_member(session, "test", email, org_id=org, role=role)
    except UserNotFound:
        create_user(session, "test", email, _UNUSABLE_HASH, org_id=org, role=role)
    user = get_user(session, email)
    raw = start_session(session, user.id, datetime.now(UTC), org_id=org)
    row = one(session, "SELECT csrf_token FROM web_sessions WHERE id = :id", id=key_hash(raw))
    assert row is not None
    return raw, str(row["csrf_token"])


def client_as(store: Store, org: str, role: Role = Role.ADMIN,
              email: str | None = None) -> TestClient:
    """A test client whose requests act for ``org`` with ``role``, as a logged-in user."""
    who = email or f"{role}@{org}.gov.vn"
    raw, csrf = store.transact(lambda session: _session_of(session, org, role, who))
    client = TestClient(create_app(store), base_url=LOCAL, follow_redirects=False)
    client.cookies.set(SESSION_COOKIE, raw)
    client.headers[CSRF_HEADER] = csrf
    return client
