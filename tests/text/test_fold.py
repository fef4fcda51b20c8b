import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from diemtin.text import clean_characters, fold, normalize


def test_fold_strips_diacritics_and_d_stroke() -> None:
    assert fold("Đà Nẵng") == "da nang"
    assert fold("Đảng ủy tỉnh Lào Cai") == "dang uy tinh lao cai"
    assert fold("ĐẢNG") == "dang"


def test_fold_treats_both_tone_conventions_alike() -> None:
    assert fold("Hoà Bình") == fold("Hòa Bình") == "hoa binh"


@given(st.text(max_size=80))
def test_fold_of_normalized_equals_fold(text: str) -> None:
    assert fold(normalize(text)) == fold(text)


@given(st.text(max_size=80))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x1EFF), max_size=80))
def test_fold_keeps_length_of_clean_latin_text(text: str) -> None:
    clean = normalize(text)
    if all(ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" for ch in clean):
        assert len(fold(clean)) == len(clean_characters(clean))


def test_issue_15_folding_a_long_text_is_small_in_memory() -> None:
    """``str.lower`` on a whole 4 MB article held ten times its size at once."""
    unit = "Sáng 13/10, mưa lớn kéo dài ở tỉnh Lào Cai gây sạt lở “nhiều” tuyến đường – "
    text = unit * (4_000_000 // len(unit.encode()))
    tracemalloc.start()
    try:
        folded = fold(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert folded == fold(unit) * (4_000_000 // len(unit.encode()))
    assert peak <= 4 * len(text.encode()), f"peak {peak / 1e6:.0f} MB for 4 MB"
