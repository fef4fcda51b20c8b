"""Login, logout and the organization switch (pages, Vietnamese)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from diemtin.accounts.audit import Action, record
from diemtin.accounts.logins import LoginRefused, TooManyLogins, log_in
from diemtin.accounts.sessions import WebSession, end_session, switch_org
from diemtin.errors import Unauthenticated
from diemtin.store.state import StateSession
from diemtin.web.auth import SESSION_COOKIE, AuthSettings, cookie_header
from diemtin.web.store_access import app_store, in_state

account_pages_router = APIRouter(include_in_schema=False)
_MAX_FIELD = 1024


def safe_next(value: str | None) -> str:
    """``value`` when it is a path of this site (``/…``), else ``/``: never another
    site (``//evil``, ``/\\evil``, ``https:…``), so login is no open redirect."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    if any(ord(char) < 32 or char == "\\" for char in value) or len(value) > 2000:
        return "/"
    return value


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _login_page(request: Request, next_url: str, *, error: str | None = None,
                status: int = 200, headers: dict[str, str] | None = None,
                email: str = "") -> Any:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "login.html",
                                      {"next": next_url, "error": error, "email": email},
                                      status_code=status, headers=headers)


@account_pages_router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Any:
    """The login form; a logged-in user goes straight on."""
    if getattr(request.state, "web_session", None) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, safe_next(next))


@account_pages_router.post("/login", response_class=HTMLResponse)
async def login_submit(request: Request,
                       email: Annotated[str, Form(max_length=_MAX_FIELD)] = "",
                       password: Annotated[str, Form(max_length=_MAX_FIELD)] = "",
                       next: Annotated[str, Form(max_length=2000)] = "/",
                       ) -> Any:
    """Check the password; on success a NEW session (the old one, if any, is deleted)."""
    settings: AuthSettings = request.app.state.auth
    store = app_store(request)
    target = safe_next(next)
    try:
        _, raw = await run_in_threadpool(log_in, store, email, password,
                                         address=_address(request), now=datetime.now(UTC),
                                         limit=settings.logins, policy=settings.sessions)
    except TooManyLogins as error:
        return _login_page(request, target, email=email, status=429,
                           headers={"retry-after": str(error.retry_after)},
                           error=f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau "
                                 f"{-(-error.retry_after // 60)} phút.")
    except LoginRefused:
        return _login_page(request, target, email=email, status=400,
                           error="Sai email hoặc mật khẩu.")
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        await run_in_threadpool(store.transact, lambda s: end_session(s, old))
    response = RedirectResponse(target, status_code=303)
    response.headers.append("set-cookie", cookie_header(request, SESSION_COOKIE, raw))
    return response


@account_pages_router.get("/logout", response_class=HTMLResponse)
def logout_page(request: Request) -> Any:
    """A page with the logout button (logging out is a POST, so no link can force it)."""
    if getattr(request.state, "web_session", None) is None:
        raise Unauthenticated("there is no session to end")
    return request.app.state.templates.TemplateResponse(request, "logout.html", {})


@account_pages_router.post("/logout")
def logout(request: Request) -> Any:
    """Delete the session and its cookie."""
    raw = request.cookies.get(SESSION_COOKIE)

    def work(session: StateSession) -> None:
        ended = end_session(session, raw) if raw else None
        if ended is not None:
            record(session, ended.email, Action.LOGOUT, org=ended.org_id,
                   subject=ended.user_id)

    in_state(request, work)
    response = RedirectResponse("/login", status_code=303)
    response.headers.append("set-cookie", cookie_header(request, SESSION_COOKIE, "",
                                                        max_age=0))
    return response


@account_pages_router.post("/session/org")
def choose_org(request: Request, org: Annotated[str, Form(max_length=100)],
               next: Annotated[str, Form(max_length=2000)] = "/",
               ) -> Any:
    """Act for another organization of the logged-in user."""
    current = getattr(request.state, "web_session", None)
    if not isinstance(current, WebSession):
        raise Unauthenticated("switching organization needs a logged-in session")
    in_state(request, lambda s: switch_org(s, current, org))
    return RedirectResponse(safe_next(next), status_code=303)
