import tracemalloc
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


@pytest.mark.parametrize("words", ["a ", "hoà ", "Thuỷ điện Hoà Bình, ", "hoà,"])
def test_issue_15_normalize_memory_is_small_and_linear(words: str) -> None:
    """A 19 MB title took 2.3 GB: one string object per word was held at once."""
    text = words * (4_000_000 // len(words.encode()))
    tracemalloc.start()
    try:
        result = normalize(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(result) == len(text)
    assert peak <= 10 * len(text.encode()), f"peak {peak / 1e6:.0f} MB for 4 MB"


def test_issue_15_long_texts_normalize_as_their_lines_do() -> None:
    lines = ["Hoà Bình thuỷ điện " * 5000, "hoà,khoẻ;" * 20_000, "Thuỷ" + "a" * 100_000,
             "x" * 70_000 + "hoà", "\u200bHoà\u00a0Bình " * 9000, "uỷ 12_3 ban" * 9000]
    text = "\n".join(lines)
    assert len(text) > 4 * 65536 and "\n" not in "".join(lines)
    assert normalize(text) == "\n".join(normalize(line) for line in lines)
    assert normalize(text).lower().count("hòa") == 5000 + 20_000 + 9000
