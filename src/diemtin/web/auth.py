"""Who is asking, for every route: sessions, tokens, CSRF (see docs/security.md).

:func:`authenticate` is a dependency of the whole app, so every route — those of any
branch included — runs it before its own code. It sets ``request.state.actor``:

- an instance without users (local mode) acts as :data:`LOCAL_ACTOR`;
- ``Authorization: Bearer dt_…`` acts for the token's user in the token's organization,
  with the lower of the user's role and the token's scope (read: viewer, write: editor,
  admin: admin); a read token may only GET; an agreement's token (scope ``remote``) acts
  for the agreement's partner as a viewer and only reaches :data:`REMOTE_PREFIXES`;
- the session cookie acts for its user in the organization the session has chosen.

Once a user exists, a request with neither is refused (:class:`Unauthenticated`: the
API answers 401, pages redirect to ``/login``), except the public paths: login, logout,
health and ``/static/`` (a mount, outside the routes). Every state-changing request that
is not token-authenticated must carry the CSRF token: the session's synchronizer token
(or, without a session, the double-submit ``diemtin_csrf`` cookie) in the ``csrf_token``
form field or the ``X-CSRF-Token`` header; a request a browser marks ``Sec-Fetch-Site:
cross-site`` is refused outright.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from diemtin.accounts.actor import LOCAL_ACTOR, Actor, Role
from diemtin.accounts.agreements import get as get_agreement
from diemtin.accounts.logins import LoginLimit
from diemtin.accounts.sessions import DEFAULT_POLICY, SessionPolicy, WebSession, load_session
from diemtin.accounts.tokens import Scope, TokenInfo, authenticate_token
from diemtin.accounts.users import Membership, memberships_of, role_in, users_exist
from diemtin.errors import CsrfRejected, ItemNotFound, PermissionDenied, Unauthenticated
from diemtin.store.base import Store
from diemtin.store.state import StateSession, read_then_write

SESSION_COOKIE = "diemtin_session"
CSRF_COOKIE = "diemtin_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
PUBLIC_PATHS = frozenset({"/login", "/logout", "/api/v1/health"})
REMOTE_PREFIXES = ("/api/v1/shared/",)
"""The only routes an agreement's token (scope ``remote``) reaches: what a partner's
instance pulls (the sharing routes check the agreement themselves). Nothing else: a
prefix without routes would let a route added there later answer remote tokens."""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_COOKIE_VALUE = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True, slots=True)
class AuthSettings:
    """Authentication settings of the web app.

    Attributes:
        secure_cookies: mark cookies ``Secure`` (serve over https, or behind a proxy
            that does); ``diemtin serve --secure-cookies``.
        sessions: idle and absolute session lifetimes.
        logins: the failed-login limit.
    """

    secure_cookies: bool = False
    sessions: SessionPolicy = DEFAULT_POLICY
    logins: LoginLimit = field(default_factory=LoginLimit)


@dataclass(frozen=True, slots=True)
class Identity:
    """What the credentials of a request proved."""

    accounts: bool
    actor: Actor | None = None
    session: WebSession | None = None
    token: TokenInfo | None = None
    orgs: tuple[Membership, ...] = ()
    bad_token: bool = False
    stale_cookie: bool = False


def bearer_of(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _lower(role: Role, cap: Role) -> Role:
    return role if cap.at_least(role) else cap


def _token_actor(session: StateSession, token: TokenInfo) -> Actor | None:
    if token.agreement_id is not None:
        # A remote token belongs to the offerer but acts for the agreement's partner, as
        # a viewer (docs/sharing.md): never with the offerer's own rights.
        try:
            found = get_agreement(session, token.org_id, token.agreement_id)
        except ItemNotFound:
            return None
        return Actor(org_id=found.partner_org, role=Role.VIEWER, email=f"remote:{token.id}",
                     via="token")
    if token.user_id is None:
        return Actor(org_id=token.org_id, role=Role.VIEWER, via="agreement")
    role = role_in(session, token.user_id, token.org_id) or Role.VIEWER
    return Actor(org_id=token.org_id, role=_lower(role, token.role_cap()),
                 user_id=token.user_id, email=token.email, via="token")


def identify(store: Store, bearer: str | None, cookie: str | None, now: datetime,
             policy: SessionPolicy) -> Identity:
    """Check a request's credentials: a read, and a write transaction only when the
    check must write (a session's ``last_seen_at`` or a token's ``last_used_at``, at most
    once a minute; an expired session's removal; the audit of a token's use)."""
    def work(session: StateSession) -> Identity:
        accounts = users_exist(session)
        if bearer is not None:
            token = authenticate_token(session, bearer, now) if bearer else None
            actor = _token_actor(session, token) if token is not None else None
            if token is None or actor is None:
                return Identity(accounts, bad_token=True)
            return Identity(accounts, actor, token=token)
        found = load_session(session, cookie, now, policy=policy) if cookie else None
        if found is not None:
            return Identity(accounts, found.actor(), session=found,
                            orgs=tuple(memberships_of(session, found.user_id)))
        return Identity(accounts, None if accounts else LOCAL_ACTOR,
                        stale_cookie=cookie is not None)
    return read_then_write(store, work)


async def authenticate(request: Request) -> None:
    """App-wide dependency: set the request's actor, refuse what needs credentials, check
    token scopes and CSRF (see the module)."""
    settings: AuthSettings = request.app.state.auth
    identity = await run_in_threadpool(
        identify, request.app.state.store, bearer_of(request),
        request.cookies.get(SESSION_COOKIE), datetime.now(UTC), settings.sessions)
    state = request.state
    state.actor, state.token, state.web_session = (identity.actor, identity.token,
                                                   identity.session)
    state.accounts, state.orgs = identity.accounts, identity.orgs
    if identity.stale_cookie:
        queue_cookie(request, SESSION_COOKIE, "", max_age=0)
    state.csrf_token = (identity.session.csrf_token if identity.session
                        else _csrf_cookie(request))
    public = request.url.path in PUBLIC_PATHS
    if identity.bad_token and not public:
        raise Unauthenticated("the bearer token is unknown, expired or revoked")
    if identity.actor is None and not public:
        raise Unauthenticated("log in, or send Authorization: Bearer TOKEN")
    if identity.token is not None:
        _check_token(identity.token, request)
    elif request.method not in SAFE_METHODS:
        await _check_csrf(request, identity)


def _check_token(token: TokenInfo, request: Request) -> None:
    path = request.url.path
    if token.agreement_id is not None and not path.startswith(REMOTE_PREFIXES):
        raise PermissionDenied("an agreement's token only reaches "
                               + " and ".join(REMOTE_PREFIXES))
    if request.method not in SAFE_METHODS and not token.allows(Scope.WRITE):
        raise PermissionDenied(f"this token may only read; {request.method} needs the write "
                               "scope")


async def _check_csrf(request: Request, identity: Identity) -> None:
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise CsrfRejected("a state-changing request from another site")
    api = request.url.path.startswith("/api/")
    if api and identity.session is None and request.cookies.get(CSRF_COOKIE) is None:
        return  # local mode, no cookie: a script, not a browser session
    expected = (identity.session.csrf_token if identity.session
                else request.cookies.get(CSRF_COOKIE))
    sent = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if sent is None and not api and content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)  # cached: the route reads it too
        sent = value if isinstance(value, str) else None
    if not expected or sent is None or not hmac.compare_digest(sent.encode(),
                                                               expected.encode()):
        raise CsrfRejected("missing or wrong CSRF token; reload the page and try again")


def _csrf_cookie(request: Request) -> str:
    """The double-submit token of a browser without a session (set it when missing)."""
    value = request.cookies.get(CSRF_COOKIE)
    if value and _COOKIE_VALUE.match(value):
        return value
    value = secrets.token_urlsafe(32)
    queue_cookie(request, CSRF_COOKIE, value)
    return value


def cookie_header(request: Request, name: str, value: str, *, max_age: int | None = None,
                  ) -> str:
    """A ``Set-Cookie`` value: HttpOnly, SameSite=Lax, path /, Secure when configured."""
    settings: AuthSettings = request.app.state.auth
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if settings.secure_cookies:
        parts.append("Secure")
    return "; ".join(parts)


def queue_cookie(request: Request, name: str, value: str, *,
                 max_age: int | None = None) -> None:
    """Have :class:`CookieMiddleware` set a cookie on whatever response the request gets."""
    queued: list[str] = request.scope.setdefault("state", {}).setdefault("set_cookies", [])
    queued.append(cookie_header(request, name, value, max_age=max_age))


Scope_ = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope_, Callable[[], Awaitable[Message]],
                    Callable[[Message], Awaitable[None]]], Awaitable[None]]


class CookieMiddleware:
    """Add the cookies :func:`queue_cookie` asked for to the response (a route that
    returns its own response object cannot get them otherwise)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope_, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"set-cookie", value.encode("latin-1"))
                         for value in state.get("set_cookies", [])]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_cookies)
