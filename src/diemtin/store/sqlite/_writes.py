"""New articles of a batch, written together: one ``executemany`` per table."""

from __future__ import annotations

import sqlite3
from typing import Any

from diemtin.models import Article
from diemtin.store.rows import ARTICLE_COLUMNS, article_to_row
from diemtin.store.sqlite._fts import index_values

INSERT_COLUMNS = (*ARTICLE_COLUMNS, "outlet_key", "published_utc", "content_hash")
"""The columns of ``articles`` an insert or update sets (besides ``rowid``)."""
_INSERT_ARTICLE = (f"INSERT INTO articles (rowid, {', '.join(INSERT_COLUMNS)}) "
                   f"VALUES (:rowid, {', '.join(':' + name for name in INSERT_COLUMNS)})")


class NewRows:
    """New articles waiting to be written together: one ``executemany`` per table.

    ``now`` is the ingest time of those without one.
    """

    def __init__(self, now: str) -> None:
        self.now = now
        self.rows: list[dict[str, Any]] = []
        self.index: list[tuple[int, str, str, str, str, str]] = []
        self.odd: set[tuple[str, str]] = set()
        self.facts: list[tuple[int, str | None]] = []

    def add(self, rowid: int, article: Article, digest: str) -> None:
        """Queue ``article`` (with its content hash) for the rowid ``rowid``."""
        row = article_to_row(article, content_hash=digest)
        row["rowid"], row["ingested_at"] = rowid, row["ingested_at"] or self.now
        self.rows.append(row)
        values, odd = index_values(article)
        self.index.append((rowid, *values))
        self.odd.update(odd)
        self.facts.append((rowid, article.outlet))

    def write(self, db: sqlite3.Connection) -> None:
        """Insert what is queued (article rows first: the others refer to them)."""
        if not self.rows:
            return
        db.executemany(_INSERT_ARTICLE, self.rows)
        db.executemany("INSERT INTO search_fts (rowid, f_title, f_text, e_title, e_text, "
                       "meta) VALUES (?, ?, ?, ?, ?, ?)", self.index)
        db.executemany("INSERT OR IGNORE INTO odd_spellings VALUES (?, ?)", sorted(self.odd))
        db.executemany("INSERT OR REPLACE INTO article_facts (rowid, outlet) VALUES (?, ?)",
                       self.facts)
        db.executemany("INSERT OR IGNORE INTO link_queue (article_id) VALUES (?)",
                       [(row["id"],) for row in self.rows])
        self.rows, self.index, self.facts = [], [], []
        self.odd = set()
