"""The demo's organizations and, on request, their admins.

``diemtin demo`` seeds two sample organizations and no user, so the demo stays in local
mode (no login). ``diemtin demo --accounts`` also creates one admin in each, with the
documented demo password :data:`DEMO_PASSWORD` — which turns accounts on, so the demo then
asks for a login. Never use these accounts on a server others can reach.
"""

from __future__ import annotations

from diemtin.accounts.actor import Role
from diemtin.accounts.orgs import create_org
from diemtin.accounts.passwords import hash_password
from diemtin.accounts.users import create_user
from diemtin.store.base import Store
from diemtin.store.state import StateSession, one

DEMO_ORGS = ("Sở VH-TT tỉnh A", "Sở VH-TT tỉnh B")
DEMO_ADMINS = {"Sở VH-TT tỉnh A": "quantri@so-a.vn", "Sở VH-TT tỉnh B": "quantri@so-b.vn"}
DEMO_PASSWORD = "diemtin-demo-2026"
"""The demo admins' password (documented in docs/accounts.md; demo only)."""


def seed_demo(store: Store, *, accounts: bool = False) -> list[str]:
    """Create what of the demo organizations (and, with ``accounts``, admins) is missing;
    return the admins' emails when ``accounts``. Idempotent."""
    password_hash = hash_password(DEMO_PASSWORD) if accounts else ""

    def work(session: StateSession) -> list[str]:
        ids = {}
        for name in DEMO_ORGS:
            row = one(session, "SELECT id FROM organizations WHERE name = :name", name=name)
            ids[name] = row["id"] if row else create_org(session, "demo", name).id
        if not accounts:
            return []
        for name, email in DEMO_ADMINS.items():
            if one(session, "SELECT id FROM users WHERE email = :email", email=email) is None:
                create_user(session, "demo", email, password_hash, org_id=ids[name],
                            role=Role.ADMIN)
        return list(DEMO_ADMINS.values())

    created: list[str] = store.transact(work)
    return created
