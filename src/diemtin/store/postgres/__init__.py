"""The server backend: PostgreSQL (``--db postgresql://…``), through pg8000."""

from diemtin.store.postgres._schema import MIGRATIONS
from diemtin.store.postgres._store import PostgresStore, connect

__all__ = ["MIGRATIONS", "PostgresStore", "connect"]
