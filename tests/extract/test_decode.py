"""Charset choice and legacy-font conversion."""

from __future__ import annotations

import codecs

import pytest

from diemtin.errors import ExtractionError
from diemtin.extract._decode import charset_from_content_type, choose_encoding, decode_html
from diemtin.text.legacy import unicode_to_tcvn3, unicode_to_vni

TEXT = "Người dân Đà Nẵng đón năm mới, phố phường rực rỡ cờ hoa."


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><p>{body}</p></body></html>"


def test_content_type_charset() -> None:
    assert charset_from_content_type("text/html; charset=UTF-8") == "utf-8"
    assert charset_from_content_type("text/html; charset=iso-8859-1") == "windows-1252"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type("text/html; charset=bogus-xx") is None


def test_bom_wins_over_declarations() -> None:
    data = codecs.BOM_UTF8 + _page(TEXT, '<meta charset="windows-1252">').encode()
    assert TEXT in decode_html(data, content_type="text/html; charset=iso-8859-1")


def test_http_header_then_meta_charset() -> None:
    data = _page(TEXT, '<meta charset="utf-8">').encode("cp1258", errors="ignore")
    assert choose_encoding(data, content_type="text/html; charset=windows-1258",
                           sniff_bytes=1000) == "cp1258"
    meta = _page("Hello", '<meta http-equiv="Content-Type" '
                          'content="text/html; charset=windows-1258">')
    assert choose_encoding(meta.encode(), content_type=None, sniff_bytes=1000) == "cp1258"


def test_windows_1258_decomposed_marks_become_nfc() -> None:
    raw = ("<html><head><meta charset=\"windows-1258\"></head>"
           "<body><p>Ho\u0300a Bi\u0300nh</p></body></html>")
    decoded = decode_html(raw.encode("cp1258"))
    assert "Hòa Bình" in decoded


def test_utf8_without_declaration() -> None:
    assert TEXT in decode_html(_page(TEXT).encode("utf-8"))


def test_sniffing_undeclared_legacy_bytes() -> None:
    data = _page("Ceci est un texte français écrit sans déclaration de jeu de caractères, "
                 "à décoder correctement : été, très, où, garçon.").encode("latin-1")
    assert "français" in decode_html(data)


@pytest.mark.parametrize("encode", [unicode_to_tcvn3, unicode_to_vni])
def test_legacy_font_pages_are_converted(encode: object) -> None:
    sentence = "Ngày 5/6, hội nghị tổng kết vụ lúa đông xuân diễn ra tại trụ sở tỉnh ủy."
    page = _page(encode(sentence), '<meta charset="iso-8859-1">')  # type: ignore[operator]
    assert sentence in decode_html(page.encode("latin-1"))


def test_binary_is_not_html() -> None:
    with pytest.raises(ExtractionError) as caught:
        decode_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert caught.value.reason.value == "not_html"
