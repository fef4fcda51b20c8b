"""Issue 15: hostile JSONL records give an Article or a reason, and what passes is storable.

Lines are generated as JSON objects with the record's own keys holding any JSON value
(dates near the calendar's ends, huge and empty strings, nested containers), mixed with
lines that are not JSON or not UTF-8.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diemtin.errors import DiemtinError
from diemtin.ingest.files import Item, SourceFile, read_items
from diemtin.store import open_store

_KEYS = ["url", "title", "body", "text", "lead", "captions", "author", "section", "tags",
         "published", "outlet", "language", "dateline", "id", "khác"]
_DATES = st.one_of(
    st.builds(lambda year, month, day, time: f"{year:04d}-{month:02d}-{day:02d}{time}",
              st.sampled_from([1, 2, 1970, 2026, 9998, 9999]), st.integers(1, 12),
              st.integers(1, 31), st.sampled_from(["", "T00:00:00", "T23:59:59-05:00",
                                                   "T00:00:00+14:00", "T12:00:00Z"])),
    st.sampled_from(["13/10/2026", "hôm qua", "", "2026-10-13T08:00:00+07:00"]),
)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.text(max_size=50), _DATES,
                     st.builds(lambda n: "Lào Cai " * n, st.integers(0, 20_000)))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
_RECORDS = st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=len(_KEYS))
_VALID = st.fixed_dictionaries(
    {"title": st.text(min_size=1, max_size=40), "body": st.lists(st.text(max_size=80),
                                                                  min_size=1, max_size=3)},
    optional={"published": _DATES, "url": st.sampled_from(
        ["https://baolaocai.vn/a.html", "http://[::1]/x", "https://xn--80ak6aa92e.com/"]),
        "tags": st.text(max_size=30), "author": _SCALARS})
_LINES = st.one_of(
    _RECORDS.map(lambda record: json.dumps(record, ensure_ascii=False).encode()),
    _VALUES.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=60).filter(lambda data: b"\n" not in data and b"\r" not in data),
)
_FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))


def _read(tmp_path: Path, lines: list[bytes]) -> list[Item]:
    path = tmp_path / "tin.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return list(read_items(SourceFile(str(path), "jsonl")))


@_FUZZ
@given(st.lists(_LINES, min_size=1, max_size=20))
def test_issue_15_fuzz_jsonl_reader(tmp_path_factory: pytest.TempPathFactory,
                                    lines: list[bytes]) -> None:
    started = time.perf_counter()
    try:
        items = _read(tmp_path_factory.mktemp("fuzz"), lines)
    except DiemtinError:
        return  # the whole file refused with a reason (binary, empty)
    assert len(items) == sum(1 for line in lines if line.strip())
    for item in items:
        assert (item.article is None) != (item.error is None)
    assert time.perf_counter() - started < 2 + 1e-6 * sum(map(len, lines))


@settings(_FUZZ)
@given(st.lists((_VALID | _RECORDS).map(lambda record: json.dumps(record).encode()),
                min_size=1, max_size=10))
def test_issue_15_fuzz_records_are_storable(tmp_path_factory: pytest.TempPathFactory,
                                            lines: list[bytes]) -> None:
    items = _read(tmp_path_factory.mktemp("fuzz"), lines)
    articles = [item.article for item in items if item.article is not None]
    with open_store(":memory:") as store:
        store.upsert_articles(articles)
        assert store.count_articles() == len({article.id for article in articles})
