"""Browser tests: a user in Debian's chromium on a real ``diemtin serve`` (sample corpus).

Each page in ``PAGES`` gets an axe-core pass (no serious or critical violation), a
phone-width pass (no horizontal scroll at 390 px) and a screenshot; a new page is covered by
adding one entry there. The journey and keyboard tests follow what a user does and assert on
what they see. Screenshots go to ``test-artifacts/browser/`` (or ``$DIEMTIN_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import httpx
import pytest

from tests.web.browsing import (
    BLOCKING_IMPACTS,
    LiveSite,
    OffsiteLog,
    axe_violations,
    describe,
    focused_element,
    horizontal_overflow,
    new_context,
    serve,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

Screenshot = Callable[["Page", str], Path]
QUERY = "học sinh"


def _first_hit(site: LiveSite) -> dict[str, str]:
    page: dict[str, list[dict[str, str]]] = site.api("/api/v1/search", q=QUERY, limit="1")
    return page["hits"][0]


def _first_link(site: LiveSite, page: str, pattern: str) -> str:
    found = re.search(pattern, httpx.get(site.url(page), timeout=30).text)
    assert found, f"{page} links to nothing matching {pattern}"
    return found.group(0)


PAGES: dict[str, Callable[[LiveSite], str]] = {
    "search-home": lambda site: "/",
    "search-results": lambda site: f"/?q={quote(QUERY)}",
    "search-by-date": lambda site: f"/?q={quote(QUERY)}&sort=date",
    "search-outlet": lambda site: f"/?q={quote(QUERY)}&outlet={quote(_first_hit(site)['outlet'])}",
    "article": lambda site: f"/articles/{_first_hit(site)['id']}?q={quote(QUERY)}",
    "person": lambda site: _first_link(site, "/people", r"/people/[^\"?#]+"),
    "people": lambda site: "/people",
    "outlets": lambda site: "/outlets",
    "outlet": lambda site: _first_link(site, "/outlets", r"/outlets/[^\"?#]+"),
    "trends": lambda site: "/trends",
    "bad-query": lambda site: "/?q=%22lao",
    "not-found": lambda site: "/articles/khong-co-bai-nay",
    "login": lambda site: "/login",
    "admin-members": lambda site: "/admin/members",
    "admin-audit": lambda site: "/admin/audit",
    "collections": lambda site: "/collections",
    "collection": lambda site: _first_link(site, "/collections", r"/collections/col_[0-9a-f]+"),
    "agreements": lambda site: "/admin/agreements",
    "saved": lambda site: "/saved",
    "alerts": lambda site: "/alerts",
    "briefings": lambda site: "/briefings",
    "briefing-edit": lambda site: _first_link(site, "/briefings", r"/briefings/bi_\w+/edit"),
    "briefing": lambda site: _first_link(site, "/briefings", r"/briefings/bi_\w+"),
}


def _summary(page: Page) -> str:
    return page.locator(".summary").inner_text()


def test_browser_search_facet_article_person_journey(desktop: Page, live_site: LiveSite,
                                                     screenshot: Screenshot) -> None:
    stored = sum(outlet["articles"] for outlet in live_site.api("/api/v1/outlets")["outlets"])
    desktop.goto(live_site.url("/"))
    assert _summary(desktop) == f"Tin mới nhất · {stored} bài trong kho"
    screenshot(desktop, "1-home")

    desktop.get_by_label("Tìm tin").fill(QUERY)
    desktop.get_by_label("Tìm tin").press("Enter")
    desktop.wait_for_url(re.compile(r"\?q=h%E1%BB%8Dc\+sinh"))
    assert re.match(r"\d+\+? kết quả cho học sinh", _summary(desktop))
    assert desktop.locator("article.hit").count() > 1
    screenshot(desktop, "2-results")

    facet = desktop.locator("aside.facets li").nth(1)
    outlet = facet.locator("a").inner_text()
    count = int(facet.locator(".count").inner_text())
    facet.locator("a").click()
    desktop.wait_for_url(re.compile(r"outlet="))
    assert _summary(desktop).endswith(f"· {outlet}")
    metas = desktop.locator("article.hit > p.meta").all_inner_texts()
    assert len(metas) == min(count, 20) and all(m.startswith(outlet) for m in metas)
    screenshot(desktop, "3-outlet")

    title = desktop.locator("article.hit h2 a").first.inner_text()
    desktop.locator("article.hit h2 a").first.click()
    desktop.wait_for_url(re.compile(r"/articles/\w+"))
    assert desktop.locator("h1").inner_text() == title
    assert outlet in desktop.locator("article.full .meta").inner_text()
    assert desktop.locator("article.full mark").count() > 0  # the query's words are marked
    screenshot(desktop, "4-article")

    person = desktop.locator("aside.notes li a").first
    name = person.inner_text()
    person.click()
    desktop.wait_for_url(re.compile(r"/people/"))
    assert desktop.locator("h1").inner_text() == name
    assert title in desktop.locator("main").inner_text()  # among the latest articles
    screenshot(desktop, "5-person")

    desktop.goto(live_site.url("/outlets"))
    desktop.get_by_role("link", name=outlet, exact=True).first.click()
    desktop.wait_for_url(re.compile(r"/outlets/"))
    assert desktop.locator("h1").inner_text() == outlet
    screenshot(desktop, "6-outlet-page")

    desktop.goto(live_site.url("/trends"))
    assert desktop.locator("h1").inner_text() == "Xu hướng"
    screenshot(desktop, "7-trends")


def test_browser_sort_by_date_and_open_republications(desktop: Page, live_site: LiveSite,
                                                      screenshot: Screenshot) -> None:
    desktop.goto(live_site.url(f"/?q={quote(QUERY)}"))
    desktop.get_by_role("link", name="mới nhất").click()
    desktop.wait_for_url(re.compile(r"sort=date"))
    times = desktop.locator("article.hit > p.meta time").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('datetime'))")
    assert len(times) > 1 and times == sorted(times, reverse=True)
    desktop.goto(live_site.url("/"))
    copies = desktop.locator("details.copies").first
    assert copies.locator("ul").is_hidden()
    copies.locator("summary").click()  # no script: the browser opens <details>
    assert copies.locator("ul").is_visible()
    assert re.fullmatch(r"và \d+ bài đăng lại", copies.locator("summary").inner_text())
    screenshot(desktop, "republications-open")


def test_browser_english_switch_in_the_header(desktop: Page, live_site: LiveSite,
                                              screenshot: Screenshot) -> None:
    desktop.goto(live_site.url(f"/?q={quote(QUERY)}"))
    desktop.get_by_role("link", name="English").click()
    desktop.wait_for_url(re.compile(r"lang=en"))
    assert desktop.locator("html").get_attribute("lang") == "en"
    assert re.match(r"\d+\+? results for học sinh", _summary(desktop))
    assert desktop.get_by_label("Search news").is_visible()
    desktop.get_by_role("link", name="Trends").click()  # the choice is kept (cookie)
    assert desktop.locator("h1").inner_text() == "Trends"
    screenshot(desktop, "english-trends")
    desktop.get_by_role("link", name="Tiếng Việt").click()
    assert desktop.locator("h1").inner_text() == "Xu hướng"


def test_browser_search_box_has_a_visible_label(desktop: Page, live_site: LiveSite) -> None:
    desktop.goto(live_site.url("/"))
    label = desktop.locator("label[for=q]")
    assert label.is_visible() and label.inner_text() == "Tìm tin"
    assert desktop.get_by_label("Tìm tin").get_attribute("name") == "q"


def _tab_until(page: Page, wanted: Callable[[dict[str, object]], bool],
               presses: int = 200) -> dict[str, object]:
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = focused_element(page)
        if wanted(focused):
            return focused
    raise AssertionError(f"{presses} presses of Tab did not reach the element")


def test_browser_keyboard_reaches_search_box_and_results(desktop: Page,
                                                         live_site: LiveSite) -> None:
    desktop.goto(live_site.url("/articles/khong-co-bai-nay"))  # no autofocus help
    desktop.evaluate("document.activeElement.blur()")
    box = _tab_until(desktop, lambda f: f["name"] == "q")
    assert box["tag"] == "input"
    desktop.keyboard.type(QUERY)
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(re.compile(r"\?q="))

    result = _tab_until(desktop, lambda f: bool(f["hit"]) and f["tag"] == "a")
    assert result["outline"] != "none", "a focused result shows no focus ring"
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(re.compile(r"/articles/\w+"))
    assert desktop.locator("h1").inner_text() == result["text"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_browser_page_has_no_serious_axe_violation(axe_tab: Page, live_site: LiveSite,
                                                   name: str) -> None:
    axe_tab.goto(live_site.url(PAGES[name](live_site)))
    violations = axe_violations(axe_tab)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {name}:\n{describe(blocking)}"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_browser_page_fits_phone_width(phone: Page, live_site: LiveSite, name: str,
                                       screenshot: Screenshot) -> None:
    phone.goto(live_site.url(PAGES[name](live_site)))
    screenshot(phone, "390px")
    assert horizontal_overflow(phone) == 0, f"{name} scrolls sideways at 390 px"
    assert phone.locator("form[role=search] input[name=q]").is_visible()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_browser_page_is_vietnamese_with_landmarks(desktop: Page, live_site: LiveSite,
                                                   name: str, screenshot: Screenshot) -> None:
    desktop.goto(live_site.url(PAGES[name](live_site)))
    screenshot(desktop, "desktop")
    assert desktop.locator("html").get_attribute("lang") == "vi"
    for role in ("banner", "main", "contentinfo", "search"):
        assert desktop.get_by_role(role).count() == 1, f"{name} lacks one {role} landmark"
    assert desktop.locator("h1").count() == 1, f"{name} has no single level-one heading"


def test_browser_save_a_search_then_alert_on_it(desktop: Page, live_site: LiveSite) -> None:
    """Search, "Lưu tìm kiếm", name it, find it in the list, run it, add an alert."""
    desktop.goto(live_site.url("/?q=" + quote("khánh thành")))
    desktop.get_by_role("button", name="Lưu tìm kiếm").click()
    desktop.wait_for_url(re.compile(r"/saved\?"))
    assert desktop.get_by_label("Truy vấn").input_value() == "khánh thành"
    desktop.get_by_label("Tên").fill("Khánh thành (thử)")
    desktop.locator("form.brief-form").get_by_role("button", name="Lưu tìm kiếm").click()
    desktop.wait_for_url(re.compile(r"/saved$"))
    row = desktop.locator("tr", has_text="Khánh thành (thử)")
    assert row.count() == 1
    row.get_by_role("link", name="Chạy").click()
    desktop.wait_for_url(re.compile(r"/\?q="))
    assert "kết quả" in _summary(desktop)
    desktop.get_by_role("navigation").get_by_role("link", name="Cảnh báo").click()
    desktop.get_by_label("Tìm kiếm đã lưu").select_option(label="Khánh thành (thử)")
    desktop.get_by_label("Thư điện tử (cách nhau bởi dấu phẩy)").fill("bientap@soyte.vn")
    desktop.get_by_role("button", name="Thêm cảnh báo").click()
    desktop.wait_for_url(re.compile(r"/alerts$"))
    assert desktop.locator("tr", has_text="Khánh thành (thử)").count() == 1
    assert "bientap@soyte.vn" in desktop.locator("main").inner_text()


def test_browser_facets_of_a_large_search_follow_the_page(chromium: Browser,
                                                          live_site: LiveSite) -> None:
    # A server that counts facets inline for one match at most: every search is "large".
    with serve(live_site.db_path, options=("--inline-facets", "1")) as site:
        offsite = OffsiteLog(site=site.base_url)
        context = new_context(chromium, site, offsite)
        context.set_default_timeout(30_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site.url(f"/?q={quote(QUERY)}"))
        assert "kết quả" in _summary(page)
        page.locator("aside.facets h2", has_text="Thời gian").wait_for()
        assert page.locator("aside[data-facets]").count() == 0  # the placeholder is gone
        facet = page.locator("aside.facets li").nth(1)
        count = int(facet.locator(".count").inner_text())
        facet.locator("a").click()
        page.wait_for_load_state()
        assert str(count) in _summary(page)
        context.close()
        assert not errors and not offsite.refused
