"""Understanding Vietnamese news: a pipeline of small, registered, versioned components.

:func:`analyze` runs the default pipeline (sentences, words, entities, coref, dates, places,
keywords, topic, summary) over an Article or a normalized text and returns its
:class:`Annotations`. Components and the registry are described in ``docs/nlp.md``.
"""

from diemtin.nlp._analyze import Annotations, analyze, make_doc, run
from diemtin.nlp.annotate import AnnotatedBatch, AnnotateReport, annotate_batch, annotation_set
from diemtin.nlp.doc import (
    AdminUnit,
    DateMention,
    Doc,
    Keyword,
    PersonLink,
    PlaceMention,
    Topic,
)
from diemtin.nlp.pipeline import AnalyzeOptions, Pipeline, build_pipeline
from diemtin.nlp.registry import Component, PipelineError, Registry, default_registry

__all__ = [
    "AdminUnit",
    "AnalyzeOptions",
    "AnnotateReport",
    "AnnotatedBatch",
    "Annotations",
    "Component",
    "DateMention",
    "Doc",
    "Keyword",
    "PersonLink",
    "Pipeline",
    "PipelineError",
    "PlaceMention",
    "Registry",
    "Topic",
    "analyze",
    "annotate_batch",
    "annotation_set",
    "build_pipeline",
    "default_registry",
    "make_doc",
    "run",
]
