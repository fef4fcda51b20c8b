"""The demo's organizations: no user (local mode) unless asked for."""

from __future__ import annotations

from diemtin.accounts.demo import DEMO_ORGS, DEMO_PASSWORD, seed_demo
from diemtin.accounts.orgs import list_orgs
from diemtin.accounts.passwords import verify_password
from diemtin.accounts.users import password_hash_of, users_exist
from diemtin.store import Store


def test_demo_seeds_orgs_without_users_then_admins_on_request(store: Store) -> None:
    assert seed_demo(store) == []
    assert seed_demo(store) == []  # idempotent
    assert not store.transact(users_exist)
    names = [org.name for org in store.transact(list_orgs)]
    assert all(names.count(name) == 1 for name in DEMO_ORGS)
    admins = seed_demo(store, accounts=True)
    assert admins == ["quantri@so-a.vn", "quantri@so-b.vn"]
    found = store.transact(lambda s: password_hash_of(s, admins[0]))
    assert found is not None and verify_password(found[1], DEMO_PASSWORD)
    assert seed_demo(store, accounts=True) == admins
