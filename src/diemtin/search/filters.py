"""Search filters from user input (command-line options and URL parameters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from diemtin.errors import InputError
from diemtin.models import VIETNAM_TZ, check_date


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Filters applied beside the full-text query."""

    outlets: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None


def parse_day(value: str | None, *, name: str = "date") -> datetime | None:
    """An ISO date or time; naive values mean Vietnam time (UTC+7).

    >>> parse_day("2026-10-13").isoformat()
    '2026-10-13T00:00:00+07:00'

    Raises:
        InputError: not ISO 8601, or outside the dates diemtin stores (1900-01-01 to
            2199-12-31 in UTC); ``name`` ("since", "until") is named in the message.
    """
    if value is None or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise InputError(f"'{name}': expected a date like 2026-10-13 or 2026-10-13T08:00; "
                         f"got {value[:60]!r}") from error
    return check_date(moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM_TZ), name=name)


def filters_from(outlets: tuple[str, ...], since: str | None, until: str | None) -> SearchFilters:
    """Build :class:`SearchFilters` from outlet names and ``since``/``until`` text."""
    return SearchFilters(outlets=outlets, since=parse_day(since, name="since"),
                         until=parse_day(until, name="until"))
