"""Answers computed from the store, kept between requests while the store is unchanged.

Facets of a search, trends and the outlet list read every match or every article; the
same page asked again (a user paging through results, every analyst opening /trends)
need not read them again. An answer is kept while the store's change marker
(:meth:`Store.change_marker`, read on each use: on SQLite two counters read from memory,
which change whenever any process commits) is unchanged, and at most ``ttl`` seconds
(so a change a backend's marker does not see shows within that time), for the ``size``
most recent keys.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from diemtin.store.base import Store

T = TypeVar("T")
TTL_SECONDS = 60.0
MARKER_SECONDS = 0.0
"""How long a read marker is trusted (0: read on every use)."""


def _in_background(job: Callable[[], None]) -> None:
    threading.Thread(target=job, name="diemtin-cache-refresh", daemon=True).start()


class StoreCache:
    """A small LRU cache of answers, emptied when the store's marker changes.

    An answer older than ``ttl`` while the marker is unchanged is still given once more
    while ``refresh`` computes it again (in a thread by default): a page that costs
    seconds to compute (trends over every article) is not recomputed while its readers
    wait, every ``ttl`` seconds.
    """

    def __init__(self, store: Store, *, ttl: float = TTL_SECONDS, size: int = 2048,
                 clock: Callable[[], float] = time.monotonic,
                 refresh: Callable[[Callable[[], None]], None] = _in_background) -> None:
        self.store = store
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self.refresh = refresh
        self._lock = threading.Lock()
        self._answers: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._refreshing: set[Hashable] = set()
        self._marker: tuple[float, Hashable] | None = None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept answer for ``key``, or ``compute()``'s (then kept)."""
        now = self.clock()
        self._check_marker(now)
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                renew = now - found[0] >= self.ttl and key not in self._refreshing
                if renew:
                    self._refreshing.add(key)
        if found is not None:
            if renew:
                self.refresh(lambda: self._recompute(key, compute))
            answer: T = found[1]
            return answer
        answer = compute()
        self._keep(key, now, answer)
        return answer

    def _recompute(self, key: Hashable, compute: Callable[[], Any]) -> None:
        try:
            self._keep(key, self.clock(), compute())
        except Exception:  # the next reader computes it again and sees the error
            with self._lock:
                self._answers.pop(key, None)
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _keep(self, key: Hashable, now: float, answer: Any) -> None:
        with self._lock:
            self._answers[key] = (now, answer)
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)

    def peek(self, key: Hashable) -> Any:
        """The kept answer for ``key``, or None (nothing is computed)."""
        now = self.clock()
        self._check_marker(now)
        with self._lock:
            found = self._answers.get(key)
            if found is None or now - found[0] >= self.ttl:
                return None
            self._answers.move_to_end(key)
            return found[1]

    def _check_marker(self, now: float) -> None:
        with self._lock:
            if self._marker is not None and now - self._marker[0] < MARKER_SECONDS > 0:
                return
        marker = self.store.change_marker()
        with self._lock:
            if self._marker is None or self._marker[1] != marker:
                self._answers.clear()
            self._marker = (now, marker)


def cached(request: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s answer through the app's :class:`StoreCache` (``app.state.cache``)."""
    cache: StoreCache = request.app.state.cache
    return cache.get(key, compute)
