"""The volume chart of a briefing's period: matching articles per day, drawn server-side.

The series (``{"days": [["2026-10-13", 12], …]}``) is computed when the issue is built
and kept in it, so an issued briefing draws the same chart later. It is drawn as SVG
(HTML and PDF) or PNG (DOCX, with Pillow and the embedded font).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from diemtin.models import VIETNAM_TZ
from diemtin.search.filters import SearchFilters
from diemtin.search.query import parse_query
from diemtin.store.base import Store

WIDTH, HEIGHT, MARGIN = 640, 200, 28
BAR = "#1f5f8b"


def volume_series(store: Store, queries: Sequence[str], since: datetime,
                  until: datetime) -> dict[str, Any]:
    """Articles matching any section per Vietnam day of the period (a day's matches of
    several sections are added up)."""
    totals: dict[str, int] = {}
    day = since.astimezone(VIETNAM_TZ).date()
    while day <= until.astimezone(VIETNAM_TZ).date():
        totals[day.isoformat()] = 0
        day += timedelta(days=1)
    filters = SearchFilters(since=since, until=until)
    for text in queries:
        if text.strip():
            for key, count in store.count(parse_query(text), filters=filters, by="day").groups:
                if key in totals:
                    totals[key] += count
    return {"days": [[key, value] for key, value in totals.items()]}


def _bars(chart: dict[str, Any]) -> list[tuple[str, int, float, float, float]]:
    """``(label, count, x, width, height)`` of each bar in the drawing's pixels."""
    days = [(str(day), int(count)) for day, count in chart.get("days", [])]
    if not days:
        return []
    top = max(count for _, count in days) or 1
    slot = (WIDTH - 2 * MARGIN) / len(days)
    usable = HEIGHT - 2 * MARGIN
    return [(day, count, MARGIN + i * slot + slot * 0.15, slot * 0.7, usable * count / top)
            for i, (day, count) in enumerate(days)]


def _label(day: str) -> str:
    return f"{day[8:10]}/{day[5:7]}"


def to_svg(chart: dict[str, Any], *, caption: str = "Số bài theo ngày") -> str:
    """The chart as an inline SVG element (no external assets)."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(caption)}">',
             f'<title>{escape(caption)}</title>']
    base = HEIGHT - MARGIN
    bars = _bars(chart)
    step = max(1, len(bars) // 10)
    for index, (day, count, x, width, height) in enumerate(bars):
        parts.append(f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{width:.1f}" '
                     f'height="{height:.1f}" fill="{BAR}"><title>{day}: {count}</title></rect>')
        if count:
            parts.append(f'<text x="{x + width / 2:.1f}" y="{base - height - 4:.1f}" '
                         f'font-size="11" text-anchor="middle">{count}</text>')
        if index % step == 0:
            parts.append(f'<text x="{x + width / 2:.1f}" y="{base + 16:.1f}" font-size="11" '
                         f'text-anchor="middle">{_label(day)}</text>')
    parts.append(f'<line x1="{MARGIN}" y1="{base}" x2="{WIDTH - MARGIN}" y2="{base}" '
                 'stroke="#888"/></svg>')
    return "".join(parts)


def to_png(chart: dict[str, Any], font_path: str | None = None) -> bytes:
    """The chart as PNG bytes (twice the SVG's size, for print)."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 2
    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "white")
    draw = ImageDraw.Draw(image)
    font: Any = ImageFont.truetype(font_path, 11 * scale) if font_path \
        else ImageFont.load_default()
    base = (HEIGHT - MARGIN) * scale
    bars = _bars(chart)
    step = max(1, len(bars) // 10)
    for index, (day, count, x, width, height) in enumerate(bars):
        left, right = x * scale, (x + width) * scale
        draw.rectangle((left, base - height * scale, right, base), fill=BAR)
        middle = (left + right) / 2
        if count:
            draw.text((middle, base - height * scale - 4), str(count), fill="black",
                      font=font, anchor="ms")
        if index % step == 0:
            draw.text((middle, base + 16 * scale), _label(day), fill="black", font=font,
                      anchor="ms")
    draw.line((MARGIN * scale, base, (WIDTH - MARGIN) * scale, base), fill="#888888")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
