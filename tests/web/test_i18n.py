"""Issue 10: the pages in English on request (``?lang=en``, the ``lang`` cookie)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from diemtin.store.base import Store
from diemtin.web import create_app
from diemtin.web.i18n import translate
from diemtin.web.messages import STATUS_MESSAGES, STATUS_TITLES
from diemtin.web.messages_en import ENGLISH

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "diemtin" / "web" / "templates"
LOCAL = "http://127.0.0.1:8000"
_LITERAL = re.compile(r"""_\((?:"([^"]*)"|'([^']*)')""")
VIETNAMESE_UI = ("Tìm tin", "Bỏ qua dấu", "Xu hướng", "kết quả cho", "Từ ngày", "Lọc",
                 "Sắp xếp", "Về trang tìm kiếm", "Không tìm thấy", "Cơ quan báo chí")


def test_every_text_of_the_templates_has_an_english_one() -> None:
    texts = {a or b for path in TEMPLATES.glob("*.html")
             for a, b in _LITERAL.findall(path.read_text(encoding="utf-8"))}
    dynamic = {"ngày", "tuần", "tháng", "24 giờ", "7 ngày", "liên quan nhất", "mới nhất",
               "Không rõ ngày", *STATUS_TITLES.values(), *STATUS_MESSAGES.values(),
               *(f"{kind} được nhắc đến nhiều nhất" for kind in
                 ("Nhân vật", "Tổ chức", "Địa danh"))}
    assert len(texts) > 80
    assert sorted((texts | dynamic) - set(ENGLISH)) == []
    for vietnamese, english in ENGLISH.items():  # the same fields on both sides
        assert re.findall(r"\{\w+\}", vietnamese) == re.findall(r"\{\w+\}", english)


def test_translate_fills_fields_and_keeps_vietnamese_by_default() -> None:
    assert translate("{n} bài trong kho", "vi", n=2) == "2 bài trong kho"
    assert translate("{n} bài trong kho", "en", n=2) == "2 articles stored"
    assert translate("Không có trong danh sách", "en") == "Không có trong danh sách"


@pytest.fixture
def client(filled_store: Store) -> TestClient:
    return TestClient(create_app(filled_store), base_url=LOCAL)


def test_lang_en_switches_the_pages_and_the_cookie_keeps_it(client: TestClient) -> None:
    vietnamese = client.get("/", params={"q": "lao cai"})
    assert '<html lang="vi">' in vietnamese.text and "kết quả cho" in vietnamese.text
    assert 'href="/?q=lao+cai&amp;lang=en" lang="en" hreflang="en">English</a>' in \
        vietnamese.text  # the header's switch keeps the search
    english = client.get("/", params={"q": "lao cai", "lang": "en"})
    assert '<html lang="en">' in english.text and "results for" in english.text
    assert "lang=en" in english.headers["set-cookie"]
    assert not [text for text in VIETNAMESE_UI if text in english.text]
    again = client.get("/trends")  # the cookie, no parameter
    assert '<html lang="en">' in again.text and "Share of voice by outlet" in again.text
    assert ">Tiếng Việt</a>" in again.text
    back = client.get("/trends", params={"lang": "vi"})
    assert '<html lang="vi">' in back.text and "Xu hướng" in back.text
    assert client.get("/").text.startswith('<!doctype html>\n<html lang="vi">')


@pytest.mark.parametrize("path", ["/outlets", "/people", "/trends", "/stories",
                                  "/?q=dang&sort=date"])
def test_every_page_has_its_english_texts(client: TestClient, path: str) -> None:
    page = client.get(path, params={"lang": "en"})
    assert page.status_code == 200 and '<html lang="en">' in page.text
    assert not [text for text in VIETNAMESE_UI if text in page.text]


def test_error_pages_in_english(client: TestClient) -> None:
    client.cookies.set("lang", "en")
    missing = client.get("/articles/khong-co")
    assert missing.status_code == 404 and "<h1>Not found</h1>" in missing.text
    assert "khong-co" in missing.text and "Không" not in missing.text
    nowhere = client.get("/khong-co-trang-nay")
    assert "There is no page at this address" in nowhere.text
    bad = client.get("/", params={"q": '"lao cai'})
    assert bad.status_code == 400 and "The query is not valid: unterminated phrase" in bad.text
    page = client.get("/", params={"page": "abc"})
    assert page.status_code == 400 and "<h1>Bad request</h1>" in page.text
    beyond = client.get("/", params={"q": "lao cai", "page": 9})
    assert beyond.status_code == 404 and "There is no page 9" in beyond.text


def test_api_answers_stay_english_json(client: TestClient) -> None:
    answer = client.get("/api/v1/search", params={"q": '"lao', "lang": "vi"})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "query_syntax"
    assert client.get("/", params={"lang": "fr"}).text.startswith(
        '<!doctype html>\n<html lang="vi">')  # an unknown language is ignored
