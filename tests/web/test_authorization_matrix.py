"""The authorization matrix: every route of the app × every kind of actor.

The routes are read from ``app.routes``; :data:`EXPECT` gives, for each (method, path),
the outcome for each actor kind. A route without an entry fails
:func:`test_every_route_has_an_entry`, so a new route must be added here with its
expectations. Outcomes:

- ``A`` allowed: the handler ran (any answer but 401/403/404-hidden and the login
  redirect; a 400 for the test's dummy input counts as allowed);
- ``L`` login needed: 401 (API) or a redirect to ``/login?next=…`` (pages);
- ``D`` denied: 403 (role or token scope);
- ``H`` hidden: 404 for an item of another organization (never reveal it exists).

Actor kinds: no session; a viewer, an editor and an admin of the owner organization A;
an admin of organization B as a partner with an agreement in force, without one, and
after the agreement was revoked. Until the sharing branch (agreements) is merged, B is
simply "another organization": the three partner columns are equal, and the sharing
branch fills in the agreement-dependent ones (``row(..., agreement=..., revoked=...)``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Route
from starlette.testclient import TestClient

from diemtin.accounts.sessions import load_session, start_session
from diemtin.accounts.users import get_user
from diemtin.store import open_store
from diemtin.store.state import now_text, parse_time
from diemtin.web import create_app
from tests.web.accounts_world import BASE, World, build_world

A, L, D, H = "A", "L", "D", "H"
ACTORS = ("anonymous", "viewer", "editor", "admin", "partner_agreement", "partner_none",
          "partner_revoked")
USERS = {"viewer": "xem@so-a.vn", "editor": "bientap@so-a.vn", "admin": "quantri@so-a.vn",
         "partner_agreement": "quantri@so-b.vn", "partner_none": "quantri@so-b.vn",
         "partner_revoked": "quantri@so-b.vn"}


def row(anonymous: str, viewer: str, editor: str, admin: str, partner: str, *,
        agreement: str | None = None, revoked: str | None = None) -> dict[str, str]:
    """Expectations of one route; ``partner`` is for a partner without an agreement, and
    the default for the other two partner columns."""
    return {"anonymous": anonymous, "viewer": viewer, "editor": editor, "admin": admin,
            "partner_agreement": agreement or partner, "partner_none": partner,
            "partner_revoked": revoked or partner}


SIGNED_IN = row(L, A, A, A, A)
"""Any logged-in user: the common pool of articles, stories, entities, the API docs."""
ADMIN_ONLY = row(L, D, D, A, A)
"""Admins of their own organization (B's admin acts on B)."""
PUBLIC = row(A, A, A, A, A)

EXPECT: dict[tuple[str, str], dict[str, str]] = {
    **{("GET", path): SIGNED_IN for path in (
        "/", "/articles/{article_id}", "/stories", "/stories/{story_id}", "/people",
        "/people/{entity_id}", "/orgs", "/orgs/{entity_id}", "/places", "/places/{entity_id}",
        "/outlets", "/outlets/{outlet_id}", "/trends", "/api/docs", "/api/openapi.json",
        "/api/v1/search", "/api/v1/count", "/api/v1/articles/{article_id}",
        "/api/v1/people", "/api/v1/outlets", "/api/v1/entities/{kind}",
        "/api/v1/entities/{kind}/{entity_id}", "/api/v1/outlets/{outlet_id}",
        "/api/v1/trends", "/api/v1/share", "/api/v1/export", "/api/v1/stories",
        "/api/v1/stories/{story_id}", "/api/v1/articles/{article_id}/duplicates",
        "/api/v1/me")},
    ("GET", "/api/v1/health"): PUBLIC,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("GET", "/logout"): SIGNED_IN,
    ("POST", "/logout"): PUBLIC,  # without a session it only clears the cookie
    ("POST", "/session/org"): SIGNED_IN,
    ("GET", "/api/v1/audit"): ADMIN_ONLY,
    ("GET", "/admin/members"): ADMIN_ONLY,
    ("POST", "/admin/members"): ADMIN_ONLY,
    # B's admin asks to remove A's editor from B, where the editor is no member: 404.
    ("POST", "/admin/members/remove"): row(L, D, D, A, H),
    ("GET", "/admin/audit"): ADMIN_ONLY,
    ("GET", "/admin/audit/export"): ADMIN_ONLY,
    # Briefings: the organization's own; editors change them, another organization's
    # ids are hidden (a malformed body is refused with 400 before any lookup).
    **{("GET", path): SIGNED_IN for path in (
        "/briefings", "/api/v1/briefings", "/api/v1/briefing-templates")},
    **{("GET", path): row(L, A, A, A, H) for path in (
        "/briefings/{issue_id}", "/api/v1/briefings/{issue_id}",
        "/api/v1/briefings/{issue_id}/render")},
    ("GET", "/briefings/{issue_id}/edit"): row(L, D, A, A, H),
    **{("POST", path): row(L, D, A, A, A) for path in (
        "/briefings", "/api/v1/briefings", "/api/v1/briefing-templates",
        "/api/v1/briefings/{issue_id}/edit")},
    **{("POST", path): row(L, D, A, A, H) for path in (
        "/briefings/{issue_id}/edit", "/briefings/{issue_id}/issue",
        "/api/v1/briefings/{issue_id}/issue")},
    ("DELETE", "/api/v1/briefing-templates/{name}"): row(L, D, A, A, H),
}

POOL_PARAMS = {"article_id": "u0123456789abcdef", "story_id": "st_0123456789ab",
               "kind": "people", "entity_id": "nguyen-van-a", "outlet_id": "bao-tay-bac"}
"""Path parameters of the common pool (articles are the instance's, not an
organization's): a 404 for these dummy ids still means the request was let through."""
def _own_template(world: World) -> str:
    from diemtin.brief import templates as tpl

    name = f"mau-{secrets.token_hex(3)}"
    world.store.transact(lambda s: tpl.add(
        s, world.org_a, name, title="Điểm tin sáng", period="24h",
        sections=(tpl.Section("Lào Cai", query='place:"Lào Cai"'),)))
    return name


def _own_issue(world: World) -> str:
    from diemtin.brief import issues

    until = parse_time(now_text())
    return world.store.transact(lambda s: issues.create(
        s, world.org_a, template_id=None, template_name="mau", title="Điểm tin sáng",
        since=until - timedelta(days=1), until=until,
        content={"sections": [{"heading": "Lào Cai", "items": []}], "note": ""})).id


OWNED: dict[str, Callable[[World], str]] = {"issue_id": _own_issue, "name": _own_template}
"""Path parameters naming an organization's items: a factory creating one owned by
organization A and returning its id (the alerts/briefing/sharing branches add theirs,
e.g. ``"saved_id": lambda world: ...``)."""
FORMS: dict[tuple[str, str], dict[str, str]] = {
    ("POST", "/login"): {"email": "khong-co-ai@so-a.vn", "password": "không-đúng-đâu"},
    ("POST", "/session/org"): {"org": "{own_org}"},
    ("POST", "/admin/members"): {"email": "xem@so-a.vn", "role": "viewer"},
    ("POST", "/admin/members/remove"): {"email": "bientap@so-a.vn"},
}
"""Form fields sent to the state-changing routes ({own_org}: the actor's organization)."""


def _flat(routes: list[Any]) -> Iterator[tuple[str, set[str] | None]]:
    """(path, methods) of every route, through FastAPI's lazily included routers."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before included routers became lazy
        yield from ((route.path, getattr(route, "methods", None)) for route in routes)
        return
    for context in iter_route_contexts(routes):
        route = context.original_route
        if isinstance(route, APIRoute | Route):
            yield str(context.path), route.methods


def app_routes() -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Every (method, path, path parameters) the app answers (static files excepted)."""
    with open_store(":memory:") as store:
        app = create_app(store)
    for path, methods in _flat(app.routes):
        for method in sorted((methods or set()) - {"HEAD"}):
            yield method, path, tuple(re.findall(r"{(\w+)(?::\w+)?}", path))


ROUTES = sorted(app_routes())


def test_every_route_has_an_entry() -> None:
    missing = [f"{method} {path}" for method, path, _ in ROUTES
               if (method, path) not in EXPECT]
    assert not missing, f"add these routes to EXPECT in {__file__}: {missing}"
    stale = set(EXPECT) - {(method, path) for method, path, _ in ROUTES}
    assert not stale, f"routes in EXPECT that no longer exist: {sorted(stale)}"
    unknown = {name for _, _, params in ROUTES for name in params
               if name not in POOL_PARAMS and name not in OWNED}
    assert not unknown, f"add these path parameters to POOL_PARAMS or OWNED: {unknown}"


def _client(world: World, actor: str) -> tuple[TestClient, str | None, str]:
    """A client acting as ``actor``: its CSRF token and organization."""
    client = TestClient(create_app(world.store), base_url=BASE, follow_redirects=False)
    if actor == "anonymous":
        client.get("/login")  # the double-submit cookie a browser would hold
        return client, client.cookies.get("diemtin_csrf"), world.org_a
    now = parse_time(now_text())

    def work(session: Any) -> tuple[str, str, str]:
        user = get_user(session, USERS[actor])
        org = world.org_b if actor.startswith("partner") else world.org_a
        raw = start_session(session, user.id, now, org_id=org)
        found = load_session(session, raw, now)
        assert found is not None
        return raw, found.csrf_token, org

    raw, csrf, org = world.store.transact(work)
    client.cookies.set("diemtin_session", raw, domain="127.0.0.1")
    return client, csrf, org


def outcome(response: Any, pool_only: bool) -> str:
    """The matrix letter of an answer."""
    status = response.status_code
    location = response.headers.get("location", "")
    if status == 401 or (status in (302, 303, 307) and location.startswith("/login?next=")):
        return L
    if status == 403:
        return D
    if status == 404 and not pool_only:
        return H
    return A


def _request(world: World, actor: str, method: str, path: str,
             params: tuple[str, ...]) -> str:
    client, csrf, org = _client(world, actor)
    values = {name: OWNED[name](world) if name in OWNED else POOL_PARAMS[name]
              for name in params}
    url = path.format(**values)
    query = {"q": "bão"} if path in ("/api/v1/search", "/api/v1/count") else {}
    if method == "GET":
        response = client.get(url, params=query)
    else:
        form = {key: value.replace("{own_org}", org)
                for key, value in FORMS.get((method, path), {}).items()}
        headers: dict[str, str] = {}
        if csrf:
            form["csrf_token"] = csrf
            headers["x-csrf-token"] = csrf
        response = client.request(method, url, data=form, headers=headers)
    return outcome(response, pool_only=bool(params) and all(n in POOL_PARAMS for n in params))


@pytest.mark.parametrize(("method", "path", "params"), ROUTES,
                         ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_authorization_matrix(method: str, path: str, params: tuple[str, ...]) -> None:
    expected = EXPECT.get((method, path))
    if expected is None:
        pytest.fail(f"{method} {path} has no entry in EXPECT")
    found = {}
    for actor in ACTORS:
        with open_store(":memory:") as store:
            world = build_world(store)
            found[actor] = _request(world, actor, method, path, params)
    assert found == expected


def test_csrf_refused_on_every_state_changing_page_route() -> None:
    unsafe = [(m, p, params) for m, p, params in ROUTES
              if m != "GET" and not p.startswith("/api/")]
    assert unsafe  # the login form at least
    for method, path, params in unsafe:
        with open_store(":memory:") as store:
            world = build_world(store)
            client, _, org = _client(world, "admin")
            form = {key: value.replace("{own_org}", org)
                    for key, value in FORMS.get((method, path), {}).items()}
            url = path.format(**{name: POOL_PARAMS.get(name, "x") for name in params})
            response = client.request(method, url, data=form)
            assert response.status_code == 403, f"{method} {path} without a CSRF token"
            response = client.request(method, url, data={**form, "csrf_token": "x" * 43})
            assert response.status_code == 403, f"{method} {path} with a wrong CSRF token"


def test_idor_another_orgs_ids_are_not_found() -> None:
    owned = [(m, p, params) for m, p, params in ROUTES
             if any(name in OWNED for name in params)]
    for method, path, params in owned:
        with open_store(":memory:") as store:
            world = build_world(store)
            client, csrf, _ = _client(world, "partner_none")
            url = path.format(**{name: OWNED[name](world) if name in OWNED
                                 else POOL_PARAMS[name] for name in params})
            data = {"csrf_token": csrf or ""}
            response = (client.get(url) if method == "GET"
                        else client.request(method, url, data=data,
                                            headers={"x-csrf-token": csrf or ""}))
            assert response.status_code == 404, f"{method} {path} revealed A's item to B"
