"""Users, memberships and password hashes, on every backend."""

from __future__ import annotations

import pytest

from diemtin.accounts.actor import Role
from diemtin.accounts.audit import iter_entries
from diemtin.accounts.orgs import create_org, list_orgs
from diemtin.accounts.passwords import hash_password, verify_password
from diemtin.accounts.users import (
    add_member,
    create_user,
    disable_user,
    members_of,
    memberships_of,
    password_hash_of,
    remove_member,
    role_in,
    users_exist,
)
from diemtin.errors import InputError, ItemNotFound
from diemtin.store import Store


def test_passwords_are_argon2id_and_verify() -> None:
    stored = hash_password("mật khẩu dài đủ 10")
    assert stored.startswith("$argon2id$") and "m=65536" in stored
    assert verify_password(stored, "mật khẩu dài đủ 10")
    assert not verify_password(stored, "mật khẩu dài đủ 11")
    assert not verify_password(None, "mật khẩu dài đủ 10")
    with pytest.raises(InputError):
        hash_password("ngắn")


def test_users_in_several_orgs(store: Store) -> None:
    def work(session):  # type: ignore[no-untyped-def]
        a = create_org(session, "cli", "Sở VH-TT tỉnh A")
        b = create_org(session, "cli", "Sở VH-TT tỉnh B")
        user = create_user(session, "cli", " Lan.Nguyen@So-A.vn ", "$argon2id$x",
                           org_id=a.id, role=Role.ADMIN)
        add_member(session, "cli", "lan.nguyen@so-a.vn", org_id=b.id, role=Role.VIEWER)
        return a.id, b.id, user
    a, b, user = store.transact(work)
    assert user.email == "lan.nguyen@so-a.vn"
    assert store.transact(users_exist)
    assert [m.role for m in store.transact(lambda s: memberships_of(s, user.id))] == \
        [Role.ADMIN, Role.VIEWER]
    assert store.transact(lambda s: role_in(s, user.id, b)) is Role.VIEWER
    store.transact(lambda s: remove_member(s, "cli", user.email, org_id=b))
    assert store.transact(lambda s: role_in(s, user.id, b)) is None
    assert [m.email for m in store.transact(lambda s: members_of(s, a))] == [user.email]
    assert {e.action for e in iter_entries(store)} >= {"org.created", "member.added",
                                                       "member.removed"}
    store.transact(lambda s: disable_user(s, user.email))
    assert store.transact(lambda s: password_hash_of(s, user.email)) is None
    assert store.transact(lambda s: role_in(s, user.id, a)) is None


def test_users_refuse_duplicates_and_bad_input(store: Store) -> None:
    assert not store.transact(users_exist)
    org = store.transact(lambda s: create_org(s, "cli", "Báo Tây Bắc"))
    store.transact(lambda s: create_user(s, "cli", "a@tay-bac.vn", "h", org_id=org.id,
                                         role=Role.EDITOR))
    with pytest.raises(InputError):
        store.transact(lambda s: create_user(s, "cli", "A@tay-bac.vn", "h", org_id=org.id,
                                             role=Role.EDITOR))
    with pytest.raises(InputError):
        store.transact(lambda s: create_user(s, "cli", "khong-phai-email", "h",
                                             org_id=org.id, role=Role.EDITOR))
    with pytest.raises(InputError):
        store.transact(lambda s: create_org(s, "cli", "Báo Tây Bắc"))
    with pytest.raises(ItemNotFound):
        store.transact(lambda s: add_member(s, "cli", "a@tay-bac.vn", org_id="org_nope",
                                            role=Role.VIEWER))
    assert [o.name for o in store.transact(list_orgs)] == ["Báo Tây Bắc", "local"]
