"""Search page tools (issue 10): date range, numbered pages, export of the whole result set."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from diemtin.models import Article
from diemtin.store.base import Store
from diemtin.web import create_app
from diemtin.web.app import WebSettings
from tests.conftest import make_article

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture
def client(filled_store: Store) -> TestClient:
    return TestClient(create_app(filled_store, WebSettings(page_size=1)), base_url=LOCAL)


def test_export_streams_every_match_as_csv_and_jsonl(client: TestClient,
                                                     news: list[Article]) -> None:
    response = client.get("/api/v1/export", params={"q": "mưa", "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="diemtin.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(row["title"] for row in rows) == sorted(
        a.title for a in news if "mưa" in a.text.lower())
    lines = client.get("/api/v1/export").text.splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(a.id for a in news)


def test_export_of_many_articles_is_not_capped(store: Store) -> None:
    articles = [make_article(f"Tin mưa lũ số {n}", f"Mưa lũ kéo dài, bản tin thứ {n}.",
                             url=f"https://baotaybac.vn/mua-lu-{n}.html") for n in range(1500)]
    store.upsert_articles(articles)
    client = TestClient(create_app(store), base_url=LOCAL)
    body = client.get("/api/v1/export", params={"q": "mua lu", "format": "jsonl"}).text
    assert len(body.splitlines()) == 1500 and len(body) > 64 * 1024  # several chunks


def test_export_refuses_bad_input_before_streaming(client: TestClient) -> None:
    assert client.get("/api/v1/export", params={"q": '"mưa'}).json()["error"]["code"] == (
        "query_syntax")
    assert client.get("/api/v1/export", params={"format": "xml"}).status_code == 400


def test_search_page_date_range_pages_and_export_links(client: TestClient) -> None:
    page = client.get("/", params={"q": "lào cai", "since": "2026-10-20"})
    assert page.status_code == 200 and "Sạt lở trên đèo Khau Phạ" in page.text
    assert "Đảng ủy tỉnh Lào Cai" not in page.text  # 13/10: before the range
    assert 'value="2026-10-20"' in page.text
    everything = client.get("/")
    assert 'aria-current="page">1</strong>' in everything.text
    assert "until=&page=4\">4</a>" in everything.text  # numbered pages, one per page
    assert "/api/v1/export?format=csv" in everything.text
    bad = client.get("/", params={"since": "hôm qua"})
    assert bad.status_code == 400 and "since" in bad.text
