"""The pages' language: Vietnamese by default, English on request.

``?lang=en`` (or ``vi``) on any page chooses the language and keeps it in a ``lang``
cookie for a year; without either, pages are Vietnamese. Templates write their texts in
Vietnamese inside ``_("…")``; :func:`translate` looks up the English text in
:data:`diemtin.web.messages_en.ENGLISH` (a text missing there stays Vietnamese, and a
test lists every text of the templates that lacks an English one). The API is English
whatever the language.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from jinja2 import pass_context
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from diemtin.web.messages_en import ENGLISH

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
COOKIE = "lang"
_YEAR = 365 * 24 * 3600


def translate(text: str, lang: str, /, **values: Any) -> str:
    """``text`` (Vietnamese) in ``lang``, with ``{name}`` fields filled from ``values``.

    >>> translate("{n} bài trong kho", "en", n=3)
    '3 articles stored'
    """
    found = ENGLISH.get(text, text) if lang == "en" else text
    return found.format(**values) if values else found


def lang_of(request: Request) -> str:
    """The language of the page answering ``request`` (set by :class:`LangMiddleware`)."""
    lang = getattr(request.state, "lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


@pass_context
def template_text(context: Any, text: str, /, **values: Any) -> str:
    """The template global ``_``: ``text`` in the language of the page's request."""
    request = context.get("request")
    return translate(text, lang_of(request) if request is not None else DEFAULT_LANG,
                     **values)


def lang_url(request: Request, lang: str) -> str:
    """This page's path and query with ``lang`` set: the header's language switch."""
    pairs = [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True)
             if k != "lang"]
    return f"{request.url.path}?{urlencode([*pairs, ('lang', lang)])}"


class LangMiddleware:
    """Choose each request's language (``?lang=``, then the cookie) and remember a
    ``?lang=`` choice in the cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = _asked(scope)
        scope.setdefault("state", {})["lang"] = asked or _cookie(scope) or DEFAULT_LANG
        if asked is None:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = (f"{COOKIE}={asked}; Path=/; Max-Age={_YEAR}; SameSite=Lax")
                message["headers"] = [*message.get("headers", []),
                                      (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _asked(scope: Scope) -> str | None:
    query = bytes(scope.get("query_string", b"")).decode("latin-1")
    if "lang=" not in query:
        return None
    for key, value in parse_qsl(query):
        if key == "lang" and value in LANGS:
            return value
    return None


def _cookie(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == b"cookie":
            cookies: SimpleCookie = SimpleCookie()
            try:
                cookies.load(bytes(value).decode("latin-1"))
            except CookieError:  # a malformed Cookie header: no choice made
                return None
            morsel = cookies.get(COOKIE)
            if morsel is not None and morsel.value in LANGS:
                return morsel.value
    return None
