"""Issue 13: headline and author on unseen layouts, and the provenance of each field.

Every page here is a small page written for these tests (invented outlets and people);
each test holds one class of error seen on real pages: stale, generic or SEO structured
data, site-wide author values, signatures closing the body.
"""

from __future__ import annotations

import json

import pytest

from diemtin.extract import extract
from diemtin.extract._author import site_wide
from diemtin.extract._byline import is_wire_credit, looks_like_signature

PARAS = [
    "Chiều 3/11, đoàn công tác của tỉnh kiểm tra tiến độ xây dựng ba trường học ở các xã "
    "vùng cao, nơi học sinh đang phải học nhờ trong nhà văn hóa thôn.",
    "Theo ban quản lý dự án, hai trường đã hoàn thành phần thô, trường còn lại chậm khoảng "
    "một tháng vì mưa kéo dài làm sạt lở đường vận chuyển vật liệu.",
    "Lãnh đạo tỉnh yêu cầu nhà thầu tăng ca để học sinh kịp chuyển vào trường mới trước "
    "Tết, đồng thời bảo đảm an toàn lao động trên công trường.",
]
HEADLINE = "Ba trường học vùng cao chạy đua về đích trước Tết"
URL = "https://miennguoc24h.vn/giao-duc/truong-hoc-vung-cao.html"


def _page(*, head: str = "", top: str = f"<h1>{HEADLINE}</h1>", end: str = "",
          body: str | None = None) -> str:
    text = body if body is not None else "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>{head}</head><body>"
            "<div class='topbar'><a href='/'>Miền Ngược 24h</a></div>"
            f"<div class='wrap'>{top}<div class='entry'>{text}{end}</div></div>"
            "<div class='bottom'><p>© 2025 Miền Ngược 24h. Giấy phép số 9/GP-STTTT.</p></div>"
            "</body></html>")


def _ld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script>"


def test_issue_13_stale_json_ld_headline_loses_to_the_visible_heading() -> None:
    head = _ld(headline="Giá rau xanh tăng mạnh sau đợt mưa lũ") + \
        "<title>Miền Ngược 24h</title><meta property='og:site_name' content='Miền Ngược 24h'>"
    article = extract(_page(head=head), url=URL)
    assert article.title == HEADLINE
    assert dict(article.provenance)["title"] == "h1"


def test_issue_13_og_title_naming_the_site_is_no_headline() -> None:
    head = "<meta property='og:title' content='Miền Ngược 24h'>" \
        "<meta property='og:site_name' content='Miền Ngược 24h'><title>Miền Ngược 24h</title>"
    top = f"<h3 class='news-title'>{HEADLINE}</h3><span class='time'>03/11/2025 16:20</span>"
    article = extract(_page(head=head, top=top), url=URL)
    assert article.title == HEADLINE
    assert dict(article.provenance)["title"] == "h3"


def test_issue_13_seo_variant_loses_to_the_visible_heading() -> None:
    seo = "Trường học vùng cao 2025: tiến độ, nhà thầu, ngày bàn giao"
    head = f"<meta property='og:title' content='{seo}'><title>{seo} | Miền Ngược 24h</title>"
    assert extract(_page(head=head), url=URL).title == HEADLINE


def test_issue_13_headline_set_in_a_large_font_without_h1() -> None:
    head = "<meta property='og:title' content='Trường vùng cao: tin mới nhất hôm nay'>"
    top = f"<table><tr><td><font size='5'><b>{HEADLINE}</b></font></td></tr></table>"
    article = extract(_page(head=head, top=top), url=URL)
    assert article.title == HEADLINE
    assert dict(article.provenance)["title"] == "styled"


def test_issue_13_declared_title_agreeing_with_the_heading_is_recorded() -> None:
    head = _ld(headline=HEADLINE, datePublished="2025-11-03T16:20:00+07:00")
    article = extract(_page(head=head), url=URL)
    assert dict(article.provenance) == {"title": "h1+json-ld", "author": "none",
                                        "published": "json-ld"}


@pytest.mark.parametrize("site_value", ["Ban biên tập", "Miền Ngược 24h", "miennguoc24h.vn",
                                        "Quản trị viên", "admin"])
def test_issue_13_site_wide_meta_author_is_no_author(site_value: str) -> None:
    head = f"<meta name='author' content='{site_value}'>" \
        "<meta property='og:site_name' content='Miền Ngược 24h'>"
    article = extract(_page(head=head), url=URL)
    assert article.author is None
    right = "<p style='text-align:right'><strong>Hoàng Lan</strong></p>"
    assert extract(_page(head=head, end=right), url=URL).author == "Hoàng Lan"


def test_issue_13_meta_author_list() -> None:
    head = "<meta name='author' content='Hoàng Lan;Vũ Đức Thịnh'>"
    article = extract(_page(head=head), url=URL)
    assert article.author == "Hoàng Lan, Vũ Đức Thịnh"
    assert dict(article.provenance)["author"] == "meta:author"


