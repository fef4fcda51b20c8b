"""Storage: the :class:`Store` protocol and its backends (SQLite, PostgreSQL).

:func:`open_store` picks the backend from where the database is: a file path (or
``":memory:"``) opens SQLite, a ``postgresql://`` URL opens PostgreSQL.
"""

from __future__ import annotations

import os

from diemtin.store.base import (
    Checkpoint,
    DuplicateRecord,
    GroupMember,
    LinkBatch,
    LinkDoc,
    Outcome,
    PersonRow,
    SearchFilters,
    SearchHit,
    SearchResults,
    Store,
    StoryRecord,
    StoryState,
)
from diemtin.store.sqlite import SQLiteStore

__all__ = [
    "Checkpoint", "DuplicateRecord", "GroupMember", "LinkBatch", "LinkDoc", "Outcome",
    "PersonRow", "SQLiteStore", "SearchFilters", "SearchHit", "SearchResults", "Store",
    "StoryRecord", "StoryState", "is_server_url", "open_store",
]

_SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a SQLite file."""
    return str(location).startswith(_SERVER_SCHEMES)


def open_store(location: str | os.PathLike[str], *, migrate: bool = True) -> Store:
    """Open the store at ``location``: a SQLite file path or a ``postgresql://`` URL.

    Args:
        location: ``tin.db``, ``":memory:"``, or ``postgresql://user@host:5432/name``.
        migrate: create the schema, or bring it up to date, when opening.

    Raises:
        StoreError: the database cannot be opened (a ``MigrationError`` when its schema
            is newer than this diemtin).
    """
    if is_server_url(location):
        from diemtin.store.postgres import PostgresStore  # the driver loads only when used

        return PostgresStore(str(location), migrate=migrate)
    return SQLiteStore(os.fspath(location), migrate=migrate)
