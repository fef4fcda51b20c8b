"""Conversion between :class:`Article` and table rows, shared by every backend."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from diemtin.models import Article, check_date, from_dict, to_dict
from diemtin.search.keys import outlet_key

ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "lead", "body", "captions", "author", "section", "tags",
    "published", "fetched_at", "ingested_at", "language", "dateline", "images", "source",
)
SELECT_ARTICLE = ", ".join(f"a.{name}" for name in ARTICLE_COLUMNS)
"""The article columns of ``articles a``, in ``ARTICLE_COLUMNS`` order, for a SELECT."""
_JSON_COLUMNS = frozenset({"body", "captions", "tags", "images"})


def utc_text(moment: datetime | None) -> str | None:
    """``moment`` as sortable ISO 8601 text in UTC.

    Raises:
        InputError: ``moment`` is outside the dates diemtin stores (readers refuse those
            first; this guards values built in code).
    """
    return check_date(moment, name="date").astimezone(UTC).isoformat() if moment else None


def article_to_row(article: Article) -> dict[str, Any]:
    """The column values of ``article`` for an INSERT or UPDATE (lists as JSON text)."""
    data = to_dict(article)
    row = {name: data[name] for name in ARTICLE_COLUMNS}
    for name in _JSON_COLUMNS:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    row["outlet_key"] = outlet_key(article.outlet)
    row["published_utc"] = utc_text(article.published)
    row["content_hash"] = article.content_hash()
    return row


def row_to_article(row: Any) -> Article:
    """Rebuild an :class:`Article` from a row selected with ``ARTICLE_COLUMNS``."""
    data = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    for name in _JSON_COLUMNS:
        data[name] = json.loads(data[name])
    return from_dict(data)
