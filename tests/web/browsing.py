"""Support for the browser tests: a real ``diemtin serve`` and Debian's chromium.

The site is the bundled sample corpus built by ``diemtin demo --no-serve`` and served by
``diemtin serve`` in a subprocess on 127.0.0.1. Chromium is driven by Playwright from its
Debian path; no browser is ever downloaded. Every request the browser makes to anything but
the site is refused and recorded, so a test can check that no page reaches beyond loopback.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-background-networking", "--disable-gpu",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
REQUIRE_ENV = "DIEMTIN_BROWSER_TESTS"  # "required" (as in CI): fail instead of skipping


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if CHROMIUM.exists():
        return None
    return (f"Debian's chromium is not installed at {CHROMIUM} "
            "(as root: apt-get install chromium fonts-noto-core)")


def browser_required() -> bool:
    """True when a missing browser must fail the run instead of skipping (CI sets it)."""
    return os.environ.get(REQUIRE_ENV, "") == "required"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _diemtin(*args: str) -> list[str]:
    return [sys.executable, "-m", "diemtin", *args]


@dataclass(frozen=True, slots=True)
class LiveSite:
    """A running ``diemtin serve`` over the sample corpus."""

    base_url: str
    db_path: Path

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on the site."""
        return self.base_url + path

    def api(self, path: str, **params: str) -> Any:
        """The decoded JSON answer of an API path (fails on an error status)."""
        response = httpx.get(self.url(path), params=params, timeout=30)
        response.raise_for_status()
        return response.json()


def build_sample_db(db_path: Path) -> None:
    """Build the demo database from the bundled sample corpus with the real CLI."""
    subprocess.run(_diemtin("demo", "--db", str(db_path), "--no-serve"),
                   check=True, capture_output=True, timeout=300)


def _wait_until_up(server: subprocess.Popen[bytes], url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"diemtin serve exited with {server.returncode}: "
                               f"{server.stderr.read().decode() if server.stderr else ''}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"diemtin serve did not answer {url} in time")


@contextmanager
def serve(db_path: Path, *, startup_seconds: float = 60, workers: int = 1,
          options: tuple[str, ...] = ()) -> Iterator[LiveSite]:
    """Run ``diemtin serve`` on a free loopback port for the duration of the block."""
    port = free_port()
    server = subprocess.Popen(
        _diemtin("serve", "--db", str(db_path), "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(workers), *options),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    site = LiveSite(base_url=f"http://127.0.0.1:{port}", db_path=db_path)
    try:
        _wait_until_up(server, site.url("/"), time.monotonic() + startup_seconds)
        yield site
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@dataclass  # no slots: Playwright tags the bound handler's instance
class OffsiteLog:
    """Requests the browser tried to send anywhere but the site (all refused)."""

    site: str
    refused: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        """Playwright route handler: let the site through, refuse and record the rest."""
        url = route.request.url
        if url.startswith(self.site + "/") or url == self.site:
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()


def new_context(browser: Browser, site: LiveSite, offsite: OffsiteLog, *,
                phone: bool = False, bypass_csp: bool = False) -> BrowserContext:
    """A fresh browser context (Vietnamese locale) that can reach only ``site``."""
    context = browser.new_context(viewport=PHONE if phone else DESKTOP, locale="vi-VN",
                                  bypass_csp=bypass_csp)
    context.route("**/*", offsite.route)
    return context


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run the vendored axe-core on ``page`` and return its violations.

    The page must come from a context with ``bypass_csp=True``: the app's
    Content-Security-Policy rightly refuses the injected inline script.
    """
    page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }""", list(AXE_TAGS))
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """Violations as readable lines for an assertion message."""
    return "\n".join(json.dumps(v, ensure_ascii=False) for v in violations)


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it fits)."""
    overflow: int = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return overflow


def focused_element(page: Page) -> dict[str, Any]:
    """What has the keyboard focus: tag, name, classes, its closest item and outline."""
    focused: dict[str, Any] = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName.toLowerCase(), name: el.getAttribute("name") || "",
                    href: el.getAttribute("href") || "", text: el.textContent.trim(),
                    hit: el.closest("article.hit") !== null,
                    outline: style.outlineStyle, outlineWidth: style.outlineWidth};
        }""")
    return focused
