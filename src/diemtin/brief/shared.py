"""Briefing series shared under an agreement: a partner's ISSUED briefings.

An agreement may offer a briefing template (kind ``brief_template``): while it is in
force, the partner's members see the template's issued briefings (never drafts), read
only. Each read goes through :func:`diemtin.accounts.shared.read_shared`, which checks
the agreement and writes a ``shared.read`` entry seen in both organizations' audit logs.
Anything else of another organization stays "not found".
"""

from __future__ import annotations

from dataclasses import dataclass

from diemtin.accounts.actor import Actor
from diemtin.accounts.agreements import Agreement, shared_items
from diemtin.accounts.shared import org_name, read_shared
from diemtin.brief import issues as issue_rows
from diemtin.brief.issues import ISSUED, Issue, IssueNotFound
from diemtin.errors import ItemNotFound
from diemtin.store.state import StateSession, one


@dataclass(frozen=True, slots=True)
class Seen:
    """A briefing as a reader sees it: ``owner_name`` and ``agreement`` are set when a
    partner shares its series."""

    issue: Issue
    owner_name: str | None = None
    agreement: Agreement | None = None

    @property
    def shared(self) -> bool:
        """Whether it belongs to a partner."""
        return self.agreement is not None


def shared_issues(session: StateSession, org_id: str) -> list[Seen]:
    """The issued briefings of every template partners share with ``org_id`` now,
    newest first (listing is not a read: nothing is audited)."""
    found: list[Seen] = []
    for template_id, agreement in shared_items(session, org_id, "brief_template"):
        rows = session.rows("SELECT id FROM brief_issues WHERE org_id = :owner AND "
                            "template_id = :tid AND status = :issued",
                            owner=agreement.offerer_org, tid=template_id, issued=ISSUED)
        owner = org_name(session, agreement.offerer_org)
        found += [Seen(issue_rows.get(session, agreement.offerer_org, row["id"]), owner,
                       agreement) for row in rows]
    return sorted(found, key=lambda seen: (seen.issue.issued_at or "", seen.issue.id),
                  reverse=True)


def open_issue(session: StateSession, actor: Actor, issue_id: str) -> Seen:
    """The briefing ``issue_id`` as ``actor`` may read it: its own organization's, or an
    issued briefing of a series a partner shares with it now (that read is audited).

    Raises:
        IssueNotFound: neither the actor's nor shared with its organization now.
    """
    try:
        return Seen(issue_rows.get(session, actor.org_id, issue_id))
    except IssueNotFound:
        pass
    row = one(session, "SELECT org_id, template_id, status FROM brief_issues WHERE id = :id",
              id=issue_id)
    if row is None or row["status"] != ISSUED or not row["template_id"]:
        raise IssueNotFound(issue_id)
    found = issue_rows.get(session, row["org_id"], issue_id)
    try:
        agreement = read_shared(session, actor, "brief_template", row["template_id"],
                                row["org_id"], detail={"issue": issue_id,
                                                       "title": found.title})
    except ItemNotFound:
        raise IssueNotFound(issue_id) from None
    return Seen(found, org_name(session, row["org_id"]), agreement)
