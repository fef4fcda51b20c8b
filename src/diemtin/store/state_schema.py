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
    ("sharing.1", (
        # Remote instances this one pulls shared collections from (token: see docs).
        "CREATE TABLE remotes (id TEXT PRIMARY KEY, "
        "org_id TEXT NOT NULL REFERENCES organizations (id), name TEXT NOT NULL, "
        "url TEXT NOT NULL, token TEXT NOT NULL, created_at TEXT NOT NULL, "
        "last_pull_at TEXT, last_status TEXT, UNIQUE (org_id, name))",
        # remote_id/remote_ref/agreement_ref: where a pulled (read-only) collection comes
        # from; revoked_at: when its origin stopped sharing it.
        "CREATE TABLE collections (id TEXT PRIMARY KEY, "
        "org_id TEXT NOT NULL REFERENCES organizations (id), name TEXT NOT NULL, "
        "description TEXT NOT NULL, created_by TEXT, created_at TEXT NOT NULL, "
        "updated_at TEXT NOT NULL, remote_id TEXT REFERENCES remotes (id), "
        "remote_ref TEXT, agreement_ref TEXT, revoked_at TEXT, UNIQUE (org_id, name))",
        "CREATE TABLE collection_items (collection_id TEXT NOT NULL "
        "REFERENCES collections (id), kind TEXT NOT NULL, ref_id TEXT NOT NULL, "
        "title TEXT NOT NULL, note TEXT NOT NULL, added_by TEXT, added_at TEXT NOT NULL, "
        "position INTEGER NOT NULL, PRIMARY KEY (collection_id, kind, ref_id))",
        "CREATE TABLE agreements (id TEXT PRIMARY KEY, "
        "offerer_org TEXT NOT NULL REFERENCES organizations (id), "
        "partner_org TEXT NOT NULL REFERENCES organizations (id), rights TEXT NOT NULL, "
        "starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, state TEXT NOT NULL, "
        "note TEXT NOT NULL, proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL, "
        "accepted_by TEXT, accepted_at TEXT, revoked_by TEXT, revoked_org TEXT, "
        "revoked_at TEXT)",
        "CREATE INDEX agreements_partner ON agreements (partner_org, state)",
        # What an agreement offers, generically: (kind, id), so a new kind of shared
        # item (briefing templates, ...) needs no migration.
        "CREATE TABLE agreement_items (agreement_id TEXT NOT NULL "
        "REFERENCES agreements (id), kind TEXT NOT NULL, item_id TEXT NOT NULL, "
        "PRIMARY KEY (agreement_id, kind, item_id))",
        "CREATE INDEX agreement_items_item ON agreement_items (kind, item_id)",
        "CREATE TABLE agreement_tokens (id TEXT PRIMARY KEY, agreement_id TEXT NOT NULL "
        "REFERENCES agreements (id), token_hash TEXT NOT NULL UNIQUE, "
        "created_by TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, "
        "last_used_at TEXT)",
        # Articles pulled from a remote instance into the common pool, with their origin.
        "CREATE TABLE remote_items (remote_id TEXT NOT NULL REFERENCES remotes (id), "
        "article_id TEXT NOT NULL, remote_collection TEXT NOT NULL, "
        "agreement_ref TEXT, pulled_at TEXT NOT NULL, "
        "PRIMARY KEY (remote_id, article_id, remote_collection))",
    )),
)

STATE_TABLES: tuple[str, ...] = (
    "remote_items", "agreement_tokens", "agreement_items", "agreements", "collection_items",
    "collections", "remotes", "saved_searches", "audit_log", "organizations")
"""Every state table, children before parents (the order to empty them in)."""
