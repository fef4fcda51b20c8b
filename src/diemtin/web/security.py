"""The web app's guards: accepted ``Host`` names and the browser security headers.

A page of any web site can make a browser send requests to a server on 127.0.0.1 under
the site's own name (DNS rebinding: the name is re-pointed to 127.0.0.1 after the page
is loaded), and read the answers, because to the browser they come from that site. The
``Host`` header still carries the attacker's name, so a server that answers only the
names it is configured for defeats it. The headers keep pages from being framed or
sniffed and from running any script the server did not serve as a file.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_WILDCARD_BINDS = frozenset({"0.0.0.0", "::", "[::]", ""})
_HOST = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::\d{1,5})?$")
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

# Pages: every script and style is a file under /static (no inline code); images of
# articles come from the outlets, so any https image is allowed.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
               "img-src 'self' https: data:; object-src 'none'; base-uri 'none'; "
               "form-action 'self'; frame-ancestors 'none'")
_SECURITY_HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)


def allowed_hosts(extra: Iterable[str] = (), *, bind: str | None = None) -> frozenset[str]:
    """The ``Host`` names a server accepts: loopback names, ``extra`` and ``bind``.

    Args:
        extra: names or addresses given with ``--allowed-host`` (a port is ignored).
        bind: the interface the server listens on; added when it is one name or address
            (not a wildcard such as 0.0.0.0, which has no name of its own).

    Returns:
        Lower-case host names, IPv6 addresses in brackets.
    """
    names = {*LOOPBACK_NAMES, *(_host_name(value) or value.lower() for value in extra)}
    if bind is not None and bind.strip("[]") not in _WILDCARD_BINDS:
        names.add(_host_name(bind) or _bracketed(bind))
    return frozenset(names)


def is_loopback(bind: str) -> bool:
    """True when listening on ``bind`` is reachable from this machine only."""
    if bind.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind.strip("[]")).is_loopback
    except ValueError:
        return False


def _bracketed(address: str) -> str:
    bare = address.strip("[]").lower()
    return f"[{bare}]" if ":" in bare else bare


def _host_name(header: str) -> str | None:
    """The host part of a ``Host`` header value, lower-cased; None when malformed."""
    match = _HOST.match(header.strip())
    if match is None:
        return None
    name = match.group(1).lower()
    return _bracketed(name) if name.startswith("[") else name.rstrip(".")


def inline_script_policy(html: str) -> str:
    """A policy for a generated page (the API docs) allowing exactly its inline scripts.

    Everything else comes from this server: scripts and styles from ``/static``, the
    OpenAPI document; images may be ``data:`` URLs (Swagger UI's icons).
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
        for code in _INLINE_SCRIPT.findall(html))
    return ("default-src 'none'; script-src 'self' " + hashes
            + "; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class GuardMiddleware:
    """Refuse unknown ``Host`` names (400) and add the security headers to every answer."""

    def __init__(self, app: ASGIApp, *, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        name = _host_name(host) if host is not None else None
        if name not in self.hosts:
            await _refuse_host(scope, send, host)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {key.lower() for key, _ in headers}
                headers.extend(item for item in _SECURITY_HEADERS if item[0] not in present)
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", PAGE_POLICY.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def _refuse_host(scope: Scope, send: Send, host: str | None) -> None:
    message = (f"the Host header {host!r} is not one this server answers to; start it with "
               "--allowed-host NAME to accept a name" if host is not None
               else "the request has no Host header")
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps({"error": {"code": "bad_host", "message": message}}).encode()
        content_type = b"application/json"
    else:
        body = message.encode()
        content_type = b"text/plain; charset=utf-8"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
               *_SECURITY_HEADERS,
               (b"content-security-policy", PAGE_POLICY.encode())]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})
