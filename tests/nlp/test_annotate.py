"""Tests of diemtin.nlp.annotate: the stored form of an analysis."""

from __future__ import annotations

from diemtin.models import Article
from diemtin.nlp import analyze
from diemtin.nlp.annotate import annotation_set, entity_rows


def test_entity_rows_add_gazetteer_places_not_covered_by_loc() -> None:
    article = Article(id="c2", title="Tin", body=("UBND TP.HCM họp bàn về giao thông.",))
    annotations = analyze(article)
    rows = entity_rows(annotations)
    assert all(article.text[r.start:r.end] == r.text for r in rows)
    assert any(r.label == "LOC" and r.text == "TP.HCM" for r in rows)


def test_annotation_set_holds_versions_and_entity_rows() -> None:
    article = Article(id="c3", title="Bão số 12 đổ bộ Quảng Ngãi",
                      body=("Sáng 20/10, bão số 12 đổ bộ vào tỉnh Quảng Ngãi.",))
    stored = annotation_set(analyze(article))
    assert stored.by_component()["dates"][0] == "dates.v1"
    assert stored.entities is not None
    assert any(row.text == "Quảng Ngãi" for row in stored.entities)
