"""Web authentication: login, sessions, tokens, CSRF, rate limiting, secrets in logs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import Request

from diemtin.accounts import agreements, remote_tokens
from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.audit import iter_entries, verify
from diemtin.accounts.logins import LoginLimit
from diemtin.accounts.tokens import create_token, list_tokens, revoke_token
from diemtin.store import Store
from diemtin.web import create_app
from diemtin.web.auth import AuthSettings
from tests.web.accounts_world import BASE, PASSWORDS, World, build_world, csrf_of, login, share_with

ADMIN_A = "quantri@so-a.vn"


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store, AuthSettings(logins=LoginLimit(max_failures=3)))


def test_auth_local_mode_needs_no_login(store: Store) -> None:
    from starlette.testclient import TestClient

    client = TestClient(create_app(store), base_url=BASE, follow_redirects=False)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me").json() == {"org": "local", "role": "admin", "user": None,
                                               "via": "local"}
    # Even locally, a form post needs its CSRF token (another site could post to 127.0.0.1).
    assert client.post("/logout").status_code == 403
    assert client.post("/logout", headers={"sec-fetch-site": "cross-site"}).status_code == 403


def test_auth_accounts_on_requires_login_everywhere_but_public_paths(world: World) -> None:
    client = world.client_as(None)
    page = client.get("/stories?x=1")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fstories%3Fx%3D1"
    api = client.get("/api/v1/search", params={"q": "bão"})
    assert api.status_code == 401 and api.headers["www-authenticate"] == "Bearer"
    assert api.json()["error"]["code"] == "unauthorized"
    assert client.get("/api/docs").status_code == 303
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    assert client.get("/login").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_auth_login_sets_a_safe_cookie_and_follows_local_next_only(world: World) -> None:
    client = world.app_client()
    response = login(client, ADMIN_A, PASSWORDS[ADMIN_A], next_url="/stories")
    assert response.status_code == 303 and response.headers["location"] == "/stories"
    cookie = next(h for h in response.headers.get_list("set-cookie")
              if h.startswith("diemtin_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    me = client.get("/api/v1/me").json()
    assert me == {"org": world.org_a, "role": "admin", "user": ADMIN_A, "via": "session"}
    for evil in ("//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:1"):
        other = world.app_client()
        answer = login(other, ADMIN_A, PASSWORDS[ADMIN_A], next_url=evil)
        assert answer.headers["location"] == "/", evil


def test_auth_secure_cookie_setting(store: Store) -> None:
    world = build_world(store, AuthSettings(secure_cookies=True))
    response = login(world.app_client(), ADMIN_A, PASSWORDS[ADMIN_A])
    assert all("Secure" in h for h in response.headers.get_list("set-cookie"))


def test_auth_session_fixation_gets_a_new_session_id(world: World) -> None:
    client = world.app_client()
    planted = "A" * 43  # a value an attacker set in the victim's browser
    client.cookies.set("diemtin_session", planted, domain="127.0.0.1")
    login(client, ADMIN_A, PASSWORDS[ADMIN_A])
    first = client.cookies.get("diemtin_session")
    assert first and first != planted
    # Logging in again from a logged-in browser (the form's token is the session's).
    assert client.post("/login", data={"email": ADMIN_A, "password": PASSWORDS[ADMIN_A],
                                       "csrf_token": csrf_of(client, "/")}
                       ).status_code == 303
    second = client.cookies.get("diemtin_session")
    assert second and second != first
    stale = world.app_client()
    stale.cookies.set("diemtin_session", first, domain="127.0.0.1")
    assert stale.get("/").status_code == 303  # the old session ended at the new login


def test_auth_logout_deletes_the_session(world: World) -> None:
    client = world.client_as(ADMIN_A)
    raw = client.cookies.get("diemtin_session")
    token = csrf_of(client, "/logout")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    again = world.app_client()
    again.cookies.set("diemtin_session", str(raw), domain="127.0.0.1")
    assert again.get("/api/v1/me").status_code == 401
    actions = [e.action for e in iter_entries(world.store)]
    assert "login" in actions and "logout" in actions


def test_auth_csrf_on_forms_and_on_api_calls_with_a_session(world: World) -> None:
    app_client = world.client_as(ADMIN_A)
    app = app_client.app

    def echo(request: Request) -> dict[str, str]:
        return {"ok": "yes"}

    app.add_api_route("/api/v1/thu-nghiem", echo, methods=["POST"])  # type: ignore[attr-defined]
    token = csrf_of(app_client, "/logout")
    assert app_client.post("/session/org", data={"org": world.org_a}).status_code == 403
    assert app_client.post("/session/org", data={"org": world.org_a,
                                                 "csrf_token": "x" * 43}).status_code == 403
    assert app_client.post("/api/v1/thu-nghiem").status_code == 403
    assert app_client.post("/api/v1/thu-nghiem",
                           headers={"x-csrf-token": token}).json() == {"ok": "yes"}
    bearer = {"authorization": "Bearer " + world.tokens[(ADMIN_A, "write")]}
    tokened = world.app_client()
    tokened.app.add_api_route("/api/v1/thu-nghiem", echo,  # type: ignore[attr-defined]
                              methods=["POST"])
    assert tokened.post("/api/v1/thu-nghiem", headers=bearer).status_code == 200


def test_auth_token_scope_expiry_and_revocation(world: World) -> None:
    client = world.app_client()

    def me(raw: str) -> int:
        return client.get("/api/v1/me", headers={"authorization": f"Bearer {raw}"}
                          ).status_code

    read = world.tokens[("bientap@so-a.vn", "read")]
    answer = client.get("/api/v1/me", headers={"authorization": f"Bearer {read}"}).json()
    assert answer["role"] == "viewer" and answer["via"] == "token"  # read caps the role
    assert client.post("/logout", headers={"authorization": f"Bearer {read}"}
                       ).status_code == 403
    viewer_admin_token = world.tokens[("xem@so-a.vn", "admin")]
    assert client.get("/api/v1/audit", headers={
        "authorization": f"Bearer {viewer_admin_token}"}).status_code == 403
    admin_token = world.tokens[(ADMIN_A, "admin")]
    assert client.get("/api/v1/audit", headers={
        "authorization": f"Bearer {admin_token}"}).status_code == 200
    secret = read.rsplit("_", 1)[1]
    forged = read.rsplit("_", 1)[0] + "_" + ("0" if secret[0] != "0" else "1") + secret[1:]
    assert len(forged) == len(read) and me(forged) == 401
    assert me("dt_khong_hop_le") == 401
    expired = world.store.transact(lambda s: create_token(
        s, org_id=world.org_a, user_id=list_tokens(s, org_id=world.org_a)[0].user_id,
        scopes=["read"], expires=datetime.now(UTC) - timedelta(seconds=1)))[1]  # type: ignore[list-item]
    assert me(expired) == 401
    token_id = read.split("_")[1] + "_" + read.split("_")[2]
    world.store.transact(lambda s: revoke_token(s, "cli", token_id))
    assert me(read) == 401


def test_auth_login_rate_limit_survives_restarts(world: World) -> None:
    email = "xem@so-a.vn"
    for _ in range(3):
        assert login(world.app_client(), email, "sai-mật-khẩu").status_code == 400
    blocked = login(world.app_client(), email, PASSWORDS[email])  # a new app: a restart
    assert blocked.status_code == 429 and 0 < int(blocked.headers["retry-after"]) <= 900
    # The address is limited too: another email from the same client is refused.
    other = login(world.app_client(), "bientap@so-a.vn", PASSWORDS["bientap@so-a.vn"])
    assert other.status_code == 429
    assert [e.action for e in iter_entries(world.store)].count("login.failed") == 3


def test_auth_no_secret_in_logs_or_audit(world: World,
                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    password = PASSWORDS[ADMIN_A]
    client = world.client_as(ADMIN_A)
    login(world.app_client(), ADMIN_A, "mật-khẩu-gõ-nhầm-123")
    raw = world.tokens[(ADMIN_A, "read")]
    world.app_client().get("/api/v1/me", headers={"authorization": f"Bearer {raw}"})
    cookie = str(client.cookies.get("diemtin_session"))
    audit = repr([e.to_dict() for e in iter_entries(world.store)])
    for secret in (password, "mật-khẩu-gõ-nhầm-123", raw, raw.rsplit("_", 1)[1], cookie):
        assert secret not in caplog.text
        assert secret not in audit
    assert verify(world.store).intact


def test_auth_switch_organization(world: World) -> None:
    client = world.client_as("hai-noi@so-a.vn")
    assert client.get("/api/v1/me").json()["org"] == world.org_a
    page = client.get("/")
    assert 'id="org-switch"' in page.text
    token = csrf_of(client, "/")
    moved = client.post("/session/org", data={"org": world.org_b, "csrf_token": token,
                                              "next": "/stories"})
    assert moved.status_code == 303 and moved.headers["location"] == "/stories"
    assert client.get("/api/v1/me").json() == {"org": world.org_b, "role": "editor",
                                               "user": "hai-noi@so-a.vn", "via": "session"}
    stranger = world.client_as("xem@so-a.vn")
    token = csrf_of(stranger, "/")
    assert stranger.post("/session/org", data={"org": world.org_b, "csrf_token": token}
                         ).status_code == 404


def test_auth_admin_pages_members_and_audit_export(world: World) -> None:
    viewer = world.client_as("xem@so-a.vn")
    assert viewer.get("/admin/members").status_code == 403
    client = world.client_as(ADMIN_A)
    page = client.get("/admin/members")
    assert page.status_code == 200 and "bientap@so-a.vn" in page.text
    token = csrf_of(client, "/admin/members")
    added = client.post("/admin/members", data={"email": "quantri@so-b.vn", "role": "viewer",
                                                "csrf_token": token})
    assert added.status_code == 303
    assert "quantri@so-b.vn" in client.get("/admin/members").text
    removed = client.post("/admin/members/remove", data={"email": "quantri@so-b.vn",
                                                         "csrf_token": token})
    assert removed.status_code == 303
    assert client.post("/admin/members/remove", data={"email": ADMIN_A, "csrf_token": token}
                       ).status_code == 400
    assert "member.removed" in client.get("/admin/audit").text
    lines = client.get("/admin/audit/export").text.splitlines()
    import json
    records = [json.loads(line) for line in lines]
    assert records and all({"time", "actor", "org", "action"} <= set(r) for r in records)
    assert all(world.org_a in (r["org"], r["partner_org"]) for r in records)


def test_auth_agreement_token_only_reaches_the_sharing_routes(world: World) -> None:
    share_with(world, "in_force")
    admin_a = Actor(org_id=world.org_a, role=Role.ADMIN, email=ADMIN_A, via="cli")
    raw = world.store.transact(lambda s: remote_tokens.issue(s, admin_a, world.agreement))[1]
    client = world.app_client()

    def pulled(request: Request) -> dict[str, str]:
        actor = request.state.actor
        return {"token": str(request.state.token.agreement_id), "org": actor.org_id,
                "role": str(actor.role)}

    for path in ("/api/v1/shared/thu", "/api/v1/remote/thu"):
        client.app.add_api_route(path, pulled)  # type: ignore[attr-defined]
    bearer = {"authorization": f"Bearer {raw}"}
    # It acts for the agreement's partner, as a viewer (docs/sharing.md), never for A.
    assert client.get("/api/v1/shared/thu", headers=bearer).json() == {
        "token": world.agreement, "org": world.org_b, "role": "viewer"}
    for path in ("/api/v1/me", "/api/v1/search?q=bão", "/", "/api/v1/audit",
                 "/api/v1/remote/thu", "/api/v1/collections"):
        assert client.get(path, headers=bearer).status_code == 403, path
    world.store.transact(lambda s: agreements.revoke(s, admin_a, world.agreement))
    assert client.get("/api/v1/shared/thu", headers=bearer).status_code == 401
