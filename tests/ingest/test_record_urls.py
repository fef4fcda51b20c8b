import pytest

from diemtin.errors import InputError
from diemtin.ingest.records import article_from_record

TITLE = "Lào Cai khánh thành cầu treo bản Nậm Mả"


@pytest.mark.parametrize("url", [
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "vbscript:msgbox(1)",
    "//baolaocai.vn/a.html",
    "baolaocai.vn/a.html",
    "https:///khong-co-ten-may",
])
def test_issue_10_only_http_urls_are_stored_as_article_links(url: str) -> None:
    with pytest.raises(InputError, match="http:// or https://") as caught:
        article_from_record({"title": TITLE, "url": url})
    assert "field 'url'" in str(caught.value)


@pytest.mark.parametrize("url", ["https://baolaocai.vn/xa-hoi/cau-treo.html",
                                 "HTTP://Baolaocai.vn/a.html?id=3"])
def test_issue_10_http_and_https_urls_are_kept(url: str) -> None:
    assert article_from_record({"title": TITLE, "url": url}).url == url
