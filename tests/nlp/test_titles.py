"""Tests of diemtin.nlp.titles: span helpers, attachment rules, find_titles."""

from __future__ import annotations

from diemtin.models import Mention
from diemtin.nlp._ner_lexicon import load_lexicon
from diemtin.nlp._ner_tokens import tokenize
from diemtin.nlp.entities import EntityOptions, find_entities
from diemtin.nlp.titles import attach, find_titles, merge_title_spans, spans_from_tags


def _span(words: tuple[str, ...], phrase: str, start: int = 0) -> tuple[int, int]:
    """Token span of the first occurrence of ``phrase`` at or after token ``start``."""
    parts = tokenize(phrase).words
    for i in range(start, len(words) - len(parts) + 1):
        if words[i : i + len(parts)] == parts:
            return (i, i + len(parts))
    raise AssertionError(phrase)


def _attach(text: str, persons: list[str], titles: list[str]) -> dict[str, str]:
    words = tokenize(text).words
    lex = load_lexicon().tag(words)
    p_spans = [_span(words, p) for p in persons]
    t_spans = [_span(words, t) for t in titles]
    got = attach(words, lex, p_spans, t_spans)
    return {persons[n]: " ".join(words[a:b]) for n, (a, b) in got.items()}


def test_titles_spans_from_tags() -> None:
    tags = ["O", "B-T", "I-T", "O", "I-T", "B-T", "B-T", "I-T"]
    assert spans_from_tags(tags, "T") == [(1, 3), (4, 5), (5, 6), (6, 8)]
    assert spans_from_tags(["O", "O"], "T") == []


def test_titles_merge_spans_across_one_comma() -> None:
    words = tokenize("Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức").words
    spans = [(0, 5), (6, 10)]
    assert merge_title_spans(words, spans) == [(0, 10)]
    assert merge_title_spans(words, [(0, 3), (6, 10)]) == [(0, 3), (6, 10)]


def test_titles_appositive_after_wins_over_before() -> None:
    text = "Bí thư Tỉnh ủy Lò Văn Hùng, Chủ tịch HĐND tỉnh phát biểu."
    got = _attach(text, ["Lò Văn Hùng"], ["Bí thư Tỉnh ủy", "Chủ tịch HĐND tỉnh"])
    assert got == {"Lò Văn Hùng": "Chủ tịch HĐND tỉnh"}


def test_titles_list_title_before_next_name() -> None:
    text = "Phó Chủ tịch UBND tỉnh Lê Văn Tâm, Giám đốc Sở Tài chính Vũ Thị Hà cùng dự."
    got = _attach(
        text, ["Lê Văn Tâm", "Vũ Thị Hà"], ["Phó Chủ tịch UBND tỉnh", "Giám đốc Sở Tài chính"]
    )
    assert got == {"Lê Văn Tâm": "Phó Chủ tịch UBND tỉnh", "Vũ Thị Hà": "Giám đốc Sở Tài chính"}


def test_titles_honorifics_between_title_and_name() -> None:
    text = "Giám đốc Công an tỉnh, Đại tá Hà Văn Bình chỉ đạo."
    assert _attach(text, ["Hà Văn Bình"], ["Giám đốc Công an tỉnh"]) == {
        "Hà Văn Bình": "Giám đốc Công an tỉnh"
    }


def test_titles_age_does_not_detach_appositive() -> None:
    text = "Trần Văn Lộc, 58 tuổi, nguyên Chủ tịch UBND xã bị khởi tố."
    assert _attach(text, ["Trần Văn Lộc"], ["nguyên Chủ tịch UBND xã"]) == {
        "Trần Văn Lộc": "nguyên Chủ tịch UBND xã"
    }


def test_titles_not_attached_across_words() -> None:
    text = "Ông Sùng A Páo được bầu giữ chức Bí thư Đảng ủy xã."
    assert _attach(text, ["Sùng A Páo"], ["Bí thư Đảng ủy xã"]) == {}


def test_find_titles_on_given_mentions() -> None:
    text = "Ông Hoàng Văn Thắm, Phó Chủ tịch UBND tỉnh cho biết như vậy."
    plain = find_entities(text, options=EntityOptions(titles=False))
    assert all(m.attrs == () for m in plain)
    titled = find_titles(text, plain)
    person = next(m for m in titled if m.label == "PER")
    assert person == Mention(4, 18, "PER", "Hoàng Văn Thắm", (("title", "Phó Chủ tịch UBND tỉnh"),))
    assert titled == find_entities(text)


def test_titles_ranks_and_degrees_stay_out() -> None:
    for text, name, title in [
        ("Thượng tướng Lê Văn Dũng, Thứ trưởng Bộ Quốc phòng, dự lễ.", "Lê Văn Dũng",
         "Thứ trưởng Bộ Quốc phòng"),
        ("PGS.TS Nguyễn Văn Long, Giám đốc Bệnh viện Nhi Trung ương cho biết.",
         "Nguyễn Văn Long", "Giám đốc Bệnh viện Nhi Trung ương"),
    ]:
        people = [m for m in find_entities(text) if m.label == "PER"]
        assert [(m.text, dict(m.attrs).get("title")) for m in people] == [(name, title)]
