import re

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from diemtin.errors import StoreError
from diemtin.store import Store
from diemtin.web import create_app

LOCAL = "http://127.0.0.1:8000"
_ENGLISH = re.compile(r"\b(Not Found|Method Not Allowed|Traceback|Error|Input should|"
                      r"unterminated|expected|needs)\b")


def _main(html: str) -> str:
    found = re.search(r"<main>(.*)</main>", html, re.S)
    assert found is not None
    return found.group(1)


def _crashing_client(store: Store) -> TestClient:
    app = create_app(store)
    router = APIRouter()

    @router.get("/hong")
    @router.get("/api/v1/hong")
    def broken() -> None:
        raise ZeroDivisionError("secret detail in /srv/diemtin/app.py line 3")

    @router.get("/kho-hong")
    @router.get("/api/v1/kho-hong")
    def broken_store() -> None:
        raise StoreError("database disk image is malformed: /srv/tin.db")

    app.include_router(router)
    return TestClient(app, base_url=LOCAL, raise_server_exceptions=False)


@pytest.fixture
def client(filled_store: Store) -> TestClient:
    return _crashing_client(filled_store)


@pytest.mark.parametrize("path", ["/trang-khong-co", "/people/khong/co", "/outlets/a/b",
                                  "/static/khong-co.css"])
def test_issue_10_unknown_pages_are_a_vietnamese_404_page(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Không tìm thấy" in page.text and "Không có trang nào ở địa chỉ này" in page.text
    assert not _ENGLISH.search(_main(page.text)) and "detail" not in page.text


def test_issue_10_unknown_entity_and_outlet_are_a_vietnamese_404_page(client: TestClient) -> None:
    for path in ("/people/khong-co-ai", "/outlets/bao-khong-co"):
        page = client.get(path)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
        assert "khong-co" in page.text and "detail" not in page.text


def test_issue_10_missing_article_page_is_vietnamese(client: TestClient) -> None:
    page = client.get("/articles/khong-co-bai")
    assert page.status_code == 404
    assert "Không có bài nào mang mã “khong-co-bai”" in page.text
    assert not _ENGLISH.search(_main(page.text))


def test_issue_10_wrong_method_is_a_vietnamese_405_page(client: TestClient) -> None:
    page = client.post("/")
    assert page.status_code == 405 and "Không hỗ trợ thao tác này" in page.text
    assert not _ENGLISH.search(_main(page.text))
    api = client.post("/api/v1/search")
    assert api.status_code == 405
    assert api.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize(("page", "expected"), [
    ("abc", "Số trang phải là một số nguyên (nhận được “abc”)."),
    ("0", "Số trang phải từ 1 trở lên"),
    ("501", "Số trang không được lớn hơn 500"),
])
def test_issue_10_bad_page_number_is_a_vietnamese_400_page(client: TestClient, page: str,
                                                           expected: str) -> None:
    answer = client.get("/", params={"q": "mua", "page": page})
    assert answer.status_code == 400 and expected in answer.text
    assert not _ENGLISH.search(_main(answer.text))


def test_issue_10_page_past_the_last_says_so(client: TestClient) -> None:
    answer = client.get("/", params={"q": "mua", "page": "99"})
    assert answer.status_code == 404
    assert "Không có trang 99: tìm kiếm này có 2 kết quả, chỉ đủ 1 trang." in answer.text
    assert 'page=1">Xem trang cuối (1)' in answer.text
    assert "Trang 99 /" not in answer.text and "Thử bỏ bớt từ" not in answer.text
    none = client.get("/", params={"q": "khongcotu", "page": "3"})
    assert none.status_code == 404 and "không có kết quả nào" in none.text


@pytest.mark.parametrize(("query", "expected"), [
    ('"lao cai', 'cụm từ trong ngoặc kép chưa đóng: thêm dấu " ở cuối (ở ký tự 1)'),
    ("(bão", "thiếu dấu “)” để đóng “(” (ở ký tự 1)"),
    ("bão)", "dấu “)” thừa: không có “(” nào để đóng"),
    ("a OR", "sau OR cần một từ"),
    ("bão NOT", "sau NOT cần một từ"),
    ("outlet: x", "sau “outlet:” cần một từ"),
    ("NOT bão", "truy vấn cần ít nhất một từ không bị NOT loại trừ"),
    ("...", "truy vấn không có chữ hay số nào để tìm"),
    ("x" * 1001, "truy vấn quá dài (1001 ký tự; tối đa 1000)"),
])
def test_issue_10_query_syntax_errors_are_explained_in_vietnamese(
        client: TestClient, query: str, expected: str) -> None:
    page = client.get("/", params={"q": query})
    assert page.status_code == 400
    assert "Truy vấn chưa đúng: " + expected.replace('"', "&#34;") in page.text
    assert not _ENGLISH.search(_main(page.text).replace(query, ""))
    api = client.get("/api/v1/search", params={"q": query})
    assert api.status_code == 400 and api.json()["error"]["code"] in {"query_syntax",
                                                                       "invalid_request"}


@pytest.mark.parametrize("path", ["/hong", "/kho-hong"])
def test_issue_10_server_errors_leak_nothing(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 500 and "Lỗi máy chủ" in page.text
    api = client.get("/api/v1" + path)
    assert api.status_code == 500
    assert api.json() == {"error": {"code": "internal_error",
                                    "message": "internal error; the server log has the details"}}
    for text in (page.text, api.text):
        assert "secret" not in text and "/srv" not in text and "ZeroDivision" not in text
        assert "Traceback" not in text and "StoreError" not in text


def test_issue_10_api_errors_keep_the_json_shape(client: TestClient) -> None:
    for path in ("/api/v1/khong-co", "/api/v1/articles/khong-co"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert set(answer.json()["error"]) == {"code", "message"}
    bad = client.get("/api/v1/search", params={"q": "x", "limit": "abc"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_request"
