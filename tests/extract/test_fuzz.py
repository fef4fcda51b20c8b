"""Issue 15: generated hostile HTML gives an Article or an ExtractionError, in linear time.

Pages are built from the shapes that broke the extractor (deep nesting, nested tables,
unclosed and misnested tags, huge attributes, entities, inline data) repeated up to tens
of thousands of times; each must finish within a budget proportional to its size.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diemtin.errors import DiemtinError
from diemtin.extract import extract
from diemtin.models import Article

PARA = ("Chiều 14/10, Sở Giao thông vận tải tỉnh Yên Bái cho biết đã huy động máy móc "
        "thông tuyến quốc lộ 32 sau đợt mưa lớn kéo dài.")
_TAGS = ["div", "span", "p", "b", "i", "a", "font", "table", "tr", "td", "ul", "li", "section",
         "em", "strong", "h2", "blockquote", "center", "form", "select", "option", "nav"]
_ENTITIES = ["&amp;", "&nbsp;", "&#1234;", "&#x1F600;", "&#99999999;", "&#xD800;", "&bogus;",
             "&", "&#", "&lt;div&gt;"]

_pieces = st.one_of(
    st.builds(lambda tag, n: f"<{tag}>" * n, st.sampled_from(_TAGS), st.integers(1, 20_000)),
    st.builds(lambda tag, n: f"</{tag}>" * n, st.sampled_from(_TAGS), st.integers(1, 2_000)),
    st.builds(lambda n: "<table><tr><td>" * n, st.integers(1, 20_000)),
    st.builds(lambda tag, n, cls: f"<{tag} class='c{cls}'>chữ<p>" * n,
              st.sampled_from(["b", "i", "font", "em", "a", "u"]), st.integers(1, 10_000),
              st.integers(0, 99)),
    st.builds(lambda name, n: f"<div {name}='" + "x" * n + "'>", st.sampled_from(
        ["class", "style", "data-state", "src", "href", "id"]), st.integers(1, 300_000)),
    st.builds(lambda n: "<img src='data:image/png;base64," + "QUJD" * n + "'>",
              st.integers(1, 100_000)),
    st.builds(lambda entity, n: entity * n, st.sampled_from(_ENTITIES), st.integers(1, 20_000)),
    st.builds(lambda n: "<script>" + "var a='<div>';" * n + "</script>", st.integers(1, 20_000)),
    st.builds(lambda n: "<!--" + "<p>" * n, st.integers(1, 5_000)),
    st.sampled_from([f"<p>{PARA}</p>", "<article>", "</article>", "<h1>Tiêu đề</h1>", "<",
                     "<<>>", "<a href=", "</", "<!DOCTYPE html>", "<svg><script>", "\x00",
                     "<template>", "<textarea>", "<plaintext>", "<title>"]),
)


def _bounded(html: str) -> tuple[float, Article | DiemtinError]:
    started = time.perf_counter()
    try:
        result: Article | DiemtinError = extract(html, url="https://baoyenbai.com.vn/a.html")
    except DiemtinError as error:
        result = error
    return time.perf_counter() - started, result


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.lists(_pieces, min_size=1, max_size=8))
def test_issue_15_fuzz_hostile_html(pieces: list[str]) -> None:
    html = "<html><body>" + "".join(pieces) + f"<p>{PARA}</p>"
    elapsed, result = _bounded(html)
    assert isinstance(result, Article | DiemtinError)
    # Linear: a constant plus about 1 µs a character on an idle machine; 4x room for CI.
    assert elapsed < 1.0 + 4e-6 * len(html), (len(html), elapsed)


@pytest.mark.parametrize("unit", [
    "<div>", "<span class='x'>", "<table><tr><td>", "<b class='c1'>chữ<p>", "<a>x<li>",
    "<td>x</span>", "<font><div></font>", "&#1234;<br>", "<p>" + PARA,
])
def test_issue_15_time_grows_linearly(unit: str) -> None:
    small, _ = _bounded("<html><body>" + unit * 5_000)
    large, _ = _bounded("<html><body>" + unit * 40_000)
    assert large < 8 * 3 * small + 0.3, (small, large)  # 8x the size, not 64x the time
