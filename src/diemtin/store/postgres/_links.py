"""Links in the PostgreSQL store: the link queue, signature keys, duplicate groups, stories.

A mixin of ``PostgresStore``, holding what the SQLite store's ``_links`` holds in the same
shapes: a batch's groups, stories and keys are written, and its articles taken off the
queue, in one transaction (the queue is the "linked up to" marker).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

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

T = TypeVar("T")
_IDS = "ANY(CAST(:ids AS text[]))"


class LinksMixin:
    """Expects ``_run`` and ``_write`` from the store."""

    def _run(self, sql: str, **params: Any) -> list[Any]:
        raise NotImplementedError  # provided by the store

    def _write(self, work: Callable[[], T]) -> T:
        raise NotImplementedError  # provided by the store

    # -- the queue and the signature keys --------------------------------------

    def _queue(self, article_ids: Sequence[str]) -> None:
        if article_ids:
            self._run("INSERT INTO link_queue (article_id) SELECT unnest(CAST(:ids AS text[])) "
                      "ON CONFLICT (article_id) DO NOTHING", ids=list(article_ids))

    def _unlink(self, article_id: str) -> None:
        """Undo an article's links: its group's members are queued again; it leaves its
        story."""
        found = self._run("SELECT group_id FROM duplicate_members WHERE article_id = :id",
                          id=article_id)
        members = [article_id]
        if found:
            members = [row[0] for row in self._run(
                "SELECT article_id FROM duplicate_members WHERE group_id = :g "
                "ORDER BY position", g=found[0][0])]
            self._run("DELETE FROM duplicate_groups WHERE id = :g", g=found[0][0])
        self._run(f"DELETE FROM link_docs WHERE article_id = {_IDS}", ids=members)
        self._queue(members)
        story = self._run("DELETE FROM story_members WHERE article_id = :id RETURNING story_id",
                          id=article_id)
        if story:
            self._run("UPDATE stories SET size = size - 1 WHERE id = :s", s=story[0][0])
            self._run("DELETE FROM stories WHERE id = :s AND size <= 0", s=story[0][0])

    def pending_links(self, *, limit: int) -> list[str]:
        """Up to ``limit`` ids of articles waiting to be linked, oldest first."""
        rows = self._run("SELECT article_id FROM link_queue ORDER BY seq LIMIT :n", n=limit)
        return [row[0] for row in rows]

    def iter_link_docs(self, *, batch_size: int = 2000) -> Iterator[LinkDoc]:
        """Every linked article's state, in the order they were linked."""
        rows = by_key(lambda last: self._run(
            f"SELECT seq, {DOC_COLUMNS} FROM link_docs WHERE seq > :last ORDER BY seq "
            "LIMIT :n", last=last, n=batch_size), 0)
        return (link_doc(row[1:]) for row in rows)

    def get_link_docs(self, article_ids: Sequence[str]) -> dict[str, LinkDoc]:
        """The linking state of each of ``article_ids`` that is linked."""
        if not article_ids:
            return {}
        rows = self._run(f"SELECT {DOC_COLUMNS} FROM link_docs WHERE article_id = {_IDS}",
                         ids=list(article_ids))
        return {row[0]: link_doc(row) for row in rows}

    def link_state(self, name: str) -> str | None:
        """A named blob of clustering state, or None."""
        rows = self._run("SELECT data FROM link_state WHERE name = :name", name=name)
        return str(rows[0][0]) if rows else None

    # -- writing a batch -------------------------------------------------------

    def save_links(self, batch: LinkBatch) -> None:
        """Write a linking batch and take its articles off the queue, in one transaction."""
        self._write(lambda: self._save_links(batch))

    def _save_links(self, batch: LinkBatch) -> None:
        if batch.docs:
            self._run(f"DELETE FROM link_docs WHERE article_id = {_IDS}",
                      ids=[doc.article_id for doc in batch.docs])
            for doc in batch.docs:
                self._run(f"INSERT INTO link_docs ({DOC_COLUMNS}) VALUES (:a, :h, :o, :p, :c, "
                          ":b, :k)", a=doc.article_id, h=doc.content_hash, o=doc.outlet,
                          p=doc.published.isoformat() if doc.published else None,
                          c=doc.credit, b=doc.band_keys, k=doc.anchor_keys)
        if batch.removed_groups:
            self._run(f"DELETE FROM duplicate_groups WHERE id = {_IDS}",
                      ids=list(batch.removed_groups))
        for group in batch.groups:
            self._save_group(group)
        if batch.removed_stories:
            self._run(f"DELETE FROM stories WHERE id = {_IDS}", ids=list(batch.removed_stories))
        for story in batch.stories:
            self._save_story(story)
        for name, data in batch.state:
            self._run("INSERT INTO link_state VALUES (:name, :data) ON CONFLICT (name) DO "
                      "UPDATE SET data = EXCLUDED.data", name=name, data=data)
        if batch.linked:
            self._run(f"DELETE FROM link_queue WHERE article_id = {_IDS}",
                      ids=list(batch.linked))

    def _save_group(self, group: DuplicateRecord) -> None:
        self._run("INSERT INTO duplicate_groups VALUES (:id, :o, :n, :c) ON CONFLICT (id) DO "
                  "UPDATE SET original_id = EXCLUDED.original_id, size = EXCLUDED.size, "
                  "credited = EXCLUDED.credited", id=group.id, o=group.original,
                  n=len(group.members), c=group.credited)
        self._run("DELETE FROM duplicate_members WHERE group_id = :id OR "
                  f"article_id = {_IDS}", id=group.id, ids=list(group.article_ids))
        self._run("INSERT INTO duplicate_members SELECT a, :id, p, d FROM unnest("
                  "CAST(:ids AS text[]), CAST(:positions AS int[]), "
                  "CAST(:delays AS float8[])) AS m(a, p, d)", id=group.id,
                  ids=list(group.article_ids), positions=list(range(len(group.members))),
                  delays=[member.delay for member in group.members])

    def _save_story(self, story: StoryRecord) -> None:
        self._run(
            "INSERT INTO stories VALUES (:id, :title, :summary, CAST(:first AS timestamptz), "
            "CAST(:last AS timestamptz), :state, :size, :vector) ON CONFLICT (id) DO UPDATE "
            "SET title = EXCLUDED.title, summary = EXCLUDED.summary, first_published = "
            "EXCLUDED.first_published, last_published = EXCLUDED.last_published, state = "
            "EXCLUDED.state, size = EXCLUDED.size, vector = EXCLUDED.vector",
            id=story.id, title=story.title, summary=story.summary,
            first=utc_text(story.first_published), last=utc_text(story.last_published),
            state=story.state.value, size=len(story.article_ids), vector=story.vector)
        ids = list(story.article_ids)
        self._run(f"DELETE FROM story_members WHERE story_id = :id OR article_id = {_IDS}",
                  id=story.id, ids=ids)
        self._run("INSERT INTO story_members SELECT a, :id, p, c FROM unnest("
                  "CAST(:ids AS text[]), CAST(:positions AS int[]), CAST(:copies AS bool[])) "
                  "AS m(a, p, c)", id=story.id, ids=ids, positions=list(range(len(ids))),
                  copies=[article_id in story.copies for article_id in ids])

    # -- reading groups --------------------------------------------------------

    def duplicate_groups(self, article_ids: Sequence[str] | None = None
                         ) -> list[DuplicateRecord]:
        """The duplicate groups holding any of ``article_ids`` (all when None), largest
        first."""
        if article_ids is None:
            where, params = "TRUE", {}
        else:
            where = (f"g.id IN (SELECT group_id FROM duplicate_members WHERE article_id = "
                     f"{_IDS})")
            params = {"ids": list(article_ids)}
        rows = self._run(
            "SELECT g.id, g.credited, m.article_id, m.delay FROM duplicate_groups g "
            f"JOIN duplicate_members m ON m.group_id = g.id WHERE {where} "
            'ORDER BY g.size DESC, g.id COLLATE "C", m.position', **params)
        groups: dict[str, tuple[bool, list[GroupMember]]] = {}
        for group_id, credited, member, delay in rows:
            groups.setdefault(group_id, (bool(credited), []))[1].append(
                GroupMember(member, delay))
        return [DuplicateRecord(group_id, tuple(members), credited)
                for group_id, (credited, members) in groups.items()]

    def republication_counts(self) -> list[tuple[str, str, int]]:
        """``(source outlet, republishing outlet, copies)``, most first."""
        rows = self._run(
            "SELECT src.outlet, dst.outlet, count(*) AS n FROM duplicate_members m "
            "JOIN duplicate_groups g ON g.id = m.group_id "
            "JOIN articles src ON src.id = g.original_id "
            "JOIN articles dst ON dst.id = m.article_id WHERE m.position > 0 "
            'GROUP BY src.outlet, dst.outlet ORDER BY n DESC, src.outlet COLLATE "C", '
            'dst.outlet COLLATE "C"')
        return [(source or "", republisher or "", int(count))
                for source, republisher, count in rows]

    # -- reading stories -------------------------------------------------------

    def stories(self, *, since: datetime | None = None, state: StoryState | None = None,
                limit: int | None = None, vectors: bool = False) -> list[StoryRecord]:
        """Stories whose last article is at or after ``since``, newest first."""
        where, params = ["TRUE"], {}
        if since is not None:
            where.append("last_published >= CAST(:since AS timestamptz)")
            params["since"] = utc_text(since)
        if state is not None:
            where.append("state = :state")
            params["state"] = state.value
        vector = "vector" if vectors else "''"
        rows = self._run(
            f"SELECT {STORY_COLUMNS}, {vector} FROM stories WHERE {' AND '.join(where)} "
            'ORDER BY last_published DESC NULLS LAST, id COLLATE "C" '
            f"LIMIT {int(limit) if limit is not None else 'ALL'}", **params)
        return self._with_members(rows)

    def get_story(self, story_id: str) -> StoryRecord:
        """One story, with its vector."""
        rows = self._run(f"SELECT {STORY_COLUMNS}, vector FROM stories WHERE id = :id",
                         id=story_id)
        if not rows:
            raise StoryNotFound(story_id)
        return self._with_members(rows)[0]

    def _with_members(self, rows: list[Any]) -> list[StoryRecord]:
        members: dict[str, list[tuple[str, bool]]] = {row[0]: [] for row in rows}
        if members:
            for story_id, article_id, copy in self._run(
                    "SELECT story_id, article_id, copy FROM story_members WHERE story_id = "
                    f"{_IDS} ORDER BY story_id, position", ids=list(members)):
                members[story_id].append((article_id, bool(copy)))
        return [story_record(row, members[row[0]]) for row in rows]

    def story_ids(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The story of each of ``article_ids`` that is in one."""
        if not article_ids:
            return {}
        rows = self._run(f"SELECT article_id, story_id FROM story_members WHERE article_id = "
                         f"{_IDS}", ids=list(article_ids))
        return {article_id: story_id for article_id, story_id in rows}
