"""Rows an organization names (``diemtin.store.named``), on every backend."""

from __future__ import annotations

import pytest

from diemtin.errors import InputError, ItemNotFound
from diemtin.store import Store
from diemtin.store.named import claim_name, find_named, get_named, list_named, named_id
from diemtin.store.state import LOCAL_ORG, StateSession, now_text

OTHER_ORG = "o_khac"


def _add(session: StateSession, row_id: str, org: str, name: str) -> None:
    session.run("INSERT INTO remotes VALUES (:id, :org, :name, 'https://tin.example', 't', "
                ":at, NULL, NULL)", id=row_id, org=org, name=name, at=now_text())


@pytest.fixture
def named(store: Store) -> Store:
    """Remotes "lao-cai" and "yen-bai" of the local org, "lao-cai" of another org."""
    def work(session: StateSession) -> None:
        session.run("INSERT INTO organizations VALUES (:id, 'Sở khác', :now)", id=OTHER_ORG,
                    now=now_text())
        _add(session, "rm_2", LOCAL_ORG, "yen-bai")
        _add(session, "rm_1", LOCAL_ORG, "lao-cai")
        _add(session, "rm_3", OTHER_ORG, "lao-cai")

    store.transact(work)
    return store


def test_find_named_by_id_or_name_in_the_org_only(named: Store) -> None:
    by_name = named.transact(lambda s: find_named(s, "remotes", LOCAL_ORG, "lao-cai"))
    by_id = named.transact(lambda s: find_named(s, "remotes", LOCAL_ORG, "rm_1"))
    assert by_name is not None and by_id is not None
    assert by_name["id"] == by_id["id"] == "rm_1"
    assert named.transact(lambda s: find_named(s, "remotes", LOCAL_ORG, "rm_3")) is None


def test_get_named_raises_the_tables_error(named: Store) -> None:
    def missing(key: str) -> Exception:
        return ItemNotFound("remote", key, "`diemtin remote list` shows them")

    row = named.transact(lambda s: get_named(s, "remotes", OTHER_ORG, "lao-cai",
                                             missing=missing))
    assert row["id"] == "rm_3"
    with pytest.raises(ItemNotFound, match="yen-bai"):
        named.transact(lambda s: get_named(s, "remotes", OTHER_ORG, "yen-bai",
                                           missing=missing))


def test_list_named_is_by_name(named: Store) -> None:
    rows = named.transact(lambda s: list_named(s, "remotes", LOCAL_ORG))
    assert [row["name"] for row in rows] == ["lao-cai", "yen-bai"]


def test_named_id(named: Store) -> None:
    assert named.transact(lambda s: named_id(s, "remotes", OTHER_ORG, "lao-cai")) == "rm_3"
    assert named.transact(lambda s: named_id(s, "remotes", OTHER_ORG, "yen-bai")) is None


def test_claim_name_free_taken_or_replaced(named: Store) -> None:
    def claim(name: str, replace: bool) -> str | None:
        return named.transact(lambda s: claim_name(s, "remotes", LOCAL_ORG, name,
                                                   replace=replace, taken="đã có"))

    assert claim("ha-giang", False) is None
    assert claim("lao-cai", True) == "rm_1"
    with pytest.raises(InputError, match="đã có"):
        claim("lao-cai", False)


def test_only_named_tables(store: Store) -> None:
    with pytest.raises(ValueError, match="not a table of named rows"):
        store.transact(lambda s: find_named(s, "organizations; DROP TABLE x", LOCAL_ORG, "a"))
