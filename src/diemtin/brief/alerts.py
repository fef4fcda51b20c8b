"""Alert rules on saved searches, and their evaluation.

A rule watches one saved search and says what is worth a message:

- ``new_matches``: articles that match and were not alerted before;
- ``new_story``: a story (or, before linking, an article) not alerted before;
- ``spike``: today's number of matches against the trailing 14 days
  (:func:`diemtin.brief.matching.spike_score`), once a day;
- ``entity_title``: a person, organization or place mentioned with a given title
  ("Chủ tịch UBND tỉnh") for the first time.

Rules without a schedule are evaluated after each ingest batch
(:func:`evaluate_batch`, called by ``diemtin.flow``); rules with one are evaluated by
:func:`evaluate_due`, which the scheduler calls. What a rule has alerted is kept in
``alert_seen`` and written in the same transaction as the outbox messages, under keys
derived from it, so each alert is queued once however often the rule runs.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from diemtin.brief.alert_schedule import check_schedule
from diemtin.brief.saved import SavedSearch
from diemtin.brief.saved import get as get_saved
from diemtin.errors import InputError, ItemNotFound
from diemtin.store.base import Store
from diemtin.store.state import StateSession, new_id, now_text, one

MAX_DESTINATIONS = 20


class RuleKind(enum.StrEnum):
    """What an alert rule reports."""

    NEW_MATCHES = "new_matches"
    NEW_STORY = "new_story"
    SPIKE = "spike"
    ENTITY_TITLE = "entity_title"


class DestinationKind(enum.StrEnum):
    """Where an alert goes: an outbox channel, or only the saved search's Atom feed."""

    EMAIL = "email"
    WEBHOOK = "webhook"
    FOLDER = "folder"
    ATOM = "atom"


class RuleNotFound(ItemNotFound):
    """No alert rule with that id in the organization."""

    def __init__(self, key: str) -> None:
        super().__init__("alert rule", key, "`diemtin alert list` shows them")


@dataclass(frozen=True, slots=True)
class Destination:
    """One place an alert is delivered."""

    kind: DestinationKind
    target: str = ""

    def to_dict(self) -> dict[str, str]:
        """JSON data."""
        return {"kind": self.kind.value, "target": self.target}


def destination(kind: str, target: str = "") -> Destination:
    """A checked destination: an email address, a webhook name, a folder, or ``atom``.

    Raises:
        InputError: an unknown kind, or a target that does not fit it.
    """
    try:
        parsed = DestinationKind(kind)
    except ValueError as error:
        raise InputError(f"a destination is email, webhook, folder or atom; got {kind!r}"
                         ) from error
    target = target.strip()
    if parsed is DestinationKind.ATOM:
        return Destination(parsed)
    if not target or len(target) > 300:
        raise InputError(f"a {parsed} destination needs a target (1 to 300 characters)")
    if parsed is DestinationKind.EMAIL and ("@" not in target or any(c in target for c in
                                                                     " ,;<>\r\n")):
        raise InputError(f"not an email address: {target!r}")
    return Destination(parsed, target)


@dataclass(frozen=True, slots=True)
class AlertRule:
    """An alert rule of organization ``org_id`` on the saved search ``saved``."""

    id: str
    org_id: str
    saved: SavedSearch
    kind: RuleKind
    title: str | None
    destinations: tuple[Destination, ...]
    schedule: str | None
    created_at: str
    last_run_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON data for the CLI and the API."""
        return {"id": self.id, "org": self.org_id, "saved_search": self.saved.name,
                "saved_search_id": self.saved.id, "rule": self.kind.value,
                "title": self.title, "destinations": [d.to_dict() for d in self.destinations],
                "schedule": self.schedule, "created_at": self.created_at,
                "last_run_at": self.last_run_at}


def _rule(session: StateSession, row: dict[str, Any]) -> AlertRule:
    return AlertRule(
        id=row["id"], org_id=row["org_id"], saved=get_saved(session, row["org_id"],
                                                            row["saved_id"]),
        kind=RuleKind(row["kind"]), title=row["title"],
        destinations=tuple(Destination(DestinationKind(d["kind"]), d["target"])
                           for d in json.loads(row["destinations"])),
        schedule=row["schedule"], created_at=row["created_at"], last_run_at=row["last_run_at"])


def add_rule(session: StateSession, org_id: str, saved_key: str, kind: str, *,
             destinations: Sequence[Destination], title: str | None = None,
             schedule: str | None = None, created_by: str | None = None) -> AlertRule:
    """Create an alert rule on the saved search ``saved_key`` (a name or an id).

    Raises:
        InputError: an unknown kind, no destination, or ``entity_title`` without a title.
        SavedSearchNotFound: no such saved search in the organization.
    """
    try:
        parsed = RuleKind(kind)
    except ValueError as error:
        raise InputError(f"a rule is one of {', '.join(RuleKind)}; got {kind!r}") from error
    title = " ".join((title or "").split()) or None
    if parsed is RuleKind.ENTITY_TITLE and not title:
        raise InputError("an entity_title rule needs --title (e.g. 'Chủ tịch UBND tỉnh')")
    if not destinations or len(destinations) > MAX_DESTINATIONS:
        raise InputError(f"a rule needs 1 to {MAX_DESTINATIONS} destinations "
                         "(--email, --webhook, --folder or --atom)")
    saved = get_saved(session, org_id, saved_key)
    rule_id = new_id("al")
    now = now_text()
    schedule = " ".join((schedule or "").split()) or None
    if schedule is not None:
        check_schedule(schedule)
    session.run("INSERT INTO alert_rules VALUES (:id, :org, :saved, :kind, :title, "
                ":destinations, :schedule, :by, :now, NULL)", id=rule_id, org=org_id,
                saved=saved.id, kind=parsed.value, title=title, schedule=schedule, by=created_by,
                destinations=json.dumps([d.to_dict() for d in destinations],
                                        ensure_ascii=False), now=now)
    return get_rule(session, org_id, rule_id)


def get_rule(session: StateSession, org_id: str, rule_id: str) -> AlertRule:
    """The organization's rule ``rule_id``."""
    row = one(session, "SELECT * FROM alert_rules WHERE org_id = :org AND id = :id",
              org=org_id, id=rule_id)
    if row is None:
        raise RuleNotFound(rule_id)
    return _rule(session, row)


