import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from diemtin.text import clean_characters, fold, normalize, place_tone, place_tones

VIETNAMESE = st.text(alphabet=st.sampled_from(
    list("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ")
    + list("AĂÂĐEÊOÔƠUƯY ghkmnqrtvx.,\u00a0\u200b\u0300\u0301\u0309\u0303\u0323")),
    max_size=40)


@pytest.mark.parametrize(("written", "canonical"), [
    ("hoà", "hòa"), ("Hoà Bình", "Hòa Bình"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"),
    ("Thuỷ điện", "Thủy điện"), ("uỷ ban", "ủy ban"), ("hòang", "hoàng"),
    ("quả", "quả"), ("giữa", "giữa"), ("gìn", "gìn"), ("khuya", "khuya"), ("người", "người"),
    ("Nguyễn", "Nguyễn"), ("xoài", "xoài"), ("HOÀ", "HÒA"), ("thuở", "thuở"),
])
def test_normalize_tone_marks_follow_old_style(written: str, canonical: str) -> None:
    assert normalize(written) == canonical


def test_normalize_composes_decomposed_marks() -> None:
    decomposed = unicodedata.normalize("NFD", "Lào Cai, Hoà Bình")
    assert decomposed != "Lào Cai, Hòa Bình"
    assert normalize(decomposed) == "Lào Cai, Hòa Bình"


def test_normalize_windows_1258_style_tone_after_vowel() -> None:
    # Windows-1258 text decodes to a base letter followed by a combining tone mark.
    assert normalize("thu\u0309y") == "thủy"
    assert normalize("hoa\u0300") == "hòa"


def test_normalize_removes_invisible_and_odd_spaces() -> None:
    assert normalize("Lào\u00a0Cai\u200b, \ufeffSơn\u202fLa\u00ad") == "Lào Cai, Sơn La"
    assert normalize("dòng 1\r\ndòng 2\x07") == "dòng 1\ndòng 2"


def test_normalize_leaves_foreign_words_alone() -> None:
    assert normalize("António Guterres, café, naïve") == "António Guterres, café, naïve"


def test_place_tone_ignores_non_syllables() -> None:
    assert place_tone("strèng") == "strèng"
    assert place_tone("ab") == "ab"


@given(VIETNAMESE)
@example("Aì\u0300")  # a stray mark after a syllable once broke NFC on the second pass
@example("A\u200b\u0300")  # so did a mark separated from its letter by a removed character
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(max_size=60))
def test_normalize_output_is_nfc_for_any_text(text: str) -> None:
    assert unicodedata.is_normalized("NFC", normalize(text))


@given(VIETNAMESE)
def test_tone_placement_keeps_length(text: str) -> None:
    from diemtin.text import clean_characters

    assert len(normalize(text)) == len(clean_characters(text))


@given(VIETNAMESE)
@example("Hoà Bình\u200b, thuỷ điện")
def test_issue_13_place_tones_keeps_every_offset(text: str) -> None:
    """What the NLP reads (tones placed) has the stored text's length: offsets hold in both."""
    stored = clean_characters(text)
    placed = place_tones(stored)
    assert len(placed) == len(stored)
    assert place_tones(text) == place_tones(place_tones(text))
    assert placed == normalize(stored)
    assert fold(placed) == fold(stored)


def test_issue_13_place_tones_changes_only_tone_marks() -> None:
    assert place_tones("Hoà Bình\u00a0thuỷ") == "Hòa Bình\u00a0thủy"
