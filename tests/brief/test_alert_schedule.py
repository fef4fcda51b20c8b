"""Schedule texts of alert rules, in Vietnam time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from diemtin.brief.alert_schedule import check_schedule, is_due, last_occurrence
from diemtin.errors import InputError
from diemtin.models import VIETNAM_TZ


def test_weekday_time_skips_the_weekend() -> None:
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=VIETNAM_TZ)
    last = last_occurrence("6:30 every weekday", saturday)
    assert (last.weekday(), last.hour, last.minute) == (4, 6, 30)
    assert last_occurrence("7h mỗi ngày", saturday).day == 5


def test_due_once_per_occurrence_and_made_up_after_downtime() -> None:
    ran = datetime(2026, 12, 7, 6, 30, 5, tzinfo=VIETNAM_TZ)
    assert not is_due("6:30 every weekday", ran, datetime(2026, 12, 7, 12, 0, tzinfo=VIETNAM_TZ))
    assert is_due("6:30 every weekday", ran, datetime(2026, 12, 9, 9, 0, tzinfo=VIETNAM_TZ))
    assert is_due("every 30 minutes", datetime(2026, 12, 7, 0, 0, tzinfo=UTC),
                  datetime(2026, 12, 7, 0, 31, tzinfo=UTC))
    assert is_due("mỗi 2 giờ", None, datetime(2026, 12, 7, tzinfo=UTC))


def test_unreadable_schedules_are_refused() -> None:
    for text in ("khi nào rảnh", "25:00 hằng ngày"):
        with pytest.raises(InputError):
            check_schedule(text)
