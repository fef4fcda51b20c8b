"""Handlers reach the state tables through ``in_state``: read-first for safe methods."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi import Request

from diemtin.store.base import Store
from diemtin.store.state import StateSession
from diemtin.web.store_access import app_store, in_state


def _request(store: Store, method: str) -> Request:
    app = SimpleNamespace(state=SimpleNamespace(store=store))
    return Request({"type": "http", "method": method, "app": app, "headers": []})


def _session_kinds(store: Store, method: str, writes: bool) -> list[str]:
    kinds: list[str] = []

    def work(session: StateSession) -> int:
        kinds.append(type(session).__name__)
        if writes:
            session.run("UPDATE organizations SET name = name WHERE id = 'none'")
        return len(session.rows("SELECT id FROM organizations"))

    assert in_state(_request(store, method), work) >= 1
    return kinds


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_a_safe_request_reads_without_a_write_transaction(store: Store, method: str) -> None:
    assert _session_kinds(store, method, writes=False) == ["ReadOnlySession"]


def test_a_safe_request_that_writes_is_run_again_in_a_write_transaction(store: Store) -> None:
    kinds = _session_kinds(store, "GET", writes=True)
    assert kinds[0] == "ReadOnlySession" and len(kinds) == 2
    assert kinds[1] != "ReadOnlySession"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_other_requests_write_at_once(store: Store, method: str) -> None:
    kinds = _session_kinds(store, method, writes=True)
    assert len(kinds) == 1 and kinds[0] != "ReadOnlySession"


def test_app_store_is_the_apps_store(store: Store) -> None:
    assert app_store(_request(store, "GET")) is store
