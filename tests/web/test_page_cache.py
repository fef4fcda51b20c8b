"""Whole pages kept for readers without a session (web/page_cache.py)."""

from __future__ import annotations

import secrets

import pytest
from fastapi.testclient import TestClient

from diemtin.accounts import collections as col
from diemtin.store.base import Store
from diemtin.store.state_schema import LOCAL_ORG
from diemtin.web import create_app
from diemtin.web.app import WebSettings
from diemtin.web.page_cache import page_key
from tests.conftest import make_article


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _token() -> str:
    return secrets.token_urlsafe(32)


@pytest.fixture
def client(store: Store) -> TestClient:
    store.upsert_articles([make_article("Lào Cai mở lại đường", "Đường Lào Cai đã thông.",
                                        url="https://baolaocai.vn/a1.html")])
    app = create_app(store)
    app.state.page_cache.clock = _Clock()
    return TestClient(app, base_url="http://127.0.0.1:8000")


def _page(client: TestClient, url: str, token: str | None, **headers: str):  # type: ignore[no-untyped-def]
    client.cookies.clear()
    if token is not None:
        client.cookies.set("diemtin_csrf", token)
    return client.get(url, headers=headers)


def _kept(client: TestClient) -> int:
    return len(client.app.state.page_cache._answers)  # type: ignore[attr-defined]


def test_a_page_is_kept_and_given_with_each_browsers_own_token(client: TestClient) -> None:
    first, second = _token(), _token()
    one = _page(client, "/collections", first)
    assert one.status_code == 200 and first in one.text and _kept(client) == 1
    two = _page(client, "/collections", second)
    assert two.status_code == 200 and _kept(client) == 1
    assert second in two.text and first not in two.text
    assert two.text == one.text.replace(first, second)
    assert two.headers["content-security-policy"] == one.headers["content-security-policy"]
    assert int(two.headers["content-length"]) == len(two.content)


def test_a_write_by_anyone_shows_at_once(client: TestClient, store: Store) -> None:
    assert "Bộ sưu tập mới" not in _page(client, "/collections", _token()).text
    store.transact(lambda s: col.create(s, LOCAL_ORG, "Bộ sưu tập mới"))
    assert "Bộ sưu tập mới" in _page(client, "/collections", _token()).text
    before = _page(client, "/", _token()).text
    store.upsert_articles([make_article("Sơn La đón khách", "Khách đến Sơn La.",
                                        url="https://baosonla.vn/b1.html")])
    assert "Sơn La đón khách" not in before
    assert "Sơn La đón khách" in _page(client, "/", _token()).text


def test_a_kept_page_expires(client: TestClient) -> None:
    _page(client, "/outlets", _token())
    client.app.state.page_cache.clock.now = 31  # type: ignore[attr-defined]
    assert client.app.state.page_cache.lookup(  # type: ignore[attr-defined]
        next(iter(client.app.state.page_cache._answers))).hit is False  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", ["no token yet", "session", "bearer", "bad token", "404",
                                  "language choice"])
def test_what_is_never_kept(client: TestClient, case: str) -> None:
    url, token, headers = "/collections", _token(), {}
    if case == "no token yet":
        token = None  # type: ignore[assignment]  # the answer sets the CSRF cookie
    elif case == "bearer":
        headers = {"authorization": "Bearer nothing"}
    elif case == "bad token":
        token = "short"
    elif case == "404":
        url = "/articles/khong-co"
    elif case == "language choice":
        url = "/collections?lang=en"  # sets the language cookie
    _page(client, url, token, **headers)
    if case == "session":  # the app itself answers (it drops the unknown session)
        client.cookies.set("diemtin_session", "x" * 43)
        answer = client.get(url, headers=headers)
        assert "diemtin_session=;" in answer.headers["set-cookie"] and _kept(client) == 1
    else:
        assert _kept(client) == 0


def test_pages_are_not_kept_when_turned_off(store: Store) -> None:
    app = create_app(store, WebSettings(keep_pages=False))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        client.cookies.set("diemtin_csrf", _token())
        assert client.get("/outlets").status_code == 200
    assert len(app.state.page_cache._answers) == 0


def _scope(*headers: tuple[bytes, bytes], method: str = "GET") -> dict[str, object]:
    return {"type": "http", "method": method, "scheme": "http", "path": "/",
            "query_string": b"", "headers": [(b"host", b"127.0.0.1"), *headers]}


@pytest.mark.parametrize("headers", [
    [(b"cookie", b"diemtin_session=x; diemtin_csrf=" + b"a" * 43)],
    [(b"cookie", b"diemtin_csrf=" + b"a" * 43), (b"cookie", b"diemtin_session=x")],
    [(b"cookie", b"diemtin_session=x"), (b"cookie", b"diemtin_csrf=" + b"a" * 43)],
    [(b"cookie", b"diemtin_csrf=" + b"a" * 43), (b"authorization", b"Bearer t")],
    [(b"cookie", b"diemtin_csrf=" + b"a" * 43), (b"host", b"khac.vn")],
    [(b"cookie", b"diemtin_csrf=" + b"a" * 42)],
])
def test_requests_that_may_differ_by_reader_have_no_key(
        headers: list[tuple[bytes, bytes]]) -> None:
    names = {"session_cookie": "diemtin_session", "csrf_cookie": "diemtin_csrf",
             "lang_cookie": "lang"}
    assert page_key(_scope(*headers), **names) is None
    assert page_key(_scope((b"cookie", b"diemtin_csrf=" + b"a" * 43)), **names) is not None
    assert page_key(_scope((b"cookie", b"diemtin_csrf=" + b"a" * 43), method="HEAD"),
                    **names) is None
