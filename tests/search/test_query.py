import pytest

from diemtin.errors import QuerySyntaxError
from diemtin.search import And, Not, Or, Term, parse_query


def test_words_are_anded() -> None:
    assert parse_query("lào cai").node == And((Term("lào"), Term("cai")))


def test_phrase_fields_and_operators() -> None:
    query = parse_query('"Ban Thường vụ" OR title:bão -lũ outlet:"Báo Tây Bắc"')
    assert query.outlets == ("Báo Tây Bắc",)
    assert query.node == Or((
        Term("Ban Thường vụ", phrase=True),
        And((Term("bão", field="title"), Not(Term("lũ")))),
    ))


def test_vietnamese_conjunctions_are_words() -> None:
    query = parse_query("Lào Cai và Yên Bái hoặc Sơn La")
    assert isinstance(query.node, And)
    assert Term("và") in query.node.items and Term("hoặc") in query.node.items


def test_parentheses_group() -> None:
    assert parse_query("(bão OR lũ) NOT sạt").node == And(
        (Or((Term("bão"), Term("lũ"))), Not(Term("sạt"))))


def test_outlet_only_query_matches_everything_from_outlet() -> None:
    query = parse_query("outlet:baotaybac.vn")
    assert query.node is None and query.outlets == ("baotaybac.vn",)


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "empty"),
    ('"lào cai', "unterminated"),
    ("(bão OR lũ", "missing ')'"),
    ("bão)", "unexpected ')'"),
    ("NOT bão", "not excluded"),
    ("bão OR", "OR needs"),
    ("title:", "needs a word"),
    ("bão OR (lũ outlet:x)", "whole query"),
    ("!!!", "no letters"),
    ("lào cai " * 200, "too long"),
])
def test_malformed_queries_raise_with_position(text: str, fragment: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert fragment in str(caught.value)
    assert 0 <= caught.value.position <= len(text)


@pytest.mark.parametrize("query", ["(" * 400 + "lao cai" + ")" * 400, "NOT " * 200 + "lao",
                                   "(NOT " * 150 + "lao" + ")" * 150])
def test_issue_15_deep_nesting_is_a_syntax_error_not_a_crash(query: str) -> None:
    with pytest.raises(QuerySyntaxError, match="nests too deep"):
        parse_query(query)


def test_nesting_within_the_limit_parses() -> None:
    assert parse_query("(" * 10 + "lao cai" + ")" * 10).node == parse_query("lao cai").node


def test_issue_10_topic_is_a_filter_field() -> None:
    query = parse_query('lũ topic:"môi trường – thiên tai" topic:kinh-te')
    assert query.topics == ("môi trường – thiên tai", "kinh-te")
    assert query.node == Term("lũ")
    assert parse_query('topic:"giao thông"').node is None
    with pytest.raises(QuerySyntaxError, match="filters apply to the whole query"):
        parse_query('lũ NOT topic:"giao thông"')
