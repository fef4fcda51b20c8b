"""Versioned schema migrations of the SQLite store, applied in order on open.

``PRAGMA user_version`` records how many have been applied. Append new migrations at the
end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from diemtin.errors import MigrationError
from diemtin.models import VIETNAM_TZ
from diemtin.search.keys import day_index
from diemtin.store.migrations import check_version

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, versions, outlets, ingest runs, checkpoints, the search index.
    """
    CREATE TABLE articles (
        -- Small columns first: filters read them without walking the overflow pages
        -- that long bodies spill into.
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        outlet_key TEXT,
        published_utc TEXT,           -- ISO 8601 in UTC, for ordering and filters
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
        body TEXT NOT NULL            -- JSON list of paragraphs
    );
    CREATE INDEX articles_published ON articles(published_utc);
    CREATE INDEX articles_outlet ON articles(outlet_key, published_utc);
    CREATE TABLE article_versions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        data TEXT NOT NULL,           -- the Article as JSON
        replaced_at TEXT NOT NULL,
        PRIMARY KEY (article_id, version)
    );
    CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        added INTEGER, updated INTEGER, unchanged INTEGER, skipped INTEGER, failed INTEGER
    );
    CREATE TABLE ingest_failures (
        run_id INTEGER NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE ingest_checkpoints (
        source TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        position INTEGER NOT NULL,
        done INTEGER NOT NULL,
        updated_at TEXT NOT NULL
    );
    -- Contentless full-text index: folded columns for recall, exact (diacritics kept)
    -- columns to rank exact-diacritic matches first, and filter tokens (outlet, month,
    -- year) so filters are applied inside the index. The text lives in ``articles``.
    CREATE VIRTUAL TABLE search_fts USING fts5(
        f_title, f_text, e_title, e_text, meta,
        content='', tokenize='unicode61 remove_diacritics 0'
    );
    """,
    # 2: fetched pages (compressed, with fetch metadata) and the state of polled feeds.
    """
    CREATE TABLE pages (
        url TEXT PRIMARY KEY,         -- the canonical URL that was fetched
        final_url TEXT,               -- after redirects
        fetched_at TEXT NOT NULL,
        status INTEGER NOT NULL,
        headers TEXT NOT NULL,        -- JSON list of [name, value]
        body BLOB,                    -- zlib-compressed bytes
        article_id TEXT,              -- the article extracted from it, if any
        error TEXT                    -- why no article came from it, if none did
    );
    CREATE INDEX pages_article ON pages(article_id);
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        kind TEXT NOT NULL,           -- rss, atom, sitemap
        etag TEXT,
        last_modified TEXT,
        polled_at TEXT,
        error TEXT
    );
    """,
    # 3: NLP annotations per article and component version; an entity index for search.
    """
    CREATE TABLE annotations (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        component TEXT NOT NULL,      -- e.g. "entities"
        version TEXT NOT NULL,        -- e.g. "entities.v1"
        data TEXT NOT NULL,           -- JSON
        PRIMARY KEY (article_id, component)
    );
    CREATE TABLE entity_mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        label TEXT NOT NULL,          -- PER, ORG, LOC
        key TEXT NOT NULL,            -- folded, space-collapsed surface (search key)
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        title TEXT                    -- for PER: the title attached in the text
    );
    CREATE INDEX entity_mentions_key ON entity_mentions(label, key, article_id);
    CREATE INDEX entity_mentions_article ON entity_mentions(article_id);
    """,
    # 4: search keys with one tone-mark placement (the store re-indexes every article
    # after this migration); row ids in publication order (see ``rowid_slot``), so counts
    # by day read the full-text index alone and the newest matches are the last row ids;
    # each article's outlet for counts by outlet.
    """
    DROP TABLE search_fts;
    CREATE VIRTUAL TABLE search_fts USING fts5(
        f_title, f_text, e_title, e_text, meta,
        content='', tokenize='unicode61 remove_diacritics 0'
    );
    CREATE TEMP TABLE renumbered AS
        SELECT rowid AS old, (day << 24) + (minute << 13)
            + row_number() OVER (PARTITION BY day, minute ORDER BY rowid) - 1 AS new
        FROM (SELECT rowid,
                  CASE WHEN published_utc IS NULL THEN 0 ELSE max(1, CAST(
                      julianday(published_utc, '+7 hours') - 2440587.5 AS INTEGER)) END AS day,
                  CASE WHEN published_utc IS NULL THEN 0 ELSE
                      CAST(strftime('%H', published_utc, '+7 hours') AS INTEGER) * 60
                      + CAST(strftime('%M', published_utc, '+7 hours') AS INTEGER) END AS minute
              FROM articles);
    CREATE INDEX temp.renumbered_old ON renumbered(old);
    UPDATE articles SET rowid = -rowid;
    UPDATE articles SET rowid = (SELECT new FROM renumbered WHERE old = -articles.rowid);
    DROP TABLE temp.renumbered;
    CREATE TABLE article_facts (
        rowid INTEGER PRIMARY KEY,    -- the article's rowid
        outlet TEXT
    );
    INSERT INTO article_facts (rowid, outlet) SELECT rowid, outlet FROM articles;
    -- Marked words the query side cannot generate from their folded form ("josé"):
    -- a phrase mixing marked and unmarked words looks them up here.
    CREATE TABLE odd_spellings (
        folded TEXT NOT NULL,
        exact TEXT NOT NULL,
        PRIMARY KEY (folded, exact)
    ) WITHOUT ROWID;
    """,
    # 5: links. The queue of articles to link (its rows are the "linked up to" marker:
    # a batch's results and the removal of its rows commit together), each linked
    # article's signature keys, duplicate groups, stories and the clustering state.
    """
    CREATE TABLE link_queue (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
    );
    INSERT INTO link_queue (article_id) SELECT id FROM articles ORDER BY rowid;
    CREATE TABLE link_docs (
        seq INTEGER PRIMARY KEY,      -- link order: the candidate index is rebuilt in it
        article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        outlet TEXT NOT NULL,
        published TEXT,               -- ISO 8601 with the original offset
        credit TEXT,                  -- the source a credit line names
        band_keys BLOB NOT NULL,      -- uint64 LSH band keys
        anchor_keys BLOB NOT NULL     -- uint64 containment anchors
    );
    CREATE TABLE duplicate_groups (
        id TEXT PRIMARY KEY,
        original_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        credited INTEGER NOT NULL
    );
    CREATE INDEX duplicate_groups_size ON duplicate_groups(size DESC, id);
    CREATE TABLE duplicate_members (
        article_id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES duplicate_groups(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,    -- 0: the original
        delay REAL                    -- seconds after the original
    );
    CREATE INDEX duplicate_members_group ON duplicate_members(group_id, position);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        first_published TEXT,         -- ISO 8601 in UTC
        last_published TEXT,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        size INTEGER NOT NULL,
        vector TEXT NOT NULL          -- the clustering state of the story (JSON)
    );
    CREATE INDEX stories_last ON stories(last_published);
    CREATE INDEX stories_state ON stories(state);
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        copy INTEGER NOT NULL         -- 1: a republication of another member
    );
    CREATE INDEX story_members_story ON story_members(story_id, position);
    CREATE TABLE link_state (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    """,
    # 6: the entity index per article (one row per term and article, with the article's
    # time, Vietnam day and, for people, the titles and the article's provinces), kept
    # with the mentions, so entity pages read an index range, not every mention and its
    # article.
    """
    CREATE TABLE entity_articles (
        label TEXT NOT NULL,
        key TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        published_utc TEXT,           -- the article's, ISO 8601 in UTC
        day TEXT,                     -- its Vietnam date, YYYY-MM-DD
        text TEXT NOT NULL,           -- its spelling in the article (the first in sort order)
        titles TEXT,                  -- PER: the titles written beside it, one a line
        provinces TEXT,               -- PER: the article's current province codes, "01,24"
        PRIMARY KEY (label, key, article_id)
    ) WITHOUT ROWID;
    INSERT INTO entity_articles
    SELECT m.label, m.key, m.article_id, a.published_utc, date(a.published_utc, '+7 hours'),
           min(m.text), CASE WHEN m.label = 'PER' THEN group_concat(m.title, char(10)) END,
           CASE WHEN m.label = 'PER' THEN (
               SELECT group_concat(code, ',') FROM (
                   SELECT DISTINCT json_extract(p.value, '$.current.province_code') AS code
                   FROM annotations n, json_each(n.data) p
                   WHERE n.article_id = m.article_id AND n.component = 'places'
                     AND json_type(n.data) = 'array' AND code IS NOT NULL ORDER BY code))
           END
    FROM entity_mentions m JOIN articles a ON a.id = m.article_id
    GROUP BY m.label, m.key, m.article_id;
    CREATE INDEX entity_articles_day ON entity_articles(label, key, day, published_utc);
    CREATE INDEX entity_articles_article ON entity_articles(article_id);
    """,
)
ARTICLE_DAY = "date(a.published_utc, '+7 hours')"
"""The Vietnam date (UTC+7, ``YYYY-MM-DD``) of the article ``a``'s publication."""
INDEX_SETTINGS = (("hashsize", 8 << 20), ("automerge", 8))
"""FTS5 settings of the search index, measured on bulk ingest (``bench/search.py``):
8 MB of pending terms before a segment is written, and segments merged 8 at a time, not
4 (a quarter less merging on ingest, for a few more segments to look a term up in until
the index is optimized). Leaves keep FTS5's default size (4,050 bytes)."""


def tune_index(connection: sqlite3.Connection) -> None:
    """Apply :data:`INDEX_SETTINGS` to the search index where they differ (inside the
    caller's write transaction; they are stored in the index's own configuration)."""
    current = dict(connection.execute("SELECT k, v FROM search_fts_config").fetchall())
    for name, value in INDEX_SETTINGS:
        if current.get(name) != value:
            connection.execute("INSERT INTO search_fts (search_fts, rank) VALUES (?, ?)",
                               (name, value))


REINDEX_AFTER = 4
"""Stores migrated from before this version have their search index rebuilt."""
DAY_SHIFT = 24
MINUTE_SHIFT = 13
SLOT_SIZE = 1 << MINUTE_SHIFT
"""Row ids per publication minute."""


def rowid_slot(published: datetime | None) -> int:
    """The first rowid of an article's publication minute (Vietnam time).

    Row ids are ``(day << 24) + (minute << 13) + n``: the day counted from 1970-01-01
    (:func:`~diemtin.search.keys.day_index`, 0 when undated), the minute of the day, and
    ``n`` < 8192 in order of storing. Row id order is publication order, and
    ``rowid >> 24`` is the day.
    """
    if published is None:
        return 0
    local = published.astimezone(VIETNAM_TZ)
    return (day_index(published) << DAY_SHIFT) + ((local.hour * 60 + local.minute)
                                                  << MINUTE_SHIFT)


def schema_version(connection: sqlite3.Connection) -> int:
    """The schema version of the file (0: empty).

    Raises:
        MigrationError: the file was written by a newer diemtin.
    """
    return check_version(int(connection.execute("PRAGMA user_version").fetchone()[0]),
                         MIGRATIONS)


def apply_migrations(connection: sqlite3.Connection) -> int:
    """Apply pending migrations inside the caller's write transaction; return the version.

    The version is read again inside the transaction, so two processes opening a new
    file at once apply each migration once.

    Raises:
        MigrationError: the file was written by a newer diemtin, or a migration failed.
    """
    current = schema_version(connection)
    for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
        try:
            for statement in _statements(script):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version}")
        except sqlite3.Error as error:
            raise MigrationError(f"migration {version} failed: {error}") from error
    return len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    """The statements of a migration script, split where SQLite says one is complete."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements
