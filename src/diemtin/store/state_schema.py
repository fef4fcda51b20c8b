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
    ("accounts.2", (
        "CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, "
        "password_hash TEXT NOT NULL, created_at TEXT NOT NULL, disabled_at TEXT)",
        "CREATE TABLE memberships (user_id TEXT NOT NULL REFERENCES users (id), "
        "org_id TEXT NOT NULL REFERENCES organizations (id), role TEXT NOT NULL, "
        "created_at TEXT NOT NULL, PRIMARY KEY (user_id, org_id))",
        "CREATE INDEX memberships_org ON memberships (org_id)",
        # user_id is NULL for an agreement's token (scope 'remote'), agreement_id then
        # names the agreement; scopes are space-separated.
        "CREATE TABLE api_tokens (id TEXT PRIMARY KEY, "
        "org_id TEXT NOT NULL REFERENCES organizations (id), "
        "user_id TEXT REFERENCES users (id), agreement_id TEXT, scopes TEXT NOT NULL, "
        "secret_hash TEXT NOT NULL, label TEXT NOT NULL, created_by TEXT, "
        "created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT, last_used_at TEXT, "
        "last_audited_at TEXT)",
        "CREATE INDEX api_tokens_org ON api_tokens (org_id)",
        "CREATE INDEX api_tokens_agreement ON api_tokens (agreement_id)",
        # id is the SHA-256 of the cookie's secret: a database leak gives no live cookie.
        "CREATE TABLE web_sessions (id TEXT PRIMARY KEY, "
        "user_id TEXT NOT NULL REFERENCES users (id), "
        "org_id TEXT NOT NULL REFERENCES organizations (id), csrf_token TEXT NOT NULL, "
        "created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, expires_at TEXT NOT NULL)",
        "CREATE INDEX web_sessions_user ON web_sessions (user_id)",
        # One row per failed login, keyed 'email:...' and 'address:...' (rate limiting).
        "CREATE TABLE login_failures (id TEXT PRIMARY KEY, key TEXT NOT NULL, "
        "at TEXT NOT NULL)",
        "CREATE INDEX login_failures_key ON login_failures (key, at)",
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
        # Articles pulled from a remote instance into the common pool, with their origin.
        "CREATE TABLE remote_items (remote_id TEXT NOT NULL REFERENCES remotes (id), "
        "article_id TEXT NOT NULL, remote_collection TEXT NOT NULL, "
        "agreement_ref TEXT, pulled_at TEXT NOT NULL, "
        "PRIMARY KEY (remote_id, article_id, remote_collection))",
    )),
    ("outbox.1", (
        "CREATE TABLE outbox (id TEXT PRIMARY KEY, "
        "org_id TEXT NOT NULL REFERENCES organizations (id), key TEXT NOT NULL, "
        "channel TEXT NOT NULL, destination TEXT NOT NULL, subject TEXT NOT NULL, "
        "body_text TEXT NOT NULL, body_html TEXT, attachments TEXT NOT NULL, "
        "state TEXT NOT NULL, attempts INTEGER NOT NULL, next_at TEXT NOT NULL, "
        "lease_until TEXT, last_error TEXT, created_at TEXT NOT NULL, sent_at TEXT, "
        "UNIQUE (org_id, key))",
        "CREATE INDEX outbox_due ON outbox (state, next_at)",
        "CREATE INDEX outbox_org ON outbox (org_id, created_at)",
    )),
    ("alerts.1", (
        "CREATE TABLE alert_rules (id TEXT PRIMARY KEY, "
        "org_id TEXT NOT NULL REFERENCES organizations (id), "
        "saved_id TEXT NOT NULL REFERENCES saved_searches (id), kind TEXT NOT NULL, "
        "title TEXT, destinations TEXT NOT NULL, schedule TEXT, created_by TEXT, "
        "created_at TEXT NOT NULL, last_run_at TEXT)",
        "CREATE INDEX alert_rules_org ON alert_rules (org_id, created_at)",
        "CREATE TABLE alert_seen (rule_id TEXT NOT NULL REFERENCES alert_rules (id), "
        "item TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (rule_id, item))",
    )),
    ("briefing.1", (
        "CREATE TABLE brief_templates (id TEXT PRIMARY KEY, "
        "org_id TEXT NOT NULL REFERENCES organizations (id), name TEXT NOT NULL, "
        "title TEXT NOT NULL, period TEXT NOT NULL, sections TEXT NOT NULL, "
        "items INTEGER NOT NULL, ranking TEXT NOT NULL, recipients TEXT NOT NULL, "
        "schedule TEXT, with_chart INTEGER NOT NULL, created_at TEXT NOT NULL, "
        "updated_at TEXT NOT NULL, UNIQUE (org_id, name))",
        "CREATE TABLE brief_issues (id TEXT PRIMARY KEY, "
        "org_id TEXT NOT NULL REFERENCES organizations (id), template_id TEXT, "
        "template_name TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL, "
        "since TEXT NOT NULL, until TEXT NOT NULL, content TEXT NOT NULL, "
        "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, issued_at TEXT)",
        "CREATE INDEX brief_issues_org ON brief_issues (org_id, created_at)",
        "CREATE INDEX brief_issues_template ON brief_issues (template_id, until)",
    )),
    ("schedule.1", (
        "CREATE TABLE schedule_jobs (id TEXT PRIMARY KEY, "
        "org_id TEXT NOT NULL REFERENCES organizations (id), kind TEXT NOT NULL, "
        "target TEXT NOT NULL, schedule TEXT NOT NULL, next_due TEXT NOT NULL, "
        "last_run TEXT, created_at TEXT NOT NULL, UNIQUE (org_id, kind, target))",
        "CREATE TABLE schedule_runs (job_id TEXT NOT NULL REFERENCES schedule_jobs (id), "
        "due TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL, "
        "detail TEXT NOT NULL, PRIMARY KEY (job_id, due))",
    )),
)

STATE_TABLES: tuple[str, ...] = (
    "schedule_runs", "schedule_jobs", "brief_issues", "brief_templates", "alert_seen",
    "alert_rules", "outbox", "remote_items", "agreement_items", "agreements",
    "collection_items", "collections", "remotes", "login_failures", "web_sessions",
    "api_tokens", "memberships", "users",
    "saved_searches", "audit_log", "organizations")
"""Every state table, children before parents (the order to empty them in)."""
