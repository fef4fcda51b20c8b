"""Search results: what every backend returns, and the one JSON shape of the CLI and API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from diemtin.models import Article
from diemtin.search.query import Query
from diemtin.search.snippets import query_words, snippet_of


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: the article and its rank score (higher is better)."""

    article: Article
    score: float


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of results, the total number of matches and the outlet facet."""

    hits: tuple[SearchHit, ...]
    total: int
    outlet_counts: tuple[tuple[str, int], ...] = field(default=())
    capped: bool = False
    """True when ``total`` is a lower bound: at least that many articles match."""


def hit_to_json(hit: SearchHit, query: Query) -> dict[str, Any]:
    """The documented result object (see ``docs/search.md``).

    Keys: ``id``, ``title``, ``outlet``, ``published`` (ISO 8601 with offset, or null),
    ``url``, ``snippet`` (``{"text": plain text, "highlights": [[start, end], ...]}``,
    character offsets of the matched words), ``score`` (higher is better; 0 when the
    query has no words), ``section``, ``author``.
    """
    article = hit.article
    text = " ".join(part for part in (article.lead, *article.body) if part)
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "snippet": snippet_of(text, query_words(query.terms())).to_json(),
        "score": round(hit.score, 4),
        "section": article.section,
        "author": article.author,
    }
