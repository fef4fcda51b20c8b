"""Rows of the link, page and feed tables as both backends read them
(``diemtin.store.record_rows``), and the schema version check both share."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime

import pytest

from diemtin.errors import MigrationError
from diemtin.store.base import StoryState
from diemtin.store.migrations import check_version
from diemtin.store.record_rows import (
    by_key,
    feed_state,
    link_doc,
    page_record,
    raw_page,
    stored_time,
    story_record,
)

NOON = datetime(2026, 10, 13, 5, 0, tzinfo=UTC)


def test_stored_time_reads_text_and_timestamps() -> None:
    assert stored_time(None) is None and stored_time("") is None
    assert stored_time(NOON.isoformat()) == NOON
    assert stored_time(NOON) is NOON


def test_link_doc_copies_the_keys_to_bytes() -> None:
    doc = link_doc(("a1", "h", "Báo Lào Cai", NOON.isoformat(), None, memoryview(b"\x01"),
                    bytearray(b"\x02")))
    assert (doc.article_id, doc.outlet, doc.published) == ("a1", "Báo Lào Cai", NOON)
    assert (doc.band_keys, doc.anchor_keys) == (b"\x01", b"\x02")


def test_story_record_keeps_member_order_and_copies() -> None:
    row = ("st1", "Mưa lũ ở Bát Xát", "", NOON.isoformat(), NOON, "open", "{}")
    story = story_record(row, [("a2", 0), ("a1", 1), ("a3", False)])
    assert story.article_ids == ("a2", "a1", "a3")
    assert story.copies == frozenset({"a1"})
    assert (story.state, story.first_published, story.vector) == (StoryState.OPEN, NOON, "{}")


def test_page_rows() -> None:
    headers = json.dumps([["ETag", '"x1"'], ["Content-Type", "text/html"]])
    record = page_record(("https://baolaocai.vn/a", NOON.isoformat(), 200, "a1", None,
                          headers))
    assert (record.etag, record.last_modified, record.status) == ('"x1"', None, 200)
    page = raw_page("https://baolaocai.vn/a", None, NOON.isoformat(), headers,
                    zlib.compress("<p>Lào Cai</p>".encode()))
    assert page.content.decode() == "<p>Lào Cai</p>"
    assert (page.url, page.source) == ("https://baolaocai.vn/a", "https://baolaocai.vn/a")
    assert page.headers[0] == ("ETag", '"x1"')


def test_feed_state_without_a_poll() -> None:
    state = feed_state(("https://baolaocai.vn/rss", "rss", None, None, None, None))
    assert state.polled_at is None and state.kind == "rss"


def test_check_version_refuses_a_newer_database() -> None:
    assert check_version(2, ("a", "b")) == 2
    with pytest.raises(MigrationError, match=r"schema version 3 is newer .*upgrade diemtin"):
        check_version(3, ("a", "b"))


def test_by_key_reads_every_row_a_batch_at_a_time() -> None:
    table = [(n, f"a{n}") for n in range(1, 8)]
    asked: list[int] = []

    def fetch(last: int) -> list[tuple[int, str]]:
        asked.append(last)
        return [row for row in table if row[0] > last][:3]

    rows = by_key(fetch, 0)
    assert asked == []  # nothing is read before the first row is asked for
    assert list(rows) == table
    assert asked == [0, 3, 6, 7]
