"""Collections of an organization, on every backend."""

from __future__ import annotations

import pytest

from diemtin.accounts import collections as col
from diemtin.errors import InputError, ItemNotFound
from diemtin.models import Article
from diemtin.store import Store
from tests.accounts.conftest import ORG_A, ORG_B


def test_collection_put_keeps_order_notes_and_titles(orgs: Store, news: list[Article]) -> None:
    orgs.upsert_articles(news)
    orgs.transact(lambda s: col.create(s, ORG_A, "  Mưa   lũ miền núi ", description="Theo dõi"))
    for article in news[:3]:
        kind, title = col.resolve_ref(orgs, article.id)
        orgs.transact(lambda s, a=article, k=kind, t=title: col.put(
            s, ORG_A, "Mưa lũ miền núi", k, a.id, t, note="Đáng chú ý", added_by="bt@a.vn"))
    orgs.transact(lambda s: col.put(s, ORG_A, "Mưa lũ miền núi", "article", news[0].id,
                                    news[0].title, note="Ghi chú mới"))
    found = orgs.transact(lambda s: col.get_owned(s, ORG_A, "Mưa lũ miền núi"))
    assert [item.ref_id for item in found.items] == [a.id for a in news[:3]]
    assert [item.position for item in found.items] == [1, 2, 3]
    assert found.items[0].note == "Ghi chú mới" and found.items[1].note == "Đáng chú ý"
    assert found.items[0].title == news[0].title and found.items[0].kind == "article"
    dropped = orgs.transact(lambda s: col.drop(s, ORG_A, found.id, news[1].id))
    assert [item.ref_id for item in dropped.items] == [news[0].id, news[2].id]


def test_collection_names_are_unique_per_org_only(orgs: Store) -> None:
    orgs.transact(lambda s: col.create(s, ORG_A, "Bão số 12"))
    with pytest.raises(InputError, match="exists"):
        orgs.transact(lambda s: col.create(s, ORG_A, "Bão số 12"))
    orgs.transact(lambda s: col.create(s, ORG_B, "Bão số 12"))
    with pytest.raises(InputError):
        orgs.transact(lambda s: col.create(s, ORG_A, "   "))


def test_collection_of_another_org_is_not_found(orgs: Store) -> None:
    made = orgs.transact(lambda s: col.create(s, ORG_A, "Riêng tư"))
    for key in (made.id, "Riêng tư"):
        with pytest.raises(col.CollectionNotFound):
            orgs.transact(lambda s, k=key: col.get_owned(s, ORG_B, k))
        with pytest.raises(col.CollectionNotFound):
            orgs.transact(lambda s, k=key: col.remove(s, ORG_B, k))
    assert orgs.transact(lambda s: col.list_owned(s, ORG_B)) == []


def test_resolve_ref_refuses_unknown_ids(orgs: Store) -> None:
    with pytest.raises(ItemNotFound, match="article or story"):
        col.resolve_ref(orgs, "khong-co")


def test_collection_remove_deletes_items(orgs: Store, news: list[Article]) -> None:
    orgs.upsert_articles(news[:1])
    orgs.transact(lambda s: col.create(s, ORG_A, "Tạm"))
    orgs.transact(lambda s: col.put(s, ORG_A, "Tạm", "article", news[0].id, news[0].title))
    orgs.transact(lambda s: col.remove(s, ORG_A, "Tạm"))
    assert orgs.transact(lambda s: s.rows("SELECT * FROM collection_items")) == []
    with pytest.raises(col.CollectionNotFound):
        orgs.transact(lambda s: col.get_owned(s, ORG_A, "Tạm"))


def test_pulled_collection_is_read_only(orgs: Store) -> None:
    orgs.transact(lambda s: s.run(
        "INSERT INTO remotes VALUES ('rm_1', :org, 'lao-cai', 'http://127.0.0.1:1', 't', "
        "'2026-01-01T00:00:00.000000Z', NULL, NULL)", org=ORG_B))
    orgs.transact(lambda s: col.create(s, ORG_B, "Kéo về", remote=("rm_1", "col_x", "agr_x")))
    with pytest.raises(InputError, match="read-only"):
        orgs.transact(lambda s: col.put(s, ORG_B, "Kéo về", "article", "a1", "Tin"))
