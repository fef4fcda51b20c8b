"""The web app and REST API."""

from diemtin.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
