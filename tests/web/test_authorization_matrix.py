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
after the agreement was revoked. Each actor gets a world of its own
(:func:`tests.web.accounts_world.share_with`): A's collection "Mưa lũ Tây Bắc" holding
a pool article, offered with ``view_copy`` rights by an agreement that is in force for
B (the owner's columns and ``partner_agreement``), revoked by A (``partner_revoked``), or
made with a third organization C (``partner_none``: B has no agreement at all).

The expectations follow docs/sharing.md and docs/security.md: viewers read, editors
change their own organization's collections, admins handle agreements and tokens; a
partner sees an offered collection only while the agreement is in force, copies it only
under ``view_copy``, and never changes it; anything of another organization it may not
see is 404, like a missing id. A remote token (scope ``remote``) reaches nothing but
``/api/v1/shared/…`` (:func:`test_remote_token_reaches_only_the_shared_routes`).
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

from diemtin.accounts import agreements, collections, remote_tokens
from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.sessions import load_session, start_session
from diemtin.accounts.users import get_user
from diemtin.store import open_store
from diemtin.store.state import now_text, parse_time
from diemtin.web import create_app
from tests.web.accounts_world import BASE, World, build_world, share_with

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
EDITORS = row(L, D, A, A, A)
"""Editors and admins, in their own organization (B's admin creates B's collection)."""
SHARED_READ = row(L, A, A, A, H, agreement=A)
"""Reading A's collection: A's members; B only while the agreement is in force."""
OWNER_WRITES = row(L, D, A, A, H)
"""Changing A's collection: A's editors and admins; B never, even with an agreement (the
write routes look up the actor's own collections only: B's "not found")."""
PARTNER_COPIES = row(L, D, D, D, H, agreement=A)
"""Copying needs the editor role and a partner's collection under ``view_copy``: A's own
members have nothing to copy (403), B copies while the agreement is in force."""
AGREEMENT_ADMINS = row(L, D, D, A, H, agreement=A, revoked=A)
"""An agreement's two sides' admins (a revoked one stays visible to both, as history;
accepting or revoking it again is a 400 for its state: the handler ran)."""
ONLY_PARTNER_ACCEPTS = row(L, D, D, D, H, agreement=A, revoked=A)
"""Proposing was the offerer's acceptance: A's admin cannot accept (403); B's admin may
(in the world it is already accepted or revoked: a 400 for its state, still allowed)."""
ONLY_OFFERER_ISSUES = row(L, D, D, A, H, agreement=D, revoked=D)
"""Remote tokens are issued by the offerer's admin only."""
REMOTE_ONLY = row(L, L, L, L, L)
"""The routes of a partner's instance: a remote token, never a session (401)."""

EXPECT: dict[tuple[str, str], dict[str, str]] = {
    **{("GET", path): SIGNED_IN for path in (
        "/", "/search/facets", "/articles/{article_id}", "/stories", "/stories/{story_id}",
        "/people", "/people/{entity_id}", "/orgs", "/orgs/{entity_id}", "/places",
        "/places/{entity_id}", "/outlets", "/outlets/{outlet_id}", "/trends", "/api/docs",
        "/api/openapi.json",
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
    # Collections (pages and API).
    ("GET", "/collections"): SIGNED_IN,
    ("GET", "/api/v1/collections"): SIGNED_IN,
    ("POST", "/collections"): EDITORS,
    ("POST", "/api/v1/collections"): EDITORS,
    ("GET", "/collections/{collection_id}"): SHARED_READ,
    ("GET", "/api/v1/collections/{collection_id}"): SHARED_READ,
    ("POST", "/collections/{collection_id}/items"): OWNER_WRITES,
    ("POST", "/api/v1/collections/{collection_id}/items"): OWNER_WRITES,
    ("POST", "/collections/{collection_id}/items/{item_id}/drop"): OWNER_WRITES,
    ("DELETE", "/api/v1/collections/{collection_id}/items/{item_id}"): OWNER_WRITES,
    # The owner's delete is a 400 while an agreement offers it: allowed, state refused.
    ("POST", "/collections/{collection_id}/delete"): OWNER_WRITES,
    ("DELETE", "/api/v1/collections/{collection_id}"): OWNER_WRITES,
    ("POST", "/collections/{collection_id}/copy"): PARTNER_COPIES,
    ("POST", "/api/v1/collections/{collection_id}/copy"): PARTNER_COPIES,
    ("GET", "/api/v1/shared/collections"): REMOTE_ONLY,
    ("GET", "/api/v1/shared/collections/{collection_id}"): REMOTE_ONLY,
    # Agreements (pages and API): admins; B cannot offer A's collection (404).
    ("GET", "/admin/agreements"): ADMIN_ONLY,
    ("GET", "/api/v1/agreements"): ADMIN_ONLY,
    ("POST", "/admin/agreements"): row(L, D, D, A, H),
    ("POST", "/api/v1/agreements"): row(L, D, D, A, H),
    ("GET", "/api/v1/agreements/{agreement_id}"): AGREEMENT_ADMINS,
    ("POST", "/admin/agreements/{agreement_id}/accept"): ONLY_PARTNER_ACCEPTS,
    ("POST", "/api/v1/agreements/{agreement_id}/accept"): ONLY_PARTNER_ACCEPTS,
    ("POST", "/admin/agreements/{agreement_id}/revoke"): AGREEMENT_ADMINS,
    ("POST", "/api/v1/agreements/{agreement_id}/revoke"): AGREEMENT_ADMINS,
    ("POST", "/admin/agreements/{agreement_id}/token"): ONLY_OFFERER_ISSUES,
    ("POST", "/api/v1/agreements/{agreement_id}/tokens"): ONLY_OFFERER_ISSUES,
    # saved searches, alert rules, the outbox (issue 11): each actor sees its own
    # organization's; B's admin gets 404 for A's items.
    **{("GET", path): SIGNED_IN for path in (
        "/saved", "/alerts", "/api/v1/saved-searches", "/api/v1/alerts", "/api/v1/outbox")},
    **{("GET", path): row(L, A, A, A, H) for path in (
        "/saved/{saved_id}/atom.xml", "/api/v1/saved-searches/{saved_id}",
        "/api/v1/saved-searches/{saved_id}/results")},
    **{("POST", path): row(L, D, A, A, A) for path in (
        "/saved", "/alerts", "/api/v1/saved-searches", "/api/v1/alerts")},
    ("PUT", "/api/v1/saved-searches/{saved_id}"): row(L, D, A, A, H),
    **{(method, path): row(L, D, A, A, H) for method, path in (
        ("DELETE", "/api/v1/saved-searches/{saved_id}"), ("POST", "/saved/{saved_id}/delete"),
        ("DELETE", "/api/v1/alerts/{rule_id}"), ("POST", "/alerts/{rule_id}/delete"))},
    # Briefings: the organization's own; editors change them, another organization's
    # ids are hidden (a malformed body is refused with 400 before any lookup).
    **{("GET", path): SIGNED_IN for path in (
        "/briefings", "/api/v1/briefings", "/api/v1/briefing-templates")},
    **{("GET", path): row(L, A, A, A, H) for path in (
        "/briefings/{issue_id}", "/api/v1/briefings/{issue_id}",
        "/api/v1/briefings/{issue_id}/render")},
    ("GET", "/briefings/{issue_id}/edit"): row(L, D, A, A, H),
    **{("POST", path): row(L, D, A, A, A) for path in (
        "/briefings", "/api/v1/briefings", "/api/v1/briefing-templates")},
    **{("POST", path): row(L, D, A, A, H) for path in (
        "/briefings/{issue_id}/edit", "/briefings/{issue_id}/issue",
        "/api/v1/briefings/{issue_id}/edit", "/api/v1/briefings/{issue_id}/issue")},
    ("DELETE", "/api/v1/briefing-templates/{name}"): row(L, D, A, A, H),
}
SHARING = {"partner_agreement": "in_force", "partner_none": "none",
           "partner_revoked": "revoked"}
"""The state of A's agreement with B in each actor's world (the owner's: in force)."""

POOL_PARAMS = {"article_id": "u0123456789abcdef", "story_id": "st_0123456789ab",
               "kind": "people", "entity_id": "nguyen-van-a", "outlet_id": "bao-tay-bac"}
"""Path parameters of the common pool (articles are the instance's, not an
organization's): a 404 for these dummy ids still means the request was let through."""
def _saved_of_a(world: World) -> str:
    from diemtin.brief.saved import save

    return world.store.transact(lambda s: save(s, world.org_a, "Bão lũ", "bão", replace=True)).id


def _rule_of_a(world: World) -> str:
    from diemtin.brief.alerts import add_rule, destination

    saved_id = _saved_of_a(world)
    return world.store.transact(lambda s: add_rule(
        s, world.org_a, saved_id, "new_matches", destinations=[destination("atom")])).id


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


OWNED: dict[str, Callable[[World], str]] = {
    "collection_id": lambda world: world.collection,
    "agreement_id": lambda world: world.agreement,
    "item_id": lambda world: world.article,  # the article in A's collection
    "saved_id": _saved_of_a,
    "rule_id": _rule_of_a,
    "issue_id": _own_issue,
    "name": _own_template,
}
"""Path parameters naming an organization's items: a factory creating one owned by
organization A and returning its id (the alerts/briefing branches add theirs, e.g.
``"saved_id": lambda world: ...``)."""
FORMS: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/login"): {"email": "khong-co-ai@so-a.vn", "password": "không-đúng-đâu"},
    ("POST", "/session/org"): {"org": "{own_org}"},
    ("POST", "/admin/members"): {"email": "xem@so-a.vn", "role": "viewer"},
    ("POST", "/admin/members/remove"): {"email": "bientap@so-a.vn"},
    ("POST", "/collections"): {"name": "Bầu cử Quốc hội", "description": "Tin chính thức"},
    ("POST", "/collections/{collection_id}/items"): {"item": "{article}",
                                                    "note": "Cần kiểm chứng"},
    ("POST", "/collections/{collection_id}/copy"): {"name": "Bản sao mưa lũ"},
    ("POST", "/admin/agreements"): {"partner": "{other_org}", "collection": "{collection}",
                                    "rights": "view", "until": "2099-06-30",
                                    "note": "Công văn 20/CV"},
    ("POST", "/api/v1/collections"): {"name": "Bầu cử Quốc hội"},
    ("POST", "/api/v1/collections/{collection_id}/items"): {"id": "{article}",
                                                           "note": "Cần kiểm chứng"},
    ("POST", "/api/v1/collections/{collection_id}/copy"): {"name": "Bản sao mưa lũ"},
    ("POST", "/api/v1/agreements"): {"partner": "{other_org}", "rights": "view",
                                     "items": [{"kind": "collection", "id": "{collection}"}],
                                     "until": "2099-06-30"},
    ("POST", "/saved"): {"name": "Mưa lớn", "query": "mưa"},
    ("POST", "/api/v1/briefings/{issue_id}/edit"): {"op": "issue_note",
                                                    "text": "Trình lãnh đạo trước 8 giờ"},
}
"""What the state-changing routes are sent: form fields for pages, a JSON body for
``/api/`` routes. Placeholders: {own_org} the actor's organization, {other_org} the other
of A and B, {collection} A's collection, {article} the pool article."""


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


def world_for(store: Any, actor: str) -> World:
    """The world ``actor`` is checked in (see :data:`SHARING`)."""
    return share_with(build_world(store), SHARING.get(actor, "in_force"))


def _fill(value: Any, places: dict[str, str]) -> Any:
    if isinstance(value, str):
        for name, filled in places.items():
            value = value.replace("{" + name + "}", filled)
        return value
    if isinstance(value, list):
        return [_fill(item, places) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, places) for key, item in value.items()}
    return value


def send(client: TestClient, world: World, org: str, csrf: str | None, method: str,
         path: str, params: tuple[str, ...], headers: dict[str, str] | None = None) -> Any:
    """Send ``method path`` with the route's form or JSON body (:data:`FORMS`), its path
    parameters (:data:`OWNED`, :data:`POOL_PARAMS`) and the CSRF token when given."""
    url = path.format(**{name: OWNED[name](world) if name in OWNED else POOL_PARAMS[name]
                         for name in params})
    headers = dict(headers or {})
    if method == "GET":
        query = {"q": "bão"} if path in ("/api/v1/search", "/api/v1/count") else {}
        return client.get(url, params=query, headers=headers)
    places = {"own_org": org, "other_org": world.org_b if org == world.org_a else world.org_a,
              "collection": world.collection, "article": world.article}
    body = _fill(FORMS.get((method, path), {}), places)
    if csrf:
        headers["x-csrf-token"] = csrf
    if path.startswith("/api/"):
        return client.request(method, url, json=body or None, headers=headers)
    if csrf:
        body["csrf_token"] = csrf
    return client.request(method, url, data=body, headers=headers)


def _request(world: World, actor: str, method: str, path: str,
             params: tuple[str, ...]) -> str:
    client, csrf, org = _client(world, actor)
    response = send(client, world, org, csrf, method, path, params)
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
            found[actor] = _request(world_for(store, actor), actor, method, path, params)
    assert found == expected


def test_csrf_refused_on_every_state_changing_route() -> None:
    """Pages and session-authenticated API calls: no token, or a wrong one, is 403."""
    unsafe = [(m, p, params) for m, p, params in ROUTES if m != "GET"]
    assert ("POST", "/login", ()) in unsafe
    for method, path, params in unsafe:
        with open_store(":memory:") as store:
            world = world_for(store, "admin")
            client, _, org = _client(world, "admin")
            response = send(client, world, org, None, method, path, params)
            assert response.status_code == 403, f"{method} {path} without a CSRF token"
            response = send(client, world, org, "x" * 43, method, path, params)
            assert response.status_code == 403, f"{method} {path} with a wrong CSRF token"


def test_idor_another_orgs_ids_are_not_found() -> None:
    """B, with no agreement, guessing (knowing) A's ids: 404 on every route naming one
    (the remote-token routes are checked in the remote table below)."""
    owned = [(m, p, params) for m, p, params in ROUTES
             if any(name in OWNED for name in params) and EXPECT[(m, p)] != REMOTE_ONLY]
    assert len(owned) >= 15
    for method, path, params in owned:
        with open_store(":memory:") as store:
            world = world_for(store, "partner_none")
            client, csrf, org = _client(world, "partner_none")
            response = send(client, world, org, csrf, method, path, params)
            assert response.status_code == 404, f"{method} {path} revealed A's item to B"
            assert response.json()["error"]["code"] == "not_found" if path.startswith(
                "/api/") else "Mưa lũ Tây Bắc" not in response.text


REMOTE_REACHES = {("GET", "/api/v1/shared/collections"),
                  ("GET", "/api/v1/shared/collections/{collection_id}")}
"""The only routes an agreement's remote token reaches; every other route is 403."""


def _remote_token(world: World) -> str:
    admin_a = Actor(org_id=world.org_a, role=Role.ADMIN, email="quantri@so-a.vn", via="cli")
    return world.store.transact(lambda s: remote_tokens.issue(s, admin_a, world.agreement))[1]


def test_remote_token_reaches_only_the_shared_routes() -> None:
    with open_store(":memory:") as store:
        world = world_for(store, "partner_agreement")
        bearer = {"authorization": f"Bearer {_remote_token(world)}"}
        client = TestClient(create_app(store), base_url=BASE, follow_redirects=False)
        found = {(method, path): send(client, world, world.org_b, None, method, path,
                                      params, headers=bearer).status_code
                 for method, path, params in ROUTES}
    assert {route for route, status in found.items() if status == 200} == REMOTE_REACHES
    assert {route: status for route, status in found.items()
            if route not in REMOTE_REACHES and status != 403} == {}


def test_remote_token_sees_only_the_offered_collection_while_in_force() -> None:
    with open_store(":memory:") as store:
        world = world_for(store, "partner_agreement")
        bearer = {"authorization": f"Bearer {_remote_token(world)}"}
        admin_a = Actor(org_id=world.org_a, role=Role.ADMIN, email="quantri@so-a.vn",
                        via="cli")
        private = store.transact(lambda s: collections.create(s, world.org_a, "Nội bộ"))
        client = TestClient(create_app(store), base_url=BASE, follow_redirects=False)
        listed = client.get("/api/v1/shared/collections", headers=bearer).json()
        assert [c["id"] for c in listed["collections"]] == [world.collection]
        for key in (private.id, "Nội bộ", "col_khong_co"):
            hidden = client.get(f"/api/v1/shared/collections/{key}", headers=bearer)
            assert hidden.status_code == 404, key
        assert client.get(f"/api/v1/shared/collections/{world.collection}",
                          headers=bearer).status_code == 200
        store.transact(lambda s: agreements.revoke(s, admin_a, world.agreement))
        for path in ("/api/v1/shared/collections",
                     f"/api/v1/shared/collections/{world.collection}"):
            assert client.get(path, headers=bearer).status_code == 401, path
