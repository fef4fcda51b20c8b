"""The store behind a request, and the one way handlers reach its state tables.

Handlers call :func:`in_state` rather than ``store.transact``: a request with a safe
method (GET, HEAD, OPTIONS) runs its work in a read-only snapshot and only runs it again
in a write transaction when the work does write (an audited view, say). On SQLite a
write transaction takes the database's single write lock, which every server process
would otherwise queue for on each page view. Other methods run in a write transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import Request

from diemtin.store.base import Store
from diemtin.store.state import StateSession, read_then_write
from diemtin.web.auth import SAFE_METHODS

__all__ = ["app_store", "in_state"]

T = TypeVar("T")


def app_store(request: Request) -> Store:
    """The store the app was created with."""
    store: Store = request.app.state.store
    return store


def in_state(request: Request, work: Callable[[StateSession], T]) -> T:
    """Run ``work`` on the state tables of the request's store: read-first for safe
    methods (see :func:`~diemtin.store.state.read_then_write`), in one write transaction
    for the others."""
    store = app_store(request)
    if request.method in SAFE_METHODS:
        return read_then_write(store, work)
    return store.transact(work)
