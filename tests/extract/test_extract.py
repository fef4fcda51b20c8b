"""extract(): fields, metadata choices and errors, on small pages written for the tests."""

from __future__ import annotations

import pickle
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest

from diemtin.errors import ExtractionError, ExtractionReason
from diemtin.extract import ExtractOptions, extract, extract_raw
from diemtin.models import RawDocument, article_id_for

PARAS = [
    "Sáng 13/9, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác khắc phục hậu quả "
    "bão số 3, với sự tham dự của đại diện các sở, ngành và 12 huyện, thị xã.",
    "Theo báo cáo, mưa lũ đã làm hư hỏng hơn 3.200 ngôi nhà, cuốn trôi nhiều đoạn đường liên "
    "xã, gây thiệt hại ước tính hơn 1.500 tỷ đồng cho sản xuất nông nghiệp.",
    "\"Chúng tôi ưu tiên đưa học sinh trở lại trường trong tuần này\", ông Phạm Văn Bình, "
    "Giám đốc Sở Giáo dục và Đào tạo, cho biết tại hội nghị.",
]


def page(*, head: str = "", before: str = "", body: str | None = None, after: str = "",
         lang: str = "vi") -> str:
    text = body if body is not None else "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>{head}</head><body>"
            "<nav class='menu'><a href='/'>Trang chủ</a><a href='/thoi-su'>Thời sự</a></nav>"
            f"<div class='main'>{before}<div class='content'>{text}</div>{after}</div>"
            "<footer>© Báo Miền Ngược. Giấy phép số 1/GP-BTTTT.</footer></body></html>")


def test_body_and_title() -> None:
    html = page(head="<title>Khắc phục hậu quả bão số 3 - Báo Miền Ngược</title>",
                before="<h1>Khắc phục hậu quả bão số 3</h1>")
    article = extract(html, url="https://baomienguoc.vn/a.html")
    assert article.title == "Khắc phục hậu quả bão số 3"
    assert article.body == tuple(PARAS)
    assert article.language == "vi"


def test_id_from_canonical_url_else_given_url() -> None:
    canonical = "https://baomienguoc.vn/thoi-su/bai-viet.html"
    with_canonical = extract(page(head=f"<link rel='canonical' href='{canonical}'>"),
                             url="https://m.baomienguoc.vn/x?utm_source=zalo")
    assert with_canonical.url == canonical
    assert with_canonical.id == article_id_for(url=canonical, title="", body=())
    plain = extract(page(), url="https://baomienguoc.vn/b.html")
    assert plain.id == article_id_for(url="https://baomienguoc.vn/b.html", title="", body=())
    no_url = extract(page())
    assert no_url.id.startswith("c")


def test_boilerplate_blocks_are_not_body() -> None:
    after = ("<div class='box-related'><h3>Tin liên quan</h3><ul><li><a href='/x'>Mưa lớn gây "
             "ngập nhiều tuyến phố ở thành phố</a></li></ul></div>"
             "<div class='social-share'>Chia sẻ Facebook Zalo</div>"
             "<div class='comments'><p>Bài viết rất hay, cảm ơn phóng viên đã đưa tin kịp thời "
             "về tình hình mưa lũ ở địa phương chúng tôi.</p></div>")
    inside = "".join(f"<p>{p}</p>" for p in PARAS[:2]) + \
        "<p><strong>Xem thêm:</strong> <a href='/y'>Bão số 3 đổ bộ vào đất liền</a></p>" + \
        f"<p>{PARAS[2]}</p>" + "<p>Có thể bạn quan tâm</p><p><a href='/z'>Giá lúa tăng</a></p>"
    article = extract(page(body=inside, after=after))
    assert article.body == tuple(PARAS)


def test_lead_caption_and_byline() -> None:
    before = ("<h1>Khắc phục hậu quả bão số 3</h1>"
              "<h2 class='article-sapo'>(BMN) - Tỉnh dành 200 tỷ đồng hỗ trợ người dân dựng "
              "lại nhà cửa sau bão.</h2>")
    body = (f"<p>{PARAS[0]}</p><figure><img src='/a.jpg'><figcaption>Người dân dọn dẹp bùn đất "
            f"sau lũ. Ảnh: Thu Hà</figcaption></figure><p>{PARAS[1]}</p><p>{PARAS[2]}</p>"
            "<p style='text-align:right'><strong>Bài, ảnh: Lê Thu Hà</strong></p>")
    article = extract(page(before=before, body=body), url="https://baomienguoc.vn/c.html")
    assert article.lead == "Tỉnh dành 200 tỷ đồng hỗ trợ người dân dựng lại nhà cửa sau bão."
    assert article.captions == ("Người dân dọn dẹp bùn đất sau lũ. Ảnh: Thu Hà",)
    assert article.author == "Lê Thu Hà"
    assert article.body == tuple(PARAS)
    assert article.images == ("https://baomienguoc.vn/a.jpg",)


def test_table_rows_are_paragraphs() -> None:
    table = ("<table><tr><td>Huyện</td><td>Số nhà hư hỏng</td></tr>"
             "<tr><td><p>Bảo Yên</p></td><td><p>1.200</p></td></tr></table>")
    article = extract(page(body="".join(f"<p>{p}</p>" for p in PARAS) + table))
    assert article.body[-2:] == ("Huyện Số nhà hư hỏng", "Bảo Yên 1.200")


