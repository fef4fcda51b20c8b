"""When a scheduled alert rule is due: a small reading of schedule texts in
Asia/Ho_Chi_Minh time.

Understood: a time of day (``6:30``, ``17h``) with ``every weekday``/``thứ 2-6`` for
Monday to Friday only, otherwise every day; or an interval (``every 30 minutes``,
``mỗi 2 giờ``). A rule is due when the latest time its schedule names, at or before
now, comes after its last run, so a run missed while nothing was running is made up
once, never twice.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from diemtin.errors import InputError
from diemtin.models import VIETNAM_TZ

_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2})|h(\d{2})?)\b")
_EVERY = re.compile(r"(?:every|mỗi)\s+(\d{1,4})\s*(minutes?|min|phút|hours?|h|giờ|tiếng)\b",
                    re.IGNORECASE)
_WEEKDAYS = re.compile(r"weekday|thứ\s*2\s*-\s*6|ngày làm việc|mon-fri", re.IGNORECASE)


def check_schedule(text: str) -> str:
    """``text`` when diemtin can read it as a schedule.

    Raises:
        InputError: no time of day and no interval in it.
    """
    if not _EVERY.search(text) and not _TIME.search(text):
        raise InputError(f"cannot read the schedule {text!r}; write e.g. '6:30 every weekday' "
                         "or 'every 30 minutes'")
    if (found := _TIME.search(text)) and not _EVERY.search(text):
        hour, minute = int(found.group(1)), int(found.group(2) or found.group(3) or 0)
        if hour > 23 or minute > 59:
            raise InputError(f"not a time of day in {text!r}")
    return text


def last_occurrence(text: str, now: datetime) -> datetime:
    """The latest time at or before ``now`` that the schedule ``text`` names."""
    every = _EVERY.search(text)
    local = now.astimezone(VIETNAM_TZ)
    if every:
        amount = int(every.group(1))
        minutes = amount if every.group(2).lower().startswith(("min", "phút")) else amount * 60
        step = timedelta(minutes=max(minutes, 1))
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight + step * ((local - midnight) // step)
    found = _TIME.search(text)
    if found is None:
        raise InputError(f"cannot read the schedule {text!r}")
    hour, minute = int(found.group(1)), int(found.group(2) or found.group(3) or 0)
    moment = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if moment > local:
        moment -= timedelta(days=1)
    while _WEEKDAYS.search(text) and moment.weekday() >= 5:
        moment -= timedelta(days=1)
    return moment


def is_due(text: str, last_run: datetime | None, now: datetime) -> bool:
    """Whether a rule with schedule ``text`` that last ran at ``last_run`` is due."""
    if last_run is None:
        return True
    return last_occurrence(text, now) > last_run
