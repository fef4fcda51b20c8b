"""The server backend: a PostgreSQL database, through the pg8000 driver.

Search keys are computed in Python and kept in ``tsvector`` columns with GIN indexes
(no extension needed); totals are exact. Writers run short transactions and retry on
serialization failures and deadlocks, so several processes can ingest at once.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import pg8000.native

from diemtin.errors import ArticleNotFound, StoreError
from diemtin.models import AnnotationSet, Article, IngestReport, from_dict, to_dict
from diemtin.search.filters import SearchFilters
from diemtin.search.keys import indexed_text
from diemtin.search.query import Query
from diemtin.search.results import Counts, check_unit, group_counts
from diemtin.search.rules import index_keys
from diemtin.store.base import Checkpoint, Outcome, unique_by_id
from diemtin.store.postgres._extras import ExtrasMixin
from diemtin.store.postgres._insights import InsightsMixin
from diemtin.store.postgres._links import LinksMixin
from diemtin.store.postgres._query import compile_search
from diemtin.store.postgres._schema import ARTICLE_DAY, MIGRATIONS, apply_migrations, schema_version
from diemtin.store.postgres._search import MINUTE, SearchMixin
from diemtin.store.postgres._state import StateMixin
from diemtin.store.postgres._vectors import article_vectors, storable
from diemtin.store.rows import ARTICLE_COLUMNS, SELECT_ARTICLE, article_to_row, row_to_article

T = TypeVar("T")
_DAY = ("CASE WHEN a.published_utc IS NOT NULL THEN GREATEST(1, CAST((a.published_utc AT "
        "TIME ZONE 'UTC') + INTERVAL '7 hours' AS date) - DATE '1970-01-01') END")
"""The publication day in Vietnam time as days since 1970 (``search.keys.day_index``)."""
_MINUTE = MINUTE
_RETRYABLE = frozenset({"40001", "40P01"})  # serialization failure, deadlock
_VECTORS = ("folded", "exact", "folded_title", "exact_title")
_COLUMNS = (*ARTICLE_COLUMNS, "outlet_key", "published_utc", "content_hash", *_VECTORS)
_CASTS = {"published_utc": "timestamptz", **dict.fromkeys(_VECTORS, "tsvector")}
_VALUES = ", ".join(f"CAST(:{name} AS {_CASTS[name]})" if name in _CASTS else f":{name}"
                    for name in _COLUMNS)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def connect(url: str) -> pg8000.native.Connection:
    """A connection to the database a ``postgresql://user:password@host:port/name`` URL
    names (host defaults to localhost, port to 5432, user to ``postgres``)."""
    parts = urlsplit(url)
    try:
        return pg8000.native.Connection(
            user=unquote(parts.username or "postgres"), host=parts.hostname or "localhost",
            port=parts.port or 5432, database=unquote(parts.path.lstrip("/")) or None,
            password=unquote(parts.password) if parts.password else None, timeout=60)
    except (pg8000.native.InterfaceError, pg8000.native.DatabaseError, OSError) as error:
        raise StoreError(f"cannot connect to {_safe(url)}: {error}") from error


def _safe(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _code(error: Exception) -> str:
    detail = error.args[0] if error.args else None
    return str(detail.get("C", "")) if isinstance(detail, dict) else ""


class PostgresStore(SearchMixin, ExtrasMixin, LinksMixin, InsightsMixin, StateMixin):
    """A :class:`~diemtin.store.base.Store` in a PostgreSQL database.

    Safe to share between threads: one connection, serialized by a lock.
    """

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = _safe(url)
        self._lock = threading.RLock()
        self._depth = 0
        self._db = connect(url)
        if migrate:
            self.migrate()
        else:
            self.schema_version()

    # -- connection and transactions -------------------------------------------

    def _run(self, sql: str, **params: Any) -> list[Any]:
        with self._lock:
            try:
                safe = {name: storable(value) for name, value in params.items()}
                return self._db.run(sql, **safe) or []
            except pg8000.native.DatabaseError as error:
                if self._depth or _code(error) in _RETRYABLE:
                    raise  # the transaction decides
                raise StoreError(f"{self.url}: {_message(error)}") from error
            except pg8000.native.InterfaceError as error:
                raise StoreError(f"{self.url}: connection lost: {error}") from error

    def _write(self, work: Callable[[], T]) -> T:
        """Run ``work`` in a transaction, retried on serialization failures and deadlocks.

        Re-entrant: inside a transaction, ``work`` joins it.
        """
        with self._lock:
            if self._depth:
                return work()
            pause = 0.05
            for attempt in range(20):
                try:
                    return self._attempt(work)
                except pg8000.native.DatabaseError as error:
                    if _code(error) not in _RETRYABLE or attempt == 19:
                        raise StoreError(f"{self.url}: {_message(error)}") from error
                time.sleep(pause * random.uniform(0.5, 1.5))
                pause = min(pause * 2, 2.0)
            raise AssertionError("unreachable")

    def _attempt(self, work: Callable[[], T]) -> T:
        self._db.run("BEGIN")
        self._depth = 1
        try:
            result = work()
        except BaseException:
            self._depth = 0
            self._db.run("ROLLBACK")
            raise
        self._depth = 0
        self._db.run("COMMIT")
        return result

    # -- schema ----------------------------------------------------------------

    def schema_version(self) -> int:
        """The version of the schema in force (0: an empty database)."""
        return schema_version(self)

    def run(self, sql: str, **params: Any) -> Any:
        """Run one statement (for the migrations)."""
        return self._run(sql, **params)

    def migrate(self) -> int:
        """Apply pending migrations (one process at a time); return the version."""
        if self.schema_version() != len(MIGRATIONS):
            self._write(lambda: apply_migrations(self))
        self._migrate_state()
        return len(MIGRATIONS)

    # -- writing ---------------------------------------------------------------

    def upsert_articles(
        self, articles: Sequence[Article], *, checkpoint: Checkpoint | None = None,
        annotations: Mapping[str, AnnotationSet] | None = None,
    ) -> list[Outcome]:
        """Insert or update ``articles``, save the ``annotations`` of those added or
        changed, and ``checkpoint``, in one transaction."""
        def work() -> dict[str, Outcome]:
            # Stored rows are locked in id order (two batches sharing articles do not
            # deadlock on them); new ones are inserted in the batch's order, as SQLite
            # does, since "most recently stored" orders results (a rare deadlock between
            # two writers inserting the same new articles is retried).
            unique = unique_by_id(articles)
            stored = self._lock_stored(sorted(a.id for a in unique))
            added = self._insert_new([a for a in unique if a.id not in stored])
            outcomes = {a.id: Outcome.ADDED if a.id in added
                        else Outcome.UNCHANGED if stored.get(a.id) == a.content_hash()
                        else self._update(a) for a in unique}
            for article_id, annotation_set in (annotations or {}).items():
                if outcomes.get(article_id, Outcome.UNCHANGED) is not Outcome.UNCHANGED:
                    self._save_annotations(article_id, annotation_set)
            if checkpoint is not None:
                self._save_checkpoint(checkpoint)
            return outcomes

        if not articles and checkpoint is None:
            return []
        outcomes = self._write(work)
        return [outcomes[a.id] for a in articles]

    def _row(self, article: Article) -> dict[str, Any]:
        row = article_to_row(article)
        row.update(article_vectors(article))
        odd = index_keys(article.title or "", indexed_text(article)).odd_spellings
        if odd:  # rare: foreign names with marks
            self._run("INSERT INTO odd_spellings SELECT * FROM json_populate_recordset("
                      "NULL::odd_spellings, CAST(:rows AS json)) ON CONFLICT DO NOTHING",
                      rows=json.dumps([{"folded": f, "exact": e} for f, e in odd],
                                      ensure_ascii=False))
        return row

    def _odd(self, folded: str) -> list[str]:
        """The recorded odd spellings of a folded word."""
        return [exact for (exact,) in self._run(
            "SELECT exact FROM odd_spellings WHERE folded = :folded", folded=folded)]

    def _lock_stored(self, article_ids: list[str]) -> dict[str, str]:
        """Lock the stored rows among ``article_ids`` (in id order); their content hashes."""
        rows = self._run("SELECT id, content_hash FROM articles WHERE id = ANY(CAST(:ids AS "
                         "text[])) ORDER BY id FOR UPDATE", ids=article_ids)
        return {article_id: digest for article_id, digest in rows}

    def _insert_new(self, articles: list[Article]) -> set[str]:
        """Insert the articles not stored yet, in one statement; return their ids."""
        if not articles:
            return set()
        now = datetime.now(UTC)
        rows = [self._row(a.with_changes(ingested_at=a.ingested_at or now)) for a in articles]
        names = ", ".join(_COLUMNS)
        # One JSON document for the batch: the driver's array encoding is far slower.
        inserted = self._run(
            f"INSERT INTO articles ({names}) SELECT {names} FROM json_populate_recordset("
            "NULL::articles, CAST(:rows AS json)) ON CONFLICT (id) DO NOTHING RETURNING id",
            rows=json.dumps(storable(rows), ensure_ascii=False))
        added = {article_id for (article_id,) in inserted}
        self._queue([a.id for a in articles if a.id in added])  # to be linked, in order
        return added

    def _update(self, article: Article) -> Outcome:
        """Update a stored article (locked first) unless its content is the same."""
        seq, old_hash, version, *old_row = self._run(
            f"SELECT a.seq, a.content_hash, a.version, {SELECT_ARTICLE} FROM articles a "
            "WHERE a.id = :id FOR UPDATE", id=article.id)[0]
        if old_hash == article.content_hash():
            return Outcome.UNCHANGED
        old = row_to_article(old_row)
        self._run("INSERT INTO article_versions VALUES (:id, :version, :data, :now) "
                  "ON CONFLICT DO NOTHING", id=article.id, version=version,
                  data=json.dumps(storable(to_dict(old)), ensure_ascii=False), now=_now())
        row = self._row(article.with_changes(ingested_at=old.ingested_at))
        assignments = ", ".join(f"{name} = {value}" for name, value in
                                zip(_COLUMNS, _VALUES.split(", "), strict=True))
        self._run(f"UPDATE articles SET {assignments}, version = version + 1, "
                  "updated_at = :now WHERE seq = :seq", **row, now=_now(), seq=seq)
        self._run(f"UPDATE entity_articles e SET published_utc = a.published_utc, day = "
                  f"{ARTICLE_DAY} FROM articles a WHERE a.seq = :seq AND e.article_id = a.id",
                  seq=seq)
        self._unlink(article.id)
        return Outcome.UPDATED

    def _save_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._run("INSERT INTO ingest_checkpoints VALUES (:source, :fingerprint, :position, "
                  ":done, :now) ON CONFLICT (source) DO UPDATE SET fingerprint = "
                  "EXCLUDED.fingerprint, position = EXCLUDED.position, done = EXCLUDED.done, "
                  "updated_at = EXCLUDED.updated_at", source=checkpoint.source,
                  fingerprint=checkpoint.fingerprint, position=checkpoint.position,
                  done=checkpoint.done, now=_now())

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        """Save ``checkpoint`` on its own (for sources that end without a batch)."""
        self._write(lambda: self._save_checkpoint(checkpoint))

    def content_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The stored content hash of each of ``article_ids`` that is stored."""
        if not article_ids:
            return {}
        rows = self._run("SELECT id, content_hash FROM articles WHERE id = ANY(CAST(:ids AS "
                         "text[]))", ids=list(article_ids))
        return {article_id: digest for article_id, digest in rows}

    # -- reading ---------------------------------------------------------------

    def get_article(self, article_id: str) -> Article:
        """Return the stored article with ``article_id``."""
        rows = self._run(f"SELECT {SELECT_ARTICLE} FROM articles a WHERE a.id = :id",
                         id=article_id)
        if not rows:
            raise ArticleNotFound(article_id)
        return row_to_article(rows[0])

    def article_versions(self, article_id: str) -> list[Article]:
        """Earlier versions of the article, oldest first."""
        rows = self._run("SELECT data FROM article_versions WHERE article_id = :id "
                         "ORDER BY version", id=article_id)
        return [from_dict(json.loads(data)) for (data,) in rows]

    def get_articles(self, article_ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among ``article_ids``, by id."""
        if not article_ids:
            return {}
        rows = self._run(f"SELECT {SELECT_ARTICLE} FROM articles a WHERE a.id = ANY(CAST(:ids "
                         "AS text[]))", ids=list(article_ids))
        return {article.id: article for article in map(row_to_article, rows)}

    def delete_article(self, article_id: str) -> None:
        """Delete an article with its versions, annotations and links; its duplicate
        group's other members are queued for linking again."""
        def work() -> None:
            if not self._run("SELECT 1 FROM articles WHERE id = :id FOR UPDATE", id=article_id):
                raise ArticleNotFound(article_id)
            self._unlink(article_id)
            self._run("DELETE FROM link_queue WHERE article_id = :id", id=article_id)
            self._run("DELETE FROM articles WHERE id = :id", id=article_id)

        self._write(work)

    def count_articles(self) -> int:
        """How many articles are stored."""
        return int(self._run("SELECT count(*) FROM articles")[0][0])

    def change_marker(self) -> str:
        """The server's write-ahead log insert position: every commit that wrote anything
        moves it (so do other databases' writes on the server: a change marker may
        change when nothing here did); a standby's last replayed position."""
        return str(self._run("SELECT CASE WHEN pg_is_in_recovery() THEN "
                             "pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END")[0][0])

    def outlet_counts(self) -> list[tuple[str, int]]:
        """Each outlet with its number of articles, most first."""
        rows = self._run("SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL "
                         'GROUP BY outlet ORDER BY n DESC, outlet COLLATE "C"')
        return [(name, int(count)) for name, count in rows]

    def get_checkpoint(self, source: str) -> Checkpoint | None:
        """The saved progress of ``source``, if any."""
        rows = self._run("SELECT source, fingerprint, position, done FROM ingest_checkpoints "
                         "WHERE source = :source", source=source)
        return Checkpoint(rows[0][0], rows[0][1], int(rows[0][2]), bool(rows[0][3])) \
            if rows else None

    # -- searching -------------------------------------------------------------

    def count(self, query: Query, *, filters: SearchFilters = SearchFilters(),
              by: str | None = None) -> Counts:
        """The exact number of articles matching ``query`` and ``filters``, uncapped,
        grouped ``by`` day, week, month (Vietnam time) or outlet when asked.

        Raises:
            InputError: ``by`` is not one of ``day``, ``week``, ``month``, ``outlet``.
        """
        unit = check_unit(by)
        sql = compile_search(query, filters, self._odd)
        group = "NULL" if unit is None else "a.outlet" if unit == "outlet" else _DAY
        with self._lock:
            rows = self._run(f"SELECT {group} AS key, count(*) FROM articles a "
                             f"WHERE {sql.where} GROUP BY key", **sql.params)
        return group_counts(unit, [(key, int(number)) for key, number in rows])

    def iter_articles(self, query: Query | None = None, *,
                      filters: SearchFilters = SearchFilters(),
                      batch_size: int = 500) -> Iterator[Article]:
        """Stream every matching article, most recently published first (as SQLite), in
        constant memory."""
        sql = compile_search(query or Query("", None), filters, self._odd)
        last: tuple[int, int] | None = None
        while True:
            cursor = "" if last is None else \
                f" AND ({_MINUTE}, a.seq) < ({int(last[0])}, {int(last[1])})"
            rows = self._run(f"SELECT {_MINUTE}, a.seq, {SELECT_ARTICLE} FROM articles a "
                             f"WHERE {sql.where}{cursor} ORDER BY 1 DESC, a.seq DESC "
                             f"LIMIT {int(batch_size)}", **sql.params)
            if not rows:
                return
            for row in rows:
                yield row_to_article(row[2:])
            last = (int(rows[-1][0]), int(rows[-1][1]))

    # -- ingest runs -----------------------------------------------------------

    def start_run(self, command: str) -> int:
        """Record the start of an ingest run and return its id."""
        rows = self._write(lambda: self._run(
            "INSERT INTO ingest_runs (command, started_at) VALUES (:command, :now) "
            "RETURNING id", command=command, now=_now()))
        return int(rows[0][0])

    def finish_run(self, run_id: int, report: IngestReport) -> None:
        """Record the counts and failures of an ingest run."""
        def work() -> None:
            self._run("UPDATE ingest_runs SET finished_at = :now, added = :added, updated = "
                      ":updated, unchanged = :unchanged, skipped = :skipped, failed = :failed "
                      "WHERE id = :id", now=_now(), added=report.added, updated=report.updated,
                      unchanged=report.unchanged, skipped=report.skipped, failed=report.failed,
                      id=run_id)
            if report.failures:
                self._run("INSERT INTO ingest_failures SELECT :id, s, r FROM unnest(CAST(:sources "
                          "AS text[]), CAST(:reasons AS text[])) AS f(s, r)", id=run_id,
                          sources=[s for s, _ in report.failures],
                          reasons=[r for _, r in report.failures])

        self._write(work)

    def close(self) -> None:
        """Close the connection."""
        with self._lock, contextlib.suppress(pg8000.native.InterfaceError, OSError):
            self._db.close()  # (an error here: the connection was already gone)

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _message(error: Exception) -> str:
    detail = error.args[0] if error.args else None
    return str(detail.get("M", detail)) if isinstance(detail, dict) else str(error)
