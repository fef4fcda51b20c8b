"""Analyze stored articles and save their annotations, versioned, with the entity index.

:func:`annotate_articles` is what ingest calls after storing a batch; :func:`reanalyze`
re-runs the pipeline over the articles whose stored annotations are missing or come from
another component version (``diemtin reanalyze``). Both build the pipeline once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from diemtin.errors import DiemtinError
from diemtin.models import Article
from diemtin.nlp._analyze import STORED_LAYERS, Annotations, run
from diemtin.nlp.pipeline import AnalyzeOptions, Pipeline, build_pipeline
from diemtin.store._annotations import EntityRow


class AnnotationStore(Protocol):
    """What annotation storage needs from a store (``SQLiteStore`` provides it)."""

    def get_article(self, article_id: str) -> Article:
        """The stored article."""
        ...

    def save_annotations(self, article_id: str, annotations: Mapping[str, tuple[str, Any]],
                         entities: Sequence[EntityRow] | None = None) -> None:
        """Store ``{component: (version, data)}`` and replace the indexed mentions."""
        ...

    def stale_articles(self, versions: Mapping[str, str]) -> Iterator[str]:
        """Ids of articles missing an annotation or holding another version of it."""
        ...


@dataclass(frozen=True, slots=True)
class AnnotateReport:
    """How many articles were analyzed, and why the others failed."""

    analyzed: int = 0
    failures: tuple[tuple[str, str], ...] = ()

    @property
    def failed(self) -> int:
        """How many articles failed."""
        return len(self.failures)

    def summary(self) -> str:
        """A one-line summary for people."""
        return f"{self.analyzed} analyzed, {self.failed} failed"


def entity_rows(annotations: Annotations) -> list[EntityRow]:
    """Rows of the entity index: every entity, and places no LOC entity covers."""
    rows = [EntityRow(m.label, m.text, m.start, m.end, dict(m.attrs).get("title"))
            for m in annotations.entities]
    locs = [(m.start, m.end) for m in annotations.entities if m.label == "LOC"]
    for place in annotations.places:
        if place.source == "gazetteer" and not any(
                place.start < end and start < place.end for start, end in locs):
            rows.append(EntityRow("LOC", place.text, place.start, place.end, None))
    rows.sort(key=lambda row: (row.start, row.end))
    return rows


def stored_versions(pipeline: Pipeline) -> dict[str, str]:
    """Versions of the pipeline's components whose output is stored."""
    return {name: version for name, version in pipeline.versions.items()
            if name in STORED_LAYERS}


def annotate_articles(store: AnnotationStore, articles: Iterable[Article], *,
                      options: AnalyzeOptions | None = None,
                      on_progress: Callable[[int], None] | None = None) -> AnnotateReport:
    """Analyze ``articles`` and save their annotations and entity rows in ``store``.

    Args:
        store: Where the articles are stored (annotations reference them).
        articles: Articles to analyze, already stored.
        options: The pipeline; the default components when None.
        on_progress: Called with 1 after each article.

    Returns:
        Counts, and ``(article id, reason)`` for each article that failed.

    Raises:
        PipelineError: the options do not make a valid pipeline.
    """
    pipeline = build_pipeline(options)
    analyzed = 0
    failures: list[tuple[str, str]] = []
    for article in articles:
        try:
            annotations = run(pipeline, article)
            store.save_annotations(article.id, annotations.by_component(),
                                   entities=entity_rows(annotations))
            analyzed += 1
        except DiemtinError as error:
            failures.append((article.id, str(error)))
        if on_progress:
            on_progress(1)
    return AnnotateReport(analyzed, tuple(failures))


def stale_article_ids(store: AnnotationStore, *, options: AnalyzeOptions | None = None
                      ) -> list[str]:
    """Ids of stored articles whose annotations the pipeline of ``options`` would change."""
    return list(store.stale_articles(stored_versions(build_pipeline(options))))


def reanalyze(store: AnnotationStore, *, options: AnalyzeOptions | None = None,
              ids: Sequence[str] | None = None,
              on_progress: Callable[[int], None] | None = None) -> AnnotateReport:
    """Re-run the pipeline over stale articles (or over ``ids``) and save the results."""
    todo = list(ids) if ids is not None else stale_article_ids(store, options=options)
    articles = (store.get_article(article_id) for article_id in todo)
    return annotate_articles(store, articles, options=options, on_progress=on_progress)
