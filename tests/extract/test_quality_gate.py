"""CI gate: diemtin alone on the Vietnamese dev pages, against floors a little under the
figures measured with bench/extraction.py (see the bench for the peers' side)."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from diemtin.errors import ExtractionError
from diemtin.extract import extract

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
EXTRACT_DEV = Path(__file__).resolve().parents[2] / "bench" / "data" / "extract-dev"
EXTRACT_HELDOUT = EXTRACT_DEV.with_name("extract-heldout")
EXTRACT_HELDOUT2 = EXTRACT_DEV.with_name("extract-heldout2")
# Measured on extract-heldout2 after its rules: body F1 0.939, title and date 1.000,
# author 0.850 (first scoring: 0.932, 1.000, 0.900, 0.750).
FLOORS_HELDOUT2 = {"F1": 0.92, "title": 0.95, "published": 0.95, "author": 0.8, "outlet": 0.9}
# Measured: vi-dev body F1 0.999, title/date/author/outlet 1.000; fundus-vn body F1 1.000.
FLOORS = {"F1": 0.97, "title": 0.95, "published": 0.95, "author": 0.9, "outlet": 0.9}


def _scorer() -> ModuleType:
    path = DATA / "html-vi-dev" / "score.py"
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    spec = importlib.util.spec_from_file_location("html_vi_dev_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _predict(html: bytes, url: str | None) -> dict[str, Any]:
    try:
        article = extract(html, url=url)
    except ExtractionError:
        return {}
    return {"title": article.title, "body": list(article.body), "lead": article.lead,
            "author": article.author, "outlet": article.outlet,
            "published": article.published.isoformat() if article.published else None}


def test_quality_gate_html_vi_dev() -> None:
    _gate(DATA / "html-vi-dev")


def test_issue_13_quality_gate_extract_dev() -> None:
    """Our own pages on layouts unlike html-vi-dev (stale and generic structured data,
    site-wide authors, signatures). Measured 1.000 on every field: these are the pages
    the metadata rules were tuned on, so the floors guard against regressions only."""
    assert len(list(EXTRACT_DEV.glob("*.html"))) >= 12
    _gate(EXTRACT_DEV)


def test_quality_gate_extract_heldout() -> None:
    """Pages on ten more layouts, written by a helper who had not read the extractor. Scored
    once before any rule changed for them (title 0.800, author 0.550: README); the rules
    were then fixed on them, so, like extract-dev, they guard against regressions only."""
    assert len(list(EXTRACT_HELDOUT.glob("*.html"))) >= 20
    _gate(EXTRACT_HELDOUT)


def test_quality_gate_extract_heldout2() -> None:
    """Ten further layouts, written after the rules of extract-heldout by another helper
    who had not read the extractor; a few of their classes were then fixed."""
    assert len(list(EXTRACT_HELDOUT2.glob("*.html"))) >= 20
    _gate(EXTRACT_HELDOUT2, FLOORS_HELDOUT2)


def _gate(folder: Path, floors: dict[str, float] = FLOORS) -> None:
    scorer = _scorer()
    rows = []
    for gold_path in sorted(folder.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = _predict(gold_path.with_suffix(".html").read_bytes(), gold["url"])
        rows.append((gold_path.stem, scorer.score_doc(gold, pred)))
    summary = scorer.summary(rows)
    for field, floor in floors.items():
        assert summary[field] >= floor, f"{folder.name} {field} {summary[field]:.3f} < {floor}"


def test_quality_gate_fundus_vn() -> None:
    scorer = _scorer()
    folder = DATA / "fundus-vn"
    if not folder.exists():
        pytest.skip("fundus-vn not available")
    info = json.loads((folder / "meta.info").read_text(encoding="utf-8"))
    raw = json.loads((folder / "VnExpress.json").read_text(encoding="utf-8"))
    record = next(iter(raw.values()))
    name = next(iter(info))
    captions = {f"{img['caption']} Ảnh: {', '.join(img.get('authors') or [])}"
                for img in record.get("images", [])}
    gold = {"url": info[name]["url"], "title": record["title"], "outlet": "VnExpress",
            "author": "; ".join(record["authors"]),
            "published": record["publishing_date"].replace(" ", "T"),
            "body": [p for s in record["body"]["sections"] for p in s["paragraphs"]
                     if p not in captions]}
    pred = _predict(gzip.decompress((folder / name).read_bytes()), gold["url"])
    scores = scorer.score_doc(gold, pred)
    assert scores["F1"] >= 0.95
    assert scores["title"] == scores["published"] == scores["author"] == 1.0
