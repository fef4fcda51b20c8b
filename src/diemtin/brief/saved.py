"""Saved searches: a name, a query in diemtin's search language and filters.

A saved search belongs to one organization; its name is unique there. The filters
(outlets, places, topics) are kept apart from the query text so pages can show and edit
them, and :meth:`SavedSearch.query` joins them into one :class:`~diemtin.search.query.Query`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from diemtin.errors import InputError, ItemNotFound
from diemtin.search.query import FILTER_FIELDS, Query, parse_query
from diemtin.store.named import claim_name, get_named, list_named, named_id
from diemtin.store.state import StateSession, new_id, now_text

MAX_NAME_CHARS = 120
_FILTER_FIELDS = (("outlets", "outlet"), ("places", "place"), ("topics", "topic"))


class SavedSearchNotFound(ItemNotFound):
    """No saved search with that name or id in the organization."""

    def __init__(self, key: str) -> None:
        super().__init__("saved search", key, "`diemtin saved list` shows them")


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A saved search of organization ``org_id``."""

    id: str
    org_id: str
    name: str
    text: str
    outlets: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    created_by: str | None = None
    created_at: str = ""
    updated_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def query_text(self) -> str:
        """The query with its filters as field terms (``place:"Lào Cai"``)."""
        parts = [self.text.strip()] if self.text.strip() else []
        for attribute, name in _FILTER_FIELDS:
            for value in getattr(self, attribute):
                parts.append(f'{name}:"{value}"')
        return " ".join(parts)

    def query(self) -> Query:
        """The parsed query (outlet filters match any of the outlets)."""
        return parse_query(self.query_text())

    def to_dict(self) -> dict[str, Any]:
        """JSON data for the CLI and the API."""
        return {"id": self.id, "org": self.org_id, "name": self.name, "query": self.text,
                "outlets": list(self.outlets), "places": list(self.places),
                "topics": list(self.topics), "created_by": self.created_by,
                "created_at": self.created_at, "updated_at": self.updated_at}


def check_text(*values: str) -> None:
    """InputError when a value holds a control character (NUL and the like), which no
    name, query or filter needs and PostgreSQL refuses."""
    for value in values:
        if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
            raise InputError(f"control characters are not allowed; got {value[:40]!r}")


def check_name(name: str) -> str:
    """``name`` stripped, or InputError when empty or too long."""
    check_text(name)
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME_CHARS:
        raise InputError(f"a name needs 1 to {MAX_NAME_CHARS} characters; got {name[:40]!r}")
    return cleaned


def _row(row: dict[str, Any]) -> SavedSearch:
    return SavedSearch(id=row["id"], org_id=row["org_id"], name=row["name"], text=row["query"],
                       outlets=tuple(json.loads(row["outlets"])),
                       places=tuple(json.loads(row["places"])),
                       topics=tuple(json.loads(row["topics"])), created_by=row["created_by"],
                       created_at=row["created_at"], updated_at=row["updated_at"])


def save(session: StateSession, org_id: str, name: str, text: str, *,
         outlets: tuple[str, ...] = (), places: tuple[str, ...] = (),
         topics: tuple[str, ...] = (), created_by: str | None = None,
         replace: bool = False) -> SavedSearch:
    """Create the saved search ``name`` (or, with ``replace``, change it).

    Raises:
        QuerySyntaxError: the query (with its filters) does not parse.
        InputError: the name is taken and ``replace`` is false, or is empty.
    """
    name = check_name(name)
    check_text(text, *outlets, *places, *topics)
    if topics and "topic" not in FILTER_FIELDS:
        raise InputError("topic filters need the topic: search field, which this version "
                         "of diemtin does not have yet; put the topic's words in the query")
    now = now_text()
    draft = SavedSearch(id=new_id("ss"), org_id=org_id, name=name, text=text.strip(),
                        outlets=outlets, places=places, topics=topics, created_by=created_by,
                        created_at=now, updated_at=now)
    draft.query()  # refuse a query that does not parse, before storing it
    columns = {"outlets": json.dumps(list(outlets), ensure_ascii=False),
               "places": json.dumps(list(places), ensure_ascii=False),
               "topics": json.dumps(list(topics), ensure_ascii=False)}
    existing = claim_name(session, "saved_searches", org_id, name, replace=replace,
                          taken=f"a saved search named {name!r} exists; choose another "
                                "name or replace it")
    if existing is not None:
        session.run("UPDATE saved_searches SET query = :query, outlets = :outlets, "
                    "places = :places, topics = :topics, updated_at = :now WHERE id = :id",
                    query=draft.text, now=now, id=existing, **columns)
        return get(session, org_id, existing)
    session.run("INSERT INTO saved_searches VALUES (:id, :org, :name, :query, :outlets, "
                ":places, :topics, :created_by, :now, :now)", id=draft.id, org=org_id,
                name=name, query=draft.text, created_by=created_by, now=now, **columns)
    return draft


def update(session: StateSession, org_id: str, key: str, name: str, text: str, *,
           outlets: tuple[str, ...] = (), places: tuple[str, ...] = (),
           topics: tuple[str, ...] = ()) -> SavedSearch:
    """Change every field of the saved search ``key`` (an id or a name); its id, rules
    and creation time stay.

    Raises:
        SavedSearchNotFound: no such saved search in the organization.
        InputError: ``name`` belongs to another saved search.
    """
    found = get(session, org_id, key)
    name = check_name(name)
    other = named_id(session, "saved_searches", org_id, name)
    if other is not None and other != found.id:
        raise InputError(f"a saved search named {name!r} exists; choose another name")
    session.run("UPDATE saved_searches SET name = :name WHERE id = :id", name=name,
                id=found.id)
    return save(session, org_id, name, text, outlets=outlets, places=places, topics=topics,
                replace=True)


def get(session: StateSession, org_id: str, key: str) -> SavedSearch:
    """The saved search of ``org_id`` whose id or name is ``key``."""
    return _row(get_named(session, "saved_searches", org_id, key, missing=SavedSearchNotFound))


def list_saved(session: StateSession, org_id: str) -> list[SavedSearch]:
    """Every saved search of ``org_id``, by name."""
    return [_row(row) for row in list_named(session, "saved_searches", org_id)]


def remove(session: StateSession, org_id: str, key: str) -> SavedSearch:
    """Delete the saved search whose id or name is ``key`` and its alert rules; return
    what was deleted."""
    found = get(session, org_id, key)
    rules = "SELECT id FROM alert_rules WHERE saved_id = :id"
    session.run(f"DELETE FROM alert_seen WHERE rule_id IN ({rules})", id=found.id)
    session.run("DELETE FROM alert_rules WHERE saved_id = :id", id=found.id)
    session.run("DELETE FROM saved_searches WHERE id = :id", id=found.id)
    return found
