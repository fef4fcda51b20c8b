"""Server-side charts: counts bucketed by day, week or month, drawn as inline SVG.

The SVG is built here from numbers only (labels are escaped), so pages need no
JavaScript and no asset from elsewhere; each chart also comes with a table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

BUCKETS = ("day", "week", "month")
_WIDTH, _HEIGHT, _PAD = 640, 160, 18


@dataclass(frozen=True, slots=True)
class Bar:
    """One period of a chart: its label (``2026-10-13``, ``2026-W42``, ``2026-10``)."""

    period: str
    count: int


def period_of(day: str, by: str) -> str:
    """The period label of a ``YYYY-MM-DD`` day: the day, its ISO week or its month."""
    if by == "month":
        return day[:7]
    if by == "week":
        year, week, _ = date.fromisoformat(day).isocalendar()
        return f"{year}-W{week:02d}"
    return day


def period_bounds(period: str, by: str) -> tuple[date, date]:
    """The first day of a period label of ``by`` and the day after its last."""
    if by == "month":
        first = date.fromisoformat(period + "-01")
        return first, (first + timedelta(days=32)).replace(day=1)
    if by == "week":
        year, week = period.split("-W")
        first = date.fromisocalendar(int(year), int(week), 1)
        return first, first + timedelta(days=7)
    first = date.fromisoformat(period)
    return first, first + timedelta(days=1)


def bucket(days: Iterable[tuple[str, int]], by: str) -> list[Bar]:
    """Sum daily counts into periods of ``by`` (``day``, ``week`` or ``month``), oldest first.

    Raises:
        ValueError: ``by`` is not one of :data:`BUCKETS`.
    """
    if by not in BUCKETS:
        raise ValueError(f"unknown period {by!r}: use day, week or month")
    totals: Counter[str] = Counter()
    for day, count in days:
        totals[period_of(day, by)] += count
    return [Bar(period, totals[period]) for period in sorted(totals)]


def bar_chart_svg(bars: list[Bar], *, label: str) -> str:
    """An SVG bar chart of ``bars`` (empty string for no bars), with a title for readers."""
    if not bars:
        return ""
    top = max(bar.count for bar in bars) or 1
    step = _WIDTH / len(bars)
    width = max(1.0, step * 0.8)
    shapes = []
    for index, bar in enumerate(bars):
        height = (_HEIGHT - 2 * _PAD) * bar.count / top
        x, y = index * step + step * 0.1, _HEIGHT - _PAD - height
        shapes.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                      f'height="{height:.1f}"><title>{escape(bar.period)}: '
                      f'{bar.count}</title></rect>')
    first, last = escape(bars[0].period), escape(bars[-1].period)
    return (f'<svg class="chart" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
            f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
            f'<title>{escape(label)}</title>{"".join(shapes)}'
            f'<text x="0" y="{_HEIGHT - 4}">{first}</text>'
            f'<text x="{_WIDTH}" y="{_HEIGHT - 4}" text-anchor="end">{last}</text>'
            f'<text x="0" y="12">{top}</text></svg>')
