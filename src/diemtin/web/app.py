"""The web app: server-rendered pages in Vietnamese and the JSON API they use.

``create_app(store)`` builds a FastAPI application over any :class:`Store`; routes only
parse requests and call the same functions as the CLI. Every API error answers
``{"error": {"code": ..., "message": ...}}`` with the status the OpenAPI document gives;
every page error is a Vietnamese page (see ``web.error_pages``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from diemtin.models import is_web_url
from diemtin.search.snippets import render_marked
from diemtin.store.base import Store
from diemtin.web.account_pages import account_pages_router
from diemtin.web.admin_pages import admin_pages_router
from diemtin.web.agreement_pages import agreement_pages_router
from diemtin.web.agreements_api import agreements_router
from diemtin.web.api import api_router, document_errors
from diemtin.web.api_accounts import accounts_router
from diemtin.web.api_brief import brief_router
from diemtin.web.api_links import links_router
from diemtin.web.auth import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    AuthSettings,
    CookieMiddleware,
    authenticate,
)
from diemtin.web.briefing_pages import briefing_pages_router
from diemtin.web.briefings_api import briefings_router
from diemtin.web.cache import StoreCache
from diemtin.web.collection_pages import collection_pages_router
from diemtin.web.collections_api import collections_router, shared_router
from diemtin.web.error_pages import install_error_handlers
from diemtin.web.i18n import COOKIE as LANG_COOKIE
from diemtin.web.i18n import LangMiddleware, lang_of, lang_url, template_text
from diemtin.web.insight_pages import insight_pages_router
from diemtin.web.insights_api import insights_router
from diemtin.web.page_cache import PageCacheMiddleware, kept_pages
from diemtin.web.pages import pages_router
from diemtin.web.pages_brief import brief_pages_router
from diemtin.web.pages_links import links_pages_router
from diemtin.web.security import (
    LOOPBACK_NAMES,
    GuardMiddleware,
    allowed_hosts,
    inline_script_policy,
)
from diemtin.web.views import entity_slug

_HERE = Path(__file__).parent
_OPENAPI_URL = "/api/openapi.json"
SWAGGER_UI_VERSION = "5.36.0"
"""The Swagger UI served at /api/docs from ``static/swagger-ui`` (see its README)."""
_SWAGGER = "/static/swagger-ui/"


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Settings of the web app.

    Attributes:
        title: the site's name.
        page_size: search results per page.
        allowed_hosts: the ``Host`` names answered (with any port); others get 400.
            Loopback names are always answered.
        auth: sessions, cookies and the login limit (see ``web.auth``).
        inline_facets: the search page counts the facets of up to this many matches
            before answering; those of a larger search follow the page (a script fetches
            ``/search/facets``; without scripts, a link shows them).
        keep_pages: keep whole pages for readers without a session while the store is
            unchanged (``web.page_cache``).
    """

    title: str = "diemtin"
    page_size: int = 20
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    auth: AuthSettings = field(default_factory=AuthSettings)
    inline_facets: int = 1000
    keep_pages: bool = True


def create_app(store: Store, settings: WebSettings = WebSettings()) -> FastAPI:
    """Build the web application over ``store``."""
    app = FastAPI(title="diemtin", version="1", docs_url=None, openapi_url=None,
                  redoc_url=None, dependencies=[Depends(authenticate)],
                  description="Search and read Vietnamese news stored by diemtin. Once the "
                              "instance has users, send Authorization: Bearer TOKEN "
                              "(`diemtin token create`).")
    app.state.store = store
    app.state.cache = StoreCache(store)
    app.state.page_cache = kept_pages(store)
    app.state.settings = settings
    app.state.auth = settings.auth
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    # Routes are matched in order, router by router: the pages readers open most first.
    app.include_router(pages_router)
    app.include_router(insight_pages_router)
    app.include_router(links_pages_router)
    app.include_router(api_router)
    app.include_router(links_router)
    app.include_router(insights_router)
    app.include_router(collections_router)
    app.include_router(shared_router)
    app.include_router(agreements_router)
    app.include_router(brief_router)
    app.include_router(brief_pages_router)
    app.include_router(accounts_router)
    app.include_router(account_pages_router)
    app.include_router(admin_pages_router)
    app.include_router(collection_pages_router)
    app.include_router(agreement_pages_router)
    app.include_router(briefings_router)
    app.include_router(briefing_pages_router)
    app.add_api_route("/api/docs", _docs, include_in_schema=False)
    # The OpenAPI document is a route like the others: behind login once accounts exist.
    app.add_api_route(_OPENAPI_URL, lambda: JSONResponse(app.openapi()),
                      include_in_schema=False)
    install_error_handlers(app)
    document_errors(app)
    app.add_middleware(LangMiddleware)
    app.add_middleware(CookieMiddleware)
    if settings.keep_pages:
        app.add_middleware(PageCacheMiddleware, cache=app.state.page_cache,
                           session_cookie=SESSION_COOKIE, csrf_cookie=CSRF_COOKIE,
                           lang_cookie=LANG_COOKIE)
    app.add_middleware(GuardMiddleware, hosts=allowed_hosts(settings.allowed_hosts))
    return app


def _templates() -> Jinja2Templates:
    """The page templates: autoescaped, with the ``web_url`` filter for every link out."""
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.autoescape = True
    templates.env.filters["web_url"] = web_url_or_none
    templates.env.filters["marked"] = lambda snippet: Markup(render_marked(snippet))
    templates.env.filters["entity_id"] = entity_slug
    templates.env.globals["csrf_input"] = csrf_input
    templates.env.globals["_"] = template_text
    templates.env.globals["lang_of"] = lang_of
    templates.env.globals["lang_url"] = lang_url
    return templates


def csrf_input(request: Request) -> Markup:
    """The hidden CSRF field every state-changing form must include."""
    token = getattr(request.state, "csrf_token", "")
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">')


def web_url_or_none(url: str | None) -> str | None:
    """``url`` when it is safe as a link target (http or https), else None."""
    return url if url and is_web_url(url) else None


def _docs() -> HTMLResponse:
    """The API docs page: Swagger UI from the package's own files, no other host."""
    page = get_swagger_ui_html(openapi_url=_OPENAPI_URL, title="diemtin API",
                               swagger_js_url=_SWAGGER + "swagger-ui-bundle.js",
                               swagger_css_url=_SWAGGER + "swagger-ui.css",
                               swagger_favicon_url=_SWAGGER + "favicon-32x32.png",
                               swagger_ui_parameters={"validatorUrl": None})
    policy = inline_script_policy(bytes(page.body).decode())
    return HTMLResponse(bytes(page.body), headers={"content-security-policy": policy})
