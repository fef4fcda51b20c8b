"""Editing an issue's content: pure functions from content to new content.

Items are addressed by their ``key`` (``it_…``), sections by index. Each function
returns a changed copy and raises :class:`ItemNotInIssue` or InputError on bad input.
"""

from __future__ import annotations

import copy
from typing import Any

from diemtin.brief.issues import MAX_TEXT
from diemtin.errors import InputError, ItemNotFound

Content = dict[str, Any]


class ItemNotInIssue(ItemNotFound):
    """No item with that key in the issue."""

    def __init__(self, key: str) -> None:
        super().__init__("item", key, "`diemtin brief show ID` lists the items' keys")


def _find(content: Content, key: str) -> tuple[list[dict[str, Any]], int]:
    for section in content.get("sections", []):
        for index, item in enumerate(section["items"]):
            if item.get("key") == key:
                return section["items"], index
    raise ItemNotInIssue(key)


def _text(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MAX_TEXT:
        raise InputError(f"a text may hold {MAX_TEXT} characters; this one has {len(cleaned)}")
    return cleaned


def move(content: Content, key: str, delta: int) -> Content:
    """Move an item ``delta`` places within its section (-1: up, 1: down)."""
    changed = copy.deepcopy(content)
    items, index = _find(changed, key)
    target = max(0, min(len(items) - 1, index + delta))
    items.insert(target, items.pop(index))
    return changed


def drop(content: Content, key: str) -> Content:
    """Remove an item."""
    changed = copy.deepcopy(content)
    items, index = _find(changed, key)
    items.pop(index)
    return changed


def set_summary(content: Content, key: str, text: str) -> Content:
    """Replace an item's summary."""
    changed = copy.deepcopy(content)
    items, index = _find(changed, key)
    items[index]["summary"] = _text(text)
    return changed


def set_note(content: Content, key: str, text: str) -> Content:
    """Set (or clear, with an empty text) an item's note."""
    changed = copy.deepcopy(content)
    items, index = _find(changed, key)
    items[index]["note"] = _text(text)
    return changed


def set_issue_note(content: Content, text: str) -> Content:
    """Set the note of the whole issue."""
    changed = copy.deepcopy(content)
    changed["note"] = _text(text)
    return changed


def article_ids(content: Content) -> set[str]:
    """Every article the issue cites."""
    return {ref["id"] for section in content.get("sections", [])
            for item in section["items"] for ref in item["articles"]}


def insert(content: Content, section: int, item: dict[str, Any]) -> Content:
    """Append ``item`` to section ``section`` (0-based), unless it cites an article the
    issue already cites."""
    changed = copy.deepcopy(content)
    sections = changed.get("sections", [])
    if not 0 <= section < len(sections):
        raise InputError(f"section must be 1 to {len(sections)}; got {section + 1}")
    repeated = article_ids(changed) & {ref["id"] for ref in item["articles"]}
    if repeated:
        raise InputError(f"the briefing already cites {sorted(repeated)[0]}")
    sections[section]["items"].append(item)
    return changed
