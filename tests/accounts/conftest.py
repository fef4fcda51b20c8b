"""Fixtures of the sharing tests: two provinces' press offices on one instance."""

from __future__ import annotations

from datetime import date

import pytest

from diemtin.accounts.actor import Actor, Role
from diemtin.store import Store
from diemtin.store.state import now_text

ORG_A, ORG_B, ORG_C = "o_a", "o_b", "o_c"
NAMES = {ORG_A: "Sở VH-TT tỉnh Lào Cai", ORG_B: "Sở VH-TT tỉnh Điện Biên",
         ORG_C: "Báo Tây Bắc"}
UNTIL = date(2099, 12, 31)


def actor(org: str, role: Role = Role.ADMIN, email: str | None = None) -> Actor:
    """An actor of ``org`` (an email per org and role by default)."""
    return Actor(org_id=org, role=role, email=email or f"{role}@{org}.gov.vn", via="session")


def add_orgs(store: Store) -> None:
    """Create the three test organizations."""
    def work(session: object) -> None:
        for org_id, name in NAMES.items():
            session.run("INSERT INTO organizations VALUES (:id, :name, :now)",  # type: ignore[attr-defined]
                        id=org_id, name=name, now=now_text())
    store.transact(work)


@pytest.fixture
def orgs(store: Store) -> Store:
    """The ``store`` with the three organizations."""
    add_orgs(store)
    return store
