"""The app of one ``diemtin serve --workers N`` process.

uvicorn starts each worker process from an import string, so the store location and
the settings come through the environment (``run_server`` sets them with
:func:`settings_to_env`); each worker opens its own store connection: SQLite readers
then work in parallel (WAL mode).
"""

from __future__ import annotations

import os
import sys

from fastapi import FastAPI

from diemtin.store import open_store
from diemtin.web.app import WebSettings, create_app
from diemtin.web.auth import AuthSettings

DB_ENV = "DIEMTIN_SERVE_DB"
HOSTS_ENV = "DIEMTIN_SERVE_HOSTS"
SECURE_ENV = "DIEMTIN_SERVE_SECURE_COOKIES"
FACETS_ENV = "DIEMTIN_SERVE_INLINE_FACETS"
PAGES_ENV = "DIEMTIN_SERVE_KEEP_PAGES"


def settings_to_env(location: str, settings: WebSettings) -> dict[str, str]:
    """The environment that gives each worker the store at ``location`` and ``settings``
    (host names, secure cookies, inline facets, kept pages)."""
    return {DB_ENV: location, HOSTS_ENV: ",".join(settings.allowed_hosts),
            SECURE_ENV: "1" if settings.auth.secure_cookies else "",
            FACETS_ENV: str(settings.inline_facets),
            PAGES_ENV: "1" if settings.keep_pages else ""}


def settings_from_env() -> WebSettings:
    """The settings :func:`settings_to_env` wrote."""
    hosts = tuple(name for name in os.environ.get(HOSTS_ENV, "").split(",") if name)
    defaults = WebSettings()
    return WebSettings(allowed_hosts=hosts or defaults.allowed_hosts,
                       auth=AuthSettings(secure_cookies=bool(os.environ.get(SECURE_ENV))),
                       inline_facets=int(os.environ.get(FACETS_ENV, defaults.inline_facets)),
                       keep_pages=bool(os.environ.get(PAGES_ENV, "1")))


SWITCH_SECONDS = 0.001
"""How long a server thread may hold the interpreter while others wait (Python's default
is 5 ms): pages given from memory on the event loop wait at most this long for a page
being rendered in a worker thread."""


def tune_interpreter() -> None:
    """Set the interpreter's thread switch interval for serving (:data:`SWITCH_SECONDS`)."""
    sys.setswitchinterval(SWITCH_SECONDS)


def build_app() -> FastAPI:
    """The web app over the store named by ``DIEMTIN_SERVE_DB`` (a uvicorn factory)."""
    tune_interpreter()
    return create_app(open_store(os.environ[DB_ENV], migrate=False), settings_from_env())
