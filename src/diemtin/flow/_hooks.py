"""What runs after each stored batch: linking it, then the alert rules.

:class:`~diemtin._batch.Writer` stores a batch in one transaction and then calls these
hooks. Every flow of :mod:`diemtin.flow` makes its writer with :func:`batch_writer`, so
files, WARC files, the web, re-extraction and other sources all link and alert alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from diemtin._batch import AfterStore, AnalysisLog, Tally, Writer
from diemtin.brief.evaluate import evaluate_batch
from diemtin.errors import DiemtinError
from diemtin.flow.linking import Linker
from diemtin.models import AnnotationSet, Article
from diemtin.store.base import Store

logger = logging.getLogger(__name__)

LinkHook = Callable[[Mapping[str, AnnotationSet]], object]
"""Called with a stored batch's annotations: links what the store queued."""


def batch_writer(store: Store, analysis: AnalysisLog | None, tally: Tally | None = None, *,
                 link: bool) -> Writer:
    """The batch writer, linking each stored batch when ``link``, then evaluating the
    alert rules against its new articles."""
    return Writer(store, analysis, tally, link=link_hook(store) if link else None,
                  after=alert_hook(store))


def link_hook(store: Store) -> LinkHook:
    """The linking step after each stored batch: duplicates, then stories, of what the
    store queued (one :class:`Linker`, so its index is kept from batch to batch)."""
    linker = Linker(store)
    return lambda annotations: linker.run(annotations=annotations)


def alert_hook(store: Store) -> AfterStore:
    """The post-store step: unscheduled alert rules against a batch's new articles (one
    small query when there is no rule). A failing rule never fails the ingest."""

    def evaluate(articles: Sequence[Article], annotations: Mapping[str, AnnotationSet]) -> int:
        try:
            return evaluate_batch(store, articles, annotations)
        except DiemtinError as error:
            logger.warning("alert rules not evaluated for this batch: %s", error)
            return 0

    return evaluate
