"""What a shared collection's remote pull carries: the articles in full, with metadata."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from diemtin.errors import StoryNotFound
from diemtin.models import to_dict
from diemtin.store.base import Store

MAX_STORY_ARTICLES = 50
"""Member articles sent for each story of a collection (the first published)."""


def export_collection(store: Store, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The full articles of a collection's items (``to_dict`` of each), each once: an
    article item's article, and up to :data:`MAX_STORY_ARTICLES` of a story's members.
    Items whose article or story is gone are left out."""
    wanted: list[str] = []
    for item in items:
        if item["kind"] == "article":
            wanted.append(item["id"])
        elif item["kind"] == "story":
            try:
                wanted.extend(store.get_story(item["id"]).article_ids[:MAX_STORY_ARTICLES])
            except StoryNotFound:
                continue
    unique = list(dict.fromkeys(wanted))
    found = store.get_articles(unique)
    return [to_dict(found[article_id]) for article_id in unique if article_id in found]
