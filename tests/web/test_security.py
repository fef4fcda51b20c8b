"""Issue 15: Host names, browser security headers and the documented error shape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from diemtin.store import Store
from diemtin.web import create_app
from diemtin.web.app import WebSettings
from diemtin.web.security import allowed_hosts, is_loopback

TEMPLATES = Path(__file__).parents[2] / "src" / "diemtin" / "web" / "templates"


@pytest.fixture
def app_store(filled_store: Store) -> Store:
    return filled_store


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "127.0.0.2",
                                  "localhost.attacker.example", "[::2]:8000", "a b"])
def test_issue_15_unknown_host_is_refused(app_store: Store, host: str) -> None:
    client = TestClient(create_app(app_store), base_url="http://127.0.0.1:8000")
    api = client.get("/api/v1/outlets", headers={"Host": host})
    assert api.status_code == 400
    assert api.json()["error"]["code"] == "bad_host"
    page = client.get("/", headers={"Host": host})
    assert page.status_code == 400 and "--allowed-host" in page.text
    assert "Tin mới nhất" not in page.text


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:1234", "LOCALHOST",
                                  "[::1]", "[::1]:8000"])
def test_issue_15_loopback_hosts_are_answered(app_store: Store, host: str) -> None:
    client = TestClient(create_app(app_store))
    assert client.get("/api/v1/outlets", headers={"Host": host}).status_code == 200


def test_issue_15_configured_host_is_answered(app_store: Store) -> None:
    settings = WebSettings(allowed_hosts=tuple(allowed_hosts(["tin.example.vn"])))
    client = TestClient(create_app(app_store, settings))
    assert client.get("/", headers={"Host": "tin.example.vn:8443"}).status_code == 200
    assert client.get("/", headers={"Host": "other.example.vn"}).status_code == 400


def test_allowed_hosts_from_bind_address() -> None:
    assert "tin.lan" in allowed_hosts(bind="tin.lan")
    assert "192.168.1.5" in allowed_hosts(bind="192.168.1.5")
    assert "[fe80::1]" in allowed_hosts(bind="fe80::1")
    assert allowed_hosts(bind="0.0.0.0") == allowed_hosts(bind="::") == allowed_hosts()
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


@pytest.mark.parametrize("path", ["/", "/api/v1/outlets", "/static/style.css", "/api/docs",
                                  "/api/v1/articles/nope", "/khong-co"])
def test_issue_15_security_headers(app_store: Store, path: str) -> None:
    response = TestClient(create_app(app_store), base_url="http://localhost").get(path)
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_issue_15_docs_policy_allows_only_its_own_inline_script(app_store: Store) -> None:
    response = TestClient(create_app(app_store), base_url="http://localhost").get("/api/docs")
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    assert scripts  # Swagger UI is started by one inline script, allowed by its hash only
    assert response.headers["content-security-policy"].count("'sha256-") == len(scripts)


def test_issue_15_templates_have_no_inline_code() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template.name
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", text), template.name


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x", "limit": "0"},
                                    {"q": "x", "limit": "nhiều"}, {"q": "x" * 1001},
                                    {"q": "x", "offset": "-1"}])
def test_issue_15_validation_errors_use_the_error_shape(app_store: Store,
                                                        params: dict[str, str]) -> None:
    client = TestClient(create_app(app_store), base_url="http://localhost")
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] in {"invalid_request", "query_syntax"}


def test_issue_15_openapi_documents_real_answers(app_store: Store) -> None:
    client = TestClient(create_app(app_store), base_url="http://localhost")
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for operation in operations.values():
            codes = set(operation["responses"])
            assert "422" not in codes, path
            assert {"400", "500"} <= codes, path
            assert codes & {"200", "201", "204"}, path  # 201 creates, 204 deletes
    assert "404" in document["paths"]["/api/v1/articles/{article_id}"]["get"]["responses"]
    [q] = [p for p in document["paths"]["/api/v1/search"]["get"]["parameters"]
           if p["name"] == "q"]
    assert q["schema"]["minLength"] == 1 and q["schema"]["maxLength"] == 1000
    unknown = client.get("/api/v1/nowhere")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"


def test_issue_10_api_docs_load_only_assets_served_here(filled_store: Store) -> None:
    client = TestClient(create_app(filled_store), base_url="http://127.0.0.1:8000")
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "//" not in re.sub(r"<!--.*?-->", "", page.text)  # no absolute or external URL
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert {"/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-ui/swagger-ui.css"
            } <= set(assets)
    for asset in assets:
        answer = client.get(asset)
        assert answer.status_code == 200 and answer.content, asset
    assert "SwaggerUIBundle" in client.get("/static/swagger-ui/swagger-ui-bundle.js").text
    policy = page.headers["content-security-policy"]
    assert "http" not in policy and "script-src 'self' 'sha256-" in policy
    assert "unsafe-inline" not in policy
