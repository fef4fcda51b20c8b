"""A briefing series shared under an agreement: the partner reads the template's issued
briefings while the agreement is in force (audited in both organizations), never drafts,
and nothing without an agreement or after revocation."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from diemtin.accounts import agreements as agr
from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.audit import latest
from diemtin.accounts.orgs import create_org
from diemtin.brief import briefings
from diemtin.brief import templates as tpl
from diemtin.brief.issues import IssueNotFound
from diemtin.errors import ItemNotFound
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG
from tests.brief.news import UNTIL

UNTIL_AT = datetime.fromisoformat(UNTIL)
OWNER = Actor(org_id=LOCAL_ORG, role=Role.ADMIN, via="cli")


def _partner(store: Store) -> Actor:
    made = store.transact(lambda s: create_org(s, "test", "Sở VH-TT tỉnh Lào Cai"))
    return Actor(org_id=made.id, role=Role.VIEWER, via="cli")


def _series(store: Store) -> tuple[briefings.Issue, briefings.Issue]:
    """One issued briefing of the template «sang» and one draft."""
    issued = briefings.issue(store, LOCAL_ORG,
                             briefings.build(store, LOCAL_ORG, "sang", until=UNTIL_AT).id)
    draft = briefings.build(store, LOCAL_ORG, "sang", until=UNTIL_AT)
    return issued, draft


def _share(store: Store, partner: Actor) -> agr.Agreement:
    template = store.transact(lambda s: tpl.get(s, LOCAL_ORG, "sang"))
    made = store.transact(lambda s: agr.propose(
        s, OWNER, partner.org_id, [("brief_template", template.id)], rights=agr.Rights.VIEW,
        until=date(2099, 12, 31)))
    admin = Actor(org_id=partner.org_id, role=Role.ADMIN, via="cli")
    return store.transact(lambda s: agr.accept(s, admin, made.id))


def _reads(store: Store, org: str) -> list[str]:
    found = store.transact(lambda s: latest(s, org=org))
    return [e.subject or "" for e in found if e.action == "shared.read"]


def test_partner_reads_issued_briefings_of_a_shared_series(brief_store: Store) -> None:
    partner = _partner(brief_store)
    issued, draft = _series(brief_store)
    agreement = _share(brief_store, partner)
    listed = briefings.shared_issues(brief_store, partner.org_id)
    assert [seen.issue.id for seen in listed] == [issued.id]
    assert listed[0].owner_name and listed[0].agreement == agreement
    seen = briefings.open_issue(brief_store, partner, issued.id)
    assert seen.shared and seen.agreement and seen.agreement.id == agreement.id
    assert seen.issue.title == "Điểm tin sáng"
    template_id = issued.template_id
    assert _reads(brief_store, LOCAL_ORG) == [template_id]
    assert _reads(brief_store, partner.org_id) == [template_id]
    with pytest.raises(IssueNotFound):
        briefings.open_issue(brief_store, partner, draft.id)
    with pytest.raises(IssueNotFound):  # editing stays the owner's
        briefings.get(brief_store, partner.org_id, issued.id)
    assert not briefings.open_issue(brief_store, OWNER, draft.id).shared


def test_no_agreement_or_revoked_is_not_found(brief_store: Store) -> None:
    partner = _partner(brief_store)
    issued, _ = _series(brief_store)
    with pytest.raises(IssueNotFound):
        briefings.open_issue(brief_store, partner, issued.id)
    assert briefings.shared_issues(brief_store, partner.org_id) == []
    agreement = _share(brief_store, partner)
    brief_store.transact(lambda s: agr.revoke(s, OWNER, agreement.id))
    with pytest.raises(IssueNotFound):
        briefings.open_issue(brief_store, partner, issued.id)
    assert briefings.shared_issues(brief_store, partner.org_id) == []
    assert _reads(brief_store, LOCAL_ORG) == []


def test_only_the_offerers_own_template_is_offered(brief_store: Store) -> None:
    partner = _partner(brief_store)
    with pytest.raises(ItemNotFound, match="brief template"):
        brief_store.transact(lambda s: agr.propose(
            s, OWNER, partner.org_id, [("brief_template", "tpl_khong_co")],
            rights=agr.Rights.VIEW, until=date(2099, 12, 31)))
