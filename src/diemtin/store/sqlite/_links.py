"""Links in the SQLite store: the link queue, signature keys, duplicate groups, stories.

A mixin of ``SQLiteStore``. The queue (``link_queue``) is the "linked up to" marker:
a batch's groups, stories and keys are written, and its articles taken off the queue,
in one transaction, so a run killed at any point resumes at the first unfinished batch.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from diemtin.errors import StoryNotFound
from diemtin.store.base import (
    DuplicateRecord,
    GroupMember,
    LinkBatch,
    LinkDoc,
    StoryRecord,
    StoryState,
)
from diemtin.store.record_rows import DOC_COLUMNS, STORY_COLUMNS, by_key, link_doc, story_record
from diemtin.store.rows import utc_text

_CHUNK = 500


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


class LinksMixin:
    """Link storage; expects ``_db`` and ``_lock`` from the store."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # provided by the store

    # -- the queue and the signature keys --------------------------------------

    def _queue(self, article_ids: Sequence[str]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO link_queue (article_id) VALUES (?)",
                             [(article_id,) for article_id in article_ids])

    def _unlink(self, article_id: str) -> None:
        """Undo an article's links (it changed or goes): its group's other members and
        the article itself are queued again; it leaves its story."""
        found = self._db.execute("SELECT group_id FROM duplicate_members WHERE article_id = ?",
                                 (article_id,)).fetchone()
        members = [article_id]
        if found:
            members = [row[0] for row in self._db.execute(
                "SELECT article_id FROM duplicate_members WHERE group_id = ? ORDER BY position",
                (found[0],))]
            self._db.execute("DELETE FROM duplicate_groups WHERE id = ?", (found[0],))
        self._db.executemany("DELETE FROM link_docs WHERE article_id = ?",
                             [(member,) for member in members])
        self._queue(members)
        story = self._db.execute("SELECT story_id FROM story_members WHERE article_id = ?",
                                 (article_id,)).fetchone()
        if story:
            self._db.execute("DELETE FROM story_members WHERE article_id = ?", (article_id,))
            self._db.execute("UPDATE stories SET size = size - 1 WHERE id = ?", (story[0],))
            self._db.execute("DELETE FROM stories WHERE id = ? AND size <= 0", (story[0],))

    def pending_links(self, *, limit: int) -> list[str]:
        """Up to ``limit`` ids of articles waiting to be linked, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT article_id FROM link_queue ORDER BY rowid LIMIT ?", (limit,)).fetchall()
        return [row[0] for row in rows]

    def iter_link_docs(self, *, batch_size: int = 2000) -> Iterator[LinkDoc]:
        """Every linked article's state, in the order they were linked."""
        def batch(last: int) -> list[Any]:
            with self._lock:
                return self._db.execute(
                    f"SELECT seq, {DOC_COLUMNS} FROM link_docs WHERE seq > ? ORDER BY seq "
                    "LIMIT ?", (last, batch_size)).fetchall()

        return (link_doc(row[1:]) for row in by_key(batch, -1))

    def get_link_docs(self, article_ids: Sequence[str]) -> dict[str, LinkDoc]:
        """The linking state of each of ``article_ids`` that is linked."""
        found: dict[str, LinkDoc] = {}
        with self._lock:
            for start in range(0, len(article_ids), _CHUNK):
                chunk = list(article_ids[start:start + _CHUNK])
                for row in self._db.execute(
                        f"SELECT {DOC_COLUMNS} FROM link_docs WHERE article_id IN "
                        f"({_marks(chunk)})", chunk):
                    found[row[0]] = link_doc(row)
        return found

    def link_state(self, name: str) -> str | None:
        """A named blob of clustering state, or None."""
        with self._lock:
            row = self._db.execute("SELECT data FROM link_state WHERE name = ?",
                                   (name,)).fetchone()
        return str(row[0]) if row else None

    # -- writing a batch -------------------------------------------------------

    def save_links(self, batch: LinkBatch) -> None:
        """Write a linking batch and take its articles off the queue, in one transaction."""
        with self._lock, self._transaction():
            self._save_docs(batch.docs)
            self._db.executemany("DELETE FROM duplicate_groups WHERE id = ?",
                                 [(group_id,) for group_id in batch.removed_groups])
            for group in batch.groups:
                self._save_group(group)
            self._db.executemany("DELETE FROM stories WHERE id = ?",
                                 [(story_id,) for story_id in batch.removed_stories])
            for story in batch.stories:
                self._save_story(story)
            self._db.executemany("INSERT OR REPLACE INTO link_state VALUES (?, ?)",
                                 list(batch.state))
            self._db.executemany("DELETE FROM link_queue WHERE article_id = ?",
                                 [(article_id,) for article_id in batch.linked])

    def _save_docs(self, docs: Sequence[LinkDoc]) -> None:
        self._db.executemany("DELETE FROM link_docs WHERE article_id = ?",
                             [(doc.article_id,) for doc in docs])
        self._db.executemany(
            f"INSERT INTO link_docs ({DOC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(doc.article_id, doc.content_hash, doc.outlet,
              doc.published.isoformat() if doc.published else None, doc.credit,
              doc.band_keys, doc.anchor_keys) for doc in docs])

    def _save_group(self, group: DuplicateRecord) -> None:
        self._db.execute("INSERT OR REPLACE INTO duplicate_groups VALUES (?, ?, ?, ?)",
                         (group.id, group.original, len(group.members), int(group.credited)))
        self._db.execute("DELETE FROM duplicate_members WHERE group_id = ?", (group.id,))
        self._db.executemany(
            "INSERT OR REPLACE INTO duplicate_members VALUES (?, ?, ?, ?)",
            [(member.article_id, group.id, position, member.delay)
             for position, member in enumerate(group.members)])

    def _save_story(self, story: StoryRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (story.id, story.title, story.summary, utc_text(story.first_published),
             utc_text(story.last_published), story.state.value, len(story.article_ids),
             story.vector))
        self._db.execute("DELETE FROM story_members WHERE story_id = ?", (story.id,))
        self._db.executemany(
            "INSERT OR REPLACE INTO story_members VALUES (?, ?, ?, ?)",
            [(article_id, story.id, position, int(article_id in story.copies))
             for position, article_id in enumerate(story.article_ids)])

    # -- reading groups --------------------------------------------------------

    def duplicate_groups(self, article_ids: Sequence[str] | None = None
                         ) -> list[DuplicateRecord]:
        """The duplicate groups holding any of ``article_ids`` (all when None), largest
        first."""
        with self._lock:
            if article_ids is None:
                ids = [row[0] for row in self._db.execute(
                    "SELECT id FROM duplicate_groups ORDER BY size DESC, id")]
            else:
                ids = sorted(self._group_ids(article_ids))
            return sorted((self._load_group(group_id) for group_id in ids),
                          key=lambda group: (-len(group.members), group.id))

    def _group_ids(self, article_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(article_ids), _CHUNK):
            chunk = list(article_ids[start:start + _CHUNK])
            found.update(row[0] for row in self._db.execute(
                f"SELECT group_id FROM duplicate_members WHERE article_id IN ({_marks(chunk)})",
                chunk))
        return found

    def _load_group(self, group_id: str) -> DuplicateRecord:
        credited = self._db.execute("SELECT credited FROM duplicate_groups WHERE id = ?",
                                    (group_id,)).fetchone()[0]
        members = tuple(GroupMember(article_id, delay) for article_id, delay in self._db.execute(
            "SELECT article_id, delay FROM duplicate_members WHERE group_id = ? "
            "ORDER BY position", (group_id,)))
        return DuplicateRecord(group_id, members, bool(credited))

    def republication_counts(self) -> list[tuple[str, str, int]]:
        """``(source outlet, republishing outlet, copies)``, most first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT src.outlet, dst.outlet, count(*) AS n FROM duplicate_members m "
                "JOIN duplicate_groups g ON g.id = m.group_id "
                "JOIN articles src ON src.id = g.original_id "
                "JOIN articles dst ON dst.id = m.article_id "
                "WHERE m.position > 0 GROUP BY src.outlet, dst.outlet "
                "ORDER BY n DESC, src.outlet, dst.outlet").fetchall()
        return [(source or "", republisher or "", int(count))
                for source, republisher, count in rows]

    # -- reading stories -------------------------------------------------------

    def stories(self, *, since: datetime | None = None, state: StoryState | None = None,
                limit: int | None = None, vectors: bool = False) -> list[StoryRecord]:
        """Stories whose last article is at or after ``since``, newest first."""
        where, params = ["1 = 1"], []
        if since is not None:
            where.append("last_published >= ?")
            params.append(utc_text(since))
        if state is not None:
            where.append("state = ?")
            params.append(state.value)
        vector = "vector" if vectors else "''"
        sql = (f"SELECT {STORY_COLUMNS}, {vector} FROM stories "
               f"WHERE {' AND '.join(where)} ORDER BY last_published DESC, id "
               f"LIMIT {int(limit) if limit is not None else -1}")
        with self._lock:
            return [self._load_story(row) for row in self._db.execute(sql, params).fetchall()]

    def get_story(self, story_id: str) -> StoryRecord:
        """One story, with its vector."""
        with self._lock:
            row = self._db.execute(f"SELECT {STORY_COLUMNS}, vector FROM stories WHERE id = ?",
                                   (story_id,)).fetchone()
            if row is None:
                raise StoryNotFound(story_id)
            return self._load_story(row)

    def _load_story(self, row: Any) -> StoryRecord:
        return story_record(row, self._db.execute(
            "SELECT article_id, copy FROM story_members WHERE story_id = ? ORDER BY position",
            (row[0],)).fetchall())

    def story_ids(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The story of each of ``article_ids`` that is in one."""
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(article_ids), _CHUNK):
                chunk = list(article_ids[start:start + _CHUNK])
                found.update(self._db.execute(
                    f"SELECT article_id, story_id FROM story_members WHERE article_id IN "
                    f"({_marks(chunk)})", chunk))
        return found
