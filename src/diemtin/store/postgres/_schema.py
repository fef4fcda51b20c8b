"""Versioned schema migrations of the PostgreSQL store.

``diemtin_schema`` holds the version in force. Migrations run in one transaction under
an advisory lock, so several processes opening a new database apply each one once.
Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from typing import Any, Protocol

from diemtin.store.migrations import check_version

_LOCK_KEY = 7_306_541_001
"""Advisory lock taken while migrating (any number; the same in every process)."""

MIGRATIONS: tuple[str, ...] = (
    # 1: everything SQLite has after its migration 3, in PostgreSQL's types.
    """
    CREATE TABLE articles (
        seq BIGSERIAL PRIMARY KEY,    -- order of storing (the SQLite rowid)
        id TEXT NOT NULL UNIQUE,
        outlet_key TEXT,
        published_utc TIMESTAMPTZ,
        published TEXT,               -- ISO 8601 with the original offset
        content_hash TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        url TEXT,
        outlet TEXT,
        fetched_at TEXT,
        ingested_at TEXT NOT NULL,
        updated_at TEXT,
        language TEXT NOT NULL,
        author TEXT,
        section TEXT,
        dateline TEXT,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        lead TEXT,
        tags TEXT NOT NULL,           -- JSON list
        images TEXT NOT NULL,         -- JSON list
        captions TEXT NOT NULL,       -- JSON list
        body TEXT NOT NULL,           -- JSON list of paragraphs
        -- Search keys computed in Python (diemtin.search.keys): folded words for recall,
        -- exact words (diacritics kept) for ranking and NOT, of the title and the text,
        -- and of the title alone (title: searches and the title rank, on small values).
        folded TSVECTOR NOT NULL,
        exact TSVECTOR NOT NULL,
        folded_title TSVECTOR NOT NULL,
        exact_title TSVECTOR NOT NULL
    );
    CREATE INDEX articles_folded ON articles USING GIN (folded);
    CREATE INDEX articles_exact ON articles USING GIN (exact);
    CREATE INDEX articles_folded_title ON articles USING GIN (folded_title);
    CREATE INDEX articles_exact_title ON articles USING GIN (exact_title);
    CREATE INDEX articles_published ON articles (published_utc);
    CREATE INDEX articles_outlet ON articles (outlet_key, published_utc);
    CREATE TABLE article_versions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        PRIMARY KEY (article_id, version)
    );
    CREATE TABLE ingest_runs (
        id BIGSERIAL PRIMARY KEY,
        command TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        added INTEGER, updated INTEGER, unchanged INTEGER, skipped INTEGER, failed INTEGER
    );
    CREATE TABLE ingest_failures (
        run_id BIGINT NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE ingest_checkpoints (
        source TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        position BIGINT NOT NULL,
        done BOOLEAN NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE pages (
        url TEXT PRIMARY KEY,
        final_url TEXT,
        fetched_at TEXT NOT NULL,
        status INTEGER NOT NULL,
        headers TEXT NOT NULL,
        body BYTEA,                   -- zlib-compressed bytes
        article_id TEXT,
        error TEXT
    );
    CREATE INDEX pages_article ON pages(article_id);
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        polled_at TEXT,
        error TEXT
    );
    CREATE TABLE annotations (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        component TEXT NOT NULL,
        version TEXT NOT NULL,
        data JSONB NOT NULL,
        PRIMARY KEY (article_id, component)
    );
    CREATE TABLE entity_mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        key TEXT NOT NULL,
        text TEXT NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        title TEXT
    );
    CREATE INDEX entity_mentions_key ON entity_mentions(label, key, article_id);
    CREATE INDEX entity_mentions_article ON entity_mentions(article_id);
    """,
    # 2: marked words the rules cannot generate from their unmarked form ("josé"): a
    # phrase mixing marked and unmarked words looks them up (as SQLite's migration 4).
    """
    CREATE TABLE odd_spellings (
        folded TEXT NOT NULL,
        exact TEXT NOT NULL,
        PRIMARY KEY (folded, exact)
    );
    """,
    # 3: links, as SQLite's migration 5: the link queue (the "linked up to" marker),
    # each linked article's signature keys, duplicate groups, stories, clustering state.
    """
    CREATE TABLE link_queue (
        seq BIGSERIAL PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE
    );
    INSERT INTO link_queue (article_id) SELECT id FROM articles ORDER BY seq;
    CREATE TABLE link_docs (
        seq BIGSERIAL PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        outlet TEXT NOT NULL,
        published TEXT,
        credit TEXT,
        band_keys BYTEA NOT NULL,
        anchor_keys BYTEA NOT NULL
    );
    CREATE TABLE duplicate_groups (
        id TEXT PRIMARY KEY,
        original_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        credited BOOLEAN NOT NULL
    );
    CREATE INDEX duplicate_groups_size ON duplicate_groups(size DESC, id);
    CREATE TABLE duplicate_members (
        article_id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES duplicate_groups(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        delay DOUBLE PRECISION
    );
    CREATE INDEX duplicate_members_group ON duplicate_members(group_id, position);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        first_published TIMESTAMPTZ,
        last_published TIMESTAMPTZ,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        size INTEGER NOT NULL,
        vector TEXT NOT NULL
    );
    CREATE INDEX stories_last ON stories(last_published);
    CREATE INDEX stories_state ON stories(state);
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        copy BOOLEAN NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id, position);
    CREATE TABLE link_state (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL
    )
    """,
    # 4: the entity index per article, as SQLite's migration 6: one row per term and
    # article with the article's time, Vietnam day and, for people, the titles and the
    # article's provinces.
    """
    CREATE TABLE entity_articles (
        label TEXT NOT NULL,
        key TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        published_utc TIMESTAMPTZ,
        day TEXT,
        text TEXT NOT NULL,
        titles TEXT,
        provinces TEXT,
        PRIMARY KEY (label, key, article_id)
    );
    INSERT INTO entity_articles
    SELECT m.label, m.key, m.article_id, a.published_utc,
           to_char((a.published_utc AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD'),
           min(m.text COLLATE "C"),
           CASE WHEN m.label = 'PER' THEN string_agg(DISTINCT m.title, chr(10)) END,
           CASE WHEN m.label = 'PER' THEN (
               SELECT string_agg(DISTINCT c.code, ',' ORDER BY c.code)
               FROM annotations n
               CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(n.data) = 'array'
                                                      THEN n.data ELSE CAST('[]' AS jsonb) END) p
               CROSS JOIN LATERAL (SELECT p.value -> 'current' ->> 'province_code' AS code) c
               WHERE n.article_id = m.article_id AND n.component = 'places'
                 AND c.code IS NOT NULL)
           END
    FROM entity_mentions m JOIN articles a ON a.id = m.article_id
    GROUP BY m.label, m.key, m.article_id, a.published_utc;
    CREATE INDEX entity_articles_day ON entity_articles (label, key, day DESC NULLS LAST,
        published_utc DESC NULLS LAST, article_id COLLATE "C" DESC);
    CREATE INDEX entity_articles_article ON entity_articles (article_id)
    """,
)

ARTICLE_DAY = "to_char((a.published_utc AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD')"
"""The Vietnam date (UTC+7, ``YYYY-MM-DD``) of the article ``a``'s publication."""


class Runner(Protocol):
    """Runs one SQL statement with named parameters (the store's connection)."""

    def run(self, sql: str, **params: Any) -> Any: ...


def schema_version(db: Runner) -> int:
    """The schema version of the database (0: empty).

    Raises:
        MigrationError: the database was written by a newer diemtin.
    """
    exists = db.run("SELECT to_regclass('diemtin_schema') IS NOT NULL")[0][0]
    rows = db.run("SELECT version FROM diemtin_schema") if exists else []
    return check_version(int(rows[0][0]) if rows else 0, MIGRATIONS)


def apply_migrations(db: Runner) -> int:
    """Apply pending migrations inside the caller's transaction; return the version.

    Raises:
        MigrationError: the database was written by a newer diemtin.
    """
    db.run(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
    db.run("CREATE TABLE IF NOT EXISTS diemtin_schema (version INTEGER NOT NULL)")
    current = schema_version(db)
    if not db.run("SELECT 1 FROM diemtin_schema"):
        db.run("INSERT INTO diemtin_schema VALUES (0)")
    for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
        for statement in (part.strip() for part in script.split(";")):
            if statement and not all(line.strip().startswith("--") or not line.strip()
                                     for line in statement.splitlines()):
                db.run(statement)
        db.run("UPDATE diemtin_schema SET version = :version", version=version)
    return len(MIGRATIONS)
