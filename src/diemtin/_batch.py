"""A batch on its way to the store: analyzed first, then written in one transaction.

The helpers of ``diemtin.flow`` (which alone wires the steps): what the analysis does
(here or on a cluster), the run's tally, the writer that analyzes a batch outside any
transaction and stores it, and extraction that turns a page into an article or a
counted failure.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from diemtin.distributed import Engine, InProcessEngine, analyze_chunks, chunked
from diemtin.errors import ExtractionError
from diemtin.extract import ExtractOptions, extract_raw
from diemtin.models import AnnotationSet, Article, IngestReport, RawDocument
from diemtin.nlp.annotate import AnnotatedBatch, annotate_batch
from diemtin.nlp.pipeline import AnalyzeOptions, Pipeline, build_pipeline
from diemtin.store.base import Checkpoint, Outcome, Store, unique_by_id

logger = logging.getLogger(__name__)


AfterStore = Callable[[Sequence[Article], Mapping[str, AnnotationSet]], object]
"""A step run after each stored (and linked) batch with its new articles."""
ProgressCallback = Callable[[int], None]
"""Called with the number of records or pages just processed."""


@dataclass(slots=True)
class AnalysisLog:
    """The NLP pipeline new and changed articles go through, and what it did.

    With a distributed ``engine`` the articles of each batch are analyzed in chunks of
    ``chunk_size`` on its workers; the batch is still written here, in order.
    """

    pipeline: Pipeline
    options: AnalyzeOptions = field(default_factory=AnalyzeOptions)
    engine: Engine = field(default_factory=InProcessEngine)
    chunk_size: int = 100
    analyzed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def annotate(self, articles: Sequence[Article]) -> AnnotatedBatch:
        """Analyze ``articles`` here or on the engine's workers; one merged batch."""
        merged: dict[str, AnnotationSet] = {}
        failures: list[tuple[str, str]] = []
        for batch in self.annotate_chunks(articles):
            merged.update(batch.annotations)
            failures.extend(batch.failures)
        return AnnotatedBatch(merged, tuple(failures))

    def annotate_chunks(self, articles: Iterable[Article]) -> Iterator[AnnotatedBatch]:
        """Analyze ``articles`` chunk by chunk (in order), here or on the engine's workers."""
        if not isinstance(self.engine, InProcessEngine):
            yield from analyze_chunks(self.engine, articles, options=self.options,
                                      chunk_size=self.chunk_size)
            return
        for chunk in chunked(articles, self.chunk_size):
            yield annotate_batch(self.pipeline, chunk)


def start_analysis(options: AnalyzeOptions | None = None, *,
                   engine: Engine | None = None, chunk_size: int = 100) -> AnalysisLog:
    """Build the pipeline that analyzes what an ingest stores (fails now on bad options).

    Args:
        options: the components to run.
        engine: where to analyze (:func:`diemtin.distributed.open_engine`); the caller
            closes it. Default: in this process.
        chunk_size: articles per distributed task.
    """
    options = options or AnalyzeOptions()
    return AnalysisLog(build_pipeline(options), options, engine or InProcessEngine(),
                       chunk_size)


@dataclass(slots=True)
class Tally:
    """The counts of one run, and a one-line reason per failed input."""

    outcomes: Counter[Outcome] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0

    def fail(self, label: str, reason: str) -> None:
        """Record a failed input and its reason (on one line)."""
        self.failures.append((label, " ".join(reason.split())))

    def report(self) -> IngestReport:
        """The counts as an :class:`IngestReport`."""
        return IngestReport(
            added=self.outcomes[Outcome.ADDED], updated=self.outcomes[Outcome.UPDATED],
            unchanged=self.outcomes[Outcome.UNCHANGED], skipped=self.skipped,
            failures=tuple(self.failures))


class Writer:
    """Analyzes a batch (outside any transaction), then stores it in one transaction."""

    def __init__(self, store: Store, analysis: AnalysisLog | None,
                 tally: Tally | None = None, *,
                 link: Callable[[Mapping[str, AnnotationSet]], object] | None = None,
                 after: AfterStore | None = None) -> None:
        self.store = store
        self.analysis = analysis
        self.tally = tally or Tally()
        self.link = link
        """Called after each stored batch with its annotations: links what is queued."""
        self.after = after
        """Called last with the articles added by the batch and their annotations."""

    def write(self, articles: Sequence[Article], checkpoint: Checkpoint | None = None) -> None:
        """Analyze what is new or changed, then store the batch and its checkpoint."""
        annotations = self._annotate(articles)
        outcomes = self.store.upsert_articles(articles, checkpoint=checkpoint,
                                              annotations=annotations)
        self.tally.outcomes.update(outcomes)
        if self.link is not None:  # duplicates, then stories, of what the store queued
            self.link(annotations)
        if self.after is not None:
            added = [a for a, o in zip(articles, outcomes, strict=True) if o is Outcome.ADDED]
            if added:
                self.after(unique_by_id(added), annotations)
        if self.analysis is not None:
            stored = {a.id for a, o in zip(articles, outcomes, strict=True)
                      if o is not Outcome.UNCHANGED and a.id in annotations}
            self.analysis.analyzed += len(stored)

    def _annotate(self, articles: Sequence[Article]) -> dict[str, AnnotationSet]:
        """Annotations of the articles whose content differs from the stored one."""
        if self.analysis is None or not articles:
            return {}
        stored = self.store.content_hashes([a.id for a in articles])
        changed = [a for a in unique_by_id(articles) if stored.get(a.id) != a.content_hash()]
        batch = self.analysis.annotate(changed)
        self.analysis.failures.extend(batch.failures)
        return batch.annotations


@dataclass(frozen=True, slots=True)
class Extracted:
    """The article of a page, or the reason there is none."""

    article: Article | None
    reason: str | None = None


def extract_page(document: RawDocument, options: ExtractOptions, label: str,
             tally: Tally) -> Extracted:
    """The article of a page, or the reason there is none (counted as a failure)."""
    try:
        return Extracted(extract_raw(document, options=options))
    except ExtractionError as error:
        reason = str(error)
    except (RecursionError, ValueError, TypeError, LookupError) as error:
        # A page that trips a bug in the extractor must not end a long run.
        logger.exception("extractor failed on %s", label)
        reason = f"extractor failed: {type(error).__name__}: {error}"
    tally.fail(label, reason)
    return Extracted(None, reason)
