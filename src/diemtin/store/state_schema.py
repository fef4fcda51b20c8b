"""The application-state tables, as portable SQL migrations (see ``store/state.py``).

Each migration has a name (``feature.N``) and is applied once. Append new migrations at
the end; never edit one that has shipped. Every table an organization owns carries
``org_id``; articles and stories stay the instance's common pool.
"""

from __future__ import annotations

LOCAL_ORG = "local"
"""The organization of a single-user instance (no accounts): everything made on it
belongs here until accounts exist."""

STATE_MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("accounts.1", (
        "CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
        "created_at TEXT NOT NULL)",
        f"INSERT INTO organizations VALUES ('{LOCAL_ORG}', '{LOCAL_ORG}', "
        "'1970-01-01T00:00:00.000000Z')",
    )),
    ("audit.1", (
        "CREATE TABLE audit_log (seq BIGINT PRIMARY KEY, time TEXT NOT NULL, "
        "actor TEXT NOT NULL, org TEXT NOT NULL, action TEXT NOT NULL, subject TEXT, "
        "partner_org TEXT, agreement TEXT, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, "
        "hash TEXT NOT NULL)",
        "CREATE INDEX audit_log_org ON audit_log (org, seq)",
        "CREATE INDEX audit_log_partner ON audit_log (partner_org, seq)",
    )),
    ("brief.1", (
        "CREATE TABLE saved_searches (id TEXT PRIMARY KEY, "
        "org_id TEXT NOT NULL REFERENCES organizations (id), name TEXT NOT NULL, "
        "query TEXT NOT NULL, outlets TEXT NOT NULL, places TEXT NOT NULL, "
        "topics TEXT NOT NULL, created_by TEXT, created_at TEXT NOT NULL, "
        "updated_at TEXT NOT NULL, UNIQUE (org_id, name))",
    )),
)

STATE_TABLES: tuple[str, ...] = ("saved_searches", "audit_log", "organizations")
"""Every state table, children before parents (the order to empty them in)."""
