"""The application-state layer: portable SQL in one transaction, on every backend."""

from __future__ import annotations

import pytest

from diemtin.errors import StoreError
from diemtin.store import Store
from diemtin.store.state import (
    LOCAL_ORG,
    STATE_MIGRATIONS,
    StateSession,
    WriteNeeded,
    apply_state_migrations,
    new_id,
    now_text,
    parse_time,
    read_then_write,
)


def test_state_migrations_applied_once_with_the_local_org(store: Store) -> None:
    assert store.transact(apply_state_migrations) == 0  # migrate() applied them all
    names = store.transact(lambda s: [r["name"] for r in s.rows(
        "SELECT name FROM state_migrations ORDER BY name")])
    assert sorted(names) == sorted(name for name, _ in STATE_MIGRATIONS)
    orgs = store.transact(lambda s: s.rows("SELECT id FROM organizations"))
    assert {"id": LOCAL_ORG} in orgs


def test_state_transaction_rolls_back_on_error(store: Store) -> None:
    def add_then_fail(session: StateSession) -> None:
        session.run("INSERT INTO organizations VALUES (:id, :name, :now)",
                    id="o1", name="Sở TT&TT", now=now_text())
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.transact(add_then_fail)
    assert store.transact(lambda s: s.rows("SELECT id FROM organizations WHERE id = 'o1'")) == []


def test_state_constraint_violation_is_a_store_error(store: Store) -> None:
    def duplicate(session: StateSession) -> None:
        for _ in range(2):
            session.run("INSERT INTO organizations VALUES ('o2', 'Báo A', :now)", now=now_text())

    with pytest.raises(StoreError):
        store.transact(duplicate)


def test_state_rows_are_dicts_and_run_counts_changes(store: Store) -> None:
    def work(session: StateSession) -> tuple[int, list[dict[str, object]]]:
        session.run("INSERT INTO organizations VALUES ('o3', 'Sở Văn hóa', :now)", now=now_text())
        changed = session.run("UPDATE organizations SET name = :name WHERE id = 'o3'",
                              name="Sở Văn hoá")
        session.lock("anything")
        return changed, session.rows("SELECT id, name FROM organizations WHERE id = 'o3'")

    assert store.transact(work) == (1, [{"id": "o3", "name": "Sở Văn hoá"}])


def test_state_times_sort_as_text_and_ids_do_not_repeat() -> None:
    earlier, later = now_text(), now_text()
    assert earlier <= later and parse_time(later) >= parse_time(earlier)
    assert len({new_id("ss") for _ in range(1000)}) == 1000


def test_read_state_reads_and_refuses_writes(store: Store) -> None:
    orgs = store.read_state(lambda s: s.rows("SELECT id FROM organizations"))
    assert {"id": LOCAL_ORG} in orgs

    def write(session: StateSession) -> int:
        return session.run("INSERT INTO organizations VALUES ('o3', 'Báo B', :now)",
                           now=now_text())

    with pytest.raises(WriteNeeded):
        store.read_state(write)
    with pytest.raises(WriteNeeded):
        store.read_state(lambda s: s.lock("audit"))
    assert store.transact(lambda s: s.rows("SELECT id FROM organizations WHERE id = 'o3'")) == []


def test_read_then_write_writes_only_when_the_work_needs_to(store: Store) -> None:
    calls: list[str] = []

    def touch_once(session: StateSession) -> int:
        calls.append(type(session).__name__)
        if not session.rows("SELECT id FROM organizations WHERE id = 'o4'"):
            session.run("INSERT INTO organizations VALUES ('o4', 'Báo C', :now)",
                        now=now_text())
        return len(session.rows("SELECT id FROM organizations WHERE id = 'o4'"))

    assert read_then_write(store, touch_once) == 1
    assert calls[0] == "ReadOnlySession" and calls[1] != "ReadOnlySession"
    calls.clear()
    assert read_then_write(store, touch_once) == 1
    assert calls == ["ReadOnlySession"]  # nothing to write: one read, no write transaction


def test_read_state_inside_a_transaction_sees_its_writes(store: Store) -> None:
    def work(session: StateSession) -> list[dict[str, object]]:
        session.run("INSERT INTO organizations VALUES ('o5', 'Báo D', :now)", now=now_text())
        return store.read_state(lambda s: s.rows("SELECT id FROM organizations WHERE id = 'o5'"))

    assert store.transact(work) == [{"id": "o5"}]
