"""The application-state tables on PostgreSQL (see ``diemtin.store.state``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pg8000.native

from diemtin.store.postgres._vectors import storable
from diemtin.store.state import (
    ReadOnlySession,
    Row,
    StateSession,
    apply_state_migrations,
)

T = TypeVar("T")


class _Session:
    """A :class:`StateSession` inside one of the store's transactions."""

    def __init__(self, db: pg8000.native.Connection) -> None:
        self._db = db

    def rows(self, sql: str, **params: Any) -> list[Row]:
        found = self._db.run(sql, **{name: storable(value) for name, value in params.items()})
        names = [column["name"] for column in self._db.columns or ()]
        return [dict(zip(names, row, strict=True)) for row in found or ()]

    def run(self, sql: str, **params: Any) -> int:
        self._db.run(sql, **{name: storable(value) for name, value in params.items()})
        return max(int(self._db.row_count), 0)

    def lock(self, name: str) -> None:
        self._db.run("SELECT pg_advisory_xact_lock(hashtext(:name))", name=name)


class StateMixin:
    """:meth:`transact` for :class:`~diemtin.store.postgres.PostgresStore`."""

    _db: pg8000.native.Connection

    def _write(self, work: Callable[[], T]) -> T:  # provided by the store
        raise NotImplementedError

    def transact(self, work: Callable[[StateSession], T]) -> T:
        """Run ``work`` in one transaction on the state tables, again after a
        serialization failure or a deadlock (so ``work`` must act only through the
        session)."""
        return self._write(lambda: work(_Session(self._db)))

    def read_state(self, work: Callable[[StateSession], T]) -> T:
        """Run ``work`` in a transaction that only reads (a write raises
        ``WriteNeeded`` and rolls it back)."""
        return self._write(lambda: work(ReadOnlySession(_Session(self._db))))

    def _migrate_state(self) -> None:
        self.transact(apply_state_migrations)
