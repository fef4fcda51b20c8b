"""The application-state tables on SQLite (see ``diemtin.store.state``)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from diemtin.store.state import (
    ReadOnlySession,
    Row,
    StateSession,
    apply_state_migrations,
    pending_state_migrations,
)

T = TypeVar("T")


class _Session:
    """A :class:`StateSession` on one SQLite connection inside ``BEGIN IMMEDIATE``: the
    write lock is taken at the start, so :meth:`lock` has nothing left to do."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def rows(self, sql: str, **params: Any) -> list[Row]:
        cursor = self._db.execute(sql, params)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def run(self, sql: str, **params: Any) -> int:
        return self._db.execute(sql, params).rowcount

    def lock(self, name: str) -> None:
        del name  # one writer at a time already


class StateMixin:
    """:meth:`transact` for :class:`~diemtin.store.sqlite.SQLiteStore`."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def _transaction(self) -> Any:  # provided by the store
        raise NotImplementedError

    def transact(self, work: Callable[[StateSession], T]) -> T:
        """Run ``work`` in one write transaction on the state tables."""
        with self._lock, self._transaction():
            return work(_Session(self._db))

    def read_state(self, work: Callable[[StateSession], T]) -> T:
        """Run ``work`` in a read snapshot (a deferred transaction: no write lock, so
        other readers and the writer go on); a write raises ``WriteNeeded``."""
        with self._lock:
            if self._db.in_transaction:  # inside a transaction: read in it
                return work(ReadOnlySession(_Session(self._db)))
            self._db.execute("BEGIN DEFERRED")
            try:
                return work(ReadOnlySession(_Session(self._db)))
            finally:
                self._db.execute("ROLLBACK")

    def _migrate_state(self) -> None:
        """Apply pending state migrations; a store already up to date takes no write
        lock (opening it does not wait for another process's write)."""
        try:
            applied = [row[0] for row in self._db.execute("SELECT name FROM state_migrations")]
        except sqlite3.OperationalError:  # no table yet
            applied = []
        if pending_state_migrations(applied):
            self.transact(apply_state_migrations)
