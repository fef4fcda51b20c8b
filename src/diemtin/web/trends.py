"""Rising terms: a term's count in a recent window against its own trailing baseline.

The score (documented in ``docs/web.md``) is a smoothed log-ratio::

    score = log2((window + 1) / (baseline / periods + 1))

where ``window`` is the number of articles mentioning the term in the window (the
last 24 hours or 7 days up to ``at``), ``baseline`` the number in the ``periods``
windows before it (7 days before a 24-hour window, 4 weeks before a 7-day one). The +1
keeps rare terms from scoring high on noise; a term also needs ``min_count`` articles in
the window, so 1 → 3 is not a trend.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from diemtin.search import parse_query
from diemtin.store.base import Store, TermCount
from diemtin.store.rows import utc_text

WINDOWS = {"24h": (timedelta(hours=24), 7), "7d": (timedelta(days=7), 4)}
"""Each window: its length and how many windows before it form the baseline."""
TREND_LABELS = ("PER", "ORG", "PLACE", "KW")


@dataclass(frozen=True, slots=True)
class Trend:
    """One rising term: its counts in the window and the baseline, and its score."""

    label: str
    key: str
    text: str
    count: int
    baseline: int
    score: float


def trend_score(count: int, baseline: int, periods: int) -> float:
    """``log2((count + 1) / (baseline / periods + 1))``, rounded to 3 decimals."""
    return round(math.log2((count + 1) / (baseline / periods + 1)), 3)


def rising_terms(store: Store, at: datetime, window: str, *, min_count: int = 5,
                 limit: int = 30) -> list[Trend]:
    """Terms rising in ``window`` (``24h`` or ``7d``) ending at ``at``, highest score first.

    Raises:
        ValueError: ``window`` is not a key of :data:`WINDOWS`.
    """
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}: use 24h or 7d")
    length, periods = WINDOWS[window]
    start, base_start = at - length, at - length * (periods + 1)
    current = store.term_counts(_iso(start), _iso(at), labels=TREND_LABELS,
                                min_articles=min_count)
    before = {(t.label, t.key): t.articles
              for t in store.term_counts(_iso(base_start), _iso(start), labels=TREND_LABELS)}
    trends = [_trend(term, before.get((term.label, term.key), 0), periods) for term in current]
    rising = [trend for trend in trends if trend.score > 0]
    return sorted(rising, key=lambda t: (-t.score, -t.count, t.key))[:limit]


def _trend(term: TermCount, baseline: int, periods: int) -> Trend:
    return Trend(term.label, term.key, term.text, term.articles, baseline,
                 trend_score(term.articles, baseline, periods))


def _iso(moment: datetime) -> str:
    return utc_text(moment) or ""


def latest_time(store: Store) -> datetime | None:
    """The newest publication time in the store (trends end there by default)."""
    times = [stat.last_published for stat in store.outlet_stats() if stat.last_published]
    return datetime.fromisoformat(max(times)) if times else None


def share_of_voice(store: Store, query_text: str) -> list[tuple[str, int]]:
    """Exact article counts per outlet for a query, most first (every match is read)."""
    counts: Counter[str] = Counter()
    for article in store.iter_articles(parse_query(query_text)):
        counts[article.outlet or "?"] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