def test_issue_13_json_ld_authors_stay_together() -> None:
    head = _ld(headline=HEADLINE, author=[{"@type": "Person", "name": "Hoàng Lan"},
                                         {"@type": "Person", "name": "Vũ Đức Thịnh"}])
    assert extract(_page(head=head), url=URL).author == "Hoàng Lan, Vũ Đức Thịnh"


@pytest.mark.parametrize(("line", "author"), [
    ("<p style='text-align:right'><b>THU TRANG - MINH ĐỨC</b></p>", "THU TRANG, MINH ĐỨC"),
    ("<p><strong>Nhóm PV</strong></p>", "Nhóm PV"),
    ("<p align='right'>(Theo TTV)</p>", "TTV"),
    ("<p style='text-align: right;'><em>Bài và ảnh: Lò Thị Mai</em></p>", "Lò Thị Mai"),
    ("<p style='text-align:right'><b>Hà Phương (tổng hợp)</b></p>", "Hà Phương"),
])
def test_issue_13_signature_is_the_author_and_leaves_the_body(line: str, author: str) -> None:
    head = "<meta name='author' content='Ban biên tập'>"
    article = extract(_page(head=head, end=line), url=URL)
    assert article.author == author
    assert dict(article.provenance)["author"] == "signature"
    assert list(article.body) == PARAS


def test_issue_13_wire_credit_outranks_the_posting_account() -> None:
    head = _ld(headline=HEADLINE, author={"@type": "Person", "name": "Trần Hải"})
    article = extract(_page(head=head, end="<p>Theo TTV</p>"), url=URL)
    assert article.author == "TTV"


def test_issue_13_last_sentence_is_not_a_signature() -> None:
    closing = "<p style='text-align:right'><b>Giá lúa tăng, nông dân phấn khởi.</b></p>"
    article = extract(_page(end=closing), url=URL)
    assert article.author is None
    assert article.body[-1] == "Giá lúa tăng, nông dân phấn khởi."


def test_issue_13_site_wide_values() -> None:
    outlets = {"miennguoc24h"}
    assert site_wide("Ban Biên Tập", outlets) and site_wide("BBT", outlets)
    assert site_wide("Tòa soạn", outlets) and site_wide("Báo Miền Ngược 24h", outlets)
    assert not site_wide("Nhóm PV", outlets) and not site_wide("Hoàng Lan", outlets)
    assert not site_wide("TTV", outlets)


def test_issue_13_signature_and_wire_forms() -> None:
    assert is_wire_credit("Nguồn: VOV") and is_wire_credit("(Theo TTXVN)")
    assert not is_wire_credit("Theo báo cáo của sở")
    assert looks_like_signature("Lan Anh/TTV", emphasized=True)
    assert not looks_like_signature("Lan Anh/TTV", emphasized=False)
    assert not looks_like_signature("Hội nghị kết thúc lúc 17h.", emphasized=True)


def test_issue_13_heading_naming_a_section_is_no_headline() -> None:
    head = "<title>Tin tức - Sự kiện | Trang thông tin điện tử huyện Núi Xanh</title>"
    top = ("<ul class='list-group'><li><a href='/tin-tuc'>Tin tức - Sự kiện</a></li>"
           "<li><a href='/van-ban'>Văn bản</a></li></ul>"
           "<span class='slogan'>Trang thông tin điện tử huyện Núi Xanh</span>"
           f"<h1 class='page-header'>Tin tức - Sự kiện</h1><h2>{HEADLINE}</h2>")
    article = extract(_page(head=head, top=top), url=URL)
    assert article.title == HEADLINE
    assert dict(article.provenance)["title"] == "h2"


def test_issue_13_class_names_hyphenated_per_syllable() -> None:
    top = (f"<p class='tieu-de' style='font-size:22px'><b>{HEADLINE}</b></p>"
           "<p class='ngay-dang'>16:20 ngày 03/11/2025</p><p class='tac-gia'>Phạm Quang Vinh</p>")
    article = extract(_page(top=top), url=URL)
    assert (article.title, article.author) == (HEADLINE, "Phạm Quang Vinh")
    assert list(article.body) == PARAS


def test_issue_13_date_and_view_count_line_is_no_body() -> None:
    body = "<p>Ngày đăng: 03/11/2025 | Lượt xem: 128</p>" + \
        "".join(f"<p>{p}</p>" for p in PARAS)
    assert list(extract(_page(body=body), url=URL).body) == PARAS


def test_issue_13_english_class_tokens_are_not_joined() -> None:
    from diemtin.extract._classes import DROP, classify

    assert not classify("entry-content entry-content-read-more") & DROP
    assert classify("box-tin-lien-quan") & DROP
