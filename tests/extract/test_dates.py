"""Dates from metadata and from Vietnamese date lines."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from diemtin.extract._dates import parse_iso, parse_text

VN = timezone(timedelta(hours=7))
NOW = datetime(2024, 9, 13, 12, 0, tzinfo=VN)


@pytest.mark.parametrize(("text", "expected"), [
    ("Thứ hai, 13/9/2024, 08:15 (GMT+7)", "2024-09-13T08:15:00+07:00"),
    ("13/09/2024 - 08:15", "2024-09-13T08:15:00+07:00"),
    ("08:15 13/09/2024", "2024-09-13T08:15:00+07:00"),
    ("20:15 - 17/08/2024", "2024-08-17T20:15:00+07:00"),
    ("02/09/2024 16:45 GMT+7", "2024-09-02T16:45:00+07:00"),
    ("Cập nhật lúc 8h30 ngày 13-9-2024", "2024-09-13T08:30:00+07:00"),
    ("ngày 13 tháng 9 năm 2024", "2024-09-13T00:00:00+07:00"),
    ("Cập nhật: 8 giờ trước", "2024-09-13T04:00:00+07:00"),
    ("2 ngày trước", "2024-09-11T12:00:00+07:00"),
    ("30 phút trước", "2024-09-13T11:30:00+07:00"),
    ("September 13, 2024 3:45 PM", "2024-09-13T15:45:00+07:00"),
    ("2024-09-13T01:15:00Z", "2024-09-13T01:15:00+00:00"),
])
def test_parse_text(text: str, expected: str) -> None:
    found = parse_text(text, default_tz=VN, now=NOW)
    assert found is not None
    assert found.isoformat() == expected


@pytest.mark.parametrize("text", ["Giá vàng tăng", "17.8", "99/99/2024", "1/1/1850"])
def test_parse_text_rejects(text: str) -> None:
    assert parse_text(text, default_tz=VN, now=NOW) is None


def test_relative_date_needs_now() -> None:
    assert parse_text("8 giờ trước", default_tz=VN, now=None) is None


def test_parse_iso_keeps_offset_and_defaults_naive_to_vietnam() -> None:
    aware = parse_iso("2024-09-13T08:15:00+09:00", default_tz=VN)
    naive = parse_iso("2024-09-13 08:15", default_tz=VN)
    assert aware is not None and aware.isoformat() == "2024-09-13T08:15:00+09:00"
    assert naive is not None and naive.isoformat() == "2024-09-13T08:15:00+07:00"
    assert parse_iso("not a date", default_tz=VN) is None


@pytest.mark.parametrize("text", ["Cập nhật: 9999 năm trước", "99999999999999999999 ngày trước",
                                  "4000 năm trước"])
def test_issue_15_relative_dates_out_of_range_are_no_date(text: str) -> None:
    assert parse_text(text, default_tz=VN, now=NOW) is None
