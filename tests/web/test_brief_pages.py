"""Saved searches, alerts and the outbox over HTTP: the API, the pages and the feed."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from diemtin.store import Store, open_store
from diemtin.web import create_app
from tests.web.accounts_world import build_world, csrf_of

LOCAL = "http://127.0.0.1:8000"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def client(filled_store: Store) -> TestClient:
    """The single local user, holding the double-submit CSRF cookie a browser would."""
    client = TestClient(create_app(filled_store), base_url=LOCAL)
    client.get("/")
    client.headers["x-csrf-token"] = client.cookies.get("diemtin_csrf") or ""
    return client


def test_saved_search_api_round_trip(client: TestClient) -> None:
    made = client.post("/api/v1/saved-searches", json={"name": "Lào Cai", "query": "lào cai",
                                                       "outlets": ["Báo Tây Bắc"]})
    assert made.status_code == 201, made.text
    saved_id = made.json()["id"]
    assert [s["name"] for s in client.get("/api/v1/saved-searches").json()] == ["Lào Cai"]
    results = client.get(f"/api/v1/saved-searches/{saved_id}/results").json()
    assert results and all(hit["outlet"] == "Báo Tây Bắc" for hit in results)
    again = client.post("/api/v1/saved-searches", json={"name": "Lào Cai", "query": "bão"})
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid_input"
    bad = client.post("/api/v1/saved-searches", json={"name": "Hỏng", "query": '"chưa đóng'})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "query_syntax"
    changed = client.put(f"/api/v1/saved-searches/{saved_id}",
                         json={"name": "Tây Bắc", "query": "sạt lở"})
    assert changed.status_code == 200 and changed.json()["id"] == saved_id
    assert changed.json()["name"] == "Tây Bắc" and changed.json()["outlets"] == []
    assert client.delete(f"/api/v1/saved-searches/{saved_id}").status_code == 204
    missing = client.get(f"/api/v1/saved-searches/{saved_id}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_alert_api_and_outbox_listing(client: TestClient) -> None:
    client.post("/api/v1/saved-searches", json={"name": "Bão", "query": "bão"})
    rule = client.post("/api/v1/alerts", json={"saved_search": "Bão", "rule": "new_matches",
                                               "emails": ["bientap@soyte.vn"], "atom": True})
    assert rule.status_code == 201, rule.text
    assert rule.json()["destinations"] == [{"kind": "email", "target": "bientap@soyte.vn"},
                                           {"kind": "atom", "target": ""}]
    nothing = client.post("/api/v1/alerts", json={"saved_search": "Bão", "rule": "spike"})
    assert nothing.status_code == 400
    unknown = client.post("/api/v1/alerts", json={"saved_search": "Không có",
                                                  "rule": "spike", "atom": True})
    assert unknown.status_code == 404
    assert len(client.get("/api/v1/alerts").json()) == 1
    assert client.get("/api/v1/outbox").json() == []
    assert client.delete(f"/api/v1/alerts/{rule.json()['id']}").status_code == 204
    assert client.delete(f"/api/v1/alerts/{rule.json()['id']}").status_code == 404


def test_viewer_cannot_change_anything() -> None:
    with open_store(":memory:") as store:
        world = build_world(store)
        viewer = world.client_as("xem@so-a.vn")
        token = csrf_of(viewer, "/saved")
        denied = viewer.post("/api/v1/saved-searches", json={"name": "X", "query": "bão"},
                             headers={"x-csrf-token": token})
        assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"
        assert viewer.get("/api/v1/saved-searches").status_code == 200
        page = viewer.post("/saved", data={"name": "X", "query": "bão", "csrf_token": token})
        assert page.status_code == 403
        editor = world.client_as("bientap@so-a.vn")
        token = csrf_of(editor, "/saved")
        made = editor.post("/saved", data={"name": "X", "query": "bão", "csrf_token": token})
        assert made.status_code == 303
        assert [s["name"] for s in editor.get("/api/v1/saved-searches").json()] == ["X"]


def test_pages_create_run_and_delete(client: TestClient) -> None:
    search = client.get("/", params={"q": "sạt lở"})
    assert "Lưu tìm kiếm" in search.text and 'action="/saved"' in search.text
    prefilled = client.get("/saved", params={"q": "sạt lở"})
    assert 'value="sạt lở"' in prefilled.text
    made = client.post("/saved", data={"name": "Sạt lở", "query": "sạt lở",
                                       "outlets": "Báo Tây Bắc"}, follow_redirects=False)
    assert made.status_code == 303
    page = client.get("/saved")
    assert "Sạt lở" in page.text and "/?q=" in page.text and "atom.xml" in page.text
    bad = client.post("/saved", data={"name": "Hỏng", "query": '"chưa đóng'})
    assert bad.status_code == 400 and "Truy vấn chưa đúng" in bad.text
    alerts = client.get("/alerts")
    assert "Thêm cảnh báo" in alerts.text
    saved_id = client.get("/api/v1/saved-searches").json()[0]["id"]
    added = client.post("/alerts", data={"saved": saved_id, "rule": "new_matches",
                                         "emails": "a@soyte.vn, b@soyte.vn"},
                        follow_redirects=False)
    assert added.status_code == 303
    assert "a@soyte.vn" in client.get("/alerts").text
    foreign = client.post(f"/saved/{saved_id}/delete", headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403
    gone = client.post(f"/saved/{saved_id}/delete", follow_redirects=False)
    assert gone.status_code == 303
    assert client.get("/api/v1/alerts").json() == []  # the rule went with its search


def test_atom_feed_is_valid_and_vietnamese(client: TestClient) -> None:
    made = client.post("/api/v1/saved-searches", json={"name": "Lào Cai", "query": "lào cai"})
    response = client.get(f"/saved/{made.json()['id']}/atom.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Điểm tin — Lào Cai"
    for required in ("id", "updated"):
        assert root.findtext(f"{ATOM}{required}")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert "Đảng ủy tỉnh Lào Cai tổng kết công tác tuyên giáo" in titles
    links = [link.get("href") for link in entries[0].findall(f"{ATOM}link")]
    assert any(href and href.startswith("https://baotaybac.vn/") for href in links)
    assert all(entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
               for entry in entries)
    assert client.get("/saved/ss_khong/atom.xml").status_code == 404
