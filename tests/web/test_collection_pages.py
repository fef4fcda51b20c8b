"""Pages of collections and agreements: forms, partners' marks, roles, audit."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from diemtin.accounts.actor import Role
from diemtin.accounts.audit import entries
from diemtin.models import Article
from diemtin.store import Store
from tests.accounts.conftest import NAMES, ORG_A, ORG_B, ORG_C, orgs
from tests.web.sharing import client_as

__all__ = ["orgs"]
FORM = re.compile(r"<form[^>]*>", re.S)


def _location(answer: object) -> str:
    return str(answer.headers["location"])  # type: ignore[attr-defined]


def test_pages_create_fill_and_share_a_collection(orgs: Store, news: list[Article]) -> None:
    orgs.upsert_articles(news)
    admin_a = client_as(orgs, ORG_A)
    made = admin_a.post("/collections", data={"name": "Mưa lũ Tây Bắc", "description": "Mùa mưa"})
    assert made.status_code == 303
    collection_path = _location(made)
    article_page = admin_a.get(f"/articles/{news[0].id}").text
    assert "Thêm vào bộ sưu tập" in article_page and "Mưa lũ Tây Bắc" in article_page
    added = admin_a.post(f"{collection_path}/items", data={"item": news[0].id,
                                                          "note": "Sạt lở nghiêm trọng"})
    assert added.status_code == 303
    page = admin_a.get(collection_path).text
    assert news[0].title in page and "Sạt lở nghiêm trọng" in page
    collection_id = collection_path.rsplit("/", 1)[1]
    form = urlencode([("partner", ORG_B), ("collection", collection_id), ("rights", "view"),
                      ("until", "2099-12-31"), ("note", "Công văn 15/CV")])
    proposed = admin_a.post("/admin/agreements", content=form, headers={
        "content-type": "application/x-www-form-urlencoded"})
    assert proposed.status_code == 303
    admin_b = client_as(orgs, ORG_B)
    listing = admin_b.get("/admin/agreements").text
    assert "Chấp nhận" in listing and "chờ đối tác chấp nhận" in listing
    assert "Mưa lũ Tây Bắc" not in listing  # a partner's item names show once in force
    agreement_id = re.search(r"agr_[0-9a-f]+", listing).group(0)  # type: ignore[union-attr]
    assert admin_b.post(f"/admin/agreements/{agreement_id}/accept").status_code == 303
    assert "Mưa lũ Tây Bắc" in admin_b.get("/admin/agreements").text
    viewer_b = client_as(orgs, ORG_B, Role.VIEWER, "xem@dienbien.gov.vn")
    shared_list = viewer_b.get("/collections").text
    assert f"Chia sẻ bởi {NAMES[ORG_A]}" in shared_list
    shared_page = viewer_b.get(collection_path)
    assert shared_page.status_code == 200 and f"Chia sẻ bởi {NAMES[ORG_A]}" in shared_page.text
    assert "Bỏ khỏi bộ sưu tập" not in shared_page.text
    assert client_as(orgs, ORG_C).get(collection_path).status_code == 404
    token_page = admin_a.post(f"/admin/agreements/{agreement_id}/token").text
    assert re.search(r"dt_tok_[0-9a-f]{16}_[0-9a-f]{64}", token_page)
    assert admin_b.post(f"/admin/agreements/{agreement_id}/revoke").status_code == 303
    assert viewer_b.get(collection_path).status_code == 404
    actions = [e.action for e in orgs.transact(lambda s: entries(s, org=ORG_B))
               if e.action.startswith(("agreement.", "shared."))]
    assert actions == ["agreement.proposed", "agreement.accepted", "shared.read",
                       "agreement.revoked"]


def test_pages_state_changing_forms_are_post_with_csrf(orgs: Store, news: list[Article]) -> None:
    orgs.upsert_articles(news)
    admin_a = client_as(orgs, ORG_A)
    path = _location(admin_a.post("/collections", data={"name": "Kiểm tra"}))
    admin_a.post(f"{path}/items", data={"item": news[0].id})
    token = "csrf-kiem-tra"
    app = admin_a.app  # type: ignore[attr-defined]
    app.state.templates.env.globals["csrf_input"] = (
        lambda request: f'<input type="hidden" name="csrf" value="{token}">')
    for page in ("/collections", path, f"/articles/{news[0].id}", "/admin/agreements"):
        html = admin_a.get(page).text
        for form in re.findall(r"<form.*?</form>", html, re.S):
            if 'method="get"' in form:
                continue
            assert 'method="post"' in form and token in form, (page, form[:120])


def test_pages_roles(orgs: Store, news: list[Article]) -> None:
    orgs.upsert_articles(news)
    viewer = client_as(orgs, ORG_A, Role.VIEWER)
    assert viewer.get("/admin/agreements").status_code == 403
    assert viewer.post("/collections", data={"name": "X"}).status_code == 403
    assert "Tạo bộ sưu tập" not in viewer.get("/collections").text
    assert "Thêm vào bộ sưu tập" not in viewer.get(f"/articles/{news[0].id}").text
    bad = client_as(orgs, ORG_A).post("/collections", data={"name": "  "})
    assert bad.status_code == 400 and "Traceback" not in bad.text
