"""A briefing series shared with a partner on the web: real logged-in users of the
partner see the owner's issued briefings (page, API, render) while the agreement is in
force, never drafts, never the editor; nothing without an agreement or after revocation;
every read is in both organizations' audit logs."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from diemtin.accounts.actor import Role
from diemtin.accounts.audit import AuditEntry, latest
from diemtin.accounts.orgs import create_org
from diemtin.brief import briefings
from diemtin.brief import templates as tpl
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG
from tests.brief.news import UNTIL, fill
from tests.web.sharing import client_as

PARTNER = "Sở Du lịch tỉnh Lào Cai"


def _world(store: Store) -> tuple[str, str, str]:
    """The partner org, an issued briefing of «sang» and a draft of it."""
    fill(store)
    partner = store.transact(lambda s: create_org(s, "test", PARTNER)).id
    until = datetime.fromisoformat(UNTIL)
    issued = briefings.build(store, LOCAL_ORG, "sang", until=until)
    briefings.issue(store, LOCAL_ORG, issued.id)
    draft = briefings.build(store, LOCAL_ORG, "sang", until=until)
    return partner, issued.id, draft.id


def _propose_on_page(store: Store, partner: str) -> str:
    owner = client_as(store, LOCAL_ORG, Role.ADMIN)
    page = owner.get("/admin/agreements")
    template = store.transact(lambda s: tpl.get(s, LOCAL_ORG, "sang"))
    assert f'name="brief_template" value="{template.id}"' in page.text
    sent = owner.post("/admin/agreements", data={
        "partner": partner, "brief_template": template.id, "rights": "view",
        "until": "2099-12-31"})
    assert sent.status_code == 303
    listed = owner.get("/api/v1/agreements").json()
    return str(listed[0]["id"])


def _status(client: TestClient, issue_id: str) -> list[int]:
    return [client.get(url).status_code for url in (
        f"/briefings/{issue_id}", f"/api/v1/briefings/{issue_id}",
        f"/api/v1/briefings/{issue_id}/render?format=text")]


def _reads(store: Store, org: str) -> list[AuditEntry]:
    found = store.transact(lambda s: latest(s, org=org))
    return [entry for entry in found if entry.action == "shared.read"]


def test_partner_sees_shared_series_until_revoked(store: Store) -> None:
    partner, issued, draft = _world(store)
    viewer = client_as(store, partner, Role.VIEWER)
    assert _status(viewer, issued) == [404, 404, 404]
    assert "Chia sẻ bởi" not in viewer.get("/briefings").text
    agreement = _propose_on_page(store, partner)
    admin_b = client_as(store, partner, Role.ADMIN)
    assert admin_b.post(f"/admin/agreements/{agreement}/accept").status_code == 303

    archive = viewer.get("/briefings").text
    assert "Chia sẻ bởi" in archive and f"/briefings/{issued}" in archive
    assert f"/briefings/{draft}" not in archive
    assert _status(viewer, issued) == [200, 200, 200]
    page = viewer.get(f"/briefings/{issued}").text
    assert "Điểm tin sáng" in page and "chỉ đọc" in page and "/edit" not in page
    shared = [b for b in viewer.get("/api/v1/briefings").json() if b.get("shared_by")]
    assert [b["id"] for b in shared] == [issued]
    assert viewer.get(f"/api/v1/briefings/{issued}").json()["shared_by"]
    assert _status(viewer, draft) == [404, 404, 404]

    editor_b = client_as(store, partner, Role.EDITOR)
    assert editor_b.get(f"/briefings/{issued}/edit").status_code == 404
    assert editor_b.post(f"/api/v1/briefings/{draft}/issue").status_code == 404
    assert editor_b.post(f"/api/v1/briefings/{issued}/edit",
                         json={"op": "issue_note", "text": "Sửa thử"}).status_code == 404

    reads = {org: _reads(store, org) for org in (LOCAL_ORG, partner)}
    assert len(reads[LOCAL_ORG]) == len(reads[partner]) == 5  # 3 + page + API
    assert all(e.detail.get("issue") == issued for e in reads[partner])

    owner = client_as(store, LOCAL_ORG, Role.ADMIN)
    assert owner.post(f"/admin/agreements/{agreement}/revoke").status_code == 303
    assert _status(viewer, issued) == [404, 404, 404]
    assert "Chia sẻ bởi" not in viewer.get("/briefings").text
    assert not [b for b in viewer.get("/api/v1/briefings").json() if b.get("shared_by")]
