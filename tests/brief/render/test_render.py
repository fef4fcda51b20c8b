"""Renderers: the PDF's text (pdftotext) keeps the Vietnamese headings, the DOCX reads back
with its styles, HTML email has no external assets; PNGs of the first PDF page and of the
email (headless chromium) are written to ``test-artifacts/briefing/`` for review."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from diemtin.brief import briefings
from diemtin.brief.issues import Issue
from diemtin.brief.render import render
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG
from tests.brief.news import UNTIL
from tests.conftest import REPO
from tests.web.browsing import CHROMIUM, CHROMIUM_ARGS, browser_required, chromium_missing_reason

HEADINGS = ("Điểm tin sáng", "Lào Cai", "Kinh tế",
            "Lào Cai: Sạt lở tại xã Bản Xèo, 12 hộ dân phải di dời")


def artifacts() -> Path:
    """Where the PNGs for review go (git ignores it)."""
    base = os.environ.get("DIEMTIN_TEST_ARTIFACTS")
    folder = (Path(base) if base else REPO / "test-artifacts") / "briefing"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def issued(brief_store: Store) -> Issue:
    draft = briefings.build(brief_store, LOCAL_ORG, "sang", until=datetime.fromisoformat(UNTIL))
    return briefings.issue(brief_store, LOCAL_ORG, draft.id)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: apt-get install poppler-utils (see docs/install.md)")
    return found


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_pdf_is_a4_with_vietnamese_text_page_numbers_and_embedded_fonts(
        issued: Issue, tmp_path: Path) -> None:
    pdf = tmp_path / "diem-tin.pdf"
    pdf.write_bytes(render(issued, "pdf"))
    text = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    for heading in HEADINGS:
        assert heading in " ".join(text.split()), heading
    assert re.search(r"Trang 1 / \d", text)
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    assert "595.276 x 841.89" in info  # A4 in points
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes yes " in line for line in fonts), fonts  # embedded, subset
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(artifacts() / "pdf-page-1")], check=True)
    assert (artifacts() / "pdf-page-1.png").stat().st_size > 10_000
    print(f"first PDF page: {artifacts() / 'pdf-page-1.png'}")


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_docx_reads_back_with_heading_and_custom_styles(issued: Issue) -> None:
    from docx import Document

    document = Document(io.BytesIO(render(issued, "docx")))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Điểm tin sáng") in styled
    assert ("Heading 1", "Lào Cai") in styled and ("Heading 1", "Kinh tế") in styled
    assert ("Heading 2", HEADINGS[3]) in styled
    assert any(style == "Nguồn tin" and "đăng lại trên 2 báo" in text for style, text in styled)
    assert any(style == "List Bullet" and "https://baolaocai.example.vn" in text
               for style, text in styled)
    assert document.inline_shapes, "the volume chart is an embedded picture"
    for paragraph in document.paragraphs:
        assert all(run.bold is None and run.font.size is None for run in paragraph.runs)


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_email_html_has_inline_styles_and_no_external_assets(issued: Issue) -> None:
    html = render(issued, "email").decode()
    assert "<link" not in html and "<script" not in html
    assert not re.search(r'src="(?!data:)', html), "only embedded images"
    assert 'role="presentation"' in html and "style=" in html
    for heading in HEADINGS:
        assert heading in html
    assert 'href="https://baolaocai.example.vn/sat-lo-ban-xeo.html"' in html
    assert "data:image/png;base64," in html  # the chart, embedded


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_web_html_draws_the_chart_as_inline_svg(issued: Issue) -> None:
    html = render(issued, "html").decode()
    assert "<svg" in html and "data:image" not in html and "<script" not in html
    assert '<title>2026-10-13: 7</title>' in html


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_email_screenshot_in_headless_chromium(issued: Issue, tmp_path: Path) -> None:
    reason = chromium_missing_reason()
    if reason:
        if browser_required():
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "email.html"
    page_file.write_bytes(render(issued, "email"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=list(CHROMIUM_ARGS), headless=True)
        page = browser.new_page(viewport={"width": 700, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_file.as_uri())
        assert page.locator("h1").inner_text() == "Điểm tin sáng"
        page.screenshot(path=str(artifacts() / "email.png"), full_page=True)
        browser.close()
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    print(f"email screenshot: {artifacts() / 'email.png'}")


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_text_version_lists_items_and_links(issued: Issue) -> None:
    text = render(issued, "text").decode()
    assert text.startswith("ĐIỂM TIN SÁNG")
    assert "Đưa tin đầu tiên: Báo Lào Cai; đăng lại trên 2 báo" in text
    assert "https://tinvungcao.example.vn/sat-lo.html" in text
