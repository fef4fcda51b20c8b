"""Tests of diemtin.nlp.storage against the SQLite store: annotate, stale, reanalyze."""

from __future__ import annotations

from diemtin.models import Article
from diemtin.nlp import AnalyzeOptions, analyze, annotate_articles, reanalyze
from diemtin.nlp.storage import entity_rows, stale_article_ids
from diemtin.search.query import parse_query
from diemtin.store import SQLiteStore


def test_annotate_saves_versions_and_entity_rows(filled_store: SQLiteStore,
                                                  news: list[Article]) -> None:
    report = annotate_articles(filled_store, news)
    assert (report.analyzed, report.failed) == (len(news), 0)
    stored = filled_store.get_annotations(news[0].id)
    assert stored["dates"][0] == "dates.v1" and stored["places"][0] == "places.v1"
    assert stale_article_ids(filled_store) == []
    assert any(text == "Lào Cai" or "Lào Cai" in text
               for text, _ in filled_store.entity_counts("LOC"))


def test_place_filter_finds_annotated_articles(filled_store: SQLiteStore,
                                               news: list[Article]) -> None:
    annotate_articles(filled_store, news)
    results = filled_store.search(parse_query('place:"Quảng Ngãi"'))
    assert [hit.article.id for hit in results.hits] == [news[2].id]


def test_reanalyze_runs_only_stale_components(filled_store: SQLiteStore,
                                              news: list[Article]) -> None:
    only_dates = AnalyzeOptions(components=("dates",))
    annotate_articles(filled_store, news, options=only_dates)
    assert stale_article_ids(filled_store, options=only_dates) == []
    assert len(stale_article_ids(filled_store)) == len(news)  # the full pipeline wants more
    report = reanalyze(filled_store)
    assert report.analyzed == len(news)
    assert stale_article_ids(filled_store) == []
    assert set(filled_store.get_annotations(news[1].id)) >= {"entities", "topic", "summary"}


def test_entity_rows_add_gazetteer_places_not_covered_by_loc() -> None:
    article = Article(id="c2", title="Tin", body=("UBND TP.HCM họp bàn về giao thông.",))
    annotations = analyze(article)
    rows = entity_rows(annotations)
    assert all(article.text[r.start:r.end] == r.text for r in rows)
    assert any(r.label == "LOC" and r.text == "TP.HCM" for r in rows)
