"""Shared collections as partners see them: marked, audited, copied under view_copy."""

from __future__ import annotations

import pytest

from diemtin.accounts import agreements as agr
from diemtin.accounts import collections as col
from diemtin.accounts import shared
from diemtin.accounts.actor import Role
from diemtin.accounts.audit import entries
from diemtin.errors import ItemNotFound, PermissionDenied
from diemtin.models import Article
from diemtin.store import Store
from tests.accounts.conftest import NAMES, ORG_A, ORG_B, ORG_C, UNTIL, actor


def _share(store: Store, news: list[Article], rights: agr.Rights) -> tuple[str, str]:
    store.upsert_articles(news[:2])
    made = store.transact(lambda s: col.create(s, ORG_A, "Thiên tai"))
    for article in news[:2]:
        store.transact(lambda s, a=article: col.put(s, ORG_A, made.id, "article", a.id, a.title,
                                                     note="Cần theo dõi"))
    proposed = store.transact(lambda s: agr.propose(
        s, actor(ORG_A), ORG_B, [("collection", made.id)], rights=rights, until=UNTIL))
    store.transact(lambda s: agr.accept(s, actor(ORG_B), proposed.id))
    return made.id, proposed.id


def test_partner_sees_shared_collection_marked_and_audited(orgs: Store,
                                                           news: list[Article]) -> None:
    collection_id, agreement_id = _share(orgs, news, agr.Rights.VIEW)
    listed = orgs.transact(lambda s: shared.visible_collections(s, ORG_B))
    assert [(v.collection.id, v.owner_name, v.shared) for v in listed] == [
        (collection_id, NAMES[ORG_A], True)]
    viewer = actor(ORG_B, Role.VIEWER, "xem@dienbien.gov.vn")
    seen = orgs.transact(lambda s: shared.open_collection(s, viewer, collection_id))
    assert len(seen.collection.items) == 2 and seen.to_dict()["owner"] == NAMES[ORG_A]
    reads = [e for e in orgs.transact(lambda s: entries(s, org=ORG_A))
             if e.action == "shared.read"]
    assert [(e.actor, e.org, e.partner_org, e.subject, e.agreement) for e in reads] == [
        ("xem@dienbien.gov.vn", ORG_B, ORG_A, collection_id, agreement_id)]
    # the owner's own reads are not audited as shared reads
    orgs.transact(lambda s: shared.open_collection(s, actor(ORG_A), collection_id))
    assert len([e for e in orgs.transact(lambda s: entries(s)) if e.action == "shared.read"]) == 1


def test_shared_collection_invisible_without_agreement_and_after_revocation(
        orgs: Store, news: list[Article]) -> None:
    collection_id, agreement_id = _share(orgs, news, agr.Rights.VIEW)
    with pytest.raises(col.CollectionNotFound):
        orgs.transact(lambda s: shared.open_collection(s, actor(ORG_C), collection_id))
    assert orgs.transact(lambda s: shared.visible_collections(s, ORG_C)) == []
    orgs.transact(lambda s: agr.revoke(s, actor(ORG_A), agreement_id))
    with pytest.raises(col.CollectionNotFound):
        orgs.transact(lambda s: shared.open_collection(s, actor(ORG_B), collection_id))
    assert orgs.transact(lambda s: shared.visible_collections(s, ORG_B)) == []


def test_copy_needs_view_copy_rights(orgs: Store, news: list[Article]) -> None:
    collection_id, _ = _share(orgs, news, agr.Rights.VIEW)
    with pytest.raises(PermissionDenied, match="view only"):
        orgs.transact(lambda s: shared.copy_collection(s, actor(ORG_B, Role.EDITOR),
                                                       collection_id))
    assert orgs.transact(lambda s: col.list_owned(s, ORG_B)) == []


def test_copy_under_view_copy_is_audited(orgs: Store, news: list[Article]) -> None:
    collection_id, agreement_id = _share(orgs, news, agr.Rights.VIEW_COPY)
    with pytest.raises(PermissionDenied):
        orgs.transact(lambda s: shared.copy_collection(s, actor(ORG_B, Role.VIEWER),
                                                       collection_id))
    copy = orgs.transact(lambda s: shared.copy_collection(s, actor(ORG_B, Role.EDITOR),
                                                          collection_id, name="Bản sao"))
    assert copy.org_id == ORG_B and [i.ref_id for i in copy.items] == [a.id for a in news[:2]]
    copied = [e for e in orgs.transact(lambda s: entries(s, org=ORG_A))
              if e.action == "shared.copied"]
    assert len(copied) == 1 and copied[0].agreement == agreement_id
    assert copied[0].detail["copy"] == copy.id


def test_read_shared_checks_and_audits_any_kind(orgs: Store) -> None:
    tsang = _template(orgs, ORG_A, "tsang")
    proposed = orgs.transact(lambda s: agr.propose(
        s, actor(ORG_A), ORG_B, [("brief_template", tsang)], rights=agr.Rights.VIEW,
        until=UNTIL))
    reader = actor(ORG_B, Role.VIEWER, "doc@dienbien.gov.vn")
    with pytest.raises(ItemNotFound):  # proposed, not yet in force
        orgs.transact(lambda s: shared.read_shared(s, reader, "brief_template", tsang, ORG_A))
    orgs.transact(lambda s: agr.accept(s, actor(ORG_B), proposed.id))
    found = orgs.transact(lambda s: shared.read_shared(s, reader, "brief_template", tsang,
                                                       ORG_A, detail={"issue": "bi_1"}))
    assert found is not None and found.id == proposed.id
    assert orgs.transact(lambda s: shared.read_shared(s, actor(ORG_A), "brief_template",
                                                      tsang, ORG_A)) is None
    with pytest.raises(ItemNotFound):  # the wrong owner named
        orgs.transact(lambda s: shared.read_shared(s, reader, "brief_template", tsang, ORG_C))
    reads = [e for e in orgs.transact(lambda s: entries(s, org=ORG_A))
             if e.action == "shared.read"]
    assert [(e.actor, e.subject, e.detail) for e in reads] == [
        ("doc@dienbien.gov.vn", tsang, {"kind": "brief_template", "issue": "bi_1"})]


def _template(store: Store, org: str, name: str) -> str:
    """A real briefing template of ``org`` (an agreement offers only its own)."""
    from diemtin.brief import templates as tpl

    made = store.transact(lambda s: tpl.add(s, org, name, title="Điểm tin sáng", period="24h",
                                            sections=(tpl.Section("Thiên tai", query="bão"),)))
    return made.id
