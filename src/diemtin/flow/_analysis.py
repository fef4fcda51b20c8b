"""Analysis of stored articles: ``diemtin reanalyze`` (re-exported by :mod:`diemtin.flow`).

Stored articles are analyzed in chunks, here or on a cluster's workers, and their
annotations saved one article at a time; a killed run started again only analyzes what
is still stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from diemtin._batch import ProgressCallback, start_analysis
from diemtin.distributed import ClusterOptions, Engine, open_engine
from diemtin.models import Article
from diemtin.nlp.annotate import AnnotateReport, stored_versions
from diemtin.nlp.pipeline import AnalyzeOptions, build_pipeline
from diemtin.store.base import Store


def annotate_articles(store: Store, articles: Iterable[Article], *,
                      options: AnalyzeOptions | None = None,
                      on_progress: ProgressCallback | None = None,
                      engine: Engine | None = None, chunk_size: int = 100) -> AnnotateReport:
    """Analyze stored ``articles`` and save their annotations and entity rows.

    Articles are analyzed in chunks (on ``engine``'s workers when given) before their
    (short) writes; one that fails analysis gets its reason in the report and keeps its
    earlier annotations. Annotations carry their components' versions, so a run killed
    midway and started again only analyzes what is still stale.

    Raises:
        PipelineError: the options do not make a valid pipeline.
    """
    log = start_analysis(options, engine=engine, chunk_size=chunk_size)
    for batch in log.annotate_chunks(articles):
        log.failures.extend(batch.failures)
        for article_id, annotation_set in batch.annotations.items():
            store.save_annotations(article_id, annotation_set)
            log.analyzed += 1
        if on_progress:
            on_progress(len(batch.annotations) + len(batch.failures))
    return AnnotateReport(log.analyzed, tuple(log.failures))


def stale_article_ids(store: Store, *, options: AnalyzeOptions | None = None) -> list[str]:
    """Ids of stored articles whose annotations the pipeline of ``options`` would change."""
    return list(store.stale_articles(stored_versions(build_pipeline(options))))


def reanalyze(store: Store, *, options: AnalyzeOptions | None = None,
              ids: Sequence[str] | None = None,
              on_progress: ProgressCallback | None = None,
              cluster: ClusterOptions | None = None) -> AnnotateReport:
    """Re-run the pipeline over stale articles (or over ``ids``) and save the results.

    Args:
        store: where the articles are and the annotations go.
        options: the components to run.
        ids: the articles to analyze (default: the stale ones).
        on_progress: called with the number of articles just analyzed.
        cluster: run the analysis on a local or existing Dask cluster.
    """
    todo = list(ids) if ids is not None else stale_article_ids(store, options=options)
    articles = (store.get_article(article_id) for article_id in todo)
    cluster = cluster or ClusterOptions()
    with open_engine(cluster) as engine:
        return annotate_articles(store, articles, options=options, on_progress=on_progress,
                                 engine=engine, chunk_size=cluster.chunk_size)
