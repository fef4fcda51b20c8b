"""Issue 10: opaque API cursors and cursor pagination of /api/v1/search."""

from __future__ import annotations

import base64
import json
import re

import pytest
from fastapi.testclient import TestClient

from diemtin.errors import InputError
from diemtin.store.base import Store
from diemtin.web import create_app
from diemtin.web.cursors import decode_cursor, encode_cursor, fingerprint
from tests.conftest import make_article

LOCAL = "http://127.0.0.1:8000"
HIT_TITLE = r'<h2><a href="/articles/\w+[^>]*>([^<]+)</a>'


def test_a_cursor_holds_its_key_and_refuses_other_lists() -> None:
    token = encode_cursor("search:date", (123, 4), fingerprint("bão", []))
    assert decode_cursor(token, "search:date", fingerprint("bão", [])) == (123, 4)
    with pytest.raises(InputError, match="another list"):
        decode_cursor(token, "search:relevance", fingerprint("bão", []))
    with pytest.raises(InputError, match="another list"):
        decode_cursor(token, "search:date", fingerprint("lũ", []))
    for damaged in ("abc", token[:-3], "!!", base64.urlsafe_b64encode(b"[1]").decode()):
        with pytest.raises(InputError, match="not a cursor"):
            decode_cursor(damaged, "search:date", fingerprint("bão", []))
    with pytest.raises(InputError, match="not a cursor"):
        decode_cursor(token, "search:date", fingerprint("bão", []), size=3)


@pytest.fixture
def storm(store: Store) -> Store:
    store.upsert_articles([
        make_article(f"Bão số {n % 3} ở miền Trung" if n % 4 == 0 else f"Tin ngày {n + 1}",
                     f"Bản tin ngày {n + 1}: bão gây mưa lớn, ngập nhiều xã.",
                     url=f"https://vd.vn/bao-{n}", outlet="Báo Tây Bắc" if n % 2 else "VnTin",
                     published=f"2026-10-{n + 1:02d}T0{n % 10}:00:00")
        for n in range(25)])
    return store


def _walk(client: TestClient, params: dict[str, str]) -> list[str]:
    ids: list[str] = []
    cursor = None
    while True:
        answer = client.get("/api/v1/search",
                            params={**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        ids += [hit["id"] for hit in body["hits"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return ids


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_api_search_pages_by_cursor_through_every_match(storm: Store, sort: str) -> None:
    client = TestClient(create_app(storm), base_url=LOCAL)
    whole = client.get("/api/v1/search", params={"q": "bão", "sort": sort, "limit": 200}).json()
    assert whole["total"] == 25 and whole["next_cursor"] is None and not whole["capped"]
    walked = _walk(client, {"q": "bão", "sort": sort, "limit": "7"})
    assert walked == [hit["id"] for hit in whole["hits"]]
    if sort == "date":
        dates = [hit["published"] for hit in whole["hits"]]
        assert dates == sorted(dates, reverse=True)
    else:
        assert whole["hits"][0]["title"].startswith("Bão số")


def test_api_search_cursor_is_stable_under_inserts(storm: Store) -> None:
    client = TestClient(create_app(storm), base_url=LOCAL)
    first = client.get("/api/v1/search", params={"q": "bão", "sort": "date", "limit": 5}).json()
    storm.upsert_articles([make_article("Bão số 9 mạnh thêm", "Bão số 9 vào Biển Đông.",
                                        url="https://vd.vn/bao-moi",
                                        published="2026-10-30T08:00:00")])
    second = client.get("/api/v1/search", params={"q": "bão", "sort": "date", "limit": 5,
                                                  "cursor": first["next_cursor"]}).json()
    by_offset = client.get("/api/v1/search", params={"q": "bão", "sort": "date", "limit": 5,
                                                     "offset": 5}).json()
    assert second["hits"][0]["published"] < first["hits"][-1]["published"]
    assert by_offset["hits"][0]["id"] == first["hits"][-1]["id"]  # offsets shift, cursors not


def test_api_search_refuses_a_cursor_of_another_search(storm: Store) -> None:
    client = TestClient(create_app(storm), base_url=LOCAL)
    cursor = client.get("/api/v1/search", params={"q": "bão", "limit": 5}).json()["next_cursor"]
    for params in ({"q": "mưa"}, {"q": "bão", "sort": "date"}, {"q": "bão", "outlet": "VnTin"}):
        answer = client.get("/api/v1/search", params={**params, "cursor": cursor})
        assert answer.status_code == 400
        assert answer.json()["error"]["code"] == "invalid_input"
    forged = base64.urlsafe_b64encode(json.dumps(
        {"l": "search:relevance", "k": ["x"], "f": fingerprint("bão", [], None, None, False)}
    ).encode()).decode().rstrip("=")
    answer = client.get("/api/v1/search", params={"q": "bão", "cursor": forged})
    assert answer.status_code == 400
    assert client.get("/api/v1/search", params={"q": "bão", "cursor": "a b"}).status_code == 400
    assert client.get("/api/v1/search", params={"q": "bão", "sort": "cũ"}).status_code == 400


def test_search_page_sorts_by_relevance_or_date(storm: Store) -> None:
    client = TestClient(create_app(storm), base_url=LOCAL)
    ranked = client.get("/", params={"q": "bão"}).text
    assert '<nav class="sort" aria-label="Sắp xếp">' in ranked
    assert '<strong aria-current="true">liên quan nhất</strong>' in ranked
    assert "&amp;sort=date" in ranked or "&sort=date" in ranked
    first_ranked = re.findall(r'<h2><a href="/articles/\w+[^>]*>([^<]+)</a>', ranked)
    assert first_ranked[0].startswith("Bão số")
    newest = client.get("/", params={"q": "bão", "sort": "date"}).text
    titles = re.findall(r'<h2><a href="/articles/\w+[^>]*>([^<]+)</a>', newest)
    assert titles[:2] == ["Bão số 0 ở miền Trung", "Tin ngày 24"]  # 25th, 24th
    assert '<strong aria-current="true">mới nhất</strong>' in newest
    assert "sort=date&page=2" in newest  # the pager keeps the order
    second = client.get("/", params={"q": "bão", "sort": "date", "page": 2}).text
    assert re.findall(HIT_TITLE, second)[0] == "Bão số 1 ở miền Trung"
    bad = client.get("/", params={"q": "bão", "sort": "cũ"})
    assert bad.status_code == 400 and "Thứ tự sắp xếp phải là" in bad.text
