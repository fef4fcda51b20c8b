"""Conversion between :class:`Article` and table rows, shared by every backend."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from diemtin.models import Article, EntityRow, check_date, from_dict
from diemtin.search.keys import outlet_key
from diemtin.store.base import PersonRow

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


def article_to_row(article: Article, *, content_hash: str | None = None) -> dict[str, Any]:
    """The column values of ``article`` for an INSERT or UPDATE (lists as JSON text, times
    in ISO 8601); ``content_hash``, when the caller has it, saves computing it again."""
    a = article
    return {
        "id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title, "lead": a.lead,
        "body": _json_list(a.body), "captions": _json_list(a.captions), "author": a.author,
        "section": a.section, "tags": _json_list(a.tags), "published": _iso(a.published),
        "fetched_at": _iso(a.fetched_at), "ingested_at": _iso(a.ingested_at),
        "language": a.language, "dateline": a.dateline, "images": _json_list(a.images),
        "source": a.source, "outlet_key": outlet_key(a.outlet),
        "published_utc": utc_text(a.published),
        "content_hash": content_hash or a.content_hash(),
    }


_JSON = json.JSONEncoder(ensure_ascii=False)


def _json_list(items: tuple[str, ...]) -> str:
    return _JSON.encode(items) if items else "[]"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def row_to_article(row: Any) -> Article:
    """Rebuild an :class:`Article` from a row selected with ``ARTICLE_COLUMNS``."""
    data = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    for name in _JSON_COLUMNS:
        data[name] = json.loads(data[name])
    return from_dict(data)


def person_rows(rows: Iterable[Sequence[Any]]) -> list[PersonRow]:
    """:class:`PersonRow` values of ``entity_articles`` rows ``(article_id, text, titles,
    day, provinces)``: one a title the article gives the person (its ``titles`` hold one
    a line), or one without a title."""
    found = []
    for article_id, text, titles, day, provinces in rows:
        for title in sorted(set(titles.split("\n"))) if titles else (None,):
            found.append(PersonRow(article_id, text, title, day, provinces))
    return found


def province_codes(components: Sequence[tuple[str, str, Any]]) -> str | None:
    """The current province codes an article's ``places`` component links it to, sorted
    and comma-joined (``"01,24"``), or None: what telling two people of one name apart
    needs (see :mod:`diemtin.nlp.people`), kept on each person's entity row."""
    places = {name: value for name, _, value in components}.get("places")
    codes = set()
    for place in places if isinstance(places, list) else []:
        current = place.get("current") if isinstance(place, dict) else None
        if isinstance(current, dict) and current.get("province_code"):
            codes.add(str(current["province_code"]))
    return ",".join(sorted(codes)) or None


def derived_rows(components: Sequence[tuple[str, str, Any]]) -> list[EntityRow]:
    """The ``PLACE`` and ``KW`` index rows of an article's stored components.

    Besides the NLP's PER, ORG and LOC mentions, every backend indexes the current
    administrative unit each place name was linked to (``PLACE``, so "Yên Bái" counts for
    today's "Lào Cai") and the article's keywords (``KW``, offsets 0), for entity and
    trend pages.
    """
    data = {name: value for name, _, value in components}
    rows = []
    for place in data.get("places") or []:
        unit = place.get("current") or place.get("unit") or {}
        if unit.get("name"):
            rows.append(EntityRow("PLACE", unit["name"], place["start"], place["end"]))
    for keyword in data.get("keywords") or []:
        if keyword.get("text"):
            rows.append(EntityRow("KW", keyword["text"], 0, 0))
    return rows
