"""Schedule texts in Asia/Ho_Chi_Minh time: when a briefing or an alert check is due.

Accepted forms (Vietnam time, which has no daylight saving):

- ``7:00 daily`` (or ``7:00 every day``);
- ``6:30 every weekday`` (Monday to Friday);
- ``8:00 every monday`` (any day name, or several: ``8:00 every monday,thursday``);
- a cron line of five fields, ``30 6 * * 1-5`` (minute, hour, day of month, month, day
  of week with 0 or 7 for Sunday; ``*``, ``a-b``, ``a,b`` and ``*/n`` steps).

Each is read into the same cron-like :class:`Schedule`, whose :meth:`Schedule.next_after`
gives the next due instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from diemtin.errors import InputError
from diemtin.models import VIETNAM_TZ

DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12),
           ("day of week", 0, 7))
_TEXT = re.compile(r"^(\d{1,2}):(\d{2})\s+(?:every\s+)?(.+)$", re.IGNORECASE)
_HELP = ("expected '7:00 daily', '6:30 every weekday', '8:00 every monday' or a cron line "
         "like '30 6 * * 1-5'")


@dataclass(frozen=True, slots=True)
class Schedule:
    """Minutes, hours, days of month, months and days of week (0 = Sunday) it runs at."""

    text: str
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    any_day: bool = True
    any_weekday: bool = True

    def _day_matches(self, day: datetime) -> bool:
        if day.month not in self.months:
            return False
        in_month, in_week = day.day in self.days, (day.isoweekday() % 7) in self.weekdays
        if not self.any_day and not self.any_weekday:
            return in_month or in_week  # cron: either restriction
        return in_month and in_week

    def next_after(self, moment: datetime) -> datetime:
        """The first due instant strictly after ``moment`` (aware), in UTC."""
        local = moment.astimezone(VIETNAM_TZ)
        for offset in range(0, 366 * 8 + 1):
            day = datetime.combine(local.date() + timedelta(days=offset), time(),
                                   tzinfo=VIETNAM_TZ)
            if not self._day_matches(day):
                continue
            for hour in self.hours:
                for minute in self.minutes:
                    due = day.replace(hour=hour, minute=minute)
                    if due > local:
                        return due.astimezone(UTC)
        raise InputError(f"schedule {self.text!r} never comes due")


def _field(text: str, name: str, low: int, high: int) -> tuple[set[int], bool]:
    values: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else None
        if step_text and step is None:
            raise InputError(f"bad step in the {name} field {text!r}; {_HELP}")
        if body == "*":
            start, end = low, high
        elif re.fullmatch(r"\d+-\d+", body):
            start, end = (int(x) for x in body.split("-"))
        elif body.isdigit():
            start = end = int(body)
        else:
            raise InputError(f"cannot read the {name} field {text!r}; {_HELP}")
        if not low <= start <= end <= high:
            raise InputError(f"the {name} field {text!r} is outside {low}-{high}")
        values.update(range(start, end + 1, step or 1))
    return values, text == "*"


def _cron(text: str, parts: list[str]) -> Schedule:
    read = [_field(part, *spec) for part, spec in zip(parts, _FIELDS, strict=True)]
    weekdays = {day % 7 for day in read[4][0]}
    return Schedule(text, tuple(sorted(read[0][0])), tuple(sorted(read[1][0])),
                    frozenset(read[2][0]), frozenset(read[3][0]), frozenset(weekdays),
                    any_day=read[2][1], any_weekday=read[4][1])


def _weekdays(words: str) -> set[int]:
    words = words.strip().lower()
    if words in ("day", "daily"):
        return set(range(7))
    if words == "weekday":
        return {1, 2, 3, 4, 5}
    found: set[int] = set()
    for word in re.split(r"\s*(?:,|and)\s*", words):
        matches = [i for i, name in enumerate(DAYS) if word and name.startswith(word[:3])
                   and name.startswith(word)]
        if len(word) < 3 or not matches:
            raise InputError(f"unknown day {word!r}; {_HELP}")
        found.add(matches[0])
    return found


def parse_schedule(text: str) -> Schedule:
    """Read a schedule text.

    >>> parse_schedule("6:30 every weekday").next_after(
    ...     datetime(2026, 12, 5, 0, 0, tzinfo=UTC)).isoformat()  # a Saturday
    '2026-12-06T23:30:00+00:00'

    Raises:
        InputError: the text is none of the accepted forms.
    """
    cleaned = " ".join(text.split())
    parts = cleaned.split(" ")
    if len(parts) == 5 and not _TEXT.match(cleaned):
        return _cron(cleaned, parts)
    match = _TEXT.match(cleaned)
    if not match:
        raise InputError(f"cannot read the schedule {text[:60]!r}; {_HELP}")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise InputError(f"no such time {match[1]}:{match[2]} in {text!r}")
    days = _weekdays(match[3])
    return Schedule(cleaned, (minute,), (hour,), frozenset(range(1, 32)),
                    frozenset(range(1, 13)), frozenset(days), any_day=True,
                    any_weekday=len(days) == 7)
