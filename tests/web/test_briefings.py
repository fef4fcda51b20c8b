"""Briefings on the web: the API (templates, build, edit, issue, render) and the pages
(archive, briefing, editor), then a browser journey: build → edit (reorder, drop, add,
note) → issue → view."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient

from diemtin.store import Store, open_store
from diemtin.web import create_app
from tests.brief.news import UNTIL, fill
from tests.web.browsing import LiveSite, OffsiteLog, new_context, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture
def client(store: Store) -> TestClient:
    return TestClient(create_app(fill(store)), base_url=LOCAL)


def _post(client: TestClient, url: str, **kwargs: Any) -> Any:
    """A POST with the double-submit CSRF header a browser script would send."""
    token = client.cookies.get("diemtin_csrf")
    return client.post(url, headers={"x-csrf-token": token} if token else {}, **kwargs)


def _csrf(page_text: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page_text)
    return found.group(1) if found else ""


def _build(client: TestClient) -> dict[str, Any]:
    answer = _post(client, "/api/v1/briefings", json={"template": "sang", "until": UNTIL})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_api_templates_build_edit_issue_render(client: TestClient) -> None:
    made = _post(client, "/api/v1/briefing-templates", json={
        "name": "tuan", "title": "Điểm tin tuần", "sections": ["Lào Cai=Lào Cai"],
        "period": "7d", "schedule": "8:00 every monday"})
    assert made.status_code == 200 and made.json()["schedule"] == "8:00 every monday"
    assert [t["name"] for t in client.get("/api/v1/briefing-templates").json()] == \
        ["sang", "tuan"]
    draft = _build(client)
    first, second = (i["key"] for i in draft["sections"][0]["items"][:2])
    edit = f"/api/v1/briefings/{draft['id']}/edit"
    moved = _post(client, edit, json={"op": "move", "item": second, "delta": -1}).json()
    assert [i["key"] for i in moved["sections"][0]["items"][:2]] == [second, first]
    noted = _post(client, edit, json={"op": "note", "item": first, "text": "Theo dõi tiếp."})
    assert noted.json()["status"] == "edited"
    issued = _post(client, f"/api/v1/briefings/{draft['id']}/issue").json()
    assert issued["status"] == "issued"
    pdf = client.get(f"/api/v1/briefings/{draft['id']}/render", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    frozen = _post(client, edit, json={"op": "drop", "item": first})
    assert frozen.status_code == 400 and frozen.json()["error"]["message"].endswith(
        "is issued and read-only; build a new one")
    listed = client.get("/api/v1/briefings", params={"status": "issued"}).json()
    assert [b["id"] for b in listed] == [draft["id"]]


def test_api_errors(client: TestClient) -> None:
    assert client.get("/api/v1/briefings/bi_khongco").status_code == 404
    missing = _post(client, "/api/v1/briefings", json={"template": "khong-co"})
    assert missing.status_code == 404 and "error" in missing.json()
    bad = _post(client, "/api/v1/briefing-templates", json={
        "name": "x", "title": "X", "sections": ["Thời sự=Không có"]})
    assert bad.status_code == 404 and "no saved search" in bad.json()["error"]["message"]
    assert client.get("/api/v1/briefings/x/render", params={"format": "odt"}).status_code \
        == 400


def test_pages_archive_editor_and_view(client: TestClient) -> None:
    home = client.get("/briefings")
    assert home.status_code == 200 and 'href="/briefings"' in home.text
    assert "Dựng bản nháp" in home.text
    forged = client.post("/briefings", data={"template": "sang"}, follow_redirects=False)
    assert forged.status_code == 403  # no CSRF token
    built = client.post("/briefings", data={"template": "sang", "until": UNTIL[:16],
                                            "csrf_token": _csrf(home.text)},
                        follow_redirects=False)
    assert built.status_code == 303
    editor_url = built.headers["location"]
    page = client.get(editor_url)
    assert page.status_code == 200 and "Phát hành bản điểm tin" in page.text
    assert 'method="post"' in page.text and "<script" not in page.text
    found = client.get(editor_url, params={"find": "Sa Pa"})
    assert "Lào Cai đón đoàn khảo sát du lịch Sa Pa" in found.text
    issue_id = editor_url.split("/")[2]
    done = client.post(f"/briefings/{issue_id}/issue", data={"csrf_token": _csrf(page.text)},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/briefings/{issue_id}"
    view = client.get(f"/briefings/{issue_id}")
    assert "Phát hành" in view.text and "render?format=pdf" in view.text
    assert client.get(editor_url, follow_redirects=False).status_code == 303


# -- the browser journey ------------------------------------------------------------


@pytest.fixture
def briefing_site(chromium: Browser, tmp_path: Path) -> Iterator[LiveSite]:
    path = tmp_path / "brief.db"
    with open_store(str(path)) as store:
        fill(store)
    with serve(path) as site:
        yield site


def test_browser_build_edit_issue_view(chromium: Browser, briefing_site: LiveSite,
                                       screenshot: Any) -> None:
    offsite = OffsiteLog(site=briefing_site.base_url)
    context = new_context(chromium, briefing_site, offsite)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(briefing_site.url("/"))
    page.get_by_role("link", name="Bản điểm tin").click()
    page.get_by_label("đến").fill(UNTIL[:16])
    page.get_by_role("button", name="Dựng bản nháp").click()
    page.wait_for_url("**/edit")
    titles = page.locator("section h3")
    first, second = titles.nth(0).inner_text(), titles.nth(1).inner_text()
    screenshot(page, "1-draft")
    # move the second item up
    page.get_by_role("button", name=f"Chuyển lên: {second[3:]}").click()
    assert page.locator("section h3").nth(0).inner_text()[3:] == second[3:]
    # drop the (now second) first item
    page.get_by_role("button", name=f"Bỏ tin: {first[3:]}").click()
    assert first[3:] not in page.locator("main").inner_text()
    # add an article found by search
    page.get_by_label("Tìm bài để thêm").fill("Sa Pa")
    page.get_by_role("button", name="Tìm bài").click()
    page.get_by_role("button", name="Thêm: Lào Cai đón đoàn khảo sát du lịch Sa Pa").click()
    assert "Lào Cai đón đoàn khảo sát du lịch Sa Pa" in page.locator("section").first.inner_text()
    # a note on the first item
    page.locator(".edit-item").first.get_by_label("Ghi chú").fill("Cần báo cáo lãnh đạo.")
    page.locator(".edit-item").first.get_by_role("button", name="Lưu ghi chú").click()
    screenshot(page, "2-edited")
    page.get_by_role("button", name="Phát hành bản điểm tin").click()
    page.wait_for_url("**/briefings/bi_*")
    text = page.locator("main").inner_text()
    assert "Phát hành" in text and "Ghi chú: Cần báo cáo lãnh đạo." in text
    assert text.index(second[3:]) < text.index("Lào Cai đón đoàn khảo sát du lịch Sa Pa")
    screenshot(page, "3-issued")
    context.close()
    assert not offsite.refused
