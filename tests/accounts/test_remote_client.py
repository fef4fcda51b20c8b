"""The remote HTTP client against a real server on 127.0.0.1: caps, redirects, refusals."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from diemtin.accounts.remote_client import RemoteClient, RemoteOptions
from diemtin.accounts.remotes import RemoteRefused
from diemtin.errors import FetchError

SEEN: list[str] = []


class Partner(BaseHTTPRequestHandler):
    """A stand-in partner instance with one answer per path."""

    def do_GET(self) -> None:
        SEEN.append(self.headers.get("authorization", ""))
        answers = {
            "/ok": (200, b'{"collections": []}', {}),
            "/lon": (200, b"x" * 5000, {}),
            "/chuyen": (302, b"", {"location": "http://127.0.0.1:9/khac"}),
            "/thu-hoi": (403, b'{"error": {"code": "agreement_not_in_force", '
                              b'"message": "agreement agr_1 is revoked"}}', {}),
            "/hong": (200, b"<html>", {}),
        }
        status, body, headers = answers.get(self.path, (404, b"", {}))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def partner() -> Iterator[str]:
    """The partner's base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Partner)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_remote_client_sends_the_token_and_reads_json(partner: str) -> None:
    client = RemoteClient()
    assert client(f"{partner}/ok", "dt_abc") == {"collections": []}
    assert SEEN[-1] == "Bearer dt_abc"
    client.close()


def test_remote_client_caps_size_refuses_redirects_and_bad_json(partner: str) -> None:
    client = RemoteClient(RemoteOptions(max_bytes=1000))
    with pytest.raises(FetchError, match="over 1000 bytes"):
        client(f"{partner}/lon", "dt_abc")
    with pytest.raises(FetchError, match="answered 302"):
        client(f"{partner}/chuyen", "dt_abc")
    with pytest.raises(FetchError, match="not JSON"):
        client(f"{partner}/hong", "dt_abc")
    client.close()


def test_remote_client_reports_refusal_with_the_partners_message(partner: str) -> None:
    client = RemoteClient()
    with pytest.raises(RemoteRefused, match=r"403.*agr_1 is revoked") as caught:
        client(f"{partner}/thu-hoi", "dt_abc")
    assert caught.value.status == 403
    client.close()
