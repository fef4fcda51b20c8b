"""The SQL of one search over the SQLite store: the FTS match, the filters, the ranking."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from diemtin.search.filters import SearchFilters
from diemtin.search.keys import entity_key, outlet_key, topic_label
from diemtin.search.query import Query
from diemtin.store.rows import SELECT_ARTICLE, utc_text
from diemtin.store.sqlite._fts import FtsCompiler, Known, filter_expression
from diemtin.store.sqlite._schema import DAY_SHIFT

# CROSS JOIN: the full-text index drives (its filters are already applied); probing the
# index once per row of an outlet is far slower.
_FTS_WITH_ARTICLES = "search_fts CROSS JOIN articles a ON a.rowid = search_fts.rowid"


def _cached(known: Known) -> Known:
    """``known`` asked once per syllable (a plan compiles the query three times)."""
    found: dict[str, Collection[str]] = {}

    def lookup(folded: str) -> Collection[str]:
        if folded not in found:
            found[folded] = known(folded)
        return found[folded]

    return lookup


class SearchPlan:
    """The SQL of one search: the FTS match (if any) and the filters."""

    def __init__(self, query: Query, filters: SearchFilters, known: Known | None = None
                 ) -> None:
        self.query = query
        self.params: dict[str, Any] = {}
        conditions = []
        outlets = [key for key in map(outlet_key, (*filters.outlets, *query.outlets)) if key]
        if outlets:
            names = [f":outlet{i}" for i in range(len(outlets))]
            self.params.update({f"outlet{i}": key for i, key in enumerate(outlets)})
            conditions.append(f"a.outlet_key IN ({', '.join(names)})")
        for i, (label, name) in enumerate(query.entities):
            self.params.update({f"label{i}": label, f"entity{i}": entity_key(name),
                                f"entity_tail{i}": "% " + entity_key(name)})
            conditions.append(
                f"a.id IN (SELECT article_id FROM entity_mentions WHERE label = :label{i} "
                f"AND (key = :entity{i} OR key LIKE :entity_tail{i}))")
        for i, label in enumerate(sorted({topic_label(topic) for topic in query.topics})):
            self.params[f"topic{i}"] = label
            conditions.append(
                "a.id IN (SELECT article_id FROM annotations WHERE component = 'topic' "
                f"AND json_extract(data, '$.label') = :topic{i})")
        if filters.since:
            self.params["since"] = utc_text(filters.since)
            conditions.append("a.published_utc >= :since")
        if filters.until:
            self.params["until"] = utc_text(filters.until)
            conditions.append("a.published_utc < :until")
        self.joined = bool(conditions) or query.node is None
        self.fts = query.node is not None
        self.check = False
        """The FTS match is a superset: the store checks each match with the rules."""
        self.phrase = False
        if query.node is not None:
            index_filter = filter_expression(outlets, filters.since, filters.until)
            suffix = f" AND {index_filter}" if index_filter else ""
            compiler = FtsCompiler(query, _cached(known) if known else None)
            self.params["q"] = f"({compiler.node(query.node)}){suffix}"
            self.check = compiler.checked
            self.params["title"] = f"({compiler.node(query.node, title=True)}){suffix}"
            conditions.append("search_fts MATCH :q")
            phrase = compiler.phrase()
            if phrase is not None:
                self.phrase = True
                self.params["phrase"] = f"({phrase}){suffix}"
        self.where = " AND ".join(conditions) or "1"
        # The source of row ids (count, window), and the source with article columns.
        self.source, self.rowid = (
            ("articles a", "a.rowid") if not self.fts
            else (_FTS_WITH_ARTICLES if self.joined else "search_fts", "search_fts.rowid"))
        self.with_articles = _FTS_WITH_ARTICLES if self.fts else self.source

    def _window(self) -> tuple[str, str]:
        """The condition limiting a search to its window, outside and inside subqueries."""
        if "ids" in self.params:  # checked matches: exactly these rows
            ids = " IN (SELECT value FROM json_each(:ids))"
            return f" AND {self.rowid}{ids}", f" AND rowid{ids}"
        if "floor" in self.params:
            return f" AND {self.rowid} >= :floor", " AND rowid >= :floor"
        return "", ""

    def select(self, limit: int, offset: int) -> str:
        """Row ids and scores of one page, best first.

        The score is 2 when every query word appears adjacent and in order (the phrase)
        plus 1 for all terms in the title; ties go to the newest (row ids are in order of
        publication, to the minute: no article row is read to rank). (FTS5's bm25 counts
        every match of each term in the whole index on each query, which costs tens of
        milliseconds on large stores.)
        """
        page = f"LIMIT {int(limit)} OFFSET {int(offset)}"
        if not self.fts:
            return (f"SELECT a.rowid, 0 FROM articles a WHERE {self.where} "
                    f"ORDER BY a.published_utc DESC, a.rowid DESC {page}")
        window, inner = self._window()
        score = (f"({self.rowid} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH "
                 f":title{inner}))")
        if self.phrase:
            score += (f" + 2 * ({self.rowid} IN (SELECT rowid FROM search_fts WHERE "
                      f"search_fts MATCH :phrase{inner}))")
        return (f"SELECT {self.rowid} AS rid, {score} AS score FROM {self.source} "
                f"WHERE {self.where}{window} ORDER BY score DESC, {self.rowid} DESC {page}")

    def keyset(self, limit: int, offset: int) -> str:
        """:meth:`select` after the key ``(:after_score, :after_rowid)``: the next page."""
        ranked = self.select(-1, 0)
        return (f"SELECT * FROM ({ranked}) AS r WHERE r.score < :after_score OR "
                "(r.score = :after_score AND r.rid < :after_rowid) "
                f"ORDER BY r.score DESC, r.rid DESC LIMIT {int(limit)} OFFSET {int(offset)}")

    def by_date(self, limit: int, offset: int, *, after: int | None) -> str:
        """Row ids of one page of every match, newest first (row ids follow publication)."""
        cursor = "" if after is None else f" AND {self.rowid} < :after"
        return (f"SELECT {self.rowid} FROM {self.source} WHERE {self.where}{cursor} "
                f"ORDER BY {self.rowid} DESC LIMIT {int(limit)} OFFSET {int(offset)}")

    def scores(self) -> str:
        """``(rowid, score)`` of the row ids in ``:page`` (a JSON array), as :meth:`select`
        scores them, reading the index for those rows only."""
        page = "SELECT value FROM json_each(:page)"
        score = (f"(value IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :title "
                 f"AND rowid IN ({page})))")
        if self.phrase:
            score += (f" + 2 * (value IN (SELECT rowid FROM search_fts WHERE search_fts "
                      f"MATCH :phrase AND rowid IN ({page})))")
        return f"SELECT value, {score} FROM json_each(:page)"

    def recent(self, window: int) -> str:
        """Row ids of the ``window`` most recently published matches."""
        return (f"SELECT {self.rowid} FROM {self.source} WHERE {self.where} "
                f"ORDER BY {self.rowid} DESC LIMIT {window}")

    def count(self, cap: int) -> str:
        return f"SELECT count(*) FROM (SELECT 1 FROM {self.source} WHERE {self.where} LIMIT {cap})"

    def count_by(self, group: str | None) -> str:
        """Exact counts of the matches, by ``day`` (days since 1970 in Vietnam time, read
        from the rowid), ``outlet``, or in all (``None``): rows of ``(group, count)``."""
        if group is None:
            return f"SELECT NULL, count(*) FROM {self.source} WHERE {self.where}"
        if group == "day":
            return (f"SELECT nullif({self.rowid} >> {DAY_SHIFT}, 0) AS day, count(*) "
                    f"FROM {self.source} WHERE {self.where} GROUP BY day")
        facts = f"{self.source} CROSS JOIN article_facts x ON x.rowid = {self.rowid}"
        return f"SELECT x.outlet, count(*) FROM {facts} WHERE {self.where} GROUP BY x.outlet"

    def candidates(self, batch_size: int, *, after: int | None) -> str:
        """Matches (a superset when :attr:`check`), newest first: ``rowid, day, outlet``
        and the article columns."""
        cursor = "" if after is None else " AND a.rowid < :after"
        return (f"SELECT a.rowid, nullif(a.rowid >> {DAY_SHIFT}, 0), a.outlet, "
                f"{SELECT_ARTICLE} FROM {self.with_articles} WHERE {self.where}{cursor} "
                f"ORDER BY a.rowid DESC LIMIT {int(batch_size)}")

    def facet(self) -> str:
        checked = self._window()[0] if "ids" in self.params else ""
        return (f"SELECT a.outlet, count(*) AS n FROM {self.with_articles} "
                f"WHERE {self.where}{checked} "
                "AND a.outlet IS NOT NULL GROUP BY a.outlet ORDER BY n DESC, a.outlet LIMIT 30")

    def scan(self, batch_size: int, *, after: int | None) -> str:
        cursor = "" if after is None else " AND a.rowid < :after"
        return (f"SELECT a.rowid, {SELECT_ARTICLE} FROM {self.with_articles} "
                f"WHERE {self.where}{cursor} "
                f"ORDER BY a.rowid DESC LIMIT {int(batch_size)}")


FACET_LABELS = ("PER", "ORG", "LOC")
"""The entity labels of the search facets (places as written, as ``place:`` filters)."""


FACET_TABLE = "temp.facet_matches"
"""The row ids of one search's matches, kept for the length of one facets call."""
FACET_TABLE_DDL = "CREATE TEMP TABLE IF NOT EXISTS facet_matches (rid INTEGER PRIMARY KEY)"
_IDS = f"SELECT a.id FROM {FACET_TABLE} f CROSS JOIN articles a ON a.rowid = f.rid"


