"""Issue 10: ``diemtin serve --workers N`` (several processes over one store)."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from diemtin.store import open_store
from diemtin.web.app import WebSettings
from diemtin.web.auth import AuthSettings
from diemtin.web.worker import DB_ENV, HOSTS_ENV, build_app, settings_from_env, settings_to_env
from tests.conftest import make_article
from tests.web.browsing import serve


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "tin.db"
    with open_store(path) as store:
        store.upsert_articles([make_article(f"Bão số {n} vào bờ", "Bão mạnh, mưa lớn.",
                                            url=f"https://vd.vn/{n}") for n in range(30)])
    return path


def test_a_worker_builds_its_app_from_the_environment(db: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_ENV, str(db))
    monkeypatch.setenv(HOSTS_ENV, "127.0.0.1,tin.toasoan.vn")
    client = TestClient(build_app(), base_url="http://tin.toasoan.vn")
    assert client.get("/api/v1/count", params={"q": "bão"}).json() == {"total": 30}
    other = TestClient(build_app(), base_url="http://khac.vn")
    assert other.get("/").status_code == 400  # names not given are still refused


def test_serve_with_two_workers_answers_concurrent_requests(db: Path) -> None:
    with serve(db, workers=2) as site:
        def ask(n: int) -> int:
            answer = httpx.get(site.url("/"), params={"q": f"bão số {n % 30}"}, timeout=30)
            return answer.status_code

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            assert set(pool.map(ask, range(40))) == {200}


@pytest.mark.parametrize("settings", [
    WebSettings(), WebSettings(allowed_hosts=("127.0.0.1", "tin.toasoan.vn"),
                               auth=AuthSettings(secure_cookies=True), inline_facets=50,
                               keep_pages=False)])
def test_workers_get_the_servers_settings(settings: WebSettings,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in settings_to_env("tin.db", settings).items():
        monkeypatch.setenv(name, value)
    assert settings_from_env() == settings
