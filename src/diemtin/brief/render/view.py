"""The data every renderer shows: an issue's content with dates in Vietnamese form."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from diemtin.brief.issues import Issue
from diemtin.models import VIETNAM_TZ, is_web_url
from diemtin.store.state import parse_time


def _day(text: str | None) -> str:
    if not text:
        return ""
    return datetime.fromisoformat(text).astimezone(VIETNAM_TZ).strftime("%H:%M %d/%m/%Y")


def _link(url: str | None) -> str | None:
    return url if url and is_web_url(url) else None


def issue_view(issue: Issue) -> dict[str, Any]:
    """The issue as the templates read it (links only when http(s))."""
    since = parse_time(issue.since).astimezone(VIETNAM_TZ)
    until = parse_time(issue.until).astimezone(VIETNAM_TZ)
    sections = []
    for section in issue.sections:
        items = []
        for item in section["items"]:
            articles = [dict(ref, link=_link(ref.get("url")), day=_day(ref.get("published")))
                        for ref in item["articles"]]
            first = articles[0]["link"] if articles else None
            items.append(dict(item, articles=articles, link=first))
        sections.append({"heading": section["heading"], "items": items})
    issued = parse_time(issue.issued_at).astimezone(VIETNAM_TZ).strftime("%H:%M %d/%m/%Y") \
        if issue.issued_at else ""
    return {"id": issue.id, "title": issue.title, "status": issue.status,
            "period": f"Từ {since:%H:%M %d/%m/%Y} đến {until:%H:%M %d/%m/%Y}",
            "date": f"{until:%d/%m/%Y}", "issued": issued, "note": issue.content.get("note", ""),
            "sections": sections, "count": sum(len(s["items"]) for s in sections),
            "chart": issue.content.get("chart")}
