"""Rows an organization names: the lookups each such state table would otherwise repeat.

Saved searches, briefing templates, remotes and collections belong to one organization
and carry a name unique there; commands and pages find one by its id or by its name,
list them by name, and create one under a free name (or, asked to, change the one that
has it). The table is always one of :data:`NAMED_TABLES`, named in code, never input.
"""

from __future__ import annotations

from collections.abc import Callable

from diemtin.errors import InputError
from diemtin.store.state import Row, StateSession, one

__all__ = ["NAMED_TABLES", "claim_name", "find_named", "get_named", "list_named", "named_id"]

NAMED_TABLES = frozenset({"saved_searches", "brief_templates", "remotes", "collections"})
"""The state tables with an ``id``, an ``org_id`` and a ``name`` unique in the org."""


def _table(table: str) -> str:
    if table not in NAMED_TABLES:
        raise ValueError(f"{table!r} is not a table of named rows ({sorted(NAMED_TABLES)})")
    return table


def find_named(session: StateSession, table: str, org_id: str, key: str) -> Row | None:
    """The row of ``table`` of ``org_id`` whose id or name is ``key``, or None."""
    return one(session, f"SELECT * FROM {_table(table)} WHERE org_id = :org AND "
               "(id = :key OR name = :key)", org=org_id, key=key)


def get_named(session: StateSession, table: str, org_id: str, key: str, *,
              missing: Callable[[str], Exception]) -> Row:
    """The row of ``table`` of ``org_id`` whose id or name is ``key``.

    Raises:
        Exception: ``missing(key)`` (the table's ItemNotFound) when there is none.
    """
    row = find_named(session, table, org_id, key)
    if row is None:
        raise missing(key)
    return row


def list_named(session: StateSession, table: str, org_id: str) -> list[Row]:
    """Every row of ``table`` of ``org_id``, by name."""
    return session.rows(f"SELECT * FROM {_table(table)} WHERE org_id = :org ORDER BY name",
                        org=org_id)


def named_id(session: StateSession, table: str, org_id: str, name: str) -> str | None:
    """The id of the row of ``table`` named ``name`` in ``org_id``, or None."""
    row = one(session, f"SELECT id FROM {_table(table)} WHERE org_id = :org AND "
              "name = :name", org=org_id, name=name)
    return None if row is None else str(row["id"])


def claim_name(session: StateSession, table: str, org_id: str, name: str, *,
               replace: bool, taken: str) -> str | None:
    """The first step of an upsert by name: None when ``name`` is free in ``org_id`` (the
    caller inserts), the id of the row that has it when ``replace`` (the caller updates
    that row).

    Raises:
        InputError: ``taken``, when the name is taken and ``replace`` is false.
    """
    existing = named_id(session, table, org_id, name)
    if existing is not None and not replace:
        raise InputError(taken)
    return existing
