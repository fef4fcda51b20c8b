"""Saved searches in the store, on every backend."""

from __future__ import annotations

import pytest

from diemtin.brief import saved
from diemtin.errors import InputError, QuerySyntaxError
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG


def test_saved_search_round_trip_with_filters(store: Store) -> None:
    made = store.transact(lambda s: saved.save(s, LOCAL_ORG, "Lào Cai", '"Lào Cai" OR "Yên Bái"',
                                               outlets=("baotaybac",), places=("Lào Cai",)))
    found = store.transact(lambda s: saved.get(s, LOCAL_ORG, "Lào Cai"))
    assert found == made
    query = found.query()
    assert query.outlets == ("baotaybac",) and ("LOC", "Lào Cai") in query.entities


def test_saved_search_names_are_unique_per_org(store: Store) -> None:
    store.transact(lambda s: saved.save(s, LOCAL_ORG, "Mưa lũ", "mưa lũ"))
    with pytest.raises(InputError):
        store.transact(lambda s: saved.save(s, LOCAL_ORG, "Mưa lũ", "ngập"))
    changed = store.transact(lambda s: saved.save(s, LOCAL_ORG, "Mưa lũ", "ngập", replace=True))
    assert changed.text == "ngập"
    assert [x.name for x in store.transact(lambda s: saved.list_saved(s, LOCAL_ORG))] == ["Mưa lũ"]


def test_saved_search_invisible_to_another_org(store: Store) -> None:
    store.transact(lambda s: s.run("INSERT INTO organizations VALUES ('o_b', 'Sở B', 'x')"))
    store.transact(lambda s: saved.save(s, LOCAL_ORG, "Riêng", "giáo dục"))
    with pytest.raises(saved.SavedSearchNotFound):
        store.transact(lambda s: saved.get(s, "o_b", "Riêng"))
    assert store.transact(lambda s: saved.list_saved(s, "o_b")) == []


def test_saved_search_refuses_a_bad_query_and_stores_nothing(store: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        store.transact(lambda s: saved.save(s, LOCAL_ORG, "Hỏng", '"chưa đóng'))
    assert store.transact(lambda s: saved.list_saved(s, LOCAL_ORG)) == []


def test_saved_search_remove(store: Store) -> None:
    store.transact(lambda s: saved.save(s, LOCAL_ORG, "Xóa", "bão"))
    store.transact(lambda s: saved.remove(s, LOCAL_ORG, "Xóa"))
    with pytest.raises(saved.SavedSearchNotFound):
        store.transact(lambda s: saved.remove(s, LOCAL_ORG, "Xóa"))
