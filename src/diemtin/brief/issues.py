"""Briefing issues: a draft built from a template, edited, then issued (frozen).

An issue's content is JSON kept in one row: its sections, each with ordered items, and
an issue note. A draft becomes ``edited`` on its first change. Issuing it stores a
snapshot of every cited article (title, URL, outlet, publication time and content hash)
and makes it read-only, so it renders the same later even when articles change or are
deleted; issued issues form the archive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from diemtin.errors import InputError, ItemNotFound
from diemtin.models import VIETNAM_TZ
from diemtin.store.state import StateSession, new_id, now_text, one, parse_time

DRAFT, EDITED, ISSUED = "draft", "edited", "issued"
MAX_TEXT = 4000


class IssueNotFound(ItemNotFound):
    """No briefing issue with that id in the organization."""

    def __init__(self, key: str) -> None:
        super().__init__("briefing", key, "`diemtin brief list` shows them")


class IssueFrozen(InputError):
    """The issue was issued: it is read-only."""

    def __init__(self, key: str) -> None:
        super().__init__(f"briefing {key!r} is issued and read-only; build a new one")


@dataclass(frozen=True, slots=True)
class Issue:
    """One briefing issue of organization ``org_id``."""

    id: str
    org_id: str
    template_id: str | None
    template_name: str
    title: str
    status: str
    since: str
    until: str
    content: dict[str, Any]
    created_at: str
    updated_at: str
    issued_at: str | None = None

    @property
    def sections(self) -> list[dict[str, Any]]:
        """The sections, each ``{"heading", "items"}``."""
        return list(self.content.get("sections", []))

    def items(self) -> list[dict[str, Any]]:
        """Every item, in order."""
        return [item for section in self.sections for item in section["items"]]

    def to_dict(self) -> dict[str, Any]:
        """The issue as the CLI and API print it."""
        return {"id": self.id, "title": self.title,
                "period": {"since": _local(self.since), "until": _local(self.until)},
                "sections": self.sections, "status": self.status,
                "template": self.template_name, "note": self.content.get("note", ""),
                "chart": self.content.get("chart"), "created_at": self.created_at,
                "issued_at": self.issued_at}

    def summary(self) -> dict[str, Any]:
        """A line of the archive."""
        return {"id": self.id, "title": self.title, "status": self.status,
                "template": self.template_name, "until": _local(self.until),
                "items": len(self.items()), "created_at": self.created_at,
                "issued_at": self.issued_at}


def _local(stored: str) -> str:
    return parse_time(stored).astimezone(VIETNAM_TZ).isoformat()


def _row(row: dict[str, Any]) -> Issue:
    return Issue(id=row["id"], org_id=row["org_id"], template_id=row["template_id"],
                 template_name=row["template_name"], title=row["title"], status=row["status"],
                 since=row["since"], until=row["until"], content=json.loads(row["content"]),
                 created_at=row["created_at"], updated_at=row["updated_at"],
                 issued_at=row["issued_at"])


def create(session: StateSession, org_id: str, *, template_id: str | None, template_name: str,
           title: str, since: datetime, until: datetime, content: dict[str, Any]) -> Issue:
    """Store a new draft issue."""
    now = now_text()
    issue = Issue(id=new_id("bi"), org_id=org_id, template_id=template_id,
                  template_name=template_name, title=title, status=DRAFT,
                  since=now_text(since), until=now_text(until), content=content,
                  created_at=now, updated_at=now)
    session.run("INSERT INTO brief_issues VALUES (:id, :org, :tid, :tname, :title, :status, "
                ":since, :until, :content, :now, :now, NULL)", id=issue.id, org=org_id,
                tid=template_id, tname=template_name, title=title, status=DRAFT,
                since=issue.since, until=issue.until, now=now,
                content=json.dumps(content, ensure_ascii=False))
    return issue


def get(session: StateSession, org_id: str, issue_id: str) -> Issue:
    """The issue ``issue_id`` of ``org_id``."""
    row = one(session, "SELECT * FROM brief_issues WHERE org_id = :org AND id = :id",
              org=org_id, id=issue_id)
    if row is None:
        raise IssueNotFound(issue_id)
    return _row(row)


def list_issues(session: StateSession, org_id: str, *, status: str | None = None,
                limit: int = 200) -> list[Issue]:
    """The issues of ``org_id``, newest first (only ``status`` ones when given)."""
    rows = session.rows("SELECT * FROM brief_issues WHERE org_id = :org ORDER BY "
                        "created_at DESC, id", org=org_id)
    return [_row(r) for r in rows if status is None or r["status"] == status][:limit]


def save_content(session: StateSession, issue: Issue, content: dict[str, Any], *,
                 status: str = EDITED, issued_at: str | None = None) -> Issue:
    """Write new content (and status) for an issue that is not issued."""
    if issue.status == ISSUED:
        raise IssueFrozen(issue.id)
    now = now_text()
    changed = session.run("UPDATE brief_issues SET content = :content, status = :status, "
                          "updated_at = :now, issued_at = :issued WHERE id = :id AND "
                          "status <> :issued_status", id=issue.id, now=now, status=status,
                          content=json.dumps(content, ensure_ascii=False), issued=issued_at,
                          issued_status=ISSUED)
    if not changed:
        raise IssueFrozen(issue.id)
    return get(session, issue.org_id, issue.id)


def remove(session: StateSession, org_id: str, issue_id: str) -> Issue:
    """Delete a draft (an issued briefing stays in the archive)."""
    issue = get(session, org_id, issue_id)
    if issue.status == ISSUED:
        raise IssueFrozen(issue_id)
    session.run("DELETE FROM brief_issues WHERE id = :id", id=issue_id)
    return issue
