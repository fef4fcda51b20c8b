"""Dates in Vietnamese news: day first, often without a year, often relative.

Recognized forms (case-insensitive), each resolved against the article's publication
date in Vietnam time:

* full dates: "13/9/2024", "13-9-2024", "13.9.2024", "ngày 13 tháng 9 năm 2024";
* a day and month: "Sáng 13/9", "ngày 9/3", "(13/9)", "ngày 13-9", "ngày 13 tháng 9"
  (only after a cue such as "ngày", "sáng", "từ", "đến", a weekday or a bracket, so
  "24/7" and "2/3 số hộ" are not dates);
* weekday datelines: "Thứ hai (13/9)", "Thứ Hai, 13/9/2024", "chủ nhật 15/9";
* months and years: "tháng 10/2025", "tháng 10 năm 2025", "tháng 10", "năm 2025";
* relative days and periods: "hôm nay", "hôm qua", "hôm kia", "ngày mai", "sáng nay",
  "chiều qua", "tuần trước", "tháng tới", "năm ngoái", "3 ngày trước", "hôm thứ Sáu".

A date without a year takes the year that puts it nearest the publication date; a
future date must be more than three times as near as the past one to win, since news
reports mostly what happened. A month without a year is one of the next two months, else
the latest one. "13/9 tới" forces the future, "13/9 vừa qua" the past.

>>> from datetime import date
>>> [(d.text, d.value) for d in find_dates("Sáng 13/9, đoàn đến Sa Pa.",
...                                         published=date(2025, 9, 14))]
[('Sáng 13/9', '2025-09-13')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar, Final

from diemtin.nlp.doc import DateMention, Doc

# Every pattern starts with a digit or a literal letter (no IGNORECASE, no look-behind),
# so the regex engine can skip ahead to candidates: what comes before a match is checked
# in Python on a few characters.
_I = re.IGNORECASE
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
_CUE: Final = re.compile(
    r"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|khuya|từ|đến|tới|trước|sau|đầu|cuối|giữa|dịp|"
    r"vào|lúc|hạn|hết|qua|nay|và|mùng|mồng|khánh)\s*$|[,(–]\s*$|\s-\s*$",
    _I,
)
_WORD_CUE: Final = re.compile(r"(?:ngày|mùng|mồng)\s*$", _I)
_WEEKDAY_BEFORE: Final = re.compile(
    _WEEKDAY + r"\s*(\(\s*|,\s*|\s)(?:ngày\s+)?$", _I
)
_WEEKDAYS: Final = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3,
                    "sáu": 4, "6": 4, "bảy": 5, "7": 5}
_NUMERIC: Final = re.compile(r"(\d{1,2})([/\-.])(\d{1,2})(?:\2(\d{4}))?(?![\w/\-]|[.,]\d)")
_MONTH_WORD: Final = re.compile(r"[Tt]háng\s+(\d{1,2})(?!\d)")
_DAY_BEFORE: Final = re.compile(r"[Nn]gày\s+(\d{1,2})\s+$")
_YEAR_AFTER: Final = re.compile(r"(?:\s*[/\-.]\s*|\s+năm\s+|\s*,\s*)(\d{4})(?![\d/])", _I)
_NOT_MONTH_BEFORE: Final = re.compile(r"(?:mỗi|hằng|hàng|một|các|những|vài|mấy)\s+$", _I)
_NOT_MONTH_AFTER: Final = re.compile(r"\s*(?:lần|[/\-.,]\s*\d)", _I)
_YEAR: Final = re.compile(r"[Nn]ăm\s+(\d{4})(?![\d/]|[\-.]\d)")
_RELATIVE: Final = re.compile(r"(nay|qua|kia|mai|này|trước|tới|sau|ngoái)(?!\w)")
_WORD_BEFORE: Final = re.compile(r"(?:(\d{1,3})\s+)?(\w+)\s+$")
_NOT_RELATIVE_AFTER: Final = re.compile(r"\s+(?:khi|đó|nữa|hôm|Hôm|\d)")
_LEAD: Final = re.compile(
    r"(?:(?:sáng|trưa|chiều|tối|đêm|khuya)\s+)?(?:(?:hôm|ngày|mùng|mồng)\s+)?$", _I
)
_WEEKDAY_WORD: Final = re.compile(
    r"(?:[Tt]hứ\s+([Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|[2-7])|[Cc]hủ\s+[Nn]hật)(?!\w)"
)
_WEEKDAY_CUE: Final = re.compile(r"(?:hôm|sáng|trưa|chiều|tối|đêm|vào|ngày|từ|đến)\s+$", _I)
_EVERY: Final = re.compile(r"(?:mỗi|hằng|hàng|các|những)\s+(?:\w+\s+)?$", _I)
_WEEKDAY_AFTER: Final = re.compile(r"\s+(tuần\s+(?:này|trước|tới|sau|qua)|tới|vừa\s+qua)(?!\w)", _I)
_AFTER: Final = re.compile(r"\s*(tới|sắp tới|vừa qua|qua)\b", _I)

Found = tuple[int, int, str | None, str, bool]
"""start, end, ISO value or None, granularity, relative."""


@dataclass(frozen=True, slots=True)
class DateOptions:
    """Options of the date recognizer.

    Attributes:
        relative: Also find relative expressions ("hôm qua", "tuần trước").
        future_penalty: How much farther a future candidate year may be and still lose
            to a past one (3.0: the future wins only when more than three times as near).
    """

    relative: bool = True
    future_penalty: float = 3.0


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _hint(text: str, end: int) -> str:
    """``future``, ``past`` or ``""`` from the words right after a date."""
    match = _AFTER.match(text, end)
    if not match:
        return ""
    return "future" if match.group(1).lower() in ("tới", "sắp tới") else "past"


def _nearest_year(month: int, day: int, published: date, hint: str, penalty: float) -> date | None:
    """The date ``day/month`` in the year that puts it nearest ``published``."""
    best: tuple[float, date] | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        candidate = _valid(year, month, day)
        if candidate is None:
            continue
        delta = (candidate - published).days
        if (hint == "future" and delta < 0) or (hint == "past" and delta > 0):
            continue
        cost = -delta if delta <= 0 else delta * penalty
        if best is None or cost < best[0]:
            best = (cost, candidate)
    return best[1] if best else None


def _nearest_month(month: int, published: date, hint: str) -> date:
    """The first of ``month`` as news means it: one of the next two months, else the
    latest one ("tháng 1" read in October is last January; "tháng 11" is next month)."""
    ahead = (month - published.month) % 12
    future = 0 < ahead <= 2 if not hint else hint == "future" and ahead > 0
    if future:
        index = published.year * 12 + published.month - 1 + ahead
    else:
        index = published.year * 12 + published.month - 1 - (published.month - month) % 12
    return date(index // 12, index % 12 + 1, 1)


def _lead_start(text: str, start: int) -> int:
    """``start`` moved back over a cue that belongs to the date ("sáng", "ngày")."""
    lead = _LEAD.search(text, max(0, start - 20), start)
    return start - len(lead.group()) if lead else start


def _day_month(text: str, start: int, end: int, day: int, month: int, year: str | None,
               published: date | None, opts: DateOptions) -> Found | None:
    """Resolve a day and month, with or without a year."""
    if year:
        value = _valid(int(year), month, day)
        return (start, end, value.isoformat(), "day", False) if value else None
    if not (1 <= day <= 31 and 1 <= month <= 12) or _valid(2024, month, day) is None:
        return None
    if published is None:
        return (start, end, None, "day", True)
    resolved = _nearest_year(month, day, published, _hint(text, end), opts.future_penalty)
    return (start, end, resolved.isoformat() if resolved else None, "day", True)


def _boundary(text: str, start: int) -> bool:
    """Whether ``start`` begins a token: no letter, digit or date punctuation before it."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "/.,-")


