"""TCVN3 and VNI conversion and detection."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diemtin.text.legacy import (
    detect_legacy,
    legacy_to_unicode,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

SENTENCES = [
    "Sáng 13/9, Ủy ban nhân dân tỉnh Lào Cai tổ chức hội nghị tổng kết công tác phòng chống lũ.",
    "Người dân xã biên giới được hỗ trợ xây nhà, sửa đường và khoan giếng lấy nước sạch.",
    "Đoàn công tác của Bộ Y tế kiểm tra việc tiêm chủng tại trạm y tế phường Duyên Hải.",
    "Giá lúa tăng nhẹ, nông dân đồng bằng sông Cửu Long phấn khởi bước vào vụ thu đông.",
    "Ông Nguyễn Văn Thưởng nói: “Chúng tôi sẽ khắc phục hậu quả trong tuần này.”",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_vni_round_trip(sentence: str) -> None:
    encoded = unicode_to_vni(sentence)
    assert encoded != sentence
    assert all(ord(char) < 256 or char in "“”" for char in encoded)
    assert vni_to_unicode(encoded) == sentence


@pytest.mark.parametrize("sentence", SENTENCES)
def test_tcvn3_round_trip_of_lower_case_marks(sentence: str) -> None:
    # TCVN3 has no codes for toned capitals (Ủ): those come back in lower case.
    encoded = unicode_to_tcvn3(sentence)
    assert all(ord(char) < 256 or char in "“”" for char in encoded)
    expected = "".join(char.lower() if char.isupper() and not char.isascii()
                       and char not in "ĂÂÊÔƠƯĐ" else char for char in sentence)
    assert tcvn3_to_unicode(encoded) == expected


def test_known_legacy_spellings() -> None:
    assert tcvn3_to_unicode("Hµ Néi") == "Hà Nội"
    assert tcvn3_to_unicode("ViÖt Nam") == "Việt Nam"
    assert vni_to_unicode("Haø Noäi") == "Hà Nội"
    assert vni_to_unicode("Vieät Nam") == "Việt Nam"
    assert vni_to_unicode("Tröôøng") == "Trường"
    assert vni_to_unicode("HAØ NOÄI") == "HÀ NỘI"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_detect_legacy(sentence: str) -> None:
    assert detect_legacy(unicode_to_tcvn3(sentence)) == "tcvn3"
    assert detect_legacy(unicode_to_vni(sentence)) == "vni"
    assert detect_legacy(sentence) is None


@pytest.mark.parametrize("text", [
    "The quick brown fox jumps over the lazy dog, again and again.",
    "Où est la gare ? Le château est près de la forêt, à côté du café.",
    "El niño come mañana en España con su señora.",
    "Hà Nội",
    "",
])
def test_detect_legacy_leaves_other_text_alone(text: str) -> None:
    assert detect_legacy(text) is None


def test_legacy_to_unicode_dispatches() -> None:
    assert legacy_to_unicode(unicode_to_vni("Đà Nẵng"), "vni") == "Đà Nẵng"
    assert legacy_to_unicode(unicode_to_tcvn3("đà nẵng"), "tcvn3") == "đà nẵng"


_LETTERS = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứự"
            "vxyỳỷỹýỵ ")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_LETTERS + _LETTERS.upper(), max_size=40))
def test_vni_round_trip_property(text: str) -> None:
    assert vni_to_unicode(unicode_to_vni(text)) == unicodedata.normalize("NFC", text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_LETTERS, max_size=40))
def test_tcvn3_round_trip_property(text: str) -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(text)) == text
