"""Publication dates: ISO 8601 from metadata and the date lines Vietnamese pages show.

Vietnamese pages write dates day first ("13/9/2024", "13-9-2024", "13.9.2024"), with the
time before or after ("08:15 13/09/2024", "13/09/2024 - 08:15", "8h15"), often with the
weekday ("Thứ hai, 13/9/2024, 08:15 (GMT+7)"), or relative to now ("8 giờ trước",
"2 ngày trước"). A time without an offset is Vietnam time unless told otherwise.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_OFFSET = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.I)
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?![\d/-])")
_YMD_SLASH = re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")
_VI_LONG = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_TIME = re.compile(r"(?<![\d:])(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?!\d)(?:\s*(?::\s*\d{2}))?"
                   r"(?:\s*(AM|PM|SA|CH)\b)?", re.I)
_RELATIVE = re.compile(
    r"(\d+|một|hai|ba)\s*(giây|phút|giờ|tiếng|ngày|tuần|tháng|năm|seconds?|minutes?|mins?|"
    r"hours?|hrs?|days?|weeks?|months?|years?)\s*(?:trước|ago)", re.I)
_MONTHS = {name: index + 1 for index, names in enumerate((
    "jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
    "aug august", "sep sept september", "oct october", "nov november", "dec december"))
    for name in names.split()}
_EN_MDY = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_EN_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4})\b")
_UNITS = {"giây": 1, "second": 1, "phút": 60, "minute": 60, "min": 60, "giờ": 3600,
          "tiếng": 3600, "hour": 3600, "hr": 3600, "ngày": 86400, "day": 86400,
          "tuần": 604800, "week": 604800, "tháng": 2592000, "month": 2592000,
          "năm": 31536000, "year": 31536000}
_WORD_NUMBERS = {"một": 1, "hai": 2, "ba": 3}


def parse_iso(value: str, *, default_tz: timezone) -> datetime | None:
    """Parse an ISO 8601 date or date-time; a missing offset means ``default_tz``."""
    match = _ISO.search(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    tz = default_tz if not offset else _tz_from_iso(offset)
    return _build(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                  int(second or 0), tz)


def _tz_from_iso(offset: str) -> timezone:
    if offset == "Z":
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def _build(year: int, month: int, day: int, hour: int, minute: int, second: int,
           tz: timezone) -> datetime | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def parse_text(text: str, *, default_tz: timezone, now: datetime | None = None) -> datetime | None:
    """Find a date (and time) in a visible date line such as "Thứ hai, 13/9/2024, 08:15".

    Relative dates ("8 giờ trước", "2 ngày trước", "3 hours ago") need ``now``.

    >>> from datetime import timedelta, timezone
    >>> parse_text("Thứ hai, 13/9/2024, 08:15 (GMT+7)", default_tz=timezone.utc).isoformat()
    '2024-09-13T08:15:00+07:00'
    """
    if len(text) > 300:
        return None
    tz = _explicit_tz(text) or default_tz
    iso = _ISO.search(text)
    if iso and iso.group(4):
        return parse_iso(iso.group(), default_tz=tz)
    text = _OFFSET.sub(" ", text)
    date = _find_date(text)
    if date is None:
        return _relative(text, now)
    year, month, day = date
    hour, minute = _find_time(text)
    return _build(year, month, day, hour, minute, 0, tz)


def _explicit_tz(text: str) -> timezone | None:
    match = _OFFSET.search(text)
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _find_date(text: str) -> tuple[int, int, int] | None:
    iso = _ISO.search(text)
    if iso:
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    for pattern in (_DMY, _VI_LONG):
        match = pattern.search(text)
        if match:
            return int(match.group(3)), int(match.group(2)), int(match.group(1))
    match = _YMD_SLASH.search(text)
    if match:
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    return _english_date(text)


def _english_date(text: str) -> tuple[int, int, int] | None:
    match = _EN_MDY.search(text)
    if match and match.group(1).lower() in _MONTHS:
        return int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2))
    match = _EN_DMY.search(text)
    if match and match.group(2).lower() in _MONTHS:
        return int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1))
    return None


def _find_time(text: str) -> tuple[int, int]:
    for match in _TIME.finditer(text):
        hour, minute = int(match.group(1)), int(match.group(2))
        suffix = (match.group(3) or "").upper()
        if suffix in ("PM", "CH") and hour < 12:
            hour += 12
        elif suffix in ("AM", "SA") and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return hour, minute
    return 0, 0


def _relative(text: str, now: datetime | None) -> datetime | None:
    match = _RELATIVE.search(text)
    if not match or now is None:
        return None
    raw = match.group(1).lower()
    if len(raw) > 4:
        return None  # "99999999 năm trước" is no date (and would overflow)
    amount = _WORD_NUMBERS.get(raw) or int(raw)
    unit = match.group(2).lower().rstrip("s")
    try:
        moment = now - timedelta(seconds=amount * _UNITS.get(unit, 0))
    except OverflowError:
        return None
    return moment if 1990 <= moment.year <= 2100 else None


def has_time(text: str) -> bool:
    """True when ``text`` holds a clock time ("08:15", "8h15")."""
    return _TIME.search(text) is not None
