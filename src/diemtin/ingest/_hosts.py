"""Per-host politeness state of one fetcher: concurrency slots, spacing, robots cache."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from diemtin.ingest.robots import RobotsRules


class HostGate:
    """Limits requests to one host: ``slots`` at once, starts ``delay`` seconds apart."""

    def __init__(self, slots: int) -> None:
        self.slots = threading.Semaphore(max(1, slots))
        self._lock = threading.Lock()
        self._next_start = 0.0

    def reserve(self, delay: float) -> float:
        """Book the next start time; return how long to wait before it."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + delay
            return start - now

    def defer(self, seconds: float) -> None:
        """Push the next start at least ``seconds`` from now (after 429/503)."""
        with self._lock:
            self._next_start = max(self._next_start, time.monotonic() + seconds)


class HostTable:
    """Gates and robots.txt rules per origin (``scheme://host:port``), for one fetcher."""

    def __init__(self, *, slots: int, robots_ttl: float) -> None:
        self._slots = slots
        self._ttl = robots_ttl
        self._lock = threading.Lock()
        self._gates: dict[str, HostGate] = {}
        self._robots: dict[str, tuple[RobotsRules, float]] = {}
        self._robot_locks: dict[str, threading.Lock] = {}

    def gate(self, origin: str) -> HostGate:
        """The gate of ``origin`` (created on first use)."""
        with self._lock:
            return self._gates.setdefault(origin, HostGate(self._slots))

    def robots(self, origin: str, load: Callable[[], RobotsRules]) -> RobotsRules:
        """The cached rules of ``origin``; ``load`` fetches them when missing or stale.

        One thread loads a given origin's rules; others asking meanwhile wait for it.
        """
        with self._lock:
            lock = self._robot_locks.setdefault(origin, threading.Lock())
        with lock:
            with self._lock:
                cached = self._robots.get(origin)
            if cached and cached[1] > time.monotonic():
                return cached[0]
            rules = load()
            with self._lock:
                ttl = self._ttl if rules.ttl is None else min(rules.ttl, self._ttl)
                self._robots[origin] = (rules, time.monotonic() + ttl)
            return rules


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta-seconds or an HTTP date).

    >>> retry_after_seconds("120")
    120.0
    >>> retry_after_seconds("Wed, 21 Oct 2026 07:28:00 GMT",
    ...                     now=datetime(2026, 10, 21, 7, 27, 30, tzinfo=UTC))
    30.0
    >>> retry_after_seconds("soon") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
