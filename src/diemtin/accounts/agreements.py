"""Agreements: what one organization offers another, with which rights, for how long.

Lifecycle (docs/sharing.md):

- an admin of the **offerer** proposes it (``proposed``); proposing is the offerer's
  acceptance, since only the owner can name its own items;
- an admin of the **partner** accepts it (``accepted``); it is *in force* from then on,
  between its start and end (``starts_at <= now < ends_at``);
- an admin of either side may revoke it at any time (``revoked``), effective at once: the
  next read, copy or remote pull under it is refused.

Every change is one audit entry with ``org`` the acting side and ``partner_org`` the
other, so both organizations' audit views show it. Offered items are ``(kind, id)`` rows
(``collection``, ``saved_search``, ``brief_template``…), so new kinds need no migration.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.audit import Action, record
from diemtin.accounts.tokens import revoke_agreement_tokens
from diemtin.errors import InputError, ItemNotFound, PermissionDenied
from diemtin.store.state import Row, StateSession, new_id, now_text, one

ITEM_KINDS = ("collection", "saved_search", "brief_template")
"""The kinds of item an agreement may offer (plain text in the table: add more here)."""
_OWNED_TABLES = {"collection": "collections", "saved_search": "saved_searches",
                 "brief_template": "brief_templates"}
"""Where each kind is checked to belong to the offerer; kinds of tables not on this
instance (yet) are accepted as given."""


class Rights(enum.StrEnum):
    """What the partner may do with the offered items."""

    VIEW = "view"
    VIEW_COPY = "view_copy"


class State(enum.StrEnum):
    """Where an agreement is in its lifecycle."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REVOKED = "revoked"


class AgreementNotFound(ItemNotFound):
    """No agreement with that id concerning the organization."""

    def __init__(self, key: str) -> None:
        super().__init__("agreement", key, "`diemtin agreement list` shows them")


@dataclass(frozen=True, slots=True)
class Agreement:
    """An agreement between ``offerer_org`` and ``partner_org``."""

    id: str
    offerer_org: str
    partner_org: str
    rights: Rights
    starts_at: str
    ends_at: str
    state: State
    note: str
    proposed_by: str
    proposed_at: str
    accepted_by: str | None
    accepted_at: str | None
    revoked_by: str | None
    revoked_org: str | None
    revoked_at: str | None
    items: tuple[tuple[str, str], ...] = ()

    def in_force(self, now: str | None = None) -> bool:
        """Whether it is accepted and ``now`` (default: now) is in its period."""
        moment = now or now_text()
        return (self.state is State.ACCEPTED and self.starts_at <= moment < self.ends_at)

    def other(self, org_id: str) -> str:
        """The other side of the agreement from ``org_id``."""
        return self.partner_org if org_id == self.offerer_org else self.offerer_org

    def to_dict(self, now: str | None = None) -> dict[str, Any]:
        """JSON data for the CLI and the API."""
        return {"id": self.id, "offerer": self.offerer_org, "partner": self.partner_org,
                "rights": str(self.rights), "starts_at": self.starts_at,
                "ends_at": self.ends_at, "state": str(self.state),
                "in_force": self.in_force(now), "note": self.note,
                "proposed_by": self.proposed_by, "proposed_at": self.proposed_at,
                "accepted_by": self.accepted_by, "accepted_at": self.accepted_at,
                "revoked_by": self.revoked_by, "revoked_org": self.revoked_org,
                "revoked_at": self.revoked_at,
                "items": [{"kind": kind, "id": item} for kind, item in self.items]}


def day_start(day: date) -> str:
    """The stored time of 00:00 UTC on ``day``."""
    return now_text(datetime.combine(day, time(), tzinfo=UTC))


