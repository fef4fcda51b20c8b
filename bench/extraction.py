"""Article extraction: diemtin against its peers on the same pages, in one run.

    python bench/extraction.py [--only diemtin,trafilatura]
                               [--sets scrapinghub,vi-dev,fundus,extract-dev,extract-heldout,
                                        extract-heldout2]

Data sets (read from ../shared/data, never copied; the extract-* sets are ours, in bench/data):

* ``scrapinghub``: shared/data/extraction-benchmark, 181 pages, mostly English; body
  scored with the benchmark's 4-shingle metric. diemtin's text is its lead and body (the
  benchmark's ``articleBody`` is the whole article text; diemtin keeps the sapo apart).
* ``vi-dev``: shared/data/html-vi-dev, scored with its own ``score.py`` (unigram body F1
  of the ``body`` field, title/date/author/outlet rules); peers give one text, scored as body.
* ``fundus``: shared/data/fundus-vn, one VnExpress page; the gold paragraphs minus the
  photo caption (diemtin keeps captions apart), scored like ``vi-dev``.
* ``extract-dev``: bench/data/extract-dev (in this repository), 20 pages on ten invented
  CMS layouts unlike html-vi-dev's: stale or generic structured data, site-wide meta
  authors, signatures at the end of the body, tone marks in the new convention. Same gold
  schema and scorer as ``vi-dev``.
* ``extract-heldout``: bench/data/extract-heldout, 20 pages on ten more invented layouts,
  written by someone who had not read the extractor's code; scored once before any rule
  was changed for them (BENCHMARKS.md keeps that figure apart).
* ``extract-heldout2``: bench/data/extract-heldout2, 20 pages on ten further layouts,
  written the same way after the rules for extract-heldout were made.

Peers (trafilatura, readability-lxml, jusText) are imported only when run and skipped
when missing (``pip install -e .[bench]``). Prints precision/recall/F1, title/date/author
accuracy and pages per second per data set, then diemtin's differences and speed ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_extraction import load_vi_scorer, shingle_counts, shingle_summary

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
OWN_DATA = Path(__file__).resolve().parent / "data"
Prediction = dict[str, Any]
Extractor = Callable[[bytes, str | None, str], Prediction]


# -- data sets ----------------------------------------------------------------------------
def scrapinghub() -> list[tuple[bytes, str | None, dict[str, Any]]]:
    folder = DATA / "extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [(gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()), item.get("url"),
             item) for key, item in sorted(truth.items())]


def vi_dev() -> list[tuple[bytes, str | None, dict[str, Any]]]:
    return gold_pages(DATA / "html-vi-dev")


def extract_dev() -> list[tuple[bytes, str | None, dict[str, Any]]]:
    return gold_pages(OWN_DATA / "extract-dev")


def extract_heldout() -> list[tuple[bytes, str | None, dict[str, Any]]]:
    return gold_pages(OWN_DATA / "extract-heldout")


def extract_heldout2() -> list[tuple[bytes, str | None, dict[str, Any]]]:
    return gold_pages(OWN_DATA / "extract-heldout2")


def gold_pages(folder: Path) -> list[tuple[bytes, str | None, dict[str, Any]]]:
    pages = []
    for gold_path in sorted(folder.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pages.append((gold_path.with_suffix(".html").read_bytes(), gold["url"], gold))
    return pages


def fundus() -> list[tuple[bytes, str | None, dict[str, Any]]]:
    folder = DATA / "fundus-vn"
    info = json.loads((folder / "meta.info").read_text(encoding="utf-8"))
    raw = json.loads((folder / "VnExpress.json").read_text(encoding="utf-8"))
    pages = []
    for name, record in zip(sorted(info), raw.values(), strict=False):
        captions = {f"{img['caption']} Ảnh: {', '.join(img.get('authors') or [])}".strip()
                    for img in record.get("images", [])}
        paragraphs = [p for section in record["body"]["sections"] for p in section["paragraphs"]
                      if p not in captions]
        gold = {"url": info[name]["url"], "title": record["title"], "outlet": "VnExpress",
                "author": "; ".join(record.get("authors") or []) or None,
                "published": record.get("publishing_date", "").replace(" ", "T"),
                "body": paragraphs, "lead": " ".join(record["body"].get("summary") or [])}
        pages.append((gzip.decompress((folder / name).read_bytes()), gold["url"], gold))
    return pages


SETS = {"scrapinghub": scrapinghub, "vi-dev": vi_dev, "fundus": fundus,
        "extract-dev": extract_dev, "extract-heldout": extract_heldout,
        "extract-heldout2": extract_heldout2}


# -- extractors ---------------------------------------------------------------------------
def run_diemtin(html: bytes, url: str | None, language: str) -> Prediction:
    from diemtin.errors import ExtractionError
    from diemtin.extract import extract

    try:
        article = extract(html, url=url)
    except ExtractionError:
        return {}
    return {"title": article.title, "body": list(article.body), "lead": article.lead,
            "author": article.author, "outlet": article.outlet,
            "published": article.published.isoformat() if article.published else None,
            "text": "\n".join([*([article.lead] if article.lead else []), *article.body])}


def run_trafilatura(html: bytes, url: str | None, language: str) -> Prediction:
    import trafilatura

    raw = trafilatura.extract(html, url=url, output_format="json", with_metadata=True)
    if not raw:
        return {}
    data = json.loads(raw)
    return {"title": data.get("title"), "body": data.get("text") or "",
            "author": data.get("author"),
            "published": data.get("date"), "outlet": data.get("sitename"),
            "text": data.get("text") or ""}


def run_readability(html: bytes, url: str | None, language: str) -> Prediction:
    import lxml.html  # type: ignore[import-untyped]
    from readability import Document  # type: ignore[import-untyped]

    document = Document(html, url=url)
    summary = document.summary(html_partial=True)
    text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    return {"title": document.short_title(), "body": text, "text": text}


def run_justext(html: bytes, url: str | None, language: str) -> Prediction:
    import justext  # type: ignore[import-untyped]

    stoplist = justext.get_stoplist("Vietnamese" if language == "vi" else "English")
    paragraphs = [p.text for p in justext.justext(html, stoplist) if not p.is_boilerplate]
    return {"body": paragraphs, "text": "\n".join(paragraphs)}


EXTRACTORS: dict[str, Extractor] = {"diemtin": run_diemtin, "trafilatura": run_trafilatura,
                                    "readability": run_readability, "justext": run_justext}


def available(name: str) -> bool:
    module = {"trafilatura": "trafilatura", "readability": "readability", "justext": "justext"}
    if name not in module:
        return True
    try:
        __import__(module[name])
    except ImportError:
        return False
    return True


# -- scoring ------------------------------------------------------------------------------
def score_set(name: str, pages: list[tuple[bytes, str | None, dict[str, Any]]],
              extractor: Extractor) -> dict[str, float]:
    language = "en" if name == "scrapinghub" else "vi"
    predictions = []
    started = time.perf_counter()
    for html, url, _gold in pages:
        predictions.append(extractor(html, url, language))
    elapsed = time.perf_counter() - started
    if name == "scrapinghub":
        counts = [shingle_counts(gold.get("articleBody", ""), pred.get("text", ""))
                  for (_h, _u, gold), pred in zip(pages, predictions, strict=True)]
        result = shingle_summary(counts)
        result.update({"title": float("nan"), "date": float("nan"), "author": float("nan")})
    else:
        scorer = load_vi_scorer(DATA / "html-vi-dev")
        rows = [("", scorer.score_doc(gold, pred))
                for (_h, _u, gold), pred in zip(pages, predictions, strict=True)]
        summary = scorer.summary(rows)
        result = {"P": summary["P"], "R": summary["R"], "F1": summary["F1"],
                  "title": summary["title"], "date": summary["published"],
                  "author": summary["author"]}
    result["pages/s"] = len(pages) / elapsed if elapsed else float("inf")
    return result


def print_table(results: dict[str, dict[str, dict[str, float]]]) -> None:
    columns = ("P", "R", "F1", "title", "date", "author", "pages/s")
    print(f"{'data set':<12} {'extractor':<12} " + " ".join(f"{c:>8}" for c in columns))
    for set_name, by_extractor in results.items():
        for extractor, row in by_extractor.items():
            cells = " ".join(f"{row[c]:8.1f}" if c == "pages/s" else f"{row[c]:8.3f}"
                             for c in columns)
            print(f"{set_name:<12} {extractor:<12} {cells}")
    print("\ndiemtin vs peer: F1 difference and ratio, speed ratio")
    for set_name, by_extractor in results.items():
        ours = by_extractor.get("diemtin")
        for extractor, row in by_extractor.items():
            if ours is None or extractor == "diemtin":
                continue
            ratio = ours["F1"] / row["F1"] if row["F1"] else float("inf")
            print(f"{set_name:<12} vs {extractor:<12} F1 {ours['F1'] - row['F1']:+.3f} "
                  f"(x{ratio:.3f})   speed x{ours['pages/s'] / row['pages/s']:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(EXTRACTORS))
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    results: dict[str, dict[str, dict[str, float]]] = {}
    for set_name in args.sets.split(","):
        pages = SETS[set_name]()
        results[set_name] = {}
        for extractor in args.only.split(","):
            if not available(extractor):
                print(f"skipping {extractor}: not installed", file=sys.stderr)
                continue
            results[set_name][extractor] = score_set(set_name, pages, EXTRACTORS[extractor])
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
