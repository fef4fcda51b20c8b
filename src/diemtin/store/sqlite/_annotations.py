"""NLP annotations and the entity index in the SQLite store (a mixin of ``SQLiteStore``).

Each component's output is stored per article with the component's version, so
``diemtin reanalyze`` finds what a newer component would change. Entity mentions are
also indexed by their folded text, for the ``person:``, ``org:`` and ``place:`` filters.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from diemtin.models import AnnotationSet, EntityRow
from diemtin.search.keys import entity_key
from diemtin.store.base import PersonRow
from diemtin.store.rows import derived_rows, person_rows, province_codes
from diemtin.store.sqlite._schema import ARTICLE_DAY


class AnnotationsMixin:
    """Annotation storage; expects ``_db`` and ``_lock`` from the store."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # provided by the store

    def save_annotations(self, article_id: str, annotations: AnnotationSet) -> None:
        """Store an article's annotations (and entity rows), in one transaction."""
        with self._lock, self._transaction():
            self._save_annotations(article_id, annotations)

    def _save_annotations(self, article_id: str, annotations: AnnotationSet) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO annotations VALUES (?, ?, ?, ?)",
            [(article_id, component, version, json.dumps(data, ensure_ascii=False))
             for component, version, data in annotations.components],
        )
        if annotations.entities is not None:
            derived = derived_rows(annotations.components)
            self._replace_entities(article_id, (*annotations.entities, *derived),
                                   province_codes(annotations.components))

    def _replace_entities(self, article_id: str, entities: Sequence[EntityRow],
                          provinces: str | None) -> None:
        """Replace the article's mentions, then its rows of the per-article entity index."""
        self._db.execute("DELETE FROM entity_mentions WHERE article_id = ?", (article_id,))
        self._db.execute("DELETE FROM entity_articles WHERE article_id = ?", (article_id,))
        self._db.executemany(
            "INSERT INTO entity_mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(article_id, e.label, entity_key(e.text), e.text, e.start, e.end, e.title)
             for e in entities],
        )
        self._db.execute(
            "INSERT INTO entity_articles SELECT m.label, m.key, m.article_id, a.published_utc, "
            f"{ARTICLE_DAY}, min(m.text), CASE WHEN m.label = 'PER' THEN "
            "group_concat(m.title, char(10)) END, CASE WHEN m.label = 'PER' THEN ? END "
            "FROM entity_mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.article_id = ? GROUP BY m.label, m.key", (provinces, article_id))

    def get_annotations(self, article_id: str) -> dict[str, tuple[str, Any]]:
        """Every stored annotation of an article: ``{component: (version, data)}``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT component, version, data FROM annotations WHERE article_id = ?",
                (article_id,),
            ).fetchall()
        return {component: (version, json.loads(data)) for component, version, data in rows}

    def stale_articles(self, versions: Mapping[str, str]) -> Iterator[str]:
        """Ids of articles missing an annotation or holding another version of it."""
        wanted = json.dumps(sorted(versions.items()))
        query = (
            "SELECT a.id FROM articles a WHERE (SELECT count(*) FROM annotations n, "
            "json_each(:wanted) w WHERE n.article_id = a.id "
            "AND n.component = json_extract(w.value, '$[0]') "
            "AND n.version = json_extract(w.value, '$[1]')) < :count ORDER BY a.rowid"
        )
        with self._lock:
            rows = self._db.execute(query, {"wanted": wanted, "count": len(versions)}).fetchall()
        yield from (row[0] for row in rows)

    def person_rows(self, name: str) -> list[PersonRow]:
        """Mentions of a person's name, in no particular order (see :class:`PersonRow`):
        one range of the entity index, in its own order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT article_id, text, titles, day, provinces FROM entity_articles "
                "WHERE label = 'PER' AND key = ?", (entity_key(name),)).fetchall()
        return person_rows(rows)

    def entity_counts(self, label: str, *, limit: int = 50) -> list[tuple[str, int]]:
        """The most mentioned entities of a label: ``(text, articles)``, most first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT min(text), count(*) AS n FROM entity_articles "
                "WHERE label = ? GROUP BY key ORDER BY n DESC, min(text) LIMIT ?", (label, limit),
            ).fetchall()
        return [(text, int(count)) for text, count in rows]
