"""Web sessions: hashed ids, idle and absolute expiry, organization switch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from diemtin.accounts.actor import Role
from diemtin.accounts.orgs import create_org
from diemtin.accounts.sessions import (
    SessionPolicy,
    end_session,
    key_hash,
    load_session,
    purge_expired,
    start_session,
    switch_org,
)
from diemtin.accounts.users import add_member, create_user, disable_user
from diemtin.errors import ItemNotFound
from diemtin.store import Store

T0 = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)
POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=2))


def _user(store: Store) -> tuple[str, str, str]:
    def work(session):  # type: ignore[no-untyped-def]
        a = create_org(session, "cli", "Báo Tây Bắc")
        b = create_org(session, "cli", "Báo Miền Trung")
        user = create_user(session, "cli", "phongvien@taybac.vn", "h", org_id=a.id,
                           role=Role.EDITOR)
        add_member(session, "cli", user.email, org_id=b.id, role=Role.VIEWER)
        return user.id, a.id, b.id
    result: tuple[str, str, str] = store.transact(work)
    return result


def test_sessions_store_only_a_hash_and_expire_when_idle(store: Store) -> None:
    user_id, org_a, _ = _user(store)
    raw = store.transact(lambda s: start_session(s, user_id, T0, policy=POLICY,
                                                 org_id=org_a))
    stored = store.transact(lambda s: s.rows("SELECT id FROM web_sessions"))
    assert stored == [{"id": key_hash(raw)}] and raw not in repr(stored)
    found = store.transact(lambda s: load_session(s, raw, T0 + timedelta(minutes=29),
                                                  policy=POLICY))
    assert found is not None and found.org_id == org_a and found.role is Role.EDITOR
    assert found.actor().via == "session" and found.csrf_token
    # Used at 29 min, so still alive at 58 min; then idle past 30 min: gone.
    later = T0 + timedelta(minutes=58)
    assert store.transact(lambda s: load_session(s, raw, later, policy=POLICY)) is not None
    idle = later + timedelta(minutes=30)
    assert store.transact(lambda s: load_session(s, raw, idle, policy=POLICY)) is None
    assert store.transact(lambda s: s.rows("SELECT id FROM web_sessions")) == []


def test_sessions_absolute_expiry_even_when_used(store: Store) -> None:
    user_id, _, _ = _user(store)
    raw = store.transact(lambda s: start_session(s, user_id, T0, policy=POLICY))
    moment = T0
    while moment < T0 + timedelta(hours=2) - timedelta(minutes=10):
        moment += timedelta(minutes=10)
        assert store.transact(lambda s, m=moment: load_session(s, raw, m, policy=POLICY))
    end = T0 + timedelta(hours=2)
    assert store.transact(lambda s: load_session(s, raw, end, policy=POLICY)) is None


def test_sessions_switch_end_and_disable(store: Store) -> None:
    user_id, org_a, org_b = _user(store)
    raw = store.transact(lambda s: start_session(s, user_id, T0, policy=POLICY,
                                                 org_id=org_a))
    current = store.transact(lambda s: load_session(s, raw, T0, policy=POLICY))
    assert current is not None and current.org_id == org_a
    store.transact(lambda s: switch_org(s, current, org_b))
    moved = store.transact(lambda s: load_session(s, raw, T0, policy=POLICY))
    assert moved is not None and moved.org_id == org_b and moved.role is Role.VIEWER
    with pytest.raises(ItemNotFound):
        store.transact(lambda s: switch_org(s, current, "org_khac"))
    assert store.transact(lambda s: end_session(s, raw)) is not None
    assert store.transact(lambda s: load_session(s, raw, T0, policy=POLICY)) is None
    other = store.transact(lambda s: start_session(s, user_id, T0, policy=POLICY))
    store.transact(lambda s: disable_user(s, "phongvien@taybac.vn"))
    assert store.transact(lambda s: load_session(s, other, T0, policy=POLICY)) is None
    assert store.transact(lambda s: purge_expired(s, T0 + timedelta(days=1), POLICY)) == 0
