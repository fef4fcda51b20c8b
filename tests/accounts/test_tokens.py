"""API tokens: hashed, scoped, expiring, revocable; on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from diemtin.accounts.actor import Role
from diemtin.accounts.audit import iter_entries, verify
from diemtin.accounts.orgs import create_org
from diemtin.accounts.tokens import (
    Scope,
    authenticate_token,
    create_token,
    list_tokens,
    parse_duration,
    revoke_agreement_tokens,
    revoke_token,
)
from diemtin.accounts.users import create_user, disable_user, remove_member
from diemtin.errors import InputError
from diemtin.store import Store

NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def _user_token(store: Store, *scopes: Scope,
                expires: datetime | None = None) -> tuple[str, str, str]:
    def work(session):  # type: ignore[no-untyped-def]
        org = create_org(session, "cli", "Sở VH-TT tỉnh A")
        user = create_user(session, "cli", "bientap@so-a.vn", "$argon2id$khong-dung",
                           org_id=org.id, role=Role.EDITOR)
        _, raw = create_token(session, org_id=org.id, user_id=user.id, scopes=list(scopes),
                              expires=expires)
        return org.id, user.id, raw
    result: tuple[str, str, str] = store.transact(work)
    return result


def test_tokens_authenticate_and_store_only_a_hash(store: Store) -> None:
    org_id, user_id, raw = _user_token(store, Scope.READ, expires=NOW + timedelta(days=30))
    assert raw.startswith("dt_tok_") and len(raw.split("_")[-1]) == 64
    info = store.transact(lambda s: authenticate_token(s, raw, NOW))
    assert info is not None and info.org_id == org_id and info.user_id == user_id
    assert info.scopes == (Scope.READ,) and info.role_cap() is Role.VIEWER
    stored = store.transact(lambda s: s.rows("SELECT * FROM api_tokens"))
    assert raw.split("_")[-1] not in repr(stored)
    assert stored[0]["last_used_at"] is not None


def test_tokens_wrong_secret_of_equal_length_is_refused(store: Store) -> None:
    _, _, raw = _user_token(store, Scope.WRITE)
    secret = raw.rsplit("_", 1)[1]
    for wrong in (secret[:-1] + ("0" if secret[-1] != "0" else "1"),
                  ("0" if secret[0] != "0" else "1") + secret[1:], "f" * 64):
        forged = raw.rsplit("_", 1)[0] + "_" + wrong
        assert len(forged) == len(raw)
        assert store.transact(lambda s, t=forged: authenticate_token(s, t, NOW)) is None
    for junk in ("", "dt_", "Bearer x", raw + "0", raw.upper()):
        assert store.transact(lambda s, t=junk: authenticate_token(s, t, NOW)) is None


def test_tokens_expire_and_revoke(store: Store) -> None:
    _, _, raw = _user_token(store, Scope.READ, expires=NOW + timedelta(hours=1))
    assert store.transact(lambda s: authenticate_token(s, raw, NOW)) is not None
    later = NOW + timedelta(hours=1)
    assert store.transact(lambda s: authenticate_token(s, raw, later)) is None
    token_id = store.transact(list_tokens)[0].id
    store.transact(lambda s: revoke_token(s, "cli", token_id))
    assert store.transact(lambda s: authenticate_token(s, raw, NOW)) is None
    assert store.transact(list_tokens)[0].revoked_at is not None


def test_tokens_stop_when_user_disabled_or_removed(store: Store) -> None:
    org_id, _, raw = _user_token(store, Scope.READ)
    store.transact(lambda s: remove_member(s, "cli", "bientap@so-a.vn", org_id=org_id))
    assert store.transact(lambda s: authenticate_token(s, raw, NOW)) is None
    _, _, other = store.transact(lambda s: (None, None, create_token(
        s, org_id=org_id, user_id=None, scopes=[Scope.REMOTE], expires=None,
        agreement_id="agr_1")[1]))
    assert store.transact(lambda s: authenticate_token(s, other, NOW)) is not None
    store.transact(lambda s: disable_user(s, "bientap@so-a.vn"))
    assert store.transact(lambda s: revoke_agreement_tokens(s, "cli", "agr_1")) == 1
    assert store.transact(lambda s: authenticate_token(s, other, NOW)) is None


def test_tokens_use_is_audited_once_a_minute(store: Store) -> None:
    _, _, raw = _user_token(store, Scope.READ)
    for seconds in (0, 10, 59, 61):
        moment = NOW + timedelta(seconds=seconds)
        store.transact(lambda s, m=moment: authenticate_token(s, raw, m))
    uses = [e for e in iter_entries(store) if e.action == "token.used"]
    assert len(uses) == 2 and uses[0].actor == "bientap@so-a.vn"
    assert verify(store).intact


def test_tokens_agreement_tokens_need_remote_scope_only(store: Store) -> None:
    org_id, user_id, _ = _user_token(store, Scope.READ)
    with pytest.raises(InputError):
        store.transact(lambda s: create_token(s, org_id=org_id, user_id=None,
                                              scopes=[Scope.READ], expires=None,
                                              agreement_id="agr_1"))
    with pytest.raises(InputError):
        store.transact(lambda s: create_token(s, org_id=org_id, user_id=user_id,
                                              scopes=[Scope.REMOTE], expires=None))


def test_tokens_durations() -> None:
    assert parse_duration("30d") == timedelta(days=30)
    assert parse_duration("12h") == timedelta(hours=12)
    for bad in ("0d", "30", "1y", "-1d"):
        with pytest.raises(InputError):
            parse_duration(bad)


def test_token_use_writes_last_used_at_at_most_once_a_minute(store: Store) -> None:
    _, _, raw = _user_token(store, Scope.READ, expires=NOW + timedelta(days=30))
    first = store.transact(lambda s: authenticate_token(s, raw, NOW))
    # Within the minute the check only reads: it runs in a read-only session.
    again = store.read_state(lambda s: authenticate_token(s, raw, NOW + timedelta(seconds=30)))
    assert first is not None and again is not None
    assert again.last_used_at == first.last_used_at
    later = store.transact(lambda s: authenticate_token(s, raw, NOW + timedelta(minutes=2)))
    assert later is not None and later.last_used_at != first.last_used_at
    stored = store.transact(lambda s: s.rows("SELECT last_used_at FROM api_tokens"))
    assert stored == [{"last_used_at": later.last_used_at}]
