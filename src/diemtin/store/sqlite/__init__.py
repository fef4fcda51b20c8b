"""The default backend: one SQLite file (WAL mode, foreign keys, an FTS5 search index)."""

from diemtin.store.sqlite._schema import MIGRATIONS
from diemtin.store.sqlite._store import SQLiteStore

__all__ = ["MIGRATIONS", "SQLiteStore"]
