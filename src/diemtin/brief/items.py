"""One briefing item from its articles: title, summary, outlets, people, links.

An item stands for a story, a duplicate group or a single article. Its articles are
listed in publication order (those published after the issue's end are left out); the
first is the first publisher. The summary is the stored NLP summary of the first
article (``summary`` annotation), else the story's summary, else the lead's first
sentences; people come with the titles the NLP pipeline found beside their names.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from diemtin.models import Article
from diemtin.store.base import Store, StoryRecord
from diemtin.text.sentences import split_sentences

MAX_PEOPLE = 6
MAX_SUMMARY_CHARS = 600


def _order(article: Article) -> tuple[float, str]:
    return (article.published.timestamp() if article.published else float("inf"), article.id)


def article_ref(article: Article) -> dict[str, Any]:
    """What an issue keeps of a cited article before it is issued."""
    return {"id": article.id, "url": article.url, "outlet": article.outlet,
            "published": article.published.isoformat() if article.published else None,
            "title": article.title}


def lead_summary(article: Article, sentences: int = 2) -> str:
    """The first ``sentences`` sentences of the lead (or of the body)."""
    text = article.lead or " ".join(article.body[:2])
    spans = split_sentences(text)[:sentences]
    return " ".join(text[start:end] for start, end in spans)[:MAX_SUMMARY_CHARS]


def _annotations(store: Store, article_id: str) -> tuple[str, list[dict[str, Any]]]:
    stored = store.get_annotations(article_id)
    summary = stored.get("summary", ("", None))[1]
    text = summary.get("text", "") if isinstance(summary, dict) else ""
    entities = stored.get("entities", ("", None))[1]
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    for mention in entities if isinstance(entities, list) else []:
        name = mention.get("text", "")
        if mention.get("label") == "PER" and mention.get("title") and name not in seen:
            seen.add(name)
            people.append({"name": name, "title": mention["title"]})
    return " ".join(str(text).split())[:MAX_SUMMARY_CHARS], people[:MAX_PEOPLE]


def make_item(store: Store, key: str, articles: Sequence[Article], story: StoryRecord | None,
              until: datetime) -> dict[str, Any]:
    """The item of one story, duplicate group or article (``key``: ``s:``, ``d:``, ``a:``)."""
    shown = sorted((a for a in articles if a.published is None or a.published <= until),
                   key=_order) or sorted(articles, key=_order)
    first = shown[0]
    summary, people = _annotations(store, first.id)
    summary = summary or (story.summary if story else "") or lead_summary(first)
    outlets = list(dict.fromkeys(a.outlet for a in shown if a.outlet))
    kind, _, ident = key.partition(":")
    return {"key": "it_" + secrets.token_hex(4), "title": story.title if story and story.title
            else first.title, "summary": summary, "outlets": outlets,
            "first_publisher": first.outlet, "republished_on": max(0, len(outlets) - 1),
            "people": people, "story_id": ident if kind == "s" else None,
            "group_id": ident if kind == "d" else None, "note": "",
            "articles": [article_ref(a) for a in shown]}
