import pytest
from fastapi.testclient import TestClient

from diemtin.models import Article
from diemtin.search import parse_query
from diemtin.store import Store
from diemtin.web import create_app
from tests.conftest import make_article

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture
def client(filled_store: Store) -> TestClient:
    return TestClient(create_app(filled_store), base_url=LOCAL)


def test_api_search_returns_documented_objects(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "lao cai"})
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert hits and {"id", "title", "outlet", "published", "url", "snippet", "score"} <= set(
        hits[0])
    marked = {hit["snippet"]["text"][start:end] for hit in hits
              for start, end in hit["snippet"]["highlights"]}
    assert {"Lào", "Cai"} <= marked


@pytest.mark.parametrize("query", ['"lao cai', "(", "NOT x", "", "a OR"])
def test_api_malformed_query_is_a_4xx_json_error(client: TestClient, query: str) -> None:
    response = client.get("/api/v1/search", params={"q": query})
    assert response.status_code == 400
    assert "error" in response.json()


def test_api_bad_parameters_are_4xx(client: TestClient) -> None:
    assert client.get("/api/v1/search", params={"q": "x", "limit": 0}).status_code == 400
    assert client.get("/api/v1/search", params={"q": "x", "since": "nay"}).status_code == 400
    assert client.get("/api/v1/search").status_code == 400


