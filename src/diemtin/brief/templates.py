"""Briefing templates: what a điểm tin holds and when it is made.

A template has a name (unique in its organization), a title ("Điểm tin sáng"), a period
(``24h``, ``7d``, ``30d`` or ``since_last``: since the previous issue's end), sections
(a heading fed by a saved search, or by a query of filters such as ``topic:"Kinh tế"
place:"Lào Cai"``), the number of items per section, the ranking (``coverage``,
``first``, ``recency``), recipients (``email:a@b.vn``, ``webhook:NAME``,
``folder:/path``), an optional schedule text and whether a volume chart is drawn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from diemtin.brief.saved import check_name
from diemtin.brief.saved import get as get_saved
from diemtin.errors import InputError, ItemNotFound
from diemtin.search.query import parse_query
from diemtin.store.named import claim_name, get_named, list_named
from diemtin.store.state import StateSession, new_id, now_text

PERIODS: dict[str, timedelta | None] = {"24h": timedelta(hours=24), "7d": timedelta(days=7),
                                        "30d": timedelta(days=30), "since_last": None}
RANKINGS = ("coverage", "first", "recency")
RECIPIENT_KINDS = ("email", "webhook", "folder")
MAX_ITEMS = 50
MAX_SECTIONS = 20


class TemplateNotFound(ItemNotFound):
    """No briefing template with that name or id in the organization."""

    def __init__(self, key: str) -> None:
        super().__init__("briefing template", key, "`diemtin brief template list` shows them")


@dataclass(frozen=True, slots=True)
class Section:
    """A section: its heading, fed by a saved search (by name) or by a query."""

    heading: str
    saved: str | None = None
    query: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON data."""
        return {"heading": self.heading, "saved": self.saved, "query": self.query}