def facet_fill_sql(plan: SearchPlan) -> str:
    """Store the row ids of every match in :data:`FACET_TABLE` (one pass of the index)."""
    return f"INSERT INTO {FACET_TABLE} (rid) SELECT {plan.rowid} FROM {plan.source} " \
        f"WHERE {plan.where}"


def facet_days_outlets_sql() -> str:
    """Matches per Vietnam day (days since 1970, from the row id) and outlet, in one pass
    over the narrow ``article_facts``."""
    return (f"SELECT f.rid >> {DAY_SHIFT} AS day, x.outlet, count(*) FROM {FACET_TABLE} f "
            "LEFT JOIN article_facts x ON x.rowid = f.rid GROUP BY day, x.outlet")


def facet_entities_sql() -> str:
    """The ``:facet_limit`` most frequent entities of each of :data:`FACET_LABELS` among the
    matches, in one pass driven from the matches (each match's mentions by the article
    index), not from every mention of a label."""
    labels = ", ".join(f"'{label}'" for label in FACET_LABELS)
    return ("SELECT label, key, text, n FROM (SELECT e.label AS label, e.key AS key, "
            "min(e.text) AS text, count(DISTINCT e.article_id) AS n, row_number() OVER ("
            "PARTITION BY e.label ORDER BY count(DISTINCT e.article_id) DESC, e.key) AS place "
            f"FROM {FACET_TABLE} f CROSS JOIN articles a ON a.rowid = f.rid "
            "CROSS JOIN entity_mentions e ON e.article_id = a.id "
            f"WHERE e.label IN ({labels}) GROUP BY e.label, e.key) "
            "WHERE place <= :facet_limit ORDER BY label, n DESC, key")


def facet_topics_sql() -> str:
    """Matches per topic label, most first."""
    return ("SELECT json_extract(data, '$.label') AS topic, count(*) AS n FROM annotations "
            f"WHERE component = 'topic' AND article_id IN ({_IDS}) "
            "AND topic IS NOT NULL GROUP BY topic ORDER BY n DESC, topic LIMIT :facet_limit")
