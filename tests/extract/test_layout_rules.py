"""Headline, author, lead and date on layouts first met in bench/data/extract-heldout.

Each test holds one class of error those pages showed, on a small page written for it
(invented outlet and people): a format label before the headline, a headline broken by
``<br>`` in a cover layer, credits boxes, a byline above the headline, an e-mail next to
the author, a team signature, an agency note, a credit naming no one, an update time.
"""

from __future__ import annotations

from diemtin.extract import extract
from diemtin.extract._byline import clean_author, credit_line, looks_like_signature, strip_note

PARAS = "".join(f"<p>{text}</p>" for text in (
    "Sáng 9/3, xã đảo Hòn Mây đón chuyến tàu chở 40 tấn nước ngọt đầu tiên của mùa khô, "
    "sau gần hai tuần người dân phải mua nước với giá gấp ba ngày thường.",
    "Theo UBND xã, bể chứa chung của hai thôn đã cạn từ cuối tháng trước; nhiều gia đình "
    "phải hứng nước mưa còn sót lại trong các chum vại để nấu ăn.",
    "Ngành chức năng cho biết sẽ duy trì mỗi tuần hai chuyến tàu đến hết tháng 4, đồng "
    "thời khảo sát vị trí lắp thêm một trạm lọc nước biển công suất nhỏ.",
))
HEADLINE = "Tàu chở nước ngọt cập xã đảo Hòn Mây giữa mùa khô"
URL = "https://songbien24h.vn/xa-hoi/tau-nuoc-ngot-hon-may.html"


def _page(*, head: str = "", top: str = f"<h1>{HEADLINE}</h1>", body: str = PARAS,
          end: str = "") -> bytes:
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>{head}</head><body>"
            "<div class='menu'><a href='/'>Sóng Biển 24h</a><a href='/xa-hoi'>Xã hội</a></div>"
            f"<div class='wrap'>{top}<div class='entry-content'>{body}{end}</div></div>"
            "<div class='footer'>© 2026 Sóng Biển 24h. Giấy phép số 12/GP-BTTTT.</div>"
            "</body></html>").encode()


def test_format_label_is_not_part_of_the_headline() -> None:
    head = f"<title>[Video] {HEADLINE} | Sóng Biển 24h</title>"
    top = (f"<div class='jwplayer'><div class='jw-title'>[Video] {HEADLINE}</div>"
           f"<div>SB24 · 02:47</div></div><h2 class='tieu-de'>{HEADLINE}</h2>")
    article = extract(_page(head=head, top=top), url=URL)
    assert article.title == HEADLINE
    assert not any("02:47" in text or text == HEADLINE for text in article.body)


def test_headline_broken_by_a_line_break_in_a_cover_layer() -> None:
    head = "<meta property='og:title' content='Tàu chở nước ngọt cập xã đảo'>"
    top = ("<header class='cover'><div class='cover__overlay'><h1>Tàu chở nước ngọt cập xã đảo"
           "<br>Hòn Mây giữa mùa khô</h1></div></header>")
    assert extract(_page(head=head, top=top), url=URL).title == HEADLINE


def test_credits_box_names_the_author_not_the_designer() -> None:
    credits = ("<figure class='credit'><figcaption><p>Thực hiện: Lưu Bích Thủy</p>"
               "<p>Trình bày: Đỗ Khang</p></figcaption></figure>")
    article = extract(_page(top=f"<h1>{HEADLINE}</h1>{credits}"), url=URL)
    assert article.author == "Lưu Bích Thủy"
    assert not any("Thủy" in caption or "Khang" in caption for caption in article.captions)


def test_byline_above_the_headline_in_pieces() -> None:
    top = ("<div class='author-top'><span class='author-name'>Quách An</span> và "
           f"<span class='author-name'>Lý Thu Hà</span></div><h1>{HEADLINE}</h1>")
    assert extract(_page(top=top), url=URL).author == "Quách An, Lý Thu Hà"


