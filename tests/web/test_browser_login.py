"""Browser test of accounts: chromium logs in, sees its account menu, logs out.

A real ``diemtin serve`` on 127.0.0.1 over a small database; the user is added with the
real CLI while the server runs (accounts turn on at the next request).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import write_jsonl
from tests.web.browsing import (
    LiveSite,
    OffsiteLog,
    axe_violations,
    horizontal_overflow,
    new_context,
    serve,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

EMAIL = "phongvien@so-a.vn"
PASSWORD = "Mật-khẩu-trình-duyệt-1"
RECORD = {"url": "https://baotaybac.vn/a1.html", "outlet": "Báo Tây Bắc",
          "title": "Lào Cai khắc phục sạt lở sau mưa lớn",
          "body": ["Sáng 13/10, tỉnh Lào Cai huy động lực lượng khắc phục sạt lở."],
          "published": "2026-10-13T08:00:00"}


def _cli(*args: str, stdin: str | None = None) -> None:
    subprocess.run([sys.executable, "-m", "diemtin", *args], input=stdin, text=True,
                   check=True, capture_output=True, timeout=120)


@pytest.fixture
def accounts_site(chromium: Browser, tmp_path: Path) -> Iterator[LiveSite]:
    db = tmp_path / "tk.db"
    _cli("ingest", str(write_jsonl(tmp_path / "tin.jsonl", [RECORD])), "--db", str(db),
         "--quiet")
    with serve(db) as site:
        _cli("org", "add", "Sở VH-TT tỉnh A", "--db", str(db))
        _cli("user", "add", EMAIL, "--org", "Sở VH-TT tỉnh A", "--role", "admin", "--db",
             str(db), stdin=PASSWORD + "\n")
        yield site


def test_browser_login_menu_and_logout(chromium: Browser, accounts_site: LiveSite) -> None:
    offsite = OffsiteLog(site=accounts_site.base_url)
    context = new_context(chromium, accounts_site, offsite)
    page = context.new_page()
    page.goto(accounts_site.url("/stories"))
    assert "/login?next=" in page.url
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill("sai-mật-khẩu-rồi")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text() == "Sai email hoặc mật khẩu."
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/stories")
    assert page.locator(".account .who").inner_text() == EMAIL
    page.get_by_role("link", name="Nhật ký").click()
    page.wait_for_url("**/admin/audit")
    assert "login" in page.locator("table.audit").inner_text()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login")
    page.goto(accounts_site.url("/"))
    assert "/login?next=" in page.url
    assert not offsite.refused
    context.close()


def test_browser_login_page_has_no_serious_axe_violation(chromium: Browser,
                                                         accounts_site: LiveSite) -> None:
    offsite = OffsiteLog(site=accounts_site.base_url)
    context = new_context(chromium, accounts_site, offsite, bypass_csp=True)
    page = context.new_page()
    page.goto(accounts_site.url("/login"))
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    context.close()


def test_browser_account_menu_fits_a_phone(chromium: Browser, accounts_site: LiveSite) -> None:
    offsite = OffsiteLog(site=accounts_site.base_url)
    context = new_context(chromium, accounts_site, offsite, phone=True)
    page = context.new_page()
    page.goto(accounts_site.url("/login"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(accounts_site.url("/"))
    for path in ("/", "/admin/members", "/admin/audit"):
        page.goto(accounts_site.url(path))
        assert page.get_by_role("button", name="Đăng xuất").is_visible()
        assert not horizontal_overflow(page), path
    context.close()
