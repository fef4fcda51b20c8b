"""Application state: the tables behind saved searches, briefings, accounts and sharing.

Articles and stories have a dedicated, backend-specific schema (``sqlite/``,
``postgres/``). What users create around them — saved searches, alert rules, briefing
templates and issues, the outbox, organizations, users, collections, agreements, the
audit log — is small, relational and the same on every backend, so it is written once,
in the SQL both SQLite and PostgreSQL accept:

- parameters are named (``:name``), which both drivers take;
- columns are ``TEXT``, ``INTEGER`` or ``BIGINT``; times are UTC ISO 8601 text
  (:func:`now_text`), which sorts as time; JSON is text; nothing needs a cast;
- ids are text chosen by the caller (:func:`new_id`), so no backend sequence is needed.

:meth:`Store.transact` runs a function in one transaction with a :class:`StateSession`;
a backend may run it again after a serialization conflict, so the function must do
nothing outside the session. :data:`STATE_MIGRATIONS` is applied by each backend's
``migrate()``, each migration once, by name.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from diemtin.store.state_schema import LOCAL_ORG, STATE_MIGRATIONS, STATE_TABLES

__all__ = [
    "LOCAL_ORG", "STATE_MIGRATIONS", "STATE_TABLES", "ReadOnlySession", "Row", "StateSession",
    "Transact", "WriteNeeded", "apply_state_migrations", "new_id", "now_text", "one",
    "parse_time", "pending_state_migrations", "read_then_write",
]

T = TypeVar("T")
Row = dict[str, Any]


class StateSession(Protocol):
    """Portable SQL inside one transaction (see the module's rules)."""

    def rows(self, sql: str, **params: Any) -> list[Row]:
        """The rows a query returns, each as a dict keyed by column name."""
        ...

    def run(self, sql: str, **params: Any) -> int:
        """Run a statement; return the number of rows it changed."""
        ...

    def lock(self, name: str) -> None:
        """Serialize, until the transaction ends, every transaction that locks ``name``
        (appending to the audit chain, claiming an outbox message, running a job)."""
        ...


Transact = Callable[[Callable[[StateSession], T]], T]


class WriteNeeded(Exception):
    """Raised by a :class:`ReadOnlySession` when the work tries to write or lock."""


class ReadOnlySession:
    """A :class:`StateSession` that only reads: :meth:`run` and :meth:`lock` raise
    :class:`WriteNeeded`, so the caller can do the work again in a write transaction."""

    def __init__(self, session: StateSession) -> None:
        self._session = session

    def rows(self, sql: str, **params: Any) -> list[Row]:
        """The rows of a query (see :meth:`StateSession.rows`)."""
        return self._session.rows(sql, **params)

    def run(self, sql: str, **params: Any) -> int:
        """Refuse: a statement that may write needs a write transaction."""
        raise WriteNeeded(sql.split(None, 1)[0])

    def lock(self, name: str) -> None:
        """Refuse: locking is for writers."""
        raise WriteNeeded(f"lock {name}")


class StateReader(Protocol):
    """What :func:`read_then_write` needs of a store."""

    def read_state(self, work: Callable[[StateSession], T]) -> T:
        """Run ``work`` in a read-only snapshot (see :class:`ReadOnlySession`)."""
        ...

    def transact(self, work: Callable[[StateSession], T]) -> T:
        """Run ``work`` in one write transaction."""
        ...


def read_then_write(store: StateReader, work: Callable[[StateSession], T]) -> T:
    """Run ``work`` read-only; only when it needs to write, run it again in a write
    transaction. For hot paths that write rarely (checking credentials on every request
    touches ``last_seen_at`` at most once a minute): on SQLite a write transaction takes
    the database's single write lock, which every process would otherwise queue for."""
    try:
        return store.read_state(work)
    except WriteNeeded:
        return store.transact(work)


def one(session: StateSession, sql: str, **params: Any) -> Row | None:
    """The first row of a query, or None."""
    found = session.rows(sql, **params)
    return found[0] if found else None


def now_text(moment: datetime | None = None) -> str:
    """``moment`` (default: now) as the state tables store times: UTC, ISO 8601, to the
    microsecond, so text order is time order."""
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("a stored time needs its time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    """A time :func:`now_text` wrote, back as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def new_id(prefix: str) -> str:
    """A new random id such as ``ss_4f1c2a9e0b7d``: unguessable, so an id seen in one
    organization says nothing about another's."""
    return f"{prefix}_{secrets.token_hex(8)}"


def pending_state_migrations(applied: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The migrations not yet in ``applied``, in order."""
    done = set(applied)
    return [(name, statements) for name, statements in STATE_MIGRATIONS if name not in done]


def apply_state_migrations(session: StateSession) -> int:
    """Apply every pending state migration in this transaction; return how many ran."""
    session.run("CREATE TABLE IF NOT EXISTS state_migrations ("
                "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    session.lock("state_migrations")
    applied = [row["name"] for row in session.rows("SELECT name FROM state_migrations")]
    pending = pending_state_migrations(applied)
    for name, statements in pending:
        for statement in statements:
            session.run(statement)
        session.run("INSERT INTO state_migrations VALUES (:name, :now)", name=name,
                    now=now_text())
    return len(pending)
