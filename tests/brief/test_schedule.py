"""Schedule texts in Vietnam time: the accepted forms, their next occurrence, errors."""

from __future__ import annotations

from datetime import datetime

import pytest

from diemtin.brief.schedule import parse_schedule
from diemtin.errors import InputError

SATURDAY_NIGHT = datetime.fromisoformat("2026-12-05T22:00:00+07:00")


def _next(text: str, after: datetime = SATURDAY_NIGHT) -> str:
    return parse_schedule(text).next_after(after).astimezone(
        datetime.fromisoformat("2026-01-01T00:00:00+07:00").tzinfo).isoformat()


@pytest.mark.parametrize(("text", "expected"), [
    ("6:30 every weekday", "2026-12-07T06:30:00+07:00"),  # Monday
    ("7:00 daily", "2026-12-06T07:00:00+07:00"),
    ("7:00 every day", "2026-12-06T07:00:00+07:00"),
    ("8:00 every monday", "2026-12-07T08:00:00+07:00"),
    ("8:00 every tuesday,friday", "2026-12-08T08:00:00+07:00"),
    ("23:15 every saturday", "2026-12-05T23:15:00+07:00"),
    ("30 6 * * 1-5", "2026-12-07T06:30:00+07:00"),
    ("0 */6 * * *", "2026-12-06T00:00:00+07:00"),
    ("0 7 1 * *", "2027-01-01T07:00:00+07:00"),
    ("0 9 * * 0", "2026-12-06T09:00:00+07:00"),  # Sunday as 0
    ("0 9 * * 7", "2026-12-06T09:00:00+07:00"),  # and as 7
])
def test_next_occurrence_in_vietnam_time(text: str, expected: str) -> None:
    assert _next(text) == expected


def test_the_next_occurrence_is_strictly_after() -> None:
    at = datetime.fromisoformat("2026-12-07T06:30:00+07:00")
    assert _next("6:30 every weekday", at) == "2026-12-08T06:30:00+07:00"


@pytest.mark.parametrize(("text", "message"), [
    ("mỗi sáng", "cannot read the schedule"),
    ("25:00 daily", "no such time 25:00"),
    ("6:30 every someday", "unknown day 'someday'"),
    ("61 6 * * *", "outside 0-59"),
    ("30 6 * * x", "cannot read the day of week field"),
    ("0 0 31 2 *", "never comes due"),
])
def test_bad_schedules_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_schedule(text).next_after(SATURDAY_NIGHT)
