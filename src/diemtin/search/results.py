"""Search results as plain JSON objects: one shape for the CLI and the REST API."""

from __future__ import annotations

from typing import Any

from diemtin.search.query import Query
from diemtin.search.snippets import make_snippet, query_words
from diemtin.store.base import SearchHit


def hit_to_json(hit: SearchHit, query: Query) -> dict[str, Any]:
    """The documented result object (see ``docs/search.md``).

    Keys: ``id``, ``title``, ``outlet``, ``published`` (ISO 8601 with offset, or null),
    ``url``, ``snippet`` (HTML-escaped, matches in ``<mark>``), ``score`` (higher is
    better; 0 when the query has no words), ``section``, ``author``.
    """
    article = hit.article
    text = " ".join(part for part in (article.lead, *article.body) if part)
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "snippet": make_snippet(text, query_words(query.terms())),
        "score": round(hit.score, 4),
        "section": article.section,
        "author": article.author,
    }
