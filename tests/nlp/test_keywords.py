"""Tests of diemtin.nlp.keywords. Texts written for these tests."""

from __future__ import annotations

from diemtin.nlp._lexicon import is_content, load_stopwords
from diemtin.nlp.doc import Doc
from diemtin.nlp.keywords import KeywordComponent, KeywordOptions, extract_keywords
from diemtin.text.normalize import normalize
from diemtin.text.segment import word_spans

TEXT = (
    "Lũ quét ở Lào Cai cuốn trôi nhiều nhà dân\n\n"
    "Đêm 12/9, lũ quét bất ngờ đổ về thôn Làng Nủ, xã Phúc Khánh, tỉnh Lào Cai.\n\n"
    "Lực lượng cứu hộ đã tìm kiếm những người mất tích trong lũ quét. "
    "Ông Hoàng Văn Tùng, Chủ tịch UBND xã, cho biết nhiều hộ dân đã được sơ tán."
)


def test_multi_syllable_words_and_names_lead() -> None:
    keywords = extract_keywords(TEXT, word_spans(TEXT), title_end=TEXT.index("\n\n"))
    texts = [k.text for k in keywords]
    assert set(texts[:2]) == {"lũ quét", "Lào Cai"}
    assert keywords[0].score == 1.0
    assert {k.text: k.count for k in keywords}["lũ quét"] == 3
    assert all(0 < k.score <= 1 for k in keywords)


def test_stop_words_and_numbers_are_never_keywords() -> None:
    keywords = {k.text.lower() for k in extract_keywords(TEXT, word_spans(TEXT))}
    assert not keywords & {"cho biết", "đã", "những", "12/9", "nhiều"}


def test_top_limits_the_list() -> None:
    assert len(extract_keywords(TEXT, word_spans(TEXT), options=KeywordOptions(top=3))) == 3


def test_empty_text_has_no_keywords() -> None:
    assert extract_keywords("", []) == []


def test_stopword_list_is_normalized_lower_case() -> None:
    words = load_stopwords()
    assert len(words) > 250
    assert all(w == normalize(w).lower() for w in words)
    assert not is_content("tuy nhiên", words) and is_content("ngân sách", words)


def test_component() -> None:
    doc = Doc(TEXT, words=tuple(word_spans(TEXT)), title_end=TEXT.index("\n\n"))
    out = KeywordComponent()(doc)
    assert out.keywords and out.keywords[0].text in ("lũ quét", "Lào Cai")
    assert out.versions == (("keywords", "keywords.v1"),)