def test_api_article_and_missing_article(client: TestClient, news: list[Article]) -> None:
    response = client.get(f"/api/v1/articles/{news[0].id}")
    assert response.status_code == 200 and response.json()["title"] == news[0].title
    missing = client.get("/api/v1/articles/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]["message"]


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/api/docs").status_code == 200
    assert "/api/v1/search" in client.get("/api/openapi.json").json()["paths"]


def test_search_page_in_vietnamese_with_facets(client: TestClient) -> None:
    page = client.get("/", params={"q": "mua"})
    assert page.status_code == 200
    assert "kết quả cho" in page.text and "Cơ quan báo chí" in page.text
    assert "Thời Báo Thủ Đô" in page.text and "<mark>mưa</mark>" in page.text
    home = client.get("/")
    assert "Tin mới nhất" in home.text and "4 bài trong kho" in home.text


def test_search_page_bad_query_shows_message(client: TestClient) -> None:
    page = client.get("/", params={"q": '"lao'})
    assert page.status_code == 400 and "Truy vấn chưa đúng" in page.text


def test_article_page_highlights_query(client: TestClient, news: list[Article]) -> None:
    page = client.get(f"/articles/{news[0].id}", params={"q": "tinh uy"})
    assert page.status_code == 200
    assert "<mark>Tỉnh</mark> <mark>ủy</mark>" in page.text
    assert client.get("/articles/nope").status_code == 404


def test_article_page_shows_what_the_pipeline_found(filled_store: Store,
                                                    news: list[Article]) -> None:
    from diemtin.flow import annotate_articles

    annotate_articles(filled_store, [news[0]])
    page = TestClient(create_app(filled_store), base_url=LOCAL).get(f"/articles/{news[0].id}")
    assert page.status_code == 200
    assert "Nhân vật" in page.text and "Giàng A Chu" in page.text
    assert "Phó Bí thư Thường trực Tỉnh ủy" in page.text
    assert "Chủ đề" in page.text


def test_api_people_lists_titles(filled_store: Store, news: list[Article]) -> None:
    from diemtin.flow import annotate_articles

    annotate_articles(filled_store, [news[0]])
    client = TestClient(create_app(filled_store), base_url=LOCAL)
    [person] = client.get("/api/v1/people", params={"name": "Giàng A Chu"}).json()
    assert person["titles"][0]["title"] == "Phó Bí thư Thường trực Tỉnh ủy"
    assert person["articles"] == [news[0].id]
    assert client.get("/api/v1/people", params={"name": "x"}).status_code == 400


@pytest.mark.parametrize(("name", "value"), [
    ("since", "0001-01-01"), ("until", "9999-12-31T23:00:00-05:00"), ("since", "1899-06-01"),
])
def test_issue_15_api_out_of_range_dates_are_400_json(client: TestClient, name: str,
                                                      value: str) -> None:
    response = client.get("/api/v1/search", params={"q": "lao cai", name: value})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert "outside the dates diemtin stores" in response.json()["error"]["message"]


def test_issue_15_api_dates_at_the_edges_of_the_range_search(client: TestClient) -> None:
    response = client.get("/api/v1/search",
                          params={"q": "lao cai", "since": "1900-01-02", "until": "2199-12-31"})
    assert response.status_code == 200 and response.json()["hits"]


def test_issue_10_article_page_links_only_http_urls(store: Store) -> None:
    # An article stored before URLs were checked at ingest, or by another writer.
    unsafe = make_article("Người dân <b>bản</b> Nậm Mả vui mừng đón cầu mới",
                          "Cây cầu treo dài 80 mét nối hai bờ suối.",
                          url="javascript:alert(document.cookie)")
    store.upsert_articles([unsafe])
    page = TestClient(create_app(store), base_url=LOCAL).get(f"/articles/{unsafe.id}")
    assert page.status_code == 200
    assert 'href="javascript' not in page.text.lower()
    assert "Nguồn: javascript:alert(document.cookie)" in page.text
    assert "&lt;b&gt;bản&lt;/b&gt;" in page.text  # autoescaped


def test_issue_10_article_page_links_http_urls(client: TestClient, news: list[Article]) -> None:
    page = client.get(f"/articles/{news[0].id}")
    assert f'<a href="{news[0].url}" rel="noopener noreferrer">' in page.text


def test_issue_10_serve_binds_loopback_by_default() -> None:
    from diemtin.cli.serve import demo_command, serve_command

    for command in (serve_command, demo_command):
        host = next(param for param in command.params if param.name == "host")
        assert host.default == "127.0.0.1"


def test_issue_10_api_snippets_are_plain_text_with_offsets(store: Store) -> None:
    tricky = make_article("Tranh cãi về biển hiệu <quảng cáo> ở phố cổ",
                          'Phường Hoàn Kiếm nhắc "chủ quán" gỡ biển <b>quảng cáo</b> & đèn LED.')
    store.upsert_articles([tricky])
    client = TestClient(create_app(store), base_url=LOCAL)
    hit = client.get("/api/v1/search", params={"q": "quang cao"}).json()["hits"][0]
    snippet = hit["snippet"]
    assert '"chủ quán"' in snippet["text"] and "<b>quảng cáo</b> & đèn" in snippet["text"]
    assert "<mark>" not in snippet["text"] and "&quot;" not in snippet["text"]
    assert [snippet["text"][a:b] for a, b in snippet["highlights"]] == ["quảng", "cáo"]
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert set(schema["Snippet"]["properties"]) == {"text", "highlights"}
    page = client.get("/", params={"q": "quang cao"}).text  # the page marks, escaped
    assert "&lt;b&gt;<mark>quảng</mark> <mark>cáo</mark>&lt;/b&gt; &amp; đèn" in page


def test_issue_9_api_count_and_fold(client: TestClient) -> None:
    assert client.get("/api/v1/count", params={"q": "Đảng"}).json() == {"total": 1}
    assert client.get("/api/v1/count", params={"q": "Đảng", "fold": "true"}).json() == {
        "total": 2}
    by_day = client.get("/api/v1/count", params={"q": "dang", "by": "day"}).json()
    assert by_day == {"total": 2, "by_day": {"2026-10-13": 1, "2026-10-14": 1}}
    assert client.get("/api/v1/count", params={"q": "dang", "by": "year"}).status_code == 400
    hits = client.get("/api/v1/search", params={"q": "đang"}).json()["hits"]
    assert [hit["outlet"] for hit in hits] == ["Thời Báo Thủ Đô"]
    folded = client.get("/api/v1/search", params={"q": "đang", "fold": "true"}).json()["hits"]
    assert len(folded) == 2


def test_issue_9_search_page_fold_toggle(client: TestClient) -> None:
    page = client.get("/", params={"q": "Đảng"}).text
    assert 'name="fold"' in page and "1 kết quả" in page and " checked" not in page
    folded = client.get("/", params={"q": "Đảng", "fold": "true"}).text
    assert "2 kết quả" in folded and 'value="true" checked' in folded
    assert "fold=true" in folded  # facet and pager links keep the toggle


def test_issue_9_search_page_labels_a_capped_total_as_a_lower_bound(store: Store) -> None:
    from tests.conftest import make_article

    store.upsert_articles([make_article(f"Mưa lớn kéo dài ngày {i}", "Mưa to.")
                           for i in range(1001)])
    page = TestClient(create_app(store), base_url=LOCAL).get("/", params={"q": "mưa"}).text
    assert "ít nhất 1000" in page or "1001 kết quả" in page  # a lower bound, or exact
    assert store.count(parse_query("mưa")).total == 1001
