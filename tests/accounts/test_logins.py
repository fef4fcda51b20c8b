"""Password logins: the rate limit, its window, audit entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from diemtin.accounts.actor import Role
from diemtin.accounts.audit import iter_entries
from diemtin.accounts.logins import LoginLimit, LoginRefused, TooManyLogins, log_in
from diemtin.accounts.orgs import create_org
from diemtin.accounts.passwords import hash_password
from diemtin.accounts.users import create_user
from diemtin.store import Store

T0 = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)
LIMIT = LoginLimit(max_failures=2, window=timedelta(minutes=10))
PASSWORD = "Mật-khẩu-bạn-đọc-01"


@pytest.fixture
def reader(store: Store) -> Store:
    password_hash = hash_password(PASSWORD)
    store.transact(lambda s: create_user(s, "cli", "bandoc@so-a.vn", password_hash,
                                         org_id=create_org(s, "cli", "Sở A").id,
                                         role=Role.VIEWER))
    return store


def test_logins_limit_by_email_then_window_passes(reader: Store) -> None:
    for minute in (0, 1):
        with pytest.raises(LoginRefused):
            log_in(reader, "bandoc@so-a.vn", "sai", address="10.0.0.1",
                   now=T0 + timedelta(minutes=minute), limit=LIMIT)
    with pytest.raises(TooManyLogins) as refused:
        log_in(reader, "BanDoc@so-a.vn", PASSWORD, address="10.0.0.2",
               now=T0 + timedelta(minutes=2), limit=LIMIT)
    assert refused.value.retry_after == 8 * 60  # the first failure leaves the window at 10
    user, raw = log_in(reader, "bandoc@so-a.vn", PASSWORD, address="10.0.0.2",
                       now=T0 + timedelta(minutes=10, seconds=1), limit=LIMIT)
    assert user.email == "bandoc@so-a.vn" and len(raw) == 43
    actions = [e.action for e in iter_entries(reader)]
    assert actions.count("login.failed") == 2 and actions[-1] == "login"


def test_logins_limit_by_address_and_unknown_emails(reader: Store) -> None:
    for email in ("khong-co@so-a.vn", "cung-khong@so-a.vn"):
        with pytest.raises(LoginRefused):
            log_in(reader, email, "đoán-bừa", address="10.9.9.9", now=T0, limit=LIMIT)
    with pytest.raises(TooManyLogins):
        log_in(reader, "bandoc@so-a.vn", PASSWORD, address="10.9.9.9", now=T0, limit=LIMIT)
    failed = [e for e in iter_entries(reader) if e.action == "login.failed"]
    assert all(e.actor == "unknown" and e.detail == {"address": "10.9.9.9"} for e in failed)
