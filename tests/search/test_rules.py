"""The matching rules as a backend-neutral plan (issue 9)."""

import unicodedata

from diemtin.search import parse_query
from diemtin.search.rules import (
    KeyKind,
    exact_key,
    exact_variants,
    phrase_keys,
    query_matches,
    spellings_of,
    syllable_keys,
    term_keys,
)


def test_issue_9_marked_syllables_use_exact_keys_and_unmarked_ones_folded_keys() -> None:
    assert [(s.key, s.exact) for s in syllable_keys("Đặng Van Lực")] == [
        ("đặng", True), ("van", False), ("lực", True)]
    assert [s.key for s in syllable_keys("Đặng Van Lực", fold_all=True)] == ["dang", "van", "luc"]


def test_issue_9_tone_placement_and_nfd_give_one_exact_key() -> None:
    assert exact_key("Hoà Bình thuỷ") == exact_key("hòa bình thủy") == "hòa bình thủy"
    assert exact_key(unicodedata.normalize("NFD", "Đặng")) == "đặng"


def test_issue_9_term_kinds() -> None:
    assert term_keys(parse_query("Đảng").terms()[0]).kind is KeyKind.EXACT
    assert term_keys(parse_query("dang").terms()[0]).kind is KeyKind.FOLDED
    assert term_keys(parse_query('"Lào Cai"').terms()[0]).kind is KeyKind.MIXED


def test_issue_9_spellings_of_a_folded_syllable() -> None:
    spellings = spellings_of("dang")
    assert {"đảng", "đang", "đặng", "dạng", "dang", "dáng"} <= set(spellings)
    assert all(exact_key(s) == s for s in spellings)  # canonical tone placement
    assert "hòa" in spellings_of("hoa") and "hoà" not in spellings_of("hoa")


def test_issue_9_exact_variants_expand_unmarked_syllables_only() -> None:
    keys = term_keys(parse_query('"Lào Cai"').terms()[0])
    assert exact_variants(keys, lambda folded: ["cai", "cái"]) == [("lào", "cai"),
                                                                  ("lào", "cái")]
    assert exact_variants(keys, lambda folded: []) == []
    assert exact_variants(keys, lambda folded: [str(i) for i in range(100)]) is None


def test_issue_9_query_matches_applies_the_rule_per_syllable() -> None:
    text = "Ông Đặng Văn Lực, đang công tác"
    assert query_matches(parse_query("Đặng"), "", text)
    assert not query_matches(parse_query("Đảng"), "", text)
    assert query_matches(parse_query("Đảng", fold=True), "", text)
    assert query_matches(parse_query('"Dang Van Luc"'), "", text)
    assert query_matches(parse_query('"Đặng Van"'), "", text)
    assert not query_matches(parse_query('"đang Van"'), "", text)
    assert not query_matches(parse_query('"Văn Đặng"'), "", text)
    assert query_matches(parse_query("title:dang"), "Đảng ủy", "")
    assert not query_matches(parse_query("title:dang"), "", text)
    assert not query_matches(parse_query("dang NOT Lực"), "", text)


def test_issue_9_the_ranking_phrase_is_every_word_of_an_and_query() -> None:
    keys = phrase_keys(parse_query("Đặng van -lực"))
    assert keys is not None and keys.keys == ("đặng", "van")
    assert phrase_keys(parse_query("bão OR lũ")) is None
    assert phrase_keys(parse_query("bão")) is None


def test_issue_9_index_keys_align_exact_and_folded_words() -> None:
    from diemtin.search.keys import words
    from diemtin.search.rules import index_keys

    keys = index_keys("Thuỷ điện HOÀ BÌNH", "Sáng 13/10,\nĐảng ủy\u00a0họp. " +
                      unicodedata.normalize("NFD", "Khoẻ"))
    assert keys.exact_title == "thủy điện hòa bình"
    assert keys.folded_title == "thuy dien hoa binh"
    assert words(keys.exact_text) == ["sáng", "13", "10", "đảng", "ủy", "họp", "khỏe"]
    assert words(keys.folded_text) == ["sang", "13", "10", "dang", "uy", "hop", "khoe"]


def test_issue_9_index_keys_from_the_token_cache_equal_word_by_word_keys() -> None:
    from diemtin.search.rules import exact_key, index_keys, is_odd_spelling
    from diemtin.text.fold import fold_word

    title = "Thuỷ điện HOÀ BÌNH: José đến Noël"
    text = ("Sáng 13/10,\nĐảng ủy\u00a0họp. “Lào” Cai… " + unicodedata.normalize("NFD", "Khoẻ")
            + " ΟΔΟΣ İstanbul ﬁ José 12.000 hộ_dân viôlắc")
    for _ in range(2):  # the first call fills the cache, the second reads it
        keys = index_keys(title, text)
        exact = [exact_key(token) for token in text.split()]
        assert keys.exact_text == " ".join(exact)
        assert keys.folded_text == " ".join(fold_word(word) for word in exact)
        assert keys.odd_spellings == {("jose", "josé"), ("noel", "noël"), ("violac", "viôlắc")}
        assert all(is_odd_spelling(word) for _, word in keys.odd_spellings)
    assert index_keys("Tin", "không có chữ lạ").odd_spellings == frozenset()


def test_issue_9_exact_alternatives_per_position() -> None:
    from diemtin.search.rules import exact_alternatives

    keys = term_keys(parse_query('"Lào Cai"').terms()[0])
    lao, cai = exact_alternatives(keys)
    assert lao == ("lào",) and "cái" in cai and "cai" in cai and "lào" not in cai
