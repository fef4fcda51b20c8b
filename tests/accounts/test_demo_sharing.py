"""The demo's sharing example: two offices, a collection, accepted agreements."""

from __future__ import annotations

from diemtin.accounts import demo_sharing, shared
from diemtin.accounts.agreements import list_for
from diemtin.accounts.orgs import get_org
from diemtin.models import Article
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG


def test_seed_demo_shares_a_collection_once(store: Store, news: list[Article]) -> None:
    assert demo_sharing.seed_demo(store) is None  # nothing to share in an empty store
    store.upsert_articles(news)
    agreement_id = demo_sharing.seed_demo(store)
    assert agreement_id is not None
    assert demo_sharing.seed_demo(store) is None  # idempotent
    org_b = store.transact(lambda s: get_org(s, demo_sharing.ORG_B)).id
    for org in (org_b, LOCAL_ORG):
        seen = store.transact(lambda s, o=org: shared.visible_collections(s, o))
        assert [(v.collection.name, v.owner_name) for v in seen] == [
            (demo_sharing.COLLECTION, demo_sharing.ORG_A)]
        assert len(seen[0].collection.items) == min(len(news), demo_sharing.DEMO_ARTICLES)
    agreements = store.transact(lambda s: list_for(s, org_b))
    assert [a.id for a in agreements] == [agreement_id] and agreements[0].in_force()
    names = store.transact(lambda s: s.rows("SELECT name FROM organizations"))
    assert len(names) == 3  # local, A and B: no user, so no login