def _weekday_start(text: str, start: int) -> tuple[int, bool]:
    """Where a weekday before a date starts ("Thứ hai (13/9)"), and whether it opened
    a bracket; ``(start, False)`` when there is none."""
    match = _WEEKDAY_BEFORE.search(text, max(0, start - 20), start)
    if not match:
        return start, False
    return match.start(), "(" in match.group(1)


def _numeric(m: re.Match[str], text: str, pub: date | None, opts: DateOptions) -> Found | None:
    """"13/9/2024", "13-9", "Sáng 13/9", "Thứ hai (13/9)"."""
    if not _boundary(text, m.start()):
        return None
    day, sep, month, year = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
    start, end = m.start(), m.end()
    weekday, bracket = _weekday_start(text, start)
    if weekday < start:
        if bracket and text[end:end + 1] == ")":
            end += 1
        return _day_month(text, weekday, end, day, month, year, pub, opts)
    if not year:
        before = text[max(0, start - 16):start]
        if sep == "." or not (_WORD_CUE if sep == "-" else _CUE).search(before):
            return None
    return _day_month(text, _lead_start(text, start), end, day, month, year, pub, opts)


def _month_word(m: re.Match[str], text: str, pub: date | None,
                opts: DateOptions) -> Found | None:
    """"ngày 13 tháng 9 năm 2024", "tháng 10/2025", "tháng 10 năm 2025", "tháng 10"."""
    if not _boundary(text, m.start()):
        return None
    month, start, end = int(m.group(1)), m.start(), m.end()
    year = _YEAR_AFTER.match(text, end)
    day = _DAY_BEFORE.search(text, max(0, start - 12), start)
    if day:
        year_text = year.group(1) if year else None
        return _day_month(text, day.start(), year.end() if year else end, int(day.group(1)),
                          month, year_text, pub, opts)
    if not 1 <= month <= 12:
        return None
    if year and not year.group().lstrip().startswith(","):
        return (start, year.end(), date(int(year.group(1)), month, 1).isoformat(), "month", False)
    if (_NOT_MONTH_BEFORE.search(text, max(0, start - 8), start)
            or _NOT_MONTH_AFTER.match(text, end)):
        return None
    value = _nearest_month(month, pub, _hint(text, end)).isoformat() if pub else None
    return (start, end, value, "month", True)


