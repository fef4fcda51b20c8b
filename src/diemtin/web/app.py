"""The web app: server-rendered pages in Vietnamese and the JSON API they use.

``create_app(store)`` builds a FastAPI application over any :class:`Store`; routes only
parse requests and call the same functions as the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from diemtin.errors import ArticleNotFound, DiemtinError, InputError, StoryNotFound
from diemtin.store.base import Store
from diemtin.web.api import api_router
from diemtin.web.api_links import links_router
from diemtin.web.pages import pages_router
from diemtin.web.pages_links import links_pages_router

_HERE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Settings of the web app."""

    title: str = "diemtin"
    page_size: int = 20


def create_app(store: Store, settings: WebSettings = WebSettings()) -> FastAPI:
    """Build the web application over ``store``."""
    app = FastAPI(title="diemtin", version="1", docs_url="/api/docs",
                  openapi_url="/api/openapi.json", redoc_url=None,
                  description="Search and read Vietnamese news stored by diemtin.")
    app.state.store = store
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=str(_HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    app.include_router(api_router)
    app.include_router(links_router)
    app.include_router(pages_router)
    app.include_router(links_pages_router)
    app.add_exception_handler(DiemtinError, _error_handler)
    return app


async def _error_handler(request: Request, error: Exception) -> Any:
    status = 404 if isinstance(error, ArticleNotFound | StoryNotFound) else 400 if isinstance(
        error, InputError) else 500
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(error)}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"message": str(error)},
                                      status_code=status)
