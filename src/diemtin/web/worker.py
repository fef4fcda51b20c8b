"""The app of one ``diemtin serve --workers N`` process.

uvicorn starts each worker process from an import string, so the store location and
the host names come through the environment (``run_server`` sets them); each worker
opens its own store connection: SQLite readers then work in parallel (WAL mode).
"""

from __future__ import annotations

import os
from dataclasses import replace

from fastapi import FastAPI

from diemtin.store import open_store
from diemtin.web.app import WebSettings, create_app
from diemtin.web.auth import AuthSettings

DB_ENV = "DIEMTIN_SERVE_DB"
HOSTS_ENV = "DIEMTIN_SERVE_HOSTS"
SECURE_ENV = "DIEMTIN_SERVE_SECURE_COOKIES"
FACETS_ENV = "DIEMTIN_SERVE_INLINE_FACETS"


def build_app() -> FastAPI:
    """The web app over the store named by ``DIEMTIN_SERVE_DB`` (a uvicorn factory)."""
    hosts = tuple(name for name in os.environ.get(HOSTS_ENV, "").split(",") if name)
    store = open_store(os.environ[DB_ENV], migrate=False)
    auth = AuthSettings(secure_cookies=bool(os.environ.get(SECURE_ENV)))
    settings = WebSettings(auth=auth, inline_facets=int(os.environ.get(FACETS_ENV, "1000")))
    if hosts:
        settings = replace(settings, allowed_hosts=hosts)
    return create_app(store, settings)