def parse_day(text: str, what: str) -> date:
    """A ``YYYY-MM-DD`` date, or InputError naming ``what``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{what} must be a date such as 2026-12-31; got {text!r}") from None


def _agreement(session: StateSession, row: Row) -> Agreement:
    items = session.rows("SELECT kind, item_id FROM agreement_items WHERE agreement_id = :id "
                         "ORDER BY kind, item_id", id=row["id"])
    return Agreement(**{**row, "rights": Rights(row["rights"]), "state": State(row["state"]),
                        "items": tuple((item["kind"], item["item_id"]) for item in items)})


def _check_items(session: StateSession, offerer: str,
                 items: Sequence[tuple[str, str]]) -> None:
    if not items:
        raise InputError("an agreement must offer at least one item (--collection NAME)")
    for kind, item_id in items:
        if kind not in ITEM_KINDS:
            raise InputError(f"an offered item is one of {', '.join(ITEM_KINDS)}; got {kind!r}")
        table = _OWNED_TABLES.get(kind)
        if table and one(session, f"SELECT id FROM {table} WHERE id = :id AND org_id = :org",
                         id=item_id, org=offerer) is None:
            raise ItemNotFound(kind.replace("_", " "), item_id,
                               "an agreement offers only its offerer's own items")


def propose(session: StateSession, actor: Actor, partner_org: str,
            items: Sequence[tuple[str, str]], *, rights: Rights, until: date,
            starts: date | None = None, note: str = "") -> Agreement:
    """Propose an agreement offering ``items`` of the actor's organization to
    ``partner_org`` from ``starts`` (default: today, UTC) through ``until``.

    Raises:
        PermissionDenied: the actor is not an admin.
        InputError: bad dates, no items, or the partner is the offerer itself.
    """
    _admin(actor)
    starts = starts or datetime.now(UTC).date()
    if until >= date(9999, 1, 1):
        raise InputError(f"the end date must be before 9999; got {until}")
    if until < starts:
        raise InputError(f"the end date {until} is before the start date {starts}")
    if partner_org == actor.org_id:
        raise InputError("an organization cannot make an agreement with itself")
    _check_items(session, actor.org_id, items)
    agreement_id = new_id("agr")
    row = {"id": agreement_id, "offerer_org": actor.org_id, "partner_org": partner_org,
           "rights": str(rights), "starts_at": day_start(starts),
           "ends_at": day_start(until + timedelta(days=1)), "state": str(State.PROPOSED),
           "note": note.strip()[:2000], "proposed_by": _name(actor),
           "proposed_at": now_text(), "accepted_by": None, "accepted_at": None,
           "revoked_by": None, "revoked_org": None, "revoked_at": None}
    session.run("INSERT INTO agreements VALUES (:id, :offerer_org, :partner_org, :rights, "
                ":starts_at, :ends_at, :state, :note, :proposed_by, :proposed_at, "
                ":accepted_by, :accepted_at, :revoked_by, :revoked_org, :revoked_at)", **row)
    for kind, item_id in sorted(set(items)):
        session.run("INSERT INTO agreement_items VALUES (:id, :kind, :item)", id=agreement_id,
                    kind=kind, item=item_id)
    made = get(session, actor.org_id, agreement_id)
    record(session, actor, Action.AGREEMENT_PROPOSED, subject=made.id,
           partner_org=partner_org, agreement=made.id, detail=_detail(made))
    return made


def _name(actor: Actor) -> str:
    return actor.email or actor.via


def _admin(actor: Actor) -> None:
    if not actor.can(Role.ADMIN):
        raise PermissionDenied(f"agreements need the admin role; you are {actor.role}")


def _detail(agreement: Agreement) -> dict[str, Any]:
    return {"rights": str(agreement.rights), "ends_at": agreement.ends_at,
            "items": [f"{kind}:{item}" for kind, item in agreement.items]}


def get(session: StateSession, org_id: str, agreement_id: str) -> Agreement:
    """The agreement ``agreement_id`` when ``org_id`` is one of its sides."""
    row = one(session, "SELECT * FROM agreements WHERE id = :id AND "
              "(offerer_org = :org OR partner_org = :org)", id=agreement_id, org=org_id)
    if row is None:
        raise AgreementNotFound(agreement_id)
    return _agreement(session, row)


def list_for(session: StateSession, org_id: str) -> list[Agreement]:
    """Every agreement ``org_id`` is a side of, newest first."""
    rows = session.rows("SELECT * FROM agreements WHERE offerer_org = :org OR "
                        "partner_org = :org ORDER BY proposed_at DESC", org=org_id)
    return [_agreement(session, row) for row in rows]


def accept(session: StateSession, actor: Actor, agreement_id: str) -> Agreement:
    """The partner's admin accepts a proposed agreement: it is in force from its start.

    Raises:
        PermissionDenied: the actor is not the partner's admin.
        InputError: the agreement is not waiting for acceptance.
    """
    _admin(actor)
    found = get(session, actor.org_id, agreement_id)
    if actor.org_id != found.partner_org:
        raise PermissionDenied("only the partner's admin accepts an agreement; proposing it "
                               "was the offerer's acceptance")
    if found.state is not State.PROPOSED:
        raise InputError(f"agreement {found.id} is {found.state}, not proposed")
    session.run("UPDATE agreements SET state = 'accepted', accepted_by = :by, "
                "accepted_at = :now WHERE id = :id", by=_name(actor), now=now_text(),
                id=found.id)
    record(session, actor, Action.AGREEMENT_ACCEPTED, subject=found.id,
           partner_org=found.offerer_org, agreement=found.id, detail=_detail(found))
    return get(session, actor.org_id, found.id)


def revoke(session: StateSession, actor: Actor, agreement_id: str) -> Agreement:
    """Either side's admin ends an agreement, effective immediately; its remote tokens
    are revoked with it."""
    _admin(actor)
    found = get(session, actor.org_id, agreement_id)
    if found.state is State.REVOKED:
        raise InputError(f"agreement {found.id} is already revoked")
    session.run("UPDATE agreements SET state = 'revoked', revoked_by = :by, "
                "revoked_org = :org, revoked_at = :now WHERE id = :id", by=_name(actor),
                org=actor.org_id, now=now_text(), id=found.id)
    record(session, actor, Action.AGREEMENT_REVOKED, subject=found.id,
           partner_org=found.other(actor.org_id), agreement=found.id, detail=_detail(found))
    revoke_agreement_tokens(session, actor, found.id)
    return get(session, actor.org_id, found.id)


def in_force(session: StateSession, partner_org: str, kind: str, item_id: str,
             now: str | None = None) -> Agreement | None:
    """The agreement under which ``partner_org`` may now see item ``(kind, item_id)``
    (the one with the widest rights, then the latest end), or None."""
    moment = now or now_text()
    rows = session.rows(
        "SELECT a.* FROM agreements a JOIN agreement_items i ON i.agreement_id = a.id "
        "WHERE a.partner_org = :partner AND a.state = 'accepted' AND a.starts_at <= :now "
        "AND a.ends_at > :now AND i.kind = :kind AND i.item_id = :item "
        "ORDER BY a.rights DESC, a.ends_at DESC", partner=partner_org, now=moment,
        kind=kind, item=item_id)
    return _agreement(session, rows[0]) if rows else None


def shared_items(session: StateSession, org_id: str, kind: str,
                 now: str | None = None) -> list[tuple[str, Agreement]]:
    """Every item of ``kind`` that partners share with ``org_id`` now, as ``(item id,
    agreement)``, one per item (the hook briefing pages use to list partner briefings)."""
    moment = now or now_text()
    rows = session.rows(
        "SELECT i.item_id AS item, a.id AS agreement FROM agreements a JOIN agreement_items "
        "i ON i.agreement_id = a.id WHERE a.partner_org = :org AND a.state = 'accepted' "
        "AND a.starts_at <= :now AND a.ends_at > :now AND i.kind = :kind "
        "ORDER BY i.item_id, a.rights DESC", org=org_id, now=moment, kind=kind)
    found: dict[str, Agreement] = {}
    for row in rows:
        if row["item"] not in found:
            found[row["item"]] = get(session, org_id, row["agreement"])
    return list(found.items())
