"""Golden pages: tests/golden/extract/<name>.html, its inputs and the expected Article fields.

Each page was written for diemtin (invented outlets, people and events) on a different
CMS-like layout: WordPress, an old table layout served as windows-1258, a TCVN3 page, a
VNI page, a JSON-LD React-style page, a page with a relative date, and two pages of
bench/data/extract-dev (issue 13: a magazine page whose JSON-LD headline is another
article's and whose tone marks follow the new convention; a table layout with its
headline in a large font, an SEO og:title and a "(Theo TTV)" credit). To regenerate the
expected files after an intended change, run with DIEMTIN_UPDATE_GOLDEN=1 and review
the diff.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from diemtin.extract import extract
from diemtin.models import to_dict

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "extract"
FIELDS = ("title", "lead", "body", "captions", "author", "published", "outlet", "section",
          "tags", "url", "language", "provenance")
PAGES = sorted(path.stem for path in GOLDEN.glob("*.html"))


def _extract(name: str) -> dict[str, Any]:
    inputs = json.loads((GOLDEN / f"{name}.input.json").read_text(encoding="utf-8"))
    fetched = inputs.get("fetched_at")
    article = extract((GOLDEN / f"{name}.html").read_bytes(), url=inputs.get("url"),
                      fetched_at=datetime.fromisoformat(fetched) if fetched else None,
                      headers=inputs.get("headers"))
    data = to_dict(article)
    return {field: data[field] for field in FIELDS}


def test_golden_set_is_complete() -> None:
    assert len(PAGES) >= 6
    for name in PAGES:
        assert (GOLDEN / f"{name}.json").exists(), f"{name}.json missing"


@pytest.mark.parametrize("name", PAGES)
def test_golden_page(name: str) -> None:
    found = _extract(name)
    expected_path = GOLDEN / f"{name}.json"
    if os.environ.get("DIEMTIN_UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(found, ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for field in FIELDS:
        assert found[field] == expected[field], f"{name}: {field}"
