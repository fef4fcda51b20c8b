"""Browser journey through sharing: a partner's collection, marked, copied; an article
added to one's own collection (the demo's sample offices and agreement)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tests.web.browsing import LiveSite

if TYPE_CHECKING:
    from playwright.sync_api import Page

Screenshot = Callable[["Page", str], Path]


def test_browser_shared_collection_copy_and_collect(desktop: Page, live_site: LiveSite,
                                                   screenshot: Screenshot) -> None:
    desktop.goto(live_site.url("/"))
    desktop.get_by_role("link", name="Bộ sưu tập").click()
    desktop.wait_for_url(re.compile(r"/collections$"))
    mark = desktop.locator(".badge.shared").first
    assert mark.inner_text() == "Chia sẻ bởi Sở VH-TT tỉnh A"
    screenshot(desktop, "sharing-1-collections")

    desktop.get_by_role("link", name="Tin nổi bật của tỉnh A").click()
    assert desktop.locator("h1").inner_text() == "Tin nổi bật của tỉnh A"
    assert desktop.locator("ol.collection-items > li").count() >= 1
    desktop.get_by_label("Sao chép về đơn vị với tên").fill("Bản sao tin tỉnh A")
    desktop.get_by_role("button", name="Sao chép").click()
    desktop.wait_for_url(re.compile(r"/collections/col_[0-9a-f]+$"))
    assert desktop.locator("h1").inner_text() == "Bản sao tin tỉnh A"
    screenshot(desktop, "sharing-2-copy")

    first = desktop.locator("ol.collection-items > li a").first
    first.click()
    desktop.wait_for_url(re.compile(r"/articles/"))
    desktop.get_by_label("Ghi chú").fill("Cần đọc kỹ")
    desktop.get_by_role("button", name="Bản sao tin tỉnh A").click()
    desktop.wait_for_url(re.compile(r"/collections/col_[0-9a-f]+$"))
    assert "Cần đọc kỹ" in desktop.locator("ol.collection-items").inner_text()

    desktop.get_by_role("link", name="Thỏa thuận").click()
    assert "đang có hiệu lực" in desktop.locator("table.agreements").inner_text()
    screenshot(desktop, "sharing-3-agreements")
