"""What the two backends' schema migrations share.

Each backend keeps its own ``MIGRATIONS`` (``sqlite/_schema.py``, ``postgres/_schema.py``):
their types differ (``BLOB``/``BYTEA``, ``TEXT``/``TIMESTAMPTZ``, rowid/``BIGSERIAL``), and a
migration that has shipped is never edited, so they are not assembled from shared pieces
that a later change could alter under both. What both do alike is here.
"""

from __future__ import annotations

from collections.abc import Sequence

from diemtin.errors import MigrationError

__all__ = ["check_version"]


def check_version(current: int, migrations: Sequence[str]) -> int:
    """``current``, the schema version a database records, when this diemtin knows it.

    Raises:
        MigrationError: the database was written by a newer diemtin (it has more
            migrations than ``migrations``).
    """
    if current > len(migrations):
        raise MigrationError(
            f"database schema version {current} is newer than this diemtin supports "
            f"({len(migrations)}); upgrade diemtin")
    return current
