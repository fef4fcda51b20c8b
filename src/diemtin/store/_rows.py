"""Conversion between :class:`Article` and rows of the ``articles`` table."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from diemtin.models import Article, from_dict, to_dict
from diemtin.text.fold import fold_word

ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "lead", "body", "captions", "author", "section", "tags",
    "published", "fetched_at", "ingested_at", "language", "dateline", "images", "source",
)
SELECT_ARTICLE = ", ".join(f"a.{name}" for name in ARTICLE_COLUMNS)
"""The article columns of ``articles a``, in ``ARTICLE_COLUMNS`` order, for a SELECT."""
_JSON_COLUMNS = frozenset({"body", "captions", "tags", "images"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def outlet_key(outlet: str | None) -> str | None:
    """The folded, space-collapsed outlet name used by outlet filters."""
    return " ".join(fold_word(outlet).split()) if outlet else None


def utc_text(moment: datetime | None) -> str | None:
    """``moment`` as sortable ISO 8601 text in UTC."""
    return moment.astimezone(UTC).isoformat() if moment else None


def article_to_row(article: Article) -> dict[str, Any]:
    """The column values of ``article`` for an INSERT or UPDATE."""
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


def index_values(article: Article) -> tuple[str, str, str, str, str]:
    """The search-index columns: folded title and text, exact title and text, filters."""
    text = "\n".join(
        part for part in (article.lead, *article.body, *article.captions, " ".join(article.tags))
        if part
    )
    return fold_word(article.title), fold_word(text), article.title, text, filter_tokens(article)


def outlet_token(outlet: str) -> str:
    """The index token of an outlet: its folded name's letters and digits."""
    return "o" + _NOT_ALNUM.sub("", fold_word(outlet))


def month_token(moment: datetime) -> str:
    """The index token of a publication month (UTC), e.g. ``m202610``."""
    utc = moment.astimezone(UTC)
    return f"m{utc.year:04d}{utc.month:02d}"


def filter_tokens(article: Article) -> str:
    """Tokens of the ``meta`` index column: outlet, month and year of publication."""
    tokens = [outlet_token(article.outlet)] if article.outlet else []
    if article.published:
        utc = article.published.astimezone(UTC)
        tokens += [month_token(utc), f"y{utc.year:04d}"]
    return " ".join(tokens)
