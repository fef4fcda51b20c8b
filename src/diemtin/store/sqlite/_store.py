"""The default store: one SQLite file (WAL mode, foreign keys, FTS5 search index)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from diemtin.errors import ArticleNotFound, QuerySyntaxError, StoreError
from diemtin.models import AnnotationSet, Article, IngestReport, from_dict, to_dict
from diemtin.search.filters import SearchFilters
from diemtin.search.keys import indexed_text
from diemtin.search.query import Query
from diemtin.search.rules import query_matches
from diemtin.store.base import Checkpoint, Outcome, unique_by_id
from diemtin.store.rows import SELECT_ARTICLE, article_to_row, row_to_article
from diemtin.store.sqlite._annotations import AnnotationsMixin
from diemtin.store.sqlite._count import CountMixin
from diemtin.store.sqlite._fts import index_values
from diemtin.store.sqlite._insights import InsightsMixin
from diemtin.store.sqlite._links import LinksMixin
from diemtin.store.sqlite._pages import PagesMixin
from diemtin.store.sqlite._plan import SearchPlan
from diemtin.store.sqlite._schema import (
    DAY_SHIFT,
    MIGRATIONS,
    REINDEX_AFTER,
    SLOT_SIZE,
    apply_migrations,
    rowid_slot,
    schema_version,
    tune_index,
)
from diemtin.store.sqlite._search import SearchMixin
from diemtin.store.sqlite._state import StateMixin
from diemtin.store.sqlite._transaction import Commits, Transaction
from diemtin.store.sqlite._writes import INSERT_COLUMNS, NewRows

READ_MAP_BYTES = 1 << 34
"""Bytes of the file searches read through a memory map (SQLite caps it: 2 GB by default)."""
CACHE_KIB = 65_536
"""The page cache of a connection, in KiB."""


def _now() -> str:
    return datetime.now(UTC).isoformat()


class SQLiteStore(SearchMixin, PagesMixin, AnnotationsMixin, InsightsMixin, CountMixin,
                  LinksMixin, StateMixin):
    """A :class:`~diemtin.store.base.Store` in one SQLite file (or ``":memory:"``).

    Safe to share between threads: one connection, serialized by a lock. Several
    processes may write to one file: each write transaction waits for the others
    (``busy_timeout`` seconds at a time, then again after a pause).
    """

    def __init__(self, path: str | Path, *, migrate: bool = True,
                 busy_timeout: float = 10.0) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._commits = Commits(self._db, self.path)
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA synchronous = NORMAL")
            # Searches read article rows and index pages all over the file: map it (up to
            # SQLite's build limit) and cache more pages than the 2 MB default.
            self._db.execute(f"PRAGMA mmap_size = {READ_MAP_BYTES}")
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._tuned = False
            if migrate:
                self.migrate()
            else:
                schema_version(self._db)  # refuse a newer schema, and a file that is no database
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open database {self.path}: {error}") from error

    # -- schema ----------------------------------------------------------------

    def schema_version(self) -> int:
        """The version of the schema in force (0: an empty database)."""
        with self._lock:
            return schema_version(self._db)

    def migrate(self) -> int:
        """Apply pending migrations (waiting for other writers); return the version."""
        with self._lock:
            if schema_version(self._db) == len(MIGRATIONS):
                self._migrate_state()
                return len(MIGRATIONS)
            with self._transaction():
                before = schema_version(self._db)
                version = apply_migrations(self._db)
                if 0 < before < REINDEX_AFTER:
                    self._reindex()
                self._migrate_state()
                return version

    def _reindex(self) -> None:
        """Index every stored article again (after a change of the search keys)."""
        rows = self._db.execute(f"SELECT a.rowid, {SELECT_ARTICLE} FROM articles a").fetchall()
        for rowid, *columns in rows:
            self._index(rowid, row_to_article(columns))

    # -- writing ---------------------------------------------------------------

    def upsert_articles(
        self, articles: Sequence[Article], *, checkpoint: Checkpoint | None = None,
        annotations: Mapping[str, AnnotationSet] | None = None,
    ) -> list[Outcome]:
        """Insert or update ``articles``, save the ``annotations`` of those added or
        changed, and ``checkpoint``, in one transaction (nothing is computed inside it).

        New articles are written together (one statement per table for the batch);
        changed ones one by one, in order, with their earlier version kept.
        """
        with self._lock, self._transaction():
            self._last_rowids: dict[int, int] = {}  # per slot, read again in each transaction
            if not self._tuned:
                tune_index(self._db)
                self._tuned = True
            unique = unique_by_id(articles)
            stored = self._stored([a.id for a in unique])
            slots = {a.id: rowid_slot(a.published) for a in unique if a.id not in stored}
            self._read_slots(list(slots.values()))
            added = NewRows(datetime.now(UTC).isoformat())
            outcomes: dict[str, Outcome] = {}
            for article in unique:
                digest = article.content_hash()
                found = stored.get(article.id)
                if found is None:
                    added.add(self._next_rowid(article, slots[article.id]), article, digest)
                    outcomes[article.id] = Outcome.ADDED
                elif found[1] == digest:
                    outcomes[article.id] = Outcome.UNCHANGED
                else:
                    added.write(self._db)  # in order: earlier articles first
                    outcomes[article.id] = self._update(article, found[0], found[2])
            added.write(self._db)
            for article_id, annotation_set in (annotations or {}).items():
                if outcomes.get(article_id, Outcome.UNCHANGED) is not Outcome.UNCHANGED:
                    self._save_annotations(article_id, annotation_set)
            if checkpoint is not None:
                self._save_checkpoint(checkpoint)
        return [outcomes[a.id] for a in articles]

    def _stored(self, article_ids: Sequence[str]) -> dict[str, tuple[int, str, int]]:
        """The rowid, content hash and version of each of ``article_ids`` that is stored."""
        found: dict[str, tuple[int, str, int]] = {}
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start:start + 500])
            marks = ", ".join("?" * len(chunk))
            for article_id, *values in self._db.execute(
                    "SELECT id, rowid, content_hash, version FROM articles "
                    f"WHERE id IN ({marks})", chunk):
                found[article_id] = (values[0], values[1], values[2])
        return found

    def _read_slots(self, slots: list[int]) -> None:
        """Read the last rowid of each of ``slots`` (publication minutes) at once, for
        :meth:`_next_rowid`."""
        wanted = sorted(set(slots) - self._last_rowids.keys())
        for start in range(0, len(wanted), 500):
            chunk = json.dumps(wanted[start:start + 500])
            for slot, last in self._db.execute(
                    "SELECT s.value, (SELECT max(rowid) FROM articles WHERE rowid >= s.value "
                    f"AND rowid < s.value + {SLOT_SIZE}) FROM json_each(?) AS s", (chunk,)):
                self._last_rowids[slot] = slot - 1 if last is None else last

    def content_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The stored content hash of each of ``article_ids`` that is stored."""
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(article_ids), 500):
                chunk = list(article_ids[start:start + 500])
                marks = ", ".join("?" * len(chunk))
                found.update(self._db.execute(
                    f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", chunk))
        return found

    def _update(self, article: Article, rowid: int, version: int) -> Outcome:
        """Replace a stored article whose content changed, keeping the old version."""
        now = _now()
        old = row_to_article(self._db.execute(
            f"SELECT {SELECT_ARTICLE} FROM articles a WHERE a.rowid = ?", (rowid,)).fetchone())
        self._db.execute(
            "INSERT INTO article_versions (article_id, version, data, replaced_at) "
            "VALUES (?, ?, ?, ?)",
            (article.id, version, json.dumps(to_dict(old), ensure_ascii=False), now),
        )
        self._unindex(rowid, old)
        row = article_to_row(article.with_changes(ingested_at=old.ingested_at))
        assignments = ", ".join(f"{name} = :{name}" for name in INSERT_COLUMNS)
        moved = (rowid if rowid // SLOT_SIZE == rowid_slot(article.published) // SLOT_SIZE
                 else self._next_rowid(article))  # a new date moves it in rowid order
        self._db.execute(
            f"UPDATE articles SET {assignments}, rowid = :moved, version = version + 1, "
            "updated_at = :now WHERE rowid = :rowid",
            {**row, "now": now, "rowid": rowid, "moved": moved},
        )
        self._db.execute("DELETE FROM article_facts WHERE rowid = ?", (rowid,))
        self._db.execute("UPDATE entity_articles SET published_utc = :utc, day = date(:utc, "
                         "'+7 hours') WHERE article_id = :id",
                         {"utc": row["published_utc"], "id": article.id})
        self._index(moved, article)
        self._unlink(article.id)
        return Outcome.UPDATED

    def _next_rowid(self, article: Article, slot: int | None = None) -> int:
        """A new rowid in the article's publication minute (see ``rowid_slot``), or from
        ``slot`` (its first rowid) on when given."""
        slot = rowid_slot(article.published) if slot is None else slot
        while True:
            last = self._last_rowids.get(slot)
            if last is None:
                found = self._db.execute("SELECT max(rowid) FROM articles WHERE rowid >= ? AND "
                                         "rowid < ?", (slot, slot + SLOT_SIZE)).fetchone()[0]
                last = slot - 1 if found is None else int(found)
            if last + 1 < slot + SLOT_SIZE:
                self._last_rowids[slot] = last + 1
                return last + 1
            if (slot + SLOT_SIZE) >> DAY_SHIFT != slot >> DAY_SHIFT:
                raise StoreError(f"too many articles published on one day (day {slot >> 24})")
            slot += SLOT_SIZE  # this minute is full: the next one

    def _index(self, rowid: int, article: Article) -> None:
        """Index one article (see :class:`NewRows` for a batch of new ones)."""
        values, odd = index_values(article)
        self._db.execute(
            "INSERT INTO search_fts (rowid, f_title, f_text, e_title, e_text, meta) "
            "VALUES (?, ?, ?, ?, ?, ?)", (rowid, *values),
        )
        if odd:
            self._db.executemany("INSERT OR IGNORE INTO odd_spellings VALUES (?, ?)", odd)
        self._db.execute("INSERT OR REPLACE INTO article_facts (rowid, outlet) VALUES (?, ?)",
                         (rowid, article.outlet))

    def _unindex(self, rowid: int, article: Article) -> None:
        self._db.execute(
            "INSERT INTO search_fts (search_fts, rowid, f_title, f_text, e_title, e_text, "
            "meta) VALUES ('delete', ?, ?, ?, ?, ?, ?)", (rowid, *index_values(article)[0]),
        )

    def _save_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO ingest_checkpoints VALUES (?, ?, ?, ?, ?)",
            (checkpoint.source, checkpoint.fingerprint, checkpoint.position,
             int(checkpoint.done), _now()),
        )

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        """Save ``checkpoint`` on its own (for sources that end without a batch)."""
        with self._lock, self._transaction():
            self._save_checkpoint(checkpoint)

    def _transaction(self) -> Transaction:
        return self._commits.transaction()

    # -- reading ---------------------------------------------------------------

    def get_article(self, article_id: str) -> Article:
        """Return the stored article with ``article_id``."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {SELECT_ARTICLE} FROM articles a WHERE a.id = ?", (article_id,)
            ).fetchone()
        if row is None:
            raise ArticleNotFound(article_id)
        return row_to_article(row)

    def article_versions(self, article_id: str) -> list[Article]:
        """Earlier versions of the article, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT data FROM article_versions WHERE article_id = ? ORDER BY version",
                (article_id,),
            ).fetchall()
        return [from_dict(json.loads(data)) for (data,) in rows]

    def get_articles(self, article_ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among ``article_ids``, by id."""
        found: dict[str, Article] = {}
        with self._lock:
            for start in range(0, len(article_ids), 500):
                chunk = list(article_ids[start:start + 500])
                marks = ", ".join("?" * len(chunk))
                for row in self._db.execute(
                        f"SELECT {SELECT_ARTICLE} FROM articles a WHERE a.id IN ({marks})", chunk):
                    article = row_to_article(row)
                    found[article.id] = article
        return found

    def delete_article(self, article_id: str) -> None:
        """Delete an article with its versions, annotations and links; its duplicate
        group's other members are queued for linking again."""
        with self._lock, self._transaction():
            row = self._db.execute(
                f"SELECT a.rowid, {SELECT_ARTICLE} FROM articles a WHERE a.id = ?",
                (article_id,)).fetchone()
            if row is None:
                raise ArticleNotFound(article_id)
            self._unlink(article_id)
            self._unindex(row[0], row_to_article(row[1:]))
            self._db.execute("DELETE FROM article_facts WHERE rowid = ?", (row[0],))
            self._db.execute("DELETE FROM articles WHERE rowid = ?", (row[0],))

    def count_articles(self) -> int:
        """How many articles are stored."""
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def change_marker(self) -> tuple[int, int]:
        """See :meth:`Commits.marker`."""
        with self._lock:
            return self._commits.marker()

    def outlet_counts(self) -> list[tuple[str, int]]:
        """Each outlet with its number of articles, most first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL "
                "GROUP BY outlet ORDER BY n DESC, outlet"
            ).fetchall()
        return [(name, int(count)) for name, count in rows]

    def get_checkpoint(self, source: str) -> Checkpoint | None:
        """The saved progress of ``source``, if any."""
        with self._lock:
            row = self._db.execute(
                "SELECT source, fingerprint, position, done FROM ingest_checkpoints "
                "WHERE source = ?", (source,),
            ).fetchone()
        return Checkpoint(row[0], row[1], int(row[2]), bool(row[3])) if row else None

    # -- searching -------------------------------------------------------------

    def iter_articles(self, query: Query | None = None, *,
                      filters: SearchFilters = SearchFilters(),
                      batch_size: int = 500) -> Iterator[Article]:
        """Stream every matching article, most recently published first, in constant memory."""
        with self._lock:
            plan = SearchPlan(query or Query("", None), filters, self._known)
        last_rowid = None
        while True:
            with self._lock:
                rows = self._run(plan.scan(batch_size, after=last_rowid),
                                 {**plan.params, "after": last_rowid})
            if not rows:
                return
            for row in rows:
                article = row_to_article(row[1:])
                if not plan.check or query_matches(plan.query, article.title,
                                                   indexed_text(article)):
                    yield article
            last_rowid = rows[-1][0]

    def _run(self, sql: str, params: dict[str, Any]) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as error:
            if "fts5" in str(error) or "MATCH" in str(error):
                raise QuerySyntaxError(f"the search index rejected the query: {error}",
                                       query=params.get("q", ""), position=0) from error
            raise StoreError(str(error)) from error

    # -- ingest runs -----------------------------------------------------------

    def start_run(self, command: str) -> int:
        """Record the start of an ingest run and return its id."""
        with self._lock, self._transaction():
            cursor = self._db.execute(
                "INSERT INTO ingest_runs (command, started_at) VALUES (?, ?)", (command, _now())
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(self, run_id: int, report: IngestReport) -> None:
        """Record the counts and failures of an ingest run."""
        with self._lock, self._transaction():
            self._db.execute(
                "UPDATE ingest_runs SET finished_at = ?, added = ?, updated = ?, unchanged = ?, "
                "skipped = ?, failed = ? WHERE id = ?",
                (_now(), report.added, report.updated, report.unchanged, report.skipped,
                 report.failed, run_id),
            )
            self._db.executemany(
                "INSERT INTO ingest_failures (run_id, source, reason) VALUES (?, ?, ?)",
                [(run_id, source, reason) for source, reason in report.failures],
            )

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
