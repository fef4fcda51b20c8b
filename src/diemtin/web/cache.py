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
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from diemtin.store.base import Store

T = TypeVar("T")
TTL_SECONDS = 60.0


class Lookup(NamedTuple):
    """What :meth:`StoreCache.lookup` found."""

    hit: bool
    answer: Any
    renew: bool
    """The answer expired and this caller is the one to compute it again."""
    marker: Hashable
    """The store's change marker when looked up."""


_UNREAD = object()


@dataclass(slots=True)
class _Running:
    """A computation in progress, which other callers of the same key wait for."""

    done: threading.Event = field(default_factory=threading.Event)
    answer: Any = None
    ok: bool = False


def _in_background(job: Callable[[], None]) -> None:
    threading.Thread(target=job, name="diemtin-cache-refresh", daemon=True).start()


class StoreCache:
    """A small LRU cache of answers, emptied when the store's marker changes.

    It holds answers up to ``size`` in all, each weighing what ``weigh`` says (1 by
    default: ``size`` answers; kept pages weigh their bytes). An answer older than
    ``ttl`` while the marker is unchanged is still given once more while ``refresh``
    computes it again (in a thread by default): a page that costs seconds to compute
    (trends over every article) is not recomputed while its readers wait, every ``ttl``
    seconds.
    """

    def __init__(self, store: Store, *, ttl: float = TTL_SECONDS, size: int = 2048,
                 clock: Callable[[], float] = time.monotonic,
                 refresh: Callable[[Callable[[], None]], None] = _in_background,
                 weigh: Callable[[Any], int] = lambda answer: 1) -> None:
        self.store = store
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self.refresh = refresh
        self.weigh = weigh
        self._lock = threading.Lock()
        self._answers: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._weights: dict[Hashable, int] = {}
        self._weight = 0
        self._refreshing: set[Hashable] = set()
        self._running: dict[Hashable, _Running] = {}
        self._marker: Hashable = _UNREAD  # the store's change marker at the last use

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept answer for ``key``, or ``compute()``'s (then kept). Callers asking for
        a key being computed wait for that computation rather than run it again (fifty
        readers opening the trends at once count them once); an expired answer is given
        once more while one thread computes it again."""
        found = self._lookup(key, claim_refresh=True)
        if found.hit:
            if found.renew:
                self.refresh(lambda: self._recompute(key, compute))
            kept: T = found.answer
            return kept
        with self._lock:
            running = self._running.get(key)
            if running is None:
                running = self._running[key] = _Running()
                owner = True
            else:
                owner = False
        if not owner:
            running.done.wait()
            return running.answer if running.ok else compute()
        try:
            answer = compute()
            running.answer, running.ok = answer, True
            self.put(key, answer, found.marker)
            return answer
        finally:
            with self._lock:
                del self._running[key]
            running.done.set()

    def peek(self, key: Hashable) -> Any:
        """The kept answer for ``key`` (expired or not, as :meth:`get` gives it), or None;
        nothing is computed."""
        found = self._lookup(key, claim_refresh=False)
        return found.answer if found.hit else None

    def lookup(self, key: Hashable) -> Lookup:
        """The kept answer for ``key`` if younger than ``ttl``, with the change marker it
        was looked up under (give it to :meth:`put` with the answer computed instead)."""
        return self._lookup(key, claim_refresh=False, fresh=True)

    def put(self, key: Hashable, answer: Any, marker: Hashable) -> None:
        """Keep ``answer`` for ``key`` unless the store changed since ``marker`` (the one
        its computation started under) was read: it may hold what was read before."""
        now = self.clock()
        with self._lock:
            if self._marker != marker:
                return
            self._drop(key)
            weight = self.weigh(answer)
            self._answers[key] = (now, answer)
            self._weights[key] = weight
            self._weight += weight
            while self._weight > self.size and len(self._answers) > 1:
                self._drop(next(iter(self._answers)))

    def _drop(self, key: Hashable) -> None:
        """Forget the answer for ``key`` (the caller holds the lock)."""
        if self._answers.pop(key, None) is not None:
            self._weight -= self._weights.pop(key)

    def _lookup(self, key: Hashable, *, claim_refresh: bool, fresh: bool = False) -> Lookup:
        """The kept answer and whether this caller is the one to compute it again (it
        expired; claimed only when ``claim_refresh``); an expired answer is not found when
        ``fresh``."""
        now = self.clock()
        marker = self._check_marker()
        with self._lock:
            found = self._answers.get(key)
            expired = found is not None and now - found[0] >= self.ttl
            if found is None or (fresh and expired):
                return Lookup(False, None, False, marker)
            self._answers.move_to_end(key)
            renew = claim_refresh and expired and key not in self._refreshing
            if renew:
                self._refreshing.add(key)
            return Lookup(True, found[1], renew, marker)

    def _recompute(self, key: Hashable, compute: Callable[[], Any]) -> None:
        marker = self._check_marker()
        try:
            self.put(key, compute(), marker)
        except Exception:  # the next reader computes it again and sees the error
            with self._lock:
                self._drop(key)
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _check_marker(self) -> Hashable:
        """The store's change marker; every answer is forgotten when it moved since the
        last use."""
        marker = self.store.change_marker()
        with self._lock:
            if self._marker != marker:
                self._answers.clear()
                self._weights.clear()
                self._weight = 0
            self._marker = marker
        return marker


def cached(request: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s answer through the app's :class:`StoreCache` (``app.state.cache``)."""
    cache: StoreCache = request.app.state.cache
    return cache.get(key, compute)