def test_outlet_from_site_name_not_title_suffix() -> None:
    head = ("<title>Bài viết - Trang chủ BMN</title>"
            "<meta property='og:site_name' content='Báo Miền Ngược'>")
    assert extract(page(head=head)).outlet == "Báo Miền Ngược"
    assert extract(page(), url="https://www.baomienguoc.vn/a").outlet == "baomienguoc.vn"


def test_meta_author_naming_the_outlet_is_not_an_author() -> None:
    head = ("<meta name='author' content='Báo Miền Ngược'>"
            "<meta property='og:site_name' content='Báo Miền Ngược'>")
    assert extract(page(head=head)).author is None


def test_published_keeps_offset_and_naive_means_vietnam() -> None:
    aware = extract(page(head="<meta property='article:published_time' "
                              "content='2024-09-13T08:15:00+09:00'>"))
    assert aware.published is not None
    assert aware.published.utcoffset() == timedelta(hours=9)
    naive = extract(page(head="<meta property='article:published_time' "
                              "content='2024-09-13T08:15:00'>"))
    assert naive.published == datetime(2024, 9, 13, 8, 15, tzinfo=timezone(timedelta(hours=7)))


def test_visible_date_line_when_metadata_is_missing_or_wrong() -> None:
    before = ("<h1>Khắc phục hậu quả bão số 3</h1>"
              "<div class='date'>Thứ sáu, 13/9/2024, 08:15 (GMT+7)</div>")
    shown = extract(page(before=before))
    assert shown.published is not None
    assert shown.published.isoformat() == "2024-09-13T08:15:00+07:00"
    wrong = extract(page(before=before, head="<meta property='article:published_time' "
                                             "content='2019-01-01T00:00:00+07:00'>"))
    assert wrong.published == shown.published


def test_relative_date_resolves_against_fetched_at() -> None:
    before = "<h1>Khắc phục hậu quả bão số 3</h1><span class='time'>Cập nhật: 8 giờ trước</span>"
    fetched = datetime(2024, 9, 13, 20, 0, tzinfo=timezone(timedelta(hours=7)))
    article = extract(page(before=before), fetched_at=fetched)
    assert article.published == fetched - timedelta(hours=8)


def test_section_and_tags() -> None:
    before = ("<ul class='breadcrumb'><li><a href='/'>Trang chủ</a></li><li><a href='/xa-hoi'>"
              "Xã hội</a></li><li><a href='/xa-hoi/moi-truong'>Môi trường</a></li></ul>")
    head = "<meta name='keywords' content='bão số 3, Lào Cai, khắc phục hậu quả'>"
    article = extract(page(before=before, head=head))
    assert article.section == "Xã hội"
    assert article.tags == ("bão số 3", "Lào Cai", "khắc phục hậu quả")


def test_issue_13_text_is_stored_as_published() -> None:
    """NFC and no invisible characters, but the outlet's own tone-mark placement."""
    body = "".join(f"<p>{p}</p>" for p in PARAS) + \
        "<p>Thuỷ điện Hoa\u0300 Bi\u0300nh xả lũ,\u00a0hai\u200b cửa đáy.</p>"
    article = extract(page(body=body))
    assert article.body[-1] == "Thuỷ điện Hoà Bình xả lũ, hai cửa đáy."


def test_english_page() -> None:
    text = ("The city council approved the new budget on Tuesday, adding funds for schools, "
            "parks and public transport after months of debate.")
    html = page(head="<title>Council approves budget</title>",
                before="<h1>Council approves budget</h1>", body=f"<p>{text}</p>" * 2, lang="")
    article = extract(html)
    assert article.language == "en"
    assert article.body == (text, text) or article.body == (text,)


@pytest.mark.parametrize(("html", "reason"), [
    ("", ExtractionReason.EMPTY),
    ("   ", ExtractionReason.EMPTY),
    ("just some words, no markup at all", ExtractionReason.NOT_HTML),
    ("<html><body><p>Ngắn.</p></body></html>", ExtractionReason.TOO_SHORT),
    ("<html><head><title>x</title></head></html>", ExtractionReason.EMPTY),
])
def test_errors_carry_a_reason(html: str, reason: ExtractionReason) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(html, url="https://example.vn/a")
    assert caught.value.reason == reason


def test_too_large() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(page(), options=ExtractOptions(max_bytes=100))
    assert caught.value.reason == ExtractionReason.TOO_LARGE


def test_extract_raw_uses_header_charset_and_source() -> None:
    html = _cp1258(page()).encode("cp1258", errors="strict")
    doc = RawDocument(content=html, url="https://baomienguoc.vn/d.html", source="test",
                      headers=(("Content-Type", "text/html; charset=windows-1258"),))
    article = extract_raw(doc)
    assert article.body == tuple(PARAS)
    assert article.source == "test"


def _cp1258(text: str) -> str:
    """Write tone marks as combining characters, as windows-1258 stores them."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        marks = "".join(p for p in parts if p in tones)
        base = "".join(p for p in parts if p not in tones)
        out.append(unicodedata.normalize("NFC", base) + marks)
    return "".join(out)


def test_article_and_options_pickle() -> None:
    article = extract(page())
    assert pickle.loads(pickle.dumps(article)) == article
    assert pickle.loads(pickle.dumps(ExtractOptions(min_body_chars=5))) == \
        ExtractOptions(min_body_chars=5)