def test_author_with_email_and_reading_time_keeps_the_lead() -> None:
    top = (f"<div>{HEADLINE}</div><div class='info'><span class='author'>Phó Minh Trí</span>"
           "<a href='mailto:tri.pm@songbien24h.vn'>tri.pm@songbien24h.vn</a>"
           "<time datetime='2026-03-09T07:00:00+07:00'>07:00 09/03/2026</time>"
           "<span>4 phút đọc</span></div>")
    lead = ("Hơn 1.200 hộ dân xã đảo Hòn Mây vừa được tiếp nước ngọt sau gần hai tuần "
            "thiếu nước sinh hoạt.")
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            f"\"headline\": \"{HEADLINE}\"}}</script>")
    article = extract(_page(head=head, top=top, body=f"<div class='sapo'>{lead}</div>{PARAS}"),
                      url=URL)
    assert article.author == "Phó Minh Trí"
    assert article.lead == lead


def test_team_signature_and_agency_note() -> None:
    for line, author in (("Nhóm phóng viên Thời sự", "Nhóm phóng viên Thời sự"),
                         ("Lê Hoàng (TTXVN)", "Lê Hoàng"), ("THU HIỀN (thực hiện)", "THU HIỀN")):
        end = f"<p style='text-align:right'><strong>{line}</strong></p>"
        article = extract(_page(end=end), url=URL)
        assert article.author == author
        assert line not in article.body
    assert strip_note("Lê Hoàng (TTXVN/VNA)") == "Lê Hoàng"
    assert looks_like_signature("Nhóm PV Kinh tế", emphasized=False)


def test_a_credit_naming_no_one_gives_way_to_a_declared_person() -> None:
    head = "<meta name='author' content='Hà Ngọc Lam'>"
    top = f"<h1>{HEADLINE}</h1><div class='author'>PV</div>"
    assert extract(_page(head=head, top=top), url=URL).author == "Hà Ngọc Lam"
    plain = extract(_page(top=f"<h1>{HEADLINE}</h1><div class='author'>PV</div>"), url=URL)
    assert plain.author == "PV"


def test_cms_account_and_team_roles() -> None:
    assert clean_author("Được viết bởi Quách Văn Tài") == "Quách Văn Tài"
    assert clean_author("BTV: Ngọc Lan - Quay phim: Hữu Phước") == "Ngọc Lan"
    assert credit_line("Nội dung: Mai Chi - Ngô Hải") == "author"
    assert credit_line("Đồ họa: Minh Khôi") == "other"
    head = "<meta name='author' content='Super User'>"
    assert extract(_page(head=head), url=URL).author is None


def test_update_time_is_not_the_publication_time() -> None:
    head = "<meta itemprop='datePublished' content='2026-03-09T07:00:00+07:00'>"
    top = (f"<h1>{HEADLINE}</h1><div class='meta'>Cập nhật: "
           "<time class='updated'>09:10 | 11/03/2026</time></div>")
    published = extract(_page(head=head, top=top), url=URL).published
    assert published is not None and published.isoformat() == "2026-03-09T07:00:00+07:00"


def test_audio_player_and_scroll_hints_are_not_body() -> None:
    top = f"<h1>{HEADLINE}</h1><div class='listen'>Nghe bài viết1x</div>"
    body = f"<div>Cuộn xuống để đọc</div>{PARAS}<p>Bài viết thể hiện quan điểm riêng của " \
        "tác giả. Mời bạn đọc tham gia thảo luận.</p>"
    article = extract(_page(top=top, body=body), url=URL)
    assert not any(text.startswith(("Nghe", "Cuộn", "Bài viết thể hiện")) for text in article.body)


def test_second_set_classes() -> None:
    """Classes first met in bench/data/extract-heldout2."""
    assert clean_author("Nội dung: Hà Vy · Ảnh: Tuấn Minh · Thiết kế: Bảo Trâm") == "Hà Vy"
    assert clean_author("Thanh Tâm (theo AsiaWire)") == "Thanh Tâm"
    top = (f"<h1>{HEADLINE}</h1><div class='meta'><a rel='author' href='/tac-gia/a'>Vũ Hạnh</a>"
           "<time class='timeago' title='08/03/2026 21:40'>Hôm qua lúc 21:40</time></div>")
    end = "<p>Đăng nhập để bình luận. Bình luận được kiểm duyệt trước khi hiển thị.</p>"
    fields = "<p>Số ký hiệu: 512/UBND-KT</p><p>Ngày ban hành: 03/03/2026</p>"
    article = extract(_page(top=top, body=fields + PARAS, end=end), url=URL)
    assert article.published is not None
    assert article.published.isoformat() == "2026-03-08T21:40:00+07:00"
    assert not any(text.startswith(("Đăng nhập", "Số ký hiệu", "Ngày ban hành"))
                   for text in article.body)
