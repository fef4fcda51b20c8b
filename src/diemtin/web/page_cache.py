"""Whole pages kept for readers without an account session, while the store is unchanged.

Most page views repeat: an analyst opens the same article from a search and from a
briefing, a team opens the same trends and entity pages every morning. For a request
with no session cookie and no ``Authorization`` header (every reader of an instance
without accounts, and the login page of one with them) the page is the same for every
browser but for its CSRF token, so :class:`PageCacheMiddleware` keeps the answer
(status 200, HTML or JSON, at most :data:`MAX_PAGE_BYTES`, no ``Set-Cookie``, no
``Cache-Control: no-store``) with the requesting browser's token taken out, and gives it
to the next browser asking for the same URL with that browser's own token put back.

A kept page is given only while the store's change marker (``Store.change_marker``: any
commit, articles or application state, by any process) is unchanged and for at most
:data:`PAGE_TTL_SECONDS`, so nothing a reader or another process changed is hidden and
no page shows a clock older than that. Requests with a session or a token never touch it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Hashable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from anyio import to_thread
from starlette.requests import cookie_parser

from diemtin.store.base import Store
from diemtin.web.cache import StoreCache

__all__ = ["KEPT_BYTES", "MAX_PAGE_BYTES", "PAGE_TTL_SECONDS", "PageCacheMiddleware",
           "kept_pages", "page_key"]

PAGE_TTL_SECONDS = 30.0
MAX_PAGE_BYTES = 512 * 1024
KEPT_BYTES = 64 * 1024 * 1024
"""The most page bytes one server process keeps (the least recently given go first)."""
_TOKEN_HOLE = b"\x00diemtin-csrf\x00"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # what web.auth issues (token_urlsafe(32))
_KEPT_TYPES = (b"text/html", b"application/json")
_ONCE = frozenset({b"host", b"cookie"})

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class PageKey:
    """What a cacheable request is kept under, and the token its page carries."""

    key: Hashable
    token: bytes


def kept_pages(store: Store) -> StoreCache:
    """The cache :class:`PageCacheMiddleware` keeps pages in: :data:`KEPT_BYTES` of them,
    each for :data:`PAGE_TTL_SECONDS` at most."""
    return StoreCache(store, ttl=PAGE_TTL_SECONDS, size=KEPT_BYTES,
                      weigh=lambda page: len(page[2]) + 256)


def page_key(scope: Scope, *, session_cookie: str, csrf_cookie: str, lang_cookie: str
             ) -> PageKey | None:
    """The key a GET request's page is kept under, or None when it may differ by reader
    (a session cookie or an Authorization header) or the browser has no CSRF token yet
    (its answer sets one)."""
    if scope["type"] != "http" or scope["method"] != "GET":
        return None
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name == b"authorization" or (name in _ONCE and name in found):
            return None  # a repeated Host or Cookie: not worth reading as the app would
        found[name] = value
    cookies = cookie_parser(found.get(b"cookie", b"").decode("latin-1"))  # as the app reads
    token = cookies.get(csrf_cookie, "")
    if session_cookie in cookies or not _TOKEN.match(token):
        return None
    key = (found.get(b"host", b""), scope.get("scheme"), scope["path"],
           scope.get("query_string", b""), cookies.get(lang_cookie))
    return PageKey(key, token.encode())


@dataclass(slots=True)
class _Capture:
    """The answer being sent, kept while it may still be cached."""

    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytearray = field(default_factory=bytearray)
    keep: bool = True

    def start(self, message: Message) -> None:
        self.status = message["status"]
        self.headers = list(message.get("headers", []))
        self.keep = self.status == 200 and _cacheable(self.headers)

    def add(self, chunk: bytes) -> None:
        if self.keep:
            self.body += chunk
            self.keep = len(self.body) <= MAX_PAGE_BYTES


def _cacheable(headers: list[tuple[bytes, bytes]]) -> bool:
    kind = b""
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"set-cookie":
            return False
        if lowered == b"cache-control" and b"no-store" in value.lower():
            return False
        if lowered == b"content-type":
            kind = value.lower()
    return kind.startswith(_KEPT_TYPES)


class PageCacheMiddleware:
    """Give kept pages to readers without a session (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, cache: StoreCache, session_cookie: str,
                 csrf_cookie: str, lang_cookie: str) -> None:
        self.app = app
        self.cache = cache
        self.cookies = {"session_cookie": session_cookie, "csrf_cookie": csrf_cookie,
                        "lang_cookie": lang_cookie}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = page_key(scope, **self.cookies) if scope["type"] == "http" else None
        if request is None:
            await self.app(scope, receive, send)
            return
        # In a worker thread: reading the store's change marker may wait for the store,
        # and the event loop must never wait (every other request would).
        found = await to_thread.run_sync(self.cache.lookup, request.key)
        if found.hit:
            status, headers, body = found.answer
            await _send_page(send, status, headers, body.replace(_TOKEN_HOLE, request.token))
            return
        capture = _Capture()

        async def send_and_capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                capture.start(message)
            elif message["type"] == "http.response.body":
                capture.add(message.get("body", b""))
                if capture.keep and not message.get("more_body", False):
                    page = bytes(capture.body).replace(request.token, _TOKEN_HOLE)
                    self.cache.put(request.key, (capture.status, capture.headers, page),
                                   found.marker)
            await send(message)

        await self.app(scope, receive, send_and_capture)


async def _send_page(send: Send, status: int, headers: list[tuple[bytes, bytes]],
                     body: bytes) -> None:
    sized = [(name, value) for name, value in headers if name.lower() != b"content-length"]
    sized.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": sized})
    await send({"type": "http.response.body", "body": body})