@dataclass(frozen=True, slots=True)
class Template:
    """A briefing template of organization ``org_id``."""

    id: str
    org_id: str
    name: str
    title: str
    period: str
    sections: tuple[Section, ...]
    items: int = 5
    ranking: str = "coverage"
    recipients: tuple[str, ...] = ()
    schedule: str | None = None
    with_chart: bool = False
    created_at: str = ""
    updated_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON data for the CLI and the API."""
        return {"id": self.id, "org": self.org_id, "name": self.name, "title": self.title,
                "period": self.period, "sections": [s.to_dict() for s in self.sections],
                "items": self.items, "ranking": self.ranking,
                "recipients": list(self.recipients), "schedule": self.schedule,
                "chart": self.with_chart, "created_at": self.created_at,
                "updated_at": self.updated_at}


def parse_section(spec: str) -> Section:
    """``HEADING=SAVED_SEARCH_NAME``, or ``HEADING=field:"value" …`` (a query of filters:
    any value with a ``:`` is read as a query rather than a saved search's name).

    >>> parse_section("Thời sự=Lào Cai")
    Section(heading='Thời sự', saved='Lào Cai', query=None)
    """
    heading, sep, source = spec.partition("=")
    heading, source = " ".join(heading.split()), source.strip()
    if not sep or not heading or not source:
        raise InputError(f"a section is HEADING=SAVED_SEARCH_NAME (or HEADING=topic:\"…\"); "
                         f"got {spec[:60]!r}")
    if ":" in source:
        parse_query(source)
        return Section(heading, query=source)
    return Section(heading, saved=source)


def parse_recipient(spec: str) -> str:
    """``email:ADDRESS``, ``webhook:NAME`` or ``folder:PATH``; a bare address is email."""
    kind, sep, value = spec.strip().partition(":")
    if not sep:
        kind, value = "email", spec.strip()
    if kind not in RECIPIENT_KINDS or not value.strip():
        raise InputError(f"a recipient is email:ADDRESS, webhook:NAME or folder:PATH; "
                         f"got {spec[:60]!r}")
    if kind == "email" and ("@" not in value or " " in value.strip()):
        raise InputError(f"not an email address: {value[:60]!r}")
    return f"{kind}:{value.strip()}"


def _check(draft: Template, session: StateSession) -> None:
    if draft.period not in PERIODS:
        raise InputError(f"period must be one of {', '.join(PERIODS)}; got {draft.period!r}")
    if draft.ranking not in RANKINGS:
        raise InputError(f"ranking must be one of {', '.join(RANKINGS)}; got {draft.ranking!r}")
    if not 1 <= draft.items <= MAX_ITEMS:
        raise InputError(f"items per section must be 1 to {MAX_ITEMS}; got {draft.items}")
    if not 1 <= len(draft.sections) <= MAX_SECTIONS:
        raise InputError(f"a template needs 1 to {MAX_SECTIONS} sections")
    if not draft.title.strip():
        raise InputError("a template needs a title, such as 'Điểm tin sáng'")
    for section in draft.sections:
        if section.saved is not None:
            get_saved(session, draft.org_id, section.saved)
    if draft.schedule:
        from diemtin.brief.schedule import parse_schedule

        parse_schedule(draft.schedule)


def _row(row: dict[str, Any]) -> Template:
    sections = tuple(Section(s["heading"], s.get("saved"), s.get("query"))
                     for s in json.loads(row["sections"]))
    return Template(id=row["id"], org_id=row["org_id"], name=row["name"], title=row["title"],
                    period=row["period"], sections=sections, items=int(row["items"]),
                    ranking=row["ranking"], recipients=tuple(json.loads(row["recipients"])),
                    schedule=row["schedule"], with_chart=bool(row["with_chart"]),
                    created_at=row["created_at"], updated_at=row["updated_at"])


def add(session: StateSession, org_id: str, name: str, *, title: str, period: str,
        sections: tuple[Section, ...], items: int = 5, ranking: str = "coverage",
        recipients: tuple[str, ...] = (), schedule: str | None = None,
        with_chart: bool = False, replace: bool = False) -> Template:
    """Create the template ``name`` (or, with ``replace``, change it).

    Raises:
        InputError: a bad period, ranking, count, schedule, or the name is taken.
        SavedSearchNotFound: a section names a saved search the organization lacks.
    """
    now = now_text()
    draft = Template(id=new_id("bt"), org_id=org_id, name=check_name(name), title=title.strip(),
                     period=period, sections=sections, items=items, ranking=ranking,
                     recipients=tuple(parse_recipient(r) for r in recipients),
                     schedule=(schedule or "").strip() or None, with_chart=with_chart,
                     created_at=now, updated_at=now)
    _check(draft, session)
    values = {"title": draft.title, "period": period, "items": items, "ranking": ranking,
              "sections": json.dumps([s.to_dict() for s in sections], ensure_ascii=False),
              "recipients": json.dumps(list(draft.recipients), ensure_ascii=False),
              "schedule": draft.schedule, "chart": int(with_chart), "now": now}
    existing = claim_name(session, "brief_templates", org_id, draft.name, replace=replace,
                          taken=f"a briefing template named {draft.name!r} exists; choose "
                                "another name or replace it")
    if existing is not None:
        session.run("UPDATE brief_templates SET title = :title, period = :period, "
                    "sections = :sections, items = :items, ranking = :ranking, "
                    "recipients = :recipients, schedule = :schedule, with_chart = :chart, "
                    "updated_at = :now WHERE id = :id", id=existing, **values)
        return get(session, org_id, existing)
    session.run("INSERT INTO brief_templates VALUES (:id, :org, :name, :title, :period, "
                ":sections, :items, :ranking, :recipients, :schedule, :chart, :now, :now)",
                id=draft.id, org=org_id, name=draft.name, **values)
    return draft


def get(session: StateSession, org_id: str, key: str) -> Template:
    """The template of ``org_id`` whose id or name is ``key``."""
    return _row(get_named(session, "brief_templates", org_id, key, missing=TemplateNotFound))


def list_templates(session: StateSession, org_id: str) -> list[Template]:
    """Every template of ``org_id``, by name."""
    return [_row(row) for row in list_named(session, "brief_templates", org_id)]


def remove(session: StateSession, org_id: str, key: str) -> Template:
    """Delete a template and its scheduled jobs (its issues stay in the archive); return
    what was deleted."""
    found = get(session, org_id, key)
    session.run("DELETE FROM schedule_runs WHERE job_id IN (SELECT id FROM schedule_jobs "
                "WHERE target = :id)", id=found.id)
    session.run("DELETE FROM schedule_jobs WHERE target = :id", id=found.id)
    session.run("DELETE FROM brief_templates WHERE id = :id", id=found.id)
    return found
