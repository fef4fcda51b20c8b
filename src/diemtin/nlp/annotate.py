"""The stored form of an analysis: versioned annotations and entity-index rows.

Pure functions: they run the pipeline and shape its output for storage, but never touch
a store (``diemtin.flow`` writes what they return), so they run anywhere, a distributed
map included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from diemtin.errors import DiemtinError
from diemtin.models import AnnotationSet, Article, EntityRow
from diemtin.nlp._analyze import STORED_LAYERS, Annotations, run
from diemtin.nlp.pipeline import Pipeline


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


@dataclass(frozen=True, slots=True)
class AnnotatedBatch:
    """The annotations of a batch of articles (by article id) and the failures."""

    annotations: dict[str, AnnotationSet] = field(default_factory=dict)
    failures: tuple[tuple[str, str], ...] = ()


def entity_rows(annotations: Annotations) -> list[EntityRow]:
    """Rows of the entity index: every entity, and places no LOC entity covers.

    A short person mention that coreference linked to a full name ("ông Hùng" after "Lý
    Văn Hùng") is indexed under that full name, so the people index counts it as the
    same person instead of a second one called "Hùng".
    """
    full_names = {link.start: link.name for link in annotations.coref}
    rows = [EntityRow(m.label, full_names.get(m.start, m.text) if m.label == "PER" else m.text,
                      m.start, m.end, dict(m.attrs).get("title"))
            for m in annotations.entities]
    locs = [(m.start, m.end) for m in annotations.entities if m.label == "LOC"]
    for place in annotations.places:
        if place.source == "gazetteer" and not any(
                place.start < end and start < place.end for start, end in locs):
            rows.append(EntityRow("LOC", place.text, place.start, place.end, None))
    rows.sort(key=lambda row: (row.start, row.end))
    return rows


def annotation_set(annotations: Annotations) -> AnnotationSet:
    """What the store keeps of ``annotations``: versioned layers and entity rows."""
    components = tuple((name, version, data)
                       for name, (version, data) in annotations.by_component().items())
    return AnnotationSet(components, tuple(entity_rows(annotations)))


def stored_versions(pipeline: Pipeline) -> dict[str, str]:
    """Versions of the pipeline's components whose output is stored."""
    return {name: version for name, version in pipeline.versions.items()
            if name in STORED_LAYERS}


def annotate_batch(pipeline: Pipeline, articles: Iterable[Article], *,
                   on_progress: Callable[[int], None] | None = None) -> AnnotatedBatch:
    """Analyze ``articles`` with a built pipeline; an article that fails gets its reason.

    Args:
        pipeline: built once by the caller (:func:`diemtin.nlp.build_pipeline`).
        articles: the articles to analyze.
        on_progress: called with 1 after each article.
    """
    done: dict[str, AnnotationSet] = {}
    failures: list[tuple[str, str]] = []
    for article in articles:
        try:
            done[article.id] = annotation_set(run(pipeline, article))
        except DiemtinError as error:
            failures.append((article.id, str(error)))
        if on_progress:
            on_progress(1)
    return AnnotatedBatch(done, tuple(failures))