def list_rules(session: StateSession, org_id: str | None = None) -> list[AlertRule]:
    """The rules of ``org_id`` (every organization's when None), oldest first."""
    if org_id is None:
        rows = session.rows("SELECT * FROM alert_rules ORDER BY created_at, id")
    else:
        rows = session.rows("SELECT * FROM alert_rules WHERE org_id = :org "
                            "ORDER BY created_at, id", org=org_id)
    return [_rule(session, row) for row in rows]


def remove_rule(session: StateSession, org_id: str, rule_id: str) -> AlertRule:
    """Delete the organization's rule ``rule_id`` and what it remembered."""
    found = get_rule(session, org_id, rule_id)
    session.run("DELETE FROM alert_seen WHERE rule_id = :id", id=found.id)
    session.run("DELETE FROM alert_rules WHERE id = :id", id=found.id)
    return found


def has_rules(session: StateSession) -> bool:
    """Whether any organization has a rule evaluated after ingest (no schedule)."""
    return one(session, "SELECT id FROM alert_rules WHERE schedule IS NULL LIMIT 1") is not None


def mark_seen(session: StateSession, rule_id: str, items: Sequence[str]) -> list[str]:
    """Record ``items`` as alerted by the rule; those that were new, in order."""
    now = now_text()
    return [item for item in dict.fromkeys(items) if session.run(
        "INSERT INTO alert_seen VALUES (:rule, :item, :now) "
        "ON CONFLICT (rule_id, item) DO NOTHING", rule=rule_id, item=item, now=now)]


def seen(session: StateSession, rule_id: str, items: Sequence[str]) -> set[str]:
    """Which of ``items`` the rule has alerted before."""
    found: set[str] = set()
    for start in range(0, len(items), 200):
        chunk = items[start:start + 200]
        names = {f"i{n}": item for n, item in enumerate(chunk)}
        rows = session.rows(f"SELECT item FROM alert_seen WHERE rule_id = :rule AND item IN "
                            f"({', '.join(':' + n for n in names)})", rule=rule_id, **names)
        found.update(row["item"] for row in rows)
    return found


def touch(session: StateSession, rule_id: str, moment: datetime) -> None:
    """Remember when the rule last ran."""
    session.run("UPDATE alert_rules SET last_run_at = :now WHERE id = :id",
                now=now_text(moment), id=rule_id)


def window_start(rule: AlertRule, now: datetime, *, default: timedelta) -> datetime:
    """Where a scheduled run of ``rule`` starts looking: its last run (a day's margin for
    late-stored articles), or ``default`` before ``now``."""
    if rule.last_run_at is None:
        return now - default
    last = datetime.fromisoformat(rule.last_run_at.replace("Z", "+00:00"))
    return min(last - timedelta(days=1), now - timedelta(hours=1)).astimezone(UTC)


def rules_by_saved(rules: Sequence[AlertRule]) -> Mapping[str, list[AlertRule]]:
    """The rules grouped by saved search id."""
    grouped: dict[str, list[AlertRule]] = {}
    for rule in rules:
        grouped.setdefault(rule.saved.id, []).append(rule)
    return grouped


def evaluate_due(store: Store, now: datetime | None = None) -> int:
    """Evaluate the scheduled rules that are due; see
    :func:`diemtin.brief.evaluate.evaluate_due`."""
    from diemtin.brief.evaluate import evaluate_due as run

    return run(store, now)
