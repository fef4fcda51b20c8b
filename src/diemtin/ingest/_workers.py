"""Worker processes that parse JSONL chunks beside the storing, and die with their parent.

A ``ProcessPoolExecutor`` worker blocked on its call queue never sees the parent go (the
queue's pickled pipe keeps a write end open in the worker itself), and the
multiprocessing resource tracker lives as long as any worker holds its pipe. So every
worker, as it starts, asks Linux to kill it when its parent dies (``PR_SET_PDEATHSIG``)
and runs a watchdog thread that exits when it is re-parented (every platform, and the
case where the parent died before the ``prctl`` call). Once the workers are gone, the
resource tracker reads end-of-file and exits too.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from itertools import islice
from typing import TypeVar

logger = logging.getLogger(__name__)

Line = TypeVar("Line")
Result = TypeVar("Result")

_CHUNK_LINES = 256
_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.25


def die_with_parent(parent: int) -> None:
    """Make this process exit when ``parent`` (its parent's pid) dies.

    Runs first in every worker (the pool's ``initializer``).
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the prctl call
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="diemtin-parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        threading.Event().wait(_WATCH_SECONDS)
    os._exit(1)  # re-parented: the ingest that started us is gone


def parse_in_workers(lines: Iterator[Line], parse: Callable[[list[Line]], list[Result]],
                     workers: int) -> Iterator[Result]:
    """Parse chunks of ``lines`` in ``workers - 1`` processes, in order, a bounded few ahead.

    ``parse`` must be a module-level function (it is pickled by name). If the workers
    cannot start or die (a script without a ``__main__`` guard, say), the remaining lines
    are parsed here: nothing is lost or read twice.
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[tuple[Future[list[Result]], list[Line]]] = deque()
    # "spawn": forking a process that runs threads (a progress bar, a web server) can
    # copy a held lock into the child.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        try:
            while True:
                chunk = list(islice(lines, _CHUNK_LINES))
                if chunk:
                    pending.append((pool.submit(parse, chunk), chunk))
                if pending and (not chunk or len(pending) >= 4 * workers):
                    yield from pending[0][0].result()
                    pending.popleft()
                if not chunk and not pending:
                    return
        except BrokenProcessPool:
            logger.warning("parsing workers stopped; parsing in this process")
    for _, chunk in pending:
        yield from parse(chunk)
    for line in lines:
        yield from parse([line])