def _year(m: re.Match[str], text: str, pub: date | None, opts: DateOptions) -> Found | None:
    year = int(m.group(1))
    if not 1900 <= year <= 2100 or not _boundary(text, m.start()):
        return None
    return (m.start(), m.end(), date(year, 1, 1).isoformat(), "year", False)


_DAY_OFFSETS: Final = {"nay": 0, "qua": -1, "kia": -2, "mai": 1}
_PARTS_OF_DAY: Final = frozenset(("sáng", "trưa", "chiều", "tối", "đêm", "khuya"))
_PERIOD_OFFSETS: Final = {"này": 0, "nay": 0, "trước": -1, "ngoái": -1, "tới": 1, "sau": 1}
_PERIODS: Final = {"ngày": "day", "tuần": "week", "tháng": "month", "năm": "year"}


def _shift(pub: date, unit: str, offset: int) -> tuple[date, str]:
    """``pub`` moved by ``offset`` days, weeks, months or years, at that granularity."""
    if unit == "tuần":
        monday = pub - timedelta(days=pub.weekday())
        return monday + timedelta(weeks=offset), "week"
    if unit == "tháng":
        index = pub.year * 12 + pub.month - 1 + offset
        return date(index // 12, index % 12 + 1, 1), "month"
    if unit == "ngày":
        return pub + timedelta(days=offset), "day"
    return date(pub.year + offset, 1, 1), "year"


def _relative_unit(before: str, count: str | None, word: str) -> tuple[str, int] | None:
    """``(unit, offset)`` of "<before> <word>": ("ngày", -1) for "hôm qua"."""
    if count and before in _PERIODS and word in ("trước", "qua"):
        number = int(count)
        return (before, -number) if 0 < number <= 100 else None
    if before == "hôm" and word in ("nay", "qua", "kia"):
        return "ngày", _DAY_OFFSETS[word]
    if before == "ngày" and word in ("mai", "kia"):
        return "ngày", 1 if word == "mai" else 2
    if before in _PARTS_OF_DAY and word in ("nay", "qua", "mai"):
        return "ngày", _DAY_OFFSETS[word]
    if before in ("tuần", "tháng", "năm") and word in ("này", "trước", "tới", "sau"):
        return before, _PERIOD_OFFSETS[word]
    if before == "năm" and word in ("nay", "ngoái"):
        return "năm", _PERIOD_OFFSETS[word]
    return None


def _relative(m: re.Match[str], text: str, pub: date | None, opts: DateOptions) -> Found | None:
    """"hôm qua", "chiều nay", "ngày mai", "tuần trước", "năm ngoái", "3 ngày trước"."""
    prev = _WORD_BEFORE.search(text, max(0, m.start() - 16), m.start())
    if prev is None or _NOT_RELATIVE_AFTER.match(text, m.end()):
        return None
    found = _relative_unit(prev.group(2).lower(), prev.group(1), m.group(1))
    if found is None:
        return None
    ago = prev.group(1) is not None and found[0] in _PERIODS and m.group(1) in ("trước", "qua")
    start = prev.start(1) if ago else prev.start(2)
    if not _boundary(text, start):
        return None
    unit, offset = found
    if pub is None:
        return (start, m.end(), None, _PERIODS[unit], True)
    value, granularity = _shift(pub, unit, offset)
    return (start, m.end(), value.isoformat(), granularity, True)


def _weekday_alone(m: re.Match[str], text: str, pub: date | None,
                   opts: DateOptions) -> Found | None:
    """"hôm thứ Sáu", "thứ Hai tuần tới", "chủ nhật vừa qua"."""
    after = _WEEKDAY_AFTER.match(text, m.end())
    if not _boundary(text, m.start()) or not (
            after or _WEEKDAY_CUE.search(text, max(0, m.start() - 8), m.start())):
        return None
    if _EVERY.search(text, max(0, m.start() - 14), m.start()):
        return None  # "mỗi tối thứ Bảy": every Saturday, not one
    qualifier = " ".join(after.group(1).lower().split()) if after else ""
    target = _WEEKDAYS[m.group(1).lower()] if m.group(1) else 6
    end = after.end() if after else m.end()
    if pub is None:
        return (m.start(), end, None, "day", True)
    monday = pub - timedelta(days=pub.weekday())
    if qualifier.startswith("tuần"):
        week = {"này": 0, "trước": -1, "qua": -1, "tới": 1, "sau": 1}[qualifier.split()[1]]
        value = monday + timedelta(weeks=week, days=target)
    elif qualifier == "tới":
        value = pub + timedelta(days=(target - pub.weekday()) % 7 or 7)
    else:
        value = pub - timedelta(days=(pub.weekday() - target) % 7)
    return (m.start(), end, value.isoformat(), "day", True)


Handler = Callable[[re.Match[str], str, date | None, DateOptions], Found | None]
_ABSOLUTE: Final[tuple[tuple[re.Pattern[str], Handler], ...]] = (
    (_NUMERIC, _numeric), (_MONTH_WORD, _month_word), (_YEAR, _year),
)
_RELATIVES: Final[tuple[tuple[re.Pattern[str], Handler], ...]] = (
    (_RELATIVE, _relative), (_WEEKDAY_WORD, _weekday_alone),
)


def find_dates(text: str, *, published: date | None = None,
               options: DateOptions | None = None) -> list[DateMention]:
    """Find date expressions in ``text`` and resolve them against ``published``.

    Args:
        text: Normalized text; offsets point into it.
        published: The publication date in Vietnam time; without it, expressions
            lacking a year or relative to today get ``value=None``.
        options: What to find; the defaults find every form.

    Returns:
        Non-overlapping mentions in text order; where two forms overlap, the longer
        wins ("Thứ hai (13/9)" over "13/9").
    """
    opts = options or DateOptions()
    patterns = _ABSOLUTE + _RELATIVES if opts.relative else _ABSOLUTE
    found: list[Found] = []
    for pattern, handler in patterns:
        for match in pattern.finditer(text):
            item = handler(match, text, published, opts)
            if item is not None:
                found.append(item)
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    out: list[DateMention] = []
    last_end = -1
    for start, end, value, granularity, relative in found:
        if start >= last_end:
            out.append(DateMention(start, end, text[start:end], value, granularity, relative))
            last_end = end
    return out


@dataclass(frozen=True, slots=True)
class DateComponent:
    """Pipeline component: sets ``doc.dates``."""

    options: DateOptions = DateOptions()
    name: ClassVar[str] = "dates"
    version: ClassVar[str] = "dates.v1"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("dates",)

    def __call__(self, doc: Doc) -> Doc:
        """Find the dates of ``doc.text``, resolved against ``doc.published``."""
        dates = find_dates(doc.text, published=doc.published, options=self.options)
        return doc.with_layers(self.name, self.version, dates=tuple(dates))
