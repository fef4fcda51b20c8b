"""The audit log's hash chain, on every backend."""

from __future__ import annotations

import pytest

from diemtin.accounts import LOCAL_ACTOR
from diemtin.accounts.audit import Action, iter_entries, record, verify
from diemtin.store import Store


def _three_entries(store: Store) -> None:
    for subject in ("u1", "u2", "u3"):
        store.transact(lambda s, who=subject: record(s, LOCAL_ACTOR, Action.LOGIN,
                                                     subject=who, detail={"ip": "127.0.0.1"}))


def test_audit_chain_intact_after_appends(store: Store) -> None:
    _three_entries(store)
    check = verify(store)
    assert check.intact and check.checked == 3
    assert [e.seq for e in iter_entries(store)] == [1, 2, 3]


@pytest.mark.parametrize("edit", [
    "UPDATE audit_log SET subject = 'u9' WHERE seq = 2",
    "UPDATE audit_log SET detail = '{\"ip\": \"10.0.0.1\"}' WHERE seq = 2",
    "UPDATE audit_log SET time = '2020-01-01T00:00:00.000000Z' WHERE seq = 2",
    "DELETE FROM audit_log WHERE seq = 2",
])
def test_audit_verify_names_the_first_bad_entry(store: Store, edit: str) -> None:
    _three_entries(store)
    store.transact(lambda s: s.run(edit))
    check = verify(store)
    assert not check.intact
    assert check.bad_seq in (2, 3) and check.reason


def test_audit_entries_filtered_by_org_include_partner_entries(store: Store) -> None:
    store.transact(lambda s: record(s, "a@so-a.vn", Action.SHARED_READ, org="org_a",
                                    partner_org="org_b", subject="col_1", agreement="ag_1"))
    store.transact(lambda s: record(s, "c@so-c.vn", Action.LOGIN, org="org_c"))
    assert [e.action for e in iter_entries(store, org="org_b")] == ["shared.read"]
    assert [e.org for e in iter_entries(store, org="org_c")] == ["org_c"]
