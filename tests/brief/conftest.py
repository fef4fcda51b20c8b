"""Real receivers on 127.0.0.1 for the outbox tests: an SMTP server and a webhook."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from diemtin.store import Store
from tests.brief.news import fill


@dataclass
class Mailbox:
    """What the SMTP server received; ``delay`` slows each answer to RCPT (a busy
    server); ``rcpt_seen`` counts RCPT commands as they arrive."""

    messages: list[EmailMessage] = field(default_factory=list)
    delay: float = 0.0
    refuse: set[str] = field(default_factory=set)
    rcpt_seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: Any) -> str:
        with self.lock:
            self.rcpt_seen += 1
        if self.delay:  # the client waits here for the answer to RCPT
            import asyncio

            await asyncio.sleep(self.delay)
        if address in self.refuse:
            return "550 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    """An aiosmtpd server on 127.0.0.1 (a free port)."""
    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, box
    finally:
        controller.stop()


@dataclass
class Hook:
    """What the webhook receiver got; ``status`` is what it answers."""

    bodies: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status: int = 200
    url: str = ""


@pytest.fixture
def webhook() -> Iterator[Hook]:
    """An HTTP server on 127.0.0.1 that records POSTs."""
    hook = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            hook.bodies.append(({k.lower(): v for k, v in self.headers.items()},
                                self.rfile.read(length)))
            self.send_response(hook.status)
            self.end_headers()
            self.wfile.write(json.dumps({"ok": hook.status == 200}).encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


def wait_for(condition: Any, timeout: float = 20.0) -> bool:
    """Poll ``condition`` until true or ``timeout``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.005)
    return False


@pytest.fixture
def brief_store(store: Store) -> Store:
    """The ``store`` fixture (SQLite and PostgreSQL) filled by :func:`tests.brief.news.fill`."""
    return fill(store)
