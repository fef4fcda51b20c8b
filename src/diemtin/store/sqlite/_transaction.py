"""Write transactions of the SQLite store: ``BEGIN IMMEDIATE``, waiting for other writers;
the count of its own commits behind its change marker."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable

from diemtin.errors import StoreError

WRITE_PATIENCE = 3600.0
"""Seconds a writer waits for another process's write transaction before giving up."""


class Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back when the block raises.

    Re-entrant: inside an open transaction it joins it. When another process holds the
    write lock past the busy timeout, it waits its turn again with a growing, jittered
    pause (up to ``WRITE_PATIENCE`` seconds in all): two ingests into one file take
    turns instead of failing.
    """

    def __init__(self, db: sqlite3.Connection, path: str,
                 committed: Callable[[], None]) -> None:
        self.db = db
        self.path = path
        self.committed = committed
        self.owner = False

    def __enter__(self) -> None:
        self.owner = not self.db.in_transaction
        if self.owner:
            self._begin()

    def _begin(self) -> None:
        deadline = time.monotonic() + WRITE_PATIENCE
        pause = 0.05
        while True:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                if time.monotonic() > deadline:
                    raise StoreError(f"{self.path} stayed locked by another writer for "
                                     f"{WRITE_PATIENCE:.0f} s; try again later") from error
            time.sleep(pause * random.uniform(0.5, 1.5))
            pause = min(pause * 2, 2.0)

    def __exit__(self, exc_type: object, error: BaseException | None, *rest: object) -> None:
        if not self.owner:
            return
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        if not exc_type:
            self.committed()
        if isinstance(error, sqlite3.Error):  # a constraint, a full disk: the store's error
            raise StoreError(f"{self.path}: {error}") from error


class Commits:
    """The write transactions of one connection: each opened through :meth:`transaction`
    and counted when it commits, for :meth:`marker`."""

    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self.db = db
        self.path = path
        self.count = 0

    def transaction(self) -> Transaction:
        """A write transaction on the connection (see :class:`Transaction`)."""
        return Transaction(self.db, self.path, self._committed)

    def _committed(self) -> None:
        self.count += 1

    def marker(self) -> tuple[int, int]:
        """SQLite's ``data_version`` (changes when another connection commits) with the
        number of this connection's own commits: read from memory, no scan (and the
        temporary tables of a search, written by reads, do not count)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0]), self.count
