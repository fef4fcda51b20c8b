"""Remote tokens: issued by the offerer's admin, bound to one agreement, refused once it
is not in force or revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from diemtin.accounts import agreements as agr
from diemtin.accounts import collections as col
from diemtin.accounts import remote_tokens
from diemtin.accounts.actor import Role
from diemtin.accounts.tokens import Scope, create_token
from diemtin.errors import PermissionDenied
from diemtin.store import Store
from tests.accounts.conftest import ORG_A, ORG_B, UNTIL, actor


def _agreement(store: Store, *, accept: bool = True) -> str:
    made = store.transact(lambda s: col.create(s, ORG_A, "Tin chia sẻ"))
    proposed = store.transact(lambda s: agr.propose(
        s, actor(ORG_A), ORG_B, [("collection", made.id)], rights=agr.Rights.VIEW,
        until=UNTIL))
    if accept:
        store.transact(lambda s: agr.accept(s, actor(ORG_B), proposed.id))
    return proposed.id


def test_remote_token_acts_for_the_partner_as_viewer(orgs: Store) -> None:
    agreement_id = _agreement(orgs)
    info, raw = orgs.transact(lambda s: remote_tokens.issue(s, actor(ORG_A), agreement_id))
    assert info.scopes == (Scope.REMOTE,) and info.user_id is None
    assert info.org_id == ORG_A and info.agreement_id == agreement_id
    stored = orgs.transact(lambda s: s.rows("SELECT secret_hash FROM api_tokens"))
    assert raw.rsplit("_", 1)[1] not in str(stored)  # only the hash is kept
    who, found = orgs.transact(lambda s: remote_tokens.authenticate(s, raw))
    assert (who.org_id, who.role, who.via) == (ORG_B, Role.VIEWER, "token")
    assert found.id == agreement_id


def test_remote_token_issued_only_by_the_offerers_admin(orgs: Store) -> None:
    agreement_id = _agreement(orgs)
    for who in (actor(ORG_B), actor(ORG_A, Role.EDITOR)):
        with pytest.raises(PermissionDenied):
            orgs.transact(lambda s, w=who: remote_tokens.issue(s, w, agreement_id))
    orgs.transact(lambda s: agr.revoke(s, actor(ORG_A), agreement_id))
    with pytest.raises(PermissionDenied, match="revoked"):
        orgs.transact(lambda s: remote_tokens.issue(s, actor(ORG_A), agreement_id))


def test_remote_token_expiry_and_states(orgs: Store) -> None:
    agreement_id = _agreement(orgs, accept=False)
    _, raw = orgs.transact(lambda s: remote_tokens.issue(s, actor(ORG_A), agreement_id, days=2))
    with pytest.raises(remote_tokens.AgreementNotInForce):
        orgs.transact(lambda s: remote_tokens.authenticate(s, raw))
    orgs.transact(lambda s: agr.accept(s, actor(ORG_B), agreement_id))
    orgs.transact(lambda s: remote_tokens.authenticate(s, raw))
    later = datetime.now(UTC) + timedelta(days=3)
    with pytest.raises(remote_tokens.TokenRejected):
        orgs.transact(lambda s: remote_tokens.authenticate(s, raw, later))
    orgs.transact(lambda s: agr.revoke(s, actor(ORG_B), agreement_id))
    with pytest.raises(remote_tokens.TokenRejected):
        orgs.transact(lambda s: remote_tokens.authenticate(s, raw))


def test_a_user_token_is_not_a_remote_token(orgs: Store) -> None:
    orgs.transact(lambda s: s.run(
        "INSERT INTO users VALUES ('usr_1', 'bientap@laocai.gov.vn', 'x', :now, NULL)",
        now="2026-01-01T00:00:00.000000Z"))
    orgs.transact(lambda s: s.run("INSERT INTO memberships VALUES ('usr_1', :org, 'admin', "
                                  "'2026-01-01T00:00:00.000000Z')", org=ORG_B))
    _, raw = orgs.transact(lambda s: create_token(s, org_id=ORG_B, user_id="usr_1",
                                                  scopes=[Scope.ADMIN], expires=None))
    with pytest.raises(remote_tokens.TokenRejected):
        orgs.transact(lambda s: remote_tokens.authenticate(s, raw))
    for bad in ("", "dt_", "Bearer x", "dt_tok_0000000000000000_" + "0" * 64):
        with pytest.raises(remote_tokens.TokenRejected):
            orgs.transact(lambda s, b=bad: remote_tokens.authenticate(s, b))
