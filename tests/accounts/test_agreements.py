"""Agreements between organizations: lifecycle, rights, audit on both sides."""

from __future__ import annotations

from datetime import date

import pytest

from diemtin.accounts import agreements as agr
from diemtin.accounts import collections as col
from diemtin.accounts.actor import Role
from diemtin.accounts.audit import entries
from diemtin.errors import InputError, ItemNotFound, PermissionDenied
from diemtin.store import Store
from tests.accounts.conftest import ORG_A, ORG_B, ORG_C, UNTIL, actor


def _offer(store: Store, rights: agr.Rights = agr.Rights.VIEW) -> tuple[str, agr.Agreement]:
    made = store.transact(lambda s: col.create(s, ORG_A, "Tin Lào Cai"))
    proposed = store.transact(lambda s: agr.propose(
        s, actor(ORG_A), ORG_B, [("collection", made.id)], rights=rights, until=UNTIL,
        note="Công văn 12/CV-STTTT"))
    return made.id, proposed


def test_agreement_in_force_only_after_partner_accepts(orgs: Store) -> None:
    collection_id, proposed = _offer(orgs)
    assert proposed.state is agr.State.PROPOSED
    assert orgs.transact(lambda s: agr.in_force(s, ORG_B, "collection", collection_id)) is None
    with pytest.raises(PermissionDenied, match="partner"):
        orgs.transact(lambda s: agr.accept(s, actor(ORG_A), proposed.id))
    with pytest.raises(PermissionDenied):
        orgs.transact(lambda s: agr.accept(s, actor(ORG_B, Role.EDITOR), proposed.id))
    accepted = orgs.transact(lambda s: agr.accept(s, actor(ORG_B), proposed.id))
    assert accepted.state is agr.State.ACCEPTED and accepted.in_force()
    found = orgs.transact(lambda s: agr.in_force(s, ORG_B, "collection", collection_id))
    assert found is not None and found.id == proposed.id
    assert orgs.transact(lambda s: agr.in_force(s, ORG_C, "collection", collection_id)) is None
    with pytest.raises(InputError, match="not proposed"):
        orgs.transact(lambda s: agr.accept(s, actor(ORG_B), proposed.id))


@pytest.mark.parametrize("side", [ORG_A, ORG_B])
def test_agreement_revoked_by_either_side_at_once(orgs: Store, side: str) -> None:
    collection_id, proposed = _offer(orgs)
    orgs.transact(lambda s: agr.accept(s, actor(ORG_B), proposed.id))
    revoked = orgs.transact(lambda s: agr.revoke(s, actor(side), proposed.id))
    assert revoked.state is agr.State.REVOKED and revoked.revoked_org == side
    assert orgs.transact(lambda s: agr.in_force(s, ORG_B, "collection", collection_id)) is None
    with pytest.raises(agr.AgreementNotFound):
        orgs.transact(lambda s: agr.revoke(s, actor(ORG_C), proposed.id))


def test_agreement_changes_are_in_both_orgs_audit(orgs: Store) -> None:
    _, proposed = _offer(orgs)
    orgs.transact(lambda s: agr.accept(s, actor(ORG_B), proposed.id))
    orgs.transact(lambda s: agr.revoke(s, actor(ORG_B), proposed.id))
    expected = ["agreement.proposed", "agreement.accepted", "agreement.revoked"]
    for org in (ORG_A, ORG_B):
        seen = orgs.transact(lambda s, o=org: entries(s, org=o))
        assert [e.action for e in seen] == expected
        assert all(e.agreement == proposed.id for e in seen)
    assert orgs.transact(lambda s: entries(s, org=ORG_C)) == []


def test_agreement_period_bounds(orgs: Store) -> None:
    made = orgs.transact(lambda s: col.create(s, ORG_A, "Kỳ hạn"))
    proposed = orgs.transact(lambda s: agr.propose(
        s, actor(ORG_A), ORG_B, [("collection", made.id)], rights=agr.Rights.VIEW,
        starts=date(2030, 1, 1), until=date(2030, 1, 31)))
    orgs.transact(lambda s: agr.accept(s, actor(ORG_B), proposed.id))
    def at(moment: str) -> agr.Agreement | None:
        return orgs.transact(lambda s: agr.in_force(s, ORG_B, "collection", made.id, moment))
    assert at("2029-12-31T23:59:59.000000Z") is None
    assert at("2030-01-01T00:00:00.000000Z") is not None
    assert at("2030-01-31T23:59:59.000000Z") is not None
    assert at("2030-02-01T00:00:00.000000Z") is None


def test_agreement_offers_only_the_offerers_items(orgs: Store) -> None:
    theirs = orgs.transact(lambda s: col.create(s, ORG_B, "Của Điện Biên"))
    with pytest.raises(ItemNotFound):
        orgs.transact(lambda s: agr.propose(s, actor(ORG_A), ORG_B, [("collection", theirs.id)],
                                            rights=agr.Rights.VIEW, until=UNTIL))
    with pytest.raises(InputError, match="at least one"):
        orgs.transact(lambda s: agr.propose(s, actor(ORG_A), ORG_B, [],
                                            rights=agr.Rights.VIEW, until=UNTIL))
    with pytest.raises(InputError, match="before"):
        orgs.transact(lambda s: agr.propose(s, actor(ORG_A), ORG_B, [("brief_template", "x")],
                                            rights=agr.Rights.VIEW, until=date(2000, 1, 1)))
    with pytest.raises(PermissionDenied):
        orgs.transact(lambda s: agr.propose(s, actor(ORG_A, Role.EDITOR), ORG_B,
                                            [("brief_template", "x")], rights=agr.Rights.VIEW,
                                            until=UNTIL))
    assert orgs.transact(lambda s: agr.list_for(s, ORG_A)) == []


def test_shared_items_lists_partner_briefing_templates(orgs: Store) -> None:
    t1, t2 = _template(orgs, ORG_A, "t1"), _template(orgs, ORG_A, "t2")
    proposed = orgs.transact(lambda s: agr.propose(
        s, actor(ORG_A), ORG_B, [("brief_template", t1), ("brief_template", t2)],
        rights=agr.Rights.VIEW, until=UNTIL))
    assert orgs.transact(lambda s: agr.shared_items(s, ORG_B, "brief_template")) == []
    orgs.transact(lambda s: agr.accept(s, actor(ORG_B), proposed.id))
    shared = orgs.transact(lambda s: agr.shared_items(s, ORG_B, "brief_template"))
    assert [(item, a.id) for item, a in shared] == sorted([(t1, proposed.id),
                                                            (t2, proposed.id)])
    assert orgs.transact(lambda s: agr.shared_items(s, ORG_A, "brief_template")) == []


def _template(store: Store, org: str, name: str) -> str:
    """A real briefing template of ``org`` (an agreement offers only its own)."""
    from diemtin.brief import templates as tpl

    made = store.transact(lambda s: tpl.add(s, org, name, title="Điểm tin sáng", period="24h",
                                            sections=(tpl.Section("Thiên tai", query="bão"),)))
    return made.id
