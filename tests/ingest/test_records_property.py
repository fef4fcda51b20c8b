"""Any JSONL line becomes a storable Article or is refused with diemtin's own reason.

Issue 15: a record whose date overflowed the store's UTC conversion killed its batch for
ever. This property drives the whole record reader (JSON decoding, field validation,
dates, URLs, text normalization) and then the store with hostile lines.
"""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diemtin.errors import InputError
from diemtin.ingest.files import SourceFile, read_items
from diemtin.ingest.records import article_from_record
from diemtin.models import Article
from diemtin.store import open_store

_FIELDS = ("url", "title", "lead", "body", "text", "captions", "author", "outlet", "section",
           "tags", "published", "id", "language", "dateline")

_offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))
_moments = st.one_of(
    st.datetimes(timezones=st.none() | _offsets),
    st.sampled_from([datetime.min, datetime.max, datetime(1899, 12, 31, 23, 59),
                     datetime(2199, 12, 31, 23, 59), datetime(2200, 1, 1)]).flatmap(
        lambda moment: (st.none() | _offsets).map(lambda tz: moment.replace(tzinfo=tz))),
)
_dates = st.one_of(
    _moments.map(datetime.isoformat),
    _moments.map(lambda moment: moment.isoformat().replace("+00:00", "Z")),
    st.text(string.digits + "-:T+Z. ", max_size=30),
)
_urls = st.one_of(
    st.builds("https://{}/{}".format, st.text(max_size=20), st.text(max_size=20)),
    st.builds("http://[{}]:{}/".format, st.text("0123456789abcdef:%", max_size=12),
              st.integers(min_value=0, max_value=10**12)),
    st.text(max_size=40),
)
_texts = st.text(max_size=60) | st.sampled_from(["Hoà Bình", "\ud800", "\x00\u200b", "  "])
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=12,
)
_field_values: dict[str, st.SearchStrategy[Any]] = {
    "published": _dates | _json_values, "url": _urls | _json_values,
    "title": _texts | _json_values, "body": st.lists(_texts, max_size=4) | _json_values,
}
_records = st.fixed_dictionaries(
    {}, optional={name: _field_values.get(name, _texts | _json_values) for name in _FIELDS})


def _check_storable(article: Article) -> None:
    with open_store(":memory:") as store:
        store.upsert_articles([article])
        stored = store.get_article(article.id)
        assert stored.published == article.published and stored.title == article.title


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_records)
def test_issue_15_any_record_is_stored_or_refused_with_a_reason(record: dict[str, Any]) -> None:
    try:
        article = article_from_record(record, source="fuzz.jsonl")
    except InputError as error:
        assert str(error)
        return
    _check_storable(article)


_raw_lines = st.one_of(
    _records.map(lambda record: json.dumps(record, ensure_ascii=False)),
    st.builds('{{"title": "Tin", "published": {}}}'.format, st.integers(5000, 6000).map(
        lambda digits: "9" * digits)),
    st.integers(900, 3000).map(lambda depth: '{"title": ' + "[" * depth + "]" * depth + "}"),
    st.text(max_size=80),
)


@pytest.fixture(scope="module")
def line_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "line.jsonl"


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_raw_lines)
def test_issue_15_any_jsonl_line_gives_an_item_never_a_crash(line_file: Path, line: str) -> None:
    line_file.write_text(line + "\n", encoding="utf-8", errors="surrogatepass")
    try:
        found = list(read_items(SourceFile(str(line_file), "jsonl")))
    except InputError as error:  # the whole file refused (a NUL byte: binary)
        assert "binary file" in str(error)
        return
    for item in found:
        assert (item.article is None) != (item.error is None)
        if item.article is not None:
            _check_storable(item.article)


@pytest.mark.parametrize("published", [
    "0001-01-01T00:00:00", "9999-12-31T23:00:00-05:00", "1899-12-31T23:59:59+00:00",
    "2200-01-01T00:00:00Z", "0001-01-01T06:59:59+07:00",
])
def test_issue_15_out_of_range_dates_are_refused_with_a_reason(published: str) -> None:
    with pytest.raises(InputError, match="outside the dates diemtin stores"):
        article_from_record({"title": "Tin Lào Cai", "published": published})


def test_issue_15_range_edges_are_stored() -> None:
    for published in ("1900-01-01T00:00:00Z", "2199-12-31T23:59:59Z",
                      "1900-01-01T07:00:00+07:00", "2200-01-01T06:59:59+07:00"):
        article = article_from_record({"title": "Tin Lào Cai", "published": published})
        assert article.published_utc is not None
        assert datetime(1900, 1, 1, tzinfo=UTC) <= article.published_utc
        _check_storable(article)
