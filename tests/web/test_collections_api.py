"""``/api/v1/collections``, ``/api/v1/agreements`` and ``/api/v1/shared``: roles, IDOR,
partners' view, audit and remote tokens."""

from __future__ import annotations

from typing import Any

from diemtin.accounts.actor import Role
from diemtin.accounts.audit import entries
from diemtin.models import Article
from diemtin.store import Store
from tests.accounts.conftest import NAMES, ORG_A, ORG_B, ORG_C, orgs
from tests.web.sharing import client_as

__all__ = ["orgs"]


def _shared_collection(store: Store, news: list[Article], rights: str = "view"
                       ) -> tuple[str, str]:
    store.upsert_articles(news)
    admin_a = client_as(store, ORG_A)
    made = admin_a.post("/api/v1/collections", json={"name": "Thiên tai miền núi"})
    assert made.status_code == 201, made.text
    collection_id = made.json()["id"]
    for article in news[:2]:
        put = admin_a.post(f"/api/v1/collections/{collection_id}/items",
                           json={"id": article.id, "note": "Theo dõi sát"})
        assert put.status_code == 200, put.text
    proposed = admin_a.post("/api/v1/agreements", json={
        "partner": NAMES[ORG_B], "items": [{"kind": "collection", "id": collection_id}],
        "rights": rights, "until": "2099-12-31"})
    assert proposed.status_code == 201, proposed.text
    agreement_id = proposed.json()["id"]
    accepted = client_as(store, ORG_B).post(f"/api/v1/agreements/{agreement_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["in_force"]
    return collection_id, agreement_id


def test_api_collections_roles(orgs: Store, news: list[Article]) -> None:
    orgs.upsert_articles(news[:1])
    viewer = client_as(orgs, ORG_A, Role.VIEWER)
    refused = viewer.post("/api/v1/collections", json={"name": "Không được"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    made = client_as(orgs, ORG_A, Role.EDITOR).post("/api/v1/collections", json={"name": "Bão"})
    assert made.status_code == 201
    assert viewer.get(f"/api/v1/collections/{made.json()['id']}").status_code == 200
    assert viewer.get("/api/v1/agreements").status_code == 403


def test_api_collection_ids_of_another_org_are_404(orgs: Store, news: list[Article]) -> None:
    orgs.upsert_articles(news[:1])
    made = client_as(orgs, ORG_A).post("/api/v1/collections", json={"name": "Riêng"}).json()
    other = client_as(orgs, ORG_C)
    for method, path, body in (
            ("GET", f"/api/v1/collections/{made['id']}", None),
            ("DELETE", f"/api/v1/collections/{made['id']}", None),
            ("POST", f"/api/v1/collections/{made['id']}/items", {"id": news[0].id}),
            ("POST", f"/api/v1/collections/{made['id']}/copy", {})):
        answer = other.request(method, path, json=body)
        assert answer.status_code == 404, (method, path)
        assert answer.json()["error"]["code"] == "not_found"
    assert other.get("/api/v1/collections").json() == []


def test_api_partner_sees_marked_collection_and_reads_are_audited(
        orgs: Store, news: list[Article]) -> None:
    collection_id, agreement_id = _shared_collection(orgs, news)
    viewer_b = client_as(orgs, ORG_B, Role.VIEWER, "xem@dienbien.gov.vn")
    listed = viewer_b.get("/api/v1/collections").json()
    assert [(c["id"], c["owner"], c["shared"]) for c in listed] == [
        (collection_id, NAMES[ORG_A], True)]
    one = viewer_b.get(f"/api/v1/collections/{collection_id}")
    assert one.status_code == 200 and len(one.json()["items"]) == 2
    refused = client_as(orgs, ORG_B, Role.EDITOR).post(f"/api/v1/collections/{collection_id}/copy",
                                                       json={})
    assert refused.status_code == 403
    reads = [e for e in orgs.transact(lambda s: entries(s, org=ORG_A))
             if e.action == "shared.read"]
    assert reads and reads[0].actor == "xem@dienbien.gov.vn"
    assert reads[0].agreement == agreement_id and reads[0].org == ORG_B
    revoked = client_as(orgs, ORG_A).post(f"/api/v1/agreements/{agreement_id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert viewer_b.get(f"/api/v1/collections/{collection_id}").status_code == 404
    assert viewer_b.get("/api/v1/collections").json() == []


def test_api_copy_under_view_copy(orgs: Store, news: list[Article]) -> None:
    collection_id, _ = _shared_collection(orgs, news, "view_copy")
    editor_b = client_as(orgs, ORG_B, Role.EDITOR)
    copied = editor_b.post(f"/api/v1/collections/{collection_id}/copy", json={"name": "Bản sao"})
    assert copied.status_code == 201 and copied.json()["org"] == ORG_B
    assert len(copied.json()["items"]) == 2


def _bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def test_api_shared_routes_need_a_remote_token(orgs: Store, news: list[Article]) -> None:
    collection_id, agreement_id = _shared_collection(orgs, news)
    anyone = client_as(orgs, ORG_C)
    assert anyone.get("/api/v1/shared/collections").status_code == 401
    wrong = anyone.get("/api/v1/shared/collections", headers=_bearer("dt_doan-bua"))
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    refused = client_as(orgs, ORG_B).post(f"/api/v1/agreements/{agreement_id}/tokens")
    assert refused.status_code == 403  # only the offerer issues tokens
    issued = client_as(orgs, ORG_A).post(f"/api/v1/agreements/{agreement_id}/tokens").json()
    listing: dict[str, Any] = anyone.get("/api/v1/shared/collections",
                                         headers=_bearer(issued["token"])).json()
    assert [c["id"] for c in listing["collections"]] == [collection_id]
    full = anyone.get(f"/api/v1/shared/collections/{collection_id}",
                      headers=_bearer(issued["token"])).json()
    assert {a["id"] for a in full["articles"]} == {a.id for a in news[:2]}
    assert full["articles"][0]["body"]
    other = client_as(orgs, ORG_A).post("/api/v1/collections", json={"name": "Khác"}).json()
    assert anyone.get(f"/api/v1/shared/collections/{other['id']}",
                      headers=_bearer(issued["token"])).status_code == 404
    client_as(orgs, ORG_B).post(f"/api/v1/agreements/{agreement_id}/revoke")
    after = anyone.get("/api/v1/shared/collections", headers=_bearer(issued["token"]))
    assert after.status_code == 401  # revoking the agreement revoked its tokens


def test_api_remote_token_of_an_agreement_not_in_force_is_403(orgs: Store) -> None:
    admin_a = client_as(orgs, ORG_A)
    made = admin_a.post("/api/v1/collections", json={"name": "Chờ duyệt"}).json()
    proposed = admin_a.post("/api/v1/agreements", json={
        "partner": ORG_B, "items": [{"kind": "collection", "id": made["id"]}],
        "until": "2099-12-31"}).json()
    issued = admin_a.post(f"/api/v1/agreements/{proposed['id']}/tokens").json()
    assert issued["scope"] == "remote" and issued["expires_at"].startswith("2100-01-01")
    early = client_as(orgs, ORG_C).get("/api/v1/shared/collections",
                                       headers=_bearer(issued["token"]))
    assert early.status_code == 403
    assert early.json()["error"]["code"] == "agreement_not_in_force"
    client_as(orgs, ORG_B).post(f"/api/v1/agreements/{proposed['id']}/accept")
    assert client_as(orgs, ORG_C).get("/api/v1/shared/collections", headers=_bearer(
        issued["token"])).status_code == 200
