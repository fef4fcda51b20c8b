"""Run flow's pure steps on a distributed engine (Dask) for corpus-scale batches.

The engine lives in this one module. ``diemtin.flow`` hands it chunks of work and gets the
results back **in submission order**, so writes, checkpoints and reports stay exactly as
in the single-process path: a run killed at any moment resumes from its checkpoint (or,
for ``reanalyze``, from the articles whose annotations are still stale) and stores
nothing twice.

Dask was chosen over Ray by measurement on this project's workload (``bench/cluster.py``,
figures in BENCHMARKS.md): the same throughput for the NLP step (two workers about
1.5x one process on two cores), a third of Ray's start-up time, a pure-Python install of
a few megabytes instead of about 240 MB, and multi-machine deployment with the engine's
own ``dask scheduler`` and ``dask worker`` commands (``docs/scale.md``).

Three ways to run, chosen by :class:`ClusterOptions`:

- ``workers=0`` and no address: in this process, no engine at all (the default);
- ``workers=N``: a local cluster of N single-threaded worker processes, started for the
  run and shut down after it;
- ``address="tcp://host:8786"``: the workers of an existing cluster.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from diemtin.errors import DiemtinError
from diemtin.models import Article
from diemtin.nlp.annotate import AnnotatedBatch, annotate_batch
from diemtin.nlp.pipeline import AnalyzeOptions, Pipeline, build_pipeline

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class EngineError(DiemtinError):
    """The distributed engine is missing, unreachable or failed a task."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterOptions:
    """Where the pure steps run.

    Attributes:
        workers: worker processes of a local cluster (0: run in this process).
        address: scheduler address of an existing Dask cluster (overrides ``workers``).
        chunk_size: articles or documents sent to a worker in one task.
        in_flight: tasks submitted ahead per worker (bounds the driver's memory).
        connect_timeout: seconds to wait for an existing cluster's scheduler.
    """

    workers: int = 0
    address: str | None = None
    chunk_size: int = 100
    in_flight: int = 2
    connect_timeout: float = 20.0

    @property
    def distributed(self) -> bool:
        """True when work leaves this process."""
        return self.workers > 0 or bool(self.address)


class Engine(Protocol):
    """Maps a picklable function over chunks and yields results in submission order."""

    def map_ordered(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``function(item)`` for every item, in the order of ``items``."""
        ...

    def close(self) -> None:
        """Release the workers (a local cluster is shut down)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None: ...


class InProcessEngine:
    """The default: no engine, every chunk runs here."""

    def map_ordered(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``function(item)`` for every item, in order."""
        return map(function, items)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class DaskEngine:
    """A Dask client on a local cluster it starts, or on an existing cluster."""

    def __init__(self, options: ClusterOptions) -> None:
        try:
            dask: Any = importlib.import_module("dask.distributed")
        except ImportError as error:  # pragma: no cover - dask is a dependency
            raise EngineError("distributed runs need dask: pip install 'dask[distributed]'"
                              ) from error
        # dask.distributed installs its own INFO-level handlers when imported; keep its
        # chatter at the level the application chose for the root logger (WARNING unless
        # ``diemtin --verbose``), so progress and summaries stay readable.
        logging.getLogger("distributed").setLevel(
            max(logging.getLogger().getEffectiveLevel(), logging.INFO))
        self._window = max(1, options.in_flight) * max(1, options.workers or 2)
        self._cluster: Any = None
        try:
            if options.address:
                self._client: Any = dask.Client(
                    options.address, timeout=f"{options.connect_timeout}s")
            else:
                self._cluster = dask.LocalCluster(
                    n_workers=options.workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR)
                self._client = dask.Client(self._cluster)
        except (OSError, TimeoutError) as error:
            self.close()
            where = options.address or f"a local cluster of {options.workers} workers"
            raise EngineError(f"cannot reach {where}: {error}") from error
        if options.address:
            workers = len(self._client.scheduler_info().get("workers", {}))
            self._window = max(1, options.in_flight) * max(1, workers)

    def map_ordered(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Submit at most a window of chunks ahead; yield results in submission order.

        A worker that dies has its tasks run again elsewhere by the scheduler, so a
        lost worker costs time, never results.
        """
        pending: deque[Any] = deque()
        for item in items:
            pending.append(self._client.submit(function, item, pure=False))
            if len(pending) >= self._window:
                yield self._result(pending.popleft())
        while pending:
            yield self._result(pending.popleft())

    @staticmethod
    def _result(future: Any) -> Any:
        try:
            return future.result()
        except DiemtinError:
            raise
        except Exception as error:  # a task's own failure, re-raised by dask
            raise EngineError(f"a distributed task failed: {error}") from error

    def close(self) -> None:
        """Close the client, and the local cluster if this engine started one."""
        client, self._client = getattr(self, "_client", None), None
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def open_engine(options: ClusterOptions | None = None) -> Engine:
    """The engine ``options`` ask for (in this process when nothing is asked)."""
    if options is None or not options.distributed:
        return InProcessEngine()
    return DaskEngine(options)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@functools.lru_cache(maxsize=4)
def _worker_pipeline(options: AnalyzeOptions) -> Pipeline:
    """One built pipeline per worker process and options (models load once)."""
    return build_pipeline(options)


@dataclass(frozen=True, slots=True)
class AnalyzeTask:
    """A chunk of articles to analyze with one pipeline configuration (picklable)."""

    articles: tuple[Article, ...]
    options: AnalyzeOptions


def analyze_task(task: AnalyzeTask) -> AnnotatedBatch:
    """Analyze a chunk on a worker: the same pure step as the single-process path."""
    return annotate_batch(_worker_pipeline(task.options), task.articles)


def analyze_chunks(engine: Engine, articles: Iterable[Article], *, options: AnalyzeOptions,
                   chunk_size: int) -> Iterator[AnnotatedBatch]:
    """Analyze ``articles`` in chunks on ``engine``'s workers; one batch per chunk, in order."""
    tasks = (AnalyzeTask(tuple(chunk), options) for chunk in chunked(articles, chunk_size))
    return engine.map_ordered(analyze_task, tasks)
