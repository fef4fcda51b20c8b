"""Issue 15: hostile queries and filters give results or diemtin's own errors, quickly.

The query language's operators, quotes, field prefixes and brackets are mixed with
Vietnamese words, control characters and emoji; each parsed query then runs against a
real (in-memory SQLite) store with generated outlet and date filters.
"""

from __future__ import annotations

import contextlib
import time
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diemtin.errors import DiemtinError
from diemtin.models import Article
from diemtin.search import parse_query
from diemtin.search.filters import filters_from
from diemtin.search.query import MAX_QUERY_CHARS
from diemtin.store import SQLiteStore, open_store

_TOKENS = st.sampled_from([
    "Lào", "Cai", "lao", "cai", "Đà", "Nẵng", "hoà", "hòa", "tuyên giáo", "OR", "or", "NOT",
    "AND", "-", "+", "*", "\"", "(", ")", "title:", "outlet:", "author:", ":", "''", "\\",
    "NEAR", "^", "~", "{", "}", "[", "]", "%", "_", ";", "--", "/*", "*/", "'", "\x00", "\u200b",
    "🇻🇳", "\u0301", "a" * 200, " ", "  ", "\t", "\n", "MATCH", "select", "DROP TABLE",
])
_QUERIES = st.one_of(
    st.lists(_TOKENS, max_size=30).map(" ".join),
    st.lists(_TOKENS, max_size=30).map("".join),
    st.text(max_size=300),
    st.builds(lambda n: "(" * n + "x" + ")" * n, st.integers(0, 400)),
    st.builds(lambda n: "NOT " * n + "x", st.integers(0, 300)),
    st.builds(lambda n: "x OR " * n + "y", st.integers(0, 300)),
    st.builds(lambda n: "\"" * n, st.integers(0, 1200)),
)
_OFFSETS = st.integers(-14 * 60 + 1, 14 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
_DAYS = st.one_of(
    st.none(), st.text(max_size=30),
    st.builds(lambda year, month, day, time: f"{year:04d}-{month:02d}-{day:02d}{time}",
              st.sampled_from([1, 2, 1970, 2026, 9998, 9999]), st.integers(1, 12),
              st.integers(1, 31), st.sampled_from(["", "T00:00:00", "T23:59:59-05:00",
                                                   "T00:00+14:00", "T12:00Z", "T24:00"])),
    st.sampled_from(["2026-10-13", "2026-10-13T08:00", "2026-02-30", "13/10/2026", " ", "",
                     "0001-01-01", "9999-12-31T23:59:59-05:00"]),
    st.builds(lambda moment, tz: moment.replace(tzinfo=tz).isoformat(),
              st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
              st.none() | _OFFSETS),
)


def _parse(query: str) -> object:
    try:
        return parse_query(query)
    except DiemtinError as error:
        return error


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(_QUERIES)
def test_issue_15_fuzz_query_parser(query: str) -> None:
    started = time.process_time()  # CPU time: a loaded CI machine must not fail it
    _parse(query)
    _parse(query * (MAX_QUERY_CHARS // max(1, len(query))))  # longest accepted form
    assert time.process_time() - started < 1.0


@pytest.fixture(scope="module")
def searched_store() -> SQLiteStore:
    store = open_store(":memory:")
    store.upsert_articles([Article(
        id=f"u{number:016x}", title=f"Lào Cai tổng kết công tác tuyên giáo {number}",
        body=("Sáng 13/10, Đảng ủy tỉnh Lào Cai tổ chức hội nghị.",), outlet="Báo Lào Cai",
        published=datetime(2026, 10, 13, 8, tzinfo=timezone(timedelta(hours=7))))
        for number in range(5)])
    return store


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(query=_QUERIES, outlets=st.lists(st.text(max_size=20), max_size=3), since=_DAYS,
       until=_DAYS)
def test_issue_15_fuzz_search_with_filters(searched_store: SQLiteStore, query: str,
                                           outlets: list[str], since: str | None,
                                           until: str | None) -> None:
    try:
        parsed = parse_query(query)
        filters = filters_from(tuple(outlets), since, until)
    except DiemtinError:
        return
    with contextlib.suppress(DiemtinError):
        searched_store.search(parsed, filters=filters, limit=5, facets=True)
