"""The SQL of one search over the SQLite store: the FTS match, the filters, the ranking."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from diemtin.search.filters import SearchFilters
from diemtin.search.keys import day_index, entity_key, outlet_key, topic_label
from diemtin.search.query import Node, Query
from diemtin.store.rows import SELECT_ARTICLE, utc_text
from diemtin.store.sqlite._fts import FtsCompiler, Known, filter_expression
from diemtin.store.sqlite._schema import DAY_SHIFT, rowid_slot

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


def _filter_conditions(query: Query, filters: SearchFilters, outlets: list[str],
                       params: dict[str, Any]) -> list[str]:
    """The conditions of the filters on the article row ``a``, their values in ``params``."""
    conditions = []
    if outlets:
        names = [f":outlet{i}" for i in range(len(outlets))]
        params.update({f"outlet{i}": key for i, key in enumerate(outlets)})
        conditions.append(f"a.outlet_key IN ({', '.join(names)})")
    for i, (label, name) in enumerate(query.entities):
        params.update({f"label{i}": label, f"entity{i}": entity_key(name),
                       f"entity_tail{i}": "% " + entity_key(name)})
        conditions.append(
            f"a.id IN (SELECT article_id FROM entity_mentions WHERE label = :label{i} "
            f"AND (key = :entity{i} OR key LIKE :entity_tail{i}))")
    for i, label in enumerate(sorted({topic_label(topic) for topic in query.topics})):
        params[f"topic{i}"] = label
        conditions.append(
            "a.id IN (SELECT article_id FROM annotations WHERE component = 'topic' "
            f"AND json_extract(data, '$.label') = :topic{i})")
    if filters.since:
        params["since"] = utc_text(filters.since)
        conditions.append("a.published_utc >= :since")
    if filters.until:
        params["until"] = utc_text(filters.until)
        conditions.append("a.published_utc < :until")
    return conditions


FIRST_DATED = 1 << DAY_SHIFT
"""The lowest row id of a dated article (undated ones are below it, on day 0)."""


def rowid_bounds(since: datetime | None, until: datetime | None
                 ) -> tuple[int | None, int | None]:
    """Row ids ``[low, high)`` that hold every article published in ``[since, until)``
    (and some others: the exact bounds are checked on ``published_utc`` as well).

    Row ids follow publication (see :func:`~diemtin.store.sqlite._schema.rowid_slot`):
    ``since``'s minute is a lower bound, as a full minute spills into later minutes
    only; the end of ``until``'s day an upper bound, as spills stay in their day. Days
    before 1970-01-03 share day 1, so bounds there widen to the whole of day 1.

    >>> from diemtin.models import VIETNAM_TZ
    >>> low, high = rowid_bounds(datetime(2026, 10, 13, 8, 30, tzinfo=VIETNAM_TZ), None)
    >>> low >> DAY_SHIFT, high
    (20739, None)
    """
    low = None if since is None else (
        rowid_slot(since) if day_index(since) > 1 else FIRST_DATED)
    if until is None:
        return low, None
    return (FIRST_DATED if low is None else low), (max(day_index(until), 1) + 1) << DAY_SHIFT


class SearchPlan:
    """The SQL of one search: the FTS match (if any) and the filters."""

    def __init__(self, query: Query, filters: SearchFilters, known: Known | None = None
                 ) -> None:
        self.query = query
        self.params: dict[str, Any] = {}
        outlets = [key for key in map(outlet_key, (*filters.outlets, *query.outlets)) if key]
        conditions = _filter_conditions(query, filters, outlets, self.params)
        self.joined = bool(conditions) or query.node is None
        self.fts = query.node is not None
        self.check = False
        """The FTS match is a superset: the store checks each match with the rules."""
        self.phrase = False
        self.low: int | None = None
        self.high: int | None = None
        """Bounds of the row ids that may match (from the dates), for full-text plans."""
        self._bounds: list[str] = []
        if query.node is not None:
            self.low, self.high = rowid_bounds(filters.since, filters.until)
            for name, op, value in (("low", ">=", self.low), ("high", "<", self.high)):
                if value is not None:
                    self.params[f"rowid_{name}"] = value
                    self._bounds.append(f"search_fts.rowid {op} :rowid_{name}")
            self._compile(query.node, FtsCompiler(query, _cached(known) if known else None),
                          filter_expression(outlets))
        self._filters = conditions
        self.where = self.where_matching("q")
        # The source of row ids (count, window), and the source with article columns.
        self.source, self.rowid = (
            ("articles a", "a.rowid") if not self.fts
            else (_FTS_WITH_ARTICLES if self.joined else "search_fts", "search_fts.rowid"))
        self.with_articles = _FTS_WITH_ARTICLES if self.fts else self.source

    def _compile(self, node: Node, compiler: FtsCompiler, index_filter: str | None) -> None:
        """The full-text expressions: ``q`` (the match), ``title`` and ``phrase`` (the
        ranking), each with the filter."""
        suffix = f" AND {index_filter}" if index_filter else ""
        self.params["q"] = f"({compiler.node(node)}){suffix}"
        self.check = compiler.checked
        self.params["title"] = f"({compiler.node(node, title=True)}){suffix}"
        phrase = compiler.phrase()
        if phrase is not None:
            self.phrase = True
            self.params["phrase"] = f"({phrase}){suffix}"

    def where_matching(self, expression: str, *, bounded: bool = True) -> str:
        """The filters and the full-text match of the parameter ``expression`` (``q``,
        ``title``: the ranking's expressions are as filtered as ``q``); without the
        bounds of :attr:`low` and :attr:`high` unless ``bounded`` (a range within them
        replaces them: FTS5 takes one lower and one upper bound, and SQLite may give it
        the wider ones and check the narrower on every row)."""
        match = [f"search_fts MATCH :{expression}"] if self.fts else []
        bounds = self._bounds if bounded else []
        return " AND ".join([*self._filters, *bounds, *match]) or "1"

    def newest(self, limit: int | None, *, expression: str = "q") -> str:
        """Row ids of the matches of ``expression`` in ``[:range_low, :range_high)`` (a
        range within :attr:`low` and :attr:`high`), at most ``limit``, newest first (row
        ids follow publication); from the index, every match of the range, oldest first.

        (FTS5 reads a range downwards past its lower bound, to the oldest article, when
        the range holds fewer matches than the limit; upwards it stops at the range's
        end. A table's B-tree stops either way.)
        """
        where = self.where_matching(expression, bounded=False)
        ranged = (f"SELECT {self.rowid} FROM {self.source} WHERE {where} "
                  f"AND {self.rowid} >= :range_low AND {self.rowid} < :range_high ")
        if self.fts:
            return ranged + f"ORDER BY {self.rowid}"
        return ranged + f"ORDER BY {self.rowid} DESC{'' if limit is None else f' LIMIT {limit}'}"

    def ranked(self, limit: int, offset: int, *, keyset: bool) -> str:
        """Row ids and scores of one page of the matches in ``:ids`` (a JSON array of
        row ids, none below ``:floor``), best first; with ``keyset``, after the key
        ``(:after_score, :after_rowid)``.

        The score is 2 when every query word appears adjacent and in order (the phrase)
        plus 1 for all terms in the title; ties go to the newest (row ids are in order of
        publication, to the minute: no article row is read to rank). Each part is one
        pass of the index over the window's row ids, none when the query itself is that
        part. (FTS5's bm25 counts every match of each term in the whole index on each
        query, which costs tens of milliseconds on large stores.)
        """
        score = self._score("value", "rowid >= :floor")
        after = (" WHERE score < :after_score OR (score = :after_score AND rid < :after_rowid)"
                 if keyset else "")
        return (f"SELECT rid, score FROM (SELECT value AS rid, {score} AS score "
                f"FROM json_each(:ids)){after} ORDER BY score DESC, rid DESC "
                f"LIMIT {int(limit)} OFFSET {int(offset)}")

    def scores(self) -> str:
        """``(rowid, score)`` of the row ids in ``:page`` (a JSON array), as :meth:`ranked`
        scores them, reading the index for those rows only."""
        score = self._score("value", "rowid IN (SELECT value FROM json_each(:page))")
        return f"SELECT value, {score} FROM json_each(:page)"

    def matched_by_all(self, name: str) -> bool:
        """Whether every match matches the ranking expression ``name`` (it is the query's
        own): no pass of the index is needed to score it."""
        return bool(self.params[name] == self.params["q"])

    def tiers(self) -> tuple[list[tuple[str, int]], int] | None:
        """The ranking as tiers, best first, when at most one part ranks some matches
        above others: ``(expression, score)`` of the tier's matches, and the score of
        the others; None when both parts do (the window is scored in two passes then:
        tier by tier, a tier with few matches is read to its end, three times), or
        when matches are checked.

        A tier's expression implies the query, so its matches in the window's range
        are the window's (``rank_phrase`` is added here): a page is then read newest
        first until full, rather than scoring the whole window.
        """
        title = not self.matched_by_all("title")
        phrase = self.phrase and not self.matched_by_all("phrase")
        if self.check or (title and phrase):
            return None
        base = 2 * (self.phrase and not phrase) + (not title)
        if phrase:
            self.params["rank_phrase"] = f"({self.params['q']}) AND ({self.params['phrase']})"
            return [("rank_phrase", base + 2)], base
        return ([("title", base + 1)] if title else []), base

    def _score(self, column: str, within: str) -> str:
        """The score of the row id in ``column`` (matches only), the index read ``within``."""
        def part(name: str) -> str:
            if self.matched_by_all(name):
                return "1"
            return (f"({column} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH "
                    f":{name} AND {within}))")

        score = part("title")
        return f"{score} + 2 * {part('phrase')}" if self.phrase else score

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

    def facet(self, *, checked: bool) -> str:
        """Matches per outlet, most first; ``checked``: those in ``:checked`` only (a JSON
        array of the row ids the rules kept, when :attr:`check`)."""
        checked_ids = " AND a.rowid IN (SELECT value FROM json_each(:checked))" \
            if checked else ""
        return (f"SELECT a.outlet, count(*) AS n FROM {self.with_articles} "
                f"WHERE {self.where}{checked_ids} "
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
