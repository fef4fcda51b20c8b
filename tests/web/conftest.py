"""Fixtures of the browser tests: the live sample site, chromium and screenshots.

Nothing here starts unless a browser test asks for it; without /usr/bin/chromium the
browser tests are skipped with the reason (and fail instead when
``DIEMTIN_BROWSER_TESTS=required``, as in CI).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import REPO
from tests.web.browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveSite,
    OffsiteLog,
    browser_required,
    build_sample_db,
    chromium_missing_reason,
    new_context,
    serve,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ARTIFACTS_ENV = "DIEMTIN_TEST_ARTIFACTS"
_written: list[Path] = []


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless, driven by Playwright (never a downloaded browser)."""
    reason = chromium_missing_reason()
    if reason:
        if browser_required():
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=list(CHROMIUM_ARGS), headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_site(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """``diemtin serve`` over the sample corpus built by ``diemtin demo --no-serve``."""
    db_path = tmp_path_factory.mktemp("site") / "sample.db"
    build_sample_db(db_path)
    with serve(db_path) as site:
        yield site


@pytest.fixture
def offsite(live_site: LiveSite) -> Iterator[OffsiteLog]:
    """Requests refused because they left the site; none may be attempted."""
    log = OffsiteLog(site=live_site.base_url)
    yield log
    assert not log.refused, f"the pages tried to reach beyond the site: {log.refused}"


def _open(chromium: Browser, live_site: LiveSite, offsite: OffsiteLog, *, phone: bool = False,
          bypass_csp: bool = False) -> Iterator[Page]:
    context = new_context(chromium, live_site, offsite, phone=phone, bypass_csp=bypass_csp)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(chromium: Browser, live_site: LiveSite, offsite: OffsiteLog) -> Iterator[Page]:
    """A desktop-sized tab (1280 px) on the live site."""
    yield from _open(chromium, live_site, offsite)


@pytest.fixture
def phone(chromium: Browser, live_site: LiveSite, offsite: OffsiteLog) -> Iterator[Page]:
    """A phone-width tab (390 px) on the live site."""
    yield from _open(chromium, live_site, offsite, phone=True)


@pytest.fixture
def axe_tab(chromium: Browser, live_site: LiveSite, offsite: OffsiteLog) -> Iterator[Page]:
    """A desktop tab that lets the test inject axe-core (the only one bypassing the CSP)."""
    yield from _open(chromium, live_site, offsite, bypass_csp=True)


def artifacts_dir() -> Path:
    """Where the run writes screenshots for review (git ignores it)."""
    return Path(os.environ.get(ARTIFACTS_ENV) or REPO / "test-artifacts" / "browser")


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """``screenshot(page, name)`` writes a full-page PNG named after the test and ``name``."""
    folder = artifacts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    prefix = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")

    def take(page: Page, name: str) -> Path:
        path = folder / f"{prefix}--{name}.png"
        page.screenshot(path=str(path), full_page=True)
        _written.append(path)
        return path

    return take


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the screenshots of this run are."""
    if _written:
        terminalreporter.write_line(
            f"browser tests: {len(_written)} screenshots in {_written[0].parent}")
