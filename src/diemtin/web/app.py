"""The web app: server-rendered pages in Vietnamese and the JSON API they use.

``create_app(store)`` builds a FastAPI application over any :class:`Store`; routes only
parse requests and call the same functions as the CLI. Every API error answers
``{"error": {"code": ..., "message": ...}}`` with the status the OpenAPI document gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from diemtin.errors import (
    ArticleNotFound,
    DiemtinError,
    InputError,
    QuerySyntaxError,
    StoryNotFound,
)
from diemtin.store.base import Store
from diemtin.web.api import api_router, document_errors
from diemtin.web.api_links import links_router
from diemtin.web.pages import pages_router
from diemtin.web.pages_links import links_pages_router
from diemtin.web.security import (
    LOOPBACK_NAMES,
    GuardMiddleware,
    allowed_hosts,
    inline_script_policy,
)

_HERE = Path(__file__).parent
_OPENAPI_URL = "/api/openapi.json"


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Settings of the web app.

    Attributes:
        title: the site's name.
        page_size: search results per page.
        allowed_hosts: the ``Host`` names answered (with any port); others get 400.
            Loopback names are always answered.
    """

    title: str = "diemtin"
    page_size: int = 20
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES


def create_app(store: Store, settings: WebSettings = WebSettings()) -> FastAPI:
    """Build the web application over ``store``."""
    app = FastAPI(title="diemtin", version="1", docs_url=None, openapi_url=_OPENAPI_URL,
                  redoc_url=None,
                  description="Search and read Vietnamese news stored by diemtin.")
    app.state.store = store
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=str(_HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    app.include_router(api_router)
    app.include_router(links_router)
    app.include_router(pages_router)
    app.include_router(links_pages_router)
    app.add_api_route("/api/docs", _docs, include_in_schema=False)
    app.add_exception_handler(DiemtinError, _error_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(HTTPException, _http_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
    document_errors(app)
    app.add_middleware(GuardMiddleware, hosts=allowed_hosts(settings.allowed_hosts))
    return app


def _docs() -> HTMLResponse:
    page = get_swagger_ui_html(openapi_url=_OPENAPI_URL, title="diemtin API")
    policy = inline_script_policy(bytes(page.body).decode())
    return HTMLResponse(bytes(page.body), headers={"content-security-policy": policy})


def _error_code(error: Exception) -> tuple[int, str]:
    if isinstance(error, ArticleNotFound | StoryNotFound):
        return 404, "not_found"
    if isinstance(error, QuerySyntaxError):
        return 400, "query_syntax"
    if isinstance(error, InputError):
        return 400, "invalid_input"
    return 500, "internal_error"


def _answer(request: Request, status: int, code: str, message: str,
            headers: Mapping[str, str] | None = None) -> Any:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": code, "message": message}},
                            status_code=status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"message": message},
                                      status_code=status, headers=headers)


async def _error_handler(request: Request, error: Exception) -> Any:
    status, code = _error_code(error)
    return _answer(request, status, code, str(error))


async def _unexpected_handler(request: Request, error: Exception) -> Any:
    # A bug: answered in the documented shape, then logged with its traceback by the server.
    return _answer(request, 500, "internal_error", f"internal error: {type(error).__name__}")


async def _validation_handler(request: Request, error: Exception) -> Any:
    problems = error.errors() if isinstance(error, RequestValidationError) else []
    message = "; ".join(
        f"{'.'.join(str(part) for part in problem.get('loc', ()))}: {problem.get('msg', '')}"
        for problem in problems) or "invalid request"
    return _answer(request, 400, "invalid_request", message)


async def _http_handler(request: Request, error: Exception) -> Any:
    status = error.status_code if isinstance(error, HTTPException) else 500
    detail = error.detail if isinstance(error, HTTPException) else "error"
    headers = error.headers if isinstance(error, HTTPException) else None
    code = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
    return _answer(request, status, code, str(detail), headers=headers)
