"""Storage: the :class:`Store` protocol and its SQLite implementation."""

from diemtin.store.base import (
    Checkpoint,
    Outcome,
    SearchFilters,
    SearchHit,
    SearchResults,
    Store,
)
from diemtin.store.sqlite import SQLiteStore, open_store

__all__ = [
    "Checkpoint", "Outcome", "SQLiteStore", "SearchFilters", "SearchHit", "SearchResults",
    "Store", "open_store",
]
