"""Stories and duplicates in the REST API and on the pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from diemtin.flow import store_articles
from diemtin.models import AnnotationSet, EntityRow
from diemtin.search import parse_query
from diemtin.store import SQLiteStore
from diemtin.web import create_app
from tests.conftest import wire_corpus


@pytest.fixture
def linked() -> tuple[SQLiteStore, list[list[str]]]:
    store = SQLiteStore(":memory:")
    articles, groups = wire_corpus(4)
    store_articles(store, articles)
    return store, groups


@pytest.fixture
def client(linked: tuple[SQLiteStore, list[list[str]]]) -> TestClient:
    return TestClient(create_app(linked[0]), base_url="http://127.0.0.1:8000")


def test_api_stories_and_one_story(client: TestClient,
                                   linked: tuple[SQLiteStore, list[list[str]]]) -> None:
    _, groups = linked
    stories = client.get("/api/v1/stories", params={"since": "3650d"}).json()["stories"]
    assert sorted(sorted(a["id"] for a in s["articles"]) for s in stories) == sorted(
        sorted(g) for g in groups)
    assert {"id", "title", "first_published", "articles"} <= set(stories[0])
    one = client.get(f"/api/v1/stories/{stories[0]['id']}")
    assert one.status_code == 200 and set(one.json()["entities"]) == {
        "people", "organizations", "places"}
    assert client.get("/api/v1/stories", params={"since": "hôm qua"}).status_code == 400


def test_api_errors_have_the_documented_shape(client: TestClient) -> None:
    missing = client.get("/api/v1/stories/s-khong-co")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert "s-khong-co" in missing.json()["error"]["message"]
    gone = client.get("/api/v1/articles/u-khong-co/duplicates")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"
    bad = client.get("/api/v1/stories", params={"limit": 0})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_request"


def test_api_duplicates_original_first(client: TestClient,
                                       linked: tuple[SQLiteStore, list[list[str]]]) -> None:
    _, groups = linked
    members = client.get(f"/api/v1/articles/{groups[1][2]}/duplicates").json()
    assert [m["id"] for m in members] == groups[1]
    assert members[0]["original"] and members[1]["delay_seconds"] > 0


def test_openapi_documents_the_link_routes(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    for path in ("/api/v1/stories", "/api/v1/stories/{story_id}",
                 "/api/v1/articles/{article_id}/duplicates"):
        assert path in document["paths"]
    schemas = document["components"]["schemas"]
    assert {"Story", "StoryDetail", "GroupMember", "ErrorResponse"} <= set(schemas)
    responses = document["paths"]["/api/v1/stories/{story_id}"]["get"]["responses"]
    assert responses["404"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "ErrorResponse")


def test_home_page_collapses_copies_under_their_original(
        client: TestClient, linked: tuple[SQLiteStore, list[list[str]]]) -> None:
    _, groups = linked
    page = client.get("/").text
    assert page.count("<summary>và 2 bài đăng lại</summary>") == len(groups)
    shown = re.findall(r'<h[23]><a href="/articles/(\w+)', page)
    assert sorted(shown) == sorted(group[0] for group in groups)  # the originals
    listed = re.findall(r'<details class="copies".*?</details>', page, re.S)
    assert len(listed) == len(groups) and "bản gốc" not in listed[0]  # the original is above
    assert all(html.count('<li><a href="/articles/') == 2 for html in listed)
    assert "<script" not in page and "expand=" not in page


def test_a_copy_ranked_first_shows_the_original_in_its_place(
        client: TestClient, linked: tuple[SQLiteStore, list[list[str]]]) -> None:
    store, groups = linked
    words = " ".join(store.get_article(groups[0][0]).body[0].split()[2:5])  # in every copy
    newest = store.search(parse_query(words), sort="date", limit=1).hits[0].article.id
    assert newest != groups[0][0]  # a copy comes first by date
    page = client.get("/", params={"q": words, "sort": "date"}).text
    shown = re.findall(r'<h[23]><a href="/articles/(\w+)', page)
    assert shown[0] == groups[0][0] and not set(groups[0][1:]) & set(shown)


def test_search_results_collapse_copies(client: TestClient) -> None:
    page = client.get("/", params={"q": "Thông Tấn Việt"}).text
    assert "bài đăng lại</summary>" in page


def test_stories_page_and_story_page(client: TestClient,
                                     linked: tuple[SQLiteStore, list[list[str]]]) -> None:
    store, groups = linked
    page = client.get("/stories").text
    assert "Dòng sự kiện" in page and "Được đưa tin nhiều nhất" in page
    story_id = store.story_ids([groups[0][0]])[groups[0][0]]
    story = client.get(f"/stories/{story_id}").text
    assert "Diễn biến" in story and "Đưa tin đầu tiên" in story
    assert story.count('class="republication"') == 2 and "Thông Tấn Việt" in story
    assert client.get("/stories/s-khong-co").status_code == 404


def test_article_page_shows_its_story_and_copies(client: TestClient,
                                                 linked: tuple[SQLiteStore,
                                                               list[list[str]]]) -> None:
    _, groups = linked
    page = client.get(f"/articles/{groups[0][1]}").text
    assert "Thuộc dòng sự kiện" in page and "Cùng nội dung (2 bài)" in page
    assert "bản gốc" in page and groups[0][0] in page


def test_issue_10_api_stories_page_by_cursor(client: TestClient) -> None:
    everything = client.get("/api/v1/stories", params={"since": "3650d"}).json()
    assert everything["next_cursor"] is None
    ids, cursor, pages = [], None, 0
    while True:
        params = {"since": "3650d", "limit": "1", **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/stories", params=params).json()
        ids += [story["id"] for story in page["stories"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert ids == [story["id"] for story in everything["stories"]] and pages == len(ids) > 1
    first = client.get("/api/v1/stories", params={"since": "3650d", "limit": "1"}).json()
    other = client.get("/api/v1/stories", params={"since": "30d", "limit": "1",
                                                  "cursor": first["next_cursor"]})
    assert other.status_code == 400 and "another list" in other.json()["error"]["message"]


def test_entity_pages_list_the_stories_of_their_articles(
        linked: tuple[SQLiteStore, list[list[str]]], client: TestClient) -> None:
    store = linked[0]
    story = max(store.stories(), key=lambda s: len(s.article_ids))
    for article_id in story.article_ids:
        store.save_annotations(article_id, AnnotationSet((), (
            EntityRow("PER", "Hà Văn Thắng", 0, 12, "Chủ tịch UBND xã"),)))
    data = client.get("/api/v1/entities/people/ha-van-thang").json()
    assert [s["id"] for s in data["stories"]] == [story.id]
    assert data["stories"][0]["articles"] == len(story.article_ids)
    page = client.get("/people/ha-van-thang").text
    assert f'href="/stories/{story.id}"' in page and "Dòng sự kiện gần đây" in page
