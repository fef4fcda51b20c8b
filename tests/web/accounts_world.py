"""A small world of organizations, users and tokens for the web's accounts tests.

Two provinces' culture departments (A owns things, B is the other organization), a
user of each role in A, an admin of B and a user in both. Passwords are set through
the real argon2id hasher; clients log in through the real login form.
:func:`share_with` adds what the sharing routes need: a pool article, A's collection
holding it, and an agreement offering it (to B in force or revoked, or to a third
organization C, so that B has none).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from starlette.testclient import TestClient

from diemtin.accounts import agreements, collections
from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.orgs import create_org
from diemtin.accounts.passwords import hash_password
from diemtin.accounts.tokens import Scope, create_token
from diemtin.accounts.users import add_member, create_user
from diemtin.store import Store
from diemtin.store.state import StateSession
from diemtin.web import create_app
from diemtin.web.app import WebSettings
from diemtin.web.auth import AuthSettings
from tests.conftest import make_article

BASE = "http://127.0.0.1"
ORG_A = "Sở VH-TT tỉnh A"
ORG_B = "Sở VH-TT tỉnh B"
ORG_C = "Sở VH-TT tỉnh C"
SHARINGS = ("in_force", "none", "revoked")
"""What :func:`share_with` sets up between A and B."""
PASSWORDS = {
    "quantri@so-a.vn": "Quản-trị-A-2026!",
    "bientap@so-a.vn": "Biên-tập-A-2026!",
    "xem@so-a.vn": "Người-xem-A-2026!",
    "quantri@so-b.vn": "Quản-trị-B-2026!",
    "hai-noi@so-a.vn": "Hai-nơi-cùng-lúc!",
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class World:
    """The organizations' ids, and a raw token per (email, scope)."""

    store: Store
    org_a: str = ""
    org_b: str = ""
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)
    settings: AuthSettings = field(default_factory=AuthSettings)
    org_c: str = ""
    article: str = ""
    collection: str = ""
    agreement: str = ""

    def app_client(self) -> TestClient:
        """A client of a fresh app over the world's store (no cookies yet)."""
        app = create_app(self.store, WebSettings(auth=self.settings))
        return TestClient(app, base_url=BASE, follow_redirects=False)

    def client_as(self, email: str | None) -> TestClient:
        """A client logged in as ``email`` through the form (None: no session)."""
        client = self.app_client()
        if email is not None:
            response = login(client, email, PASSWORDS[email])
            assert response.status_code == 303, response.text
        return client


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token the page at ``path`` embeds in its forms."""
    page = client.get(path)
    match = _CSRF.search(page.text)
    assert match, f"no csrf field on {path} ({page.status_code})"
    return match.group(1)


def login(client: TestClient, email: str, password: str, next_url: str = "/") -> object:
    """Submit the login form (after loading it, as a browser does)."""
    token = csrf_of(client)
    return client.post("/login", data={"email": email, "password": password,
                                        "next": next_url, "csrf_token": token})


@functools.cache
def _hashes() -> dict[str, str]:
    # argon2id is slow on purpose: hash each test password once per test session.
    return {email: hash_password(password) for email, password in PASSWORDS.items()}


def build_world(store: Store, settings: AuthSettings | None = None) -> World:
    """Create the organizations, users (real password hashes) and tokens."""
    world = World(store=store, settings=settings or AuthSettings())
    hashes = _hashes()
    expires = datetime.now(UTC) + timedelta(days=1)

    def work(session: StateSession) -> None:
        a = create_org(session, "cli", ORG_A)
        b = create_org(session, "cli", ORG_B)
        world.org_a, world.org_b = a.id, b.id
        for email, org, role in (("quantri@so-a.vn", a.id, Role.ADMIN),
                                 ("bientap@so-a.vn", a.id, Role.EDITOR),
                                 ("xem@so-a.vn", a.id, Role.VIEWER),
                                 ("quantri@so-b.vn", b.id, Role.ADMIN),
                                 ("hai-noi@so-a.vn", a.id, Role.VIEWER)):
            user = create_user(session, "cli", email, hashes[email], org_id=org, role=role)
            for scope in (Scope.READ, Scope.WRITE, Scope.ADMIN):
                _, raw = create_token(session, org_id=org, user_id=user.id, scopes=[scope],
                                      expires=expires)
                world.tokens[(email, str(scope))] = raw
        add_member(session, "cli", "hai-noi@so-a.vn", org_id=b.id, role=Role.EDITOR)

    store.transact(work)
    return world


def share_with(world: World, sharing: str, *, rights: str = "view_copy") -> World:
    """Give A a collection holding a pool article, offered with ``rights`` by an agreement
    that is, for B: ``in_force`` (proposed by A, accepted by B), ``revoked`` (then revoked
    by A) or ``none`` (the agreement is with organization C instead)."""
    if sharing not in SHARINGS:
        raise ValueError(f"sharing is one of {SHARINGS}; got {sharing!r}")
    news = make_article("Sạt lở đất ở Mù Cang Chải, 200 hộ dân phải sơ tán",
                        "Mưa lớn kéo dài khiến nhiều tuyến đường bị chia cắt.",
                        url="https://baotaybac.vn/sat-lo-mu-cang-chai")
    world.store.upsert_articles([news])
    admin_a = Actor(org_id=world.org_a, role=Role.ADMIN, email="quantri@so-a.vn", via="cli")

    def work(session: StateSession) -> None:
        world.org_c = create_org(session, "cli", ORG_C).id
        partner = world.org_c if sharing == "none" else world.org_b
        made = collections.create(session, world.org_a, "Mưa lũ Tây Bắc",
                                  description="Mùa mưa 2026", created_by="quantri@so-a.vn")
        collections.put(session, world.org_a, made.id, "article", news.id, news.title,
                        note="Số liệu sơ tán", added_by="quantri@so-a.vn")
        offered = agreements.propose(session, admin_a, partner, [("collection", made.id)],
                                     rights=agreements.Rights(rights),
                                     until=date(2099, 12, 31), note="Công văn 15/CV")
        admin_partner = Actor(org_id=partner, role=Role.ADMIN, via="cli")
        agreements.accept(session, admin_partner, offered.id)
        if sharing == "revoked":
            agreements.revoke(session, admin_a, offered.id)
        world.article, world.collection, world.agreement = news.id, made.id, offered.id

    world.store.transact(work)
    return world


__all__ = ["BASE", "ORG_A", "ORG_B", "ORG_C", "PASSWORDS", "SHARINGS", "World", "build_world",
           "csrf_of", "login", "share_with"]
