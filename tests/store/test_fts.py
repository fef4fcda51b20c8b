from datetime import datetime

from diemtin.models import VIETNAM_TZ
from diemtin.search import parse_query
from diemtin.search.keys import has_diacritics
from diemtin.store.sqlite._fts import _period_tokens, filter_expression, to_fts


def test_issue_9_terms_look_in_the_index_their_marks_choose() -> None:
    assert to_fts(parse_query("Đảng")) == '{e_title e_text} : "đảng"'
    assert to_fts(parse_query("Đảng", fold=True)) == '{f_title f_text} : "dang"'
    assert to_fts(parse_query("title:dang")) == 'f_title : "dang"'
    assert not has_diacritics(parse_query("dang uy"))
    assert to_fts(parse_query('"Hà Nội" OR bao')) == \
        '({e_title e_text} : "hà nội" OR {f_title f_text} : "bao")'


def test_issue_9_a_mixed_phrase_becomes_the_spellings_the_index_holds() -> None:
    def known(folded: str) -> list[str]:
        return {"cai": ["cai", "cái"]}.get(folded, [])

    assert to_fts(parse_query('"Lào Cai"'), known=known) == \
        '{e_title e_text} : ("lào cai" OR "lào cái")'
    assert to_fts(parse_query('"Lào Xyz"'), known=known) == 'meta : "x0"'


def test_issue_9_an_unexpanded_mixed_phrase_compiles_to_its_superset() -> None:
    assert to_fts(parse_query('"Đặng Van"')) == \
        '({f_title f_text} : "dang van" AND {e_title e_text} : "đặng")'
    assert to_fts(parse_query('mưa NOT "Đặng Van"')) == '({e_title e_text} : "mưa")'


def test_quotes_in_terms_are_escaped() -> None:
    from diemtin.search import Term
    from diemtin.store.sqlite._fts import FtsCompiler

    assert FtsCompiler(parse_query("x")).term(Term('a"b')) == '{f_title f_text} : "a b"'


def test_period_tokens_use_years_for_whole_years() -> None:
    since = datetime(2024, 11, 1, tzinfo=VIETNAM_TZ)  # 2024-10-31 17:00 UTC
    until = datetime(2026, 2, 10, tzinfo=VIETNAM_TZ)
    assert _period_tokens(since, until) == ["m202410", "m202411", "m202412", "y2025",
                                            "m202601", "m202602"]


def test_filter_expression_combines_outlets_and_period() -> None:
    expression = filter_expression(["bao tay bac"], datetime(2026, 10, 1, tzinfo=VIETNAM_TZ),
                                   datetime(2026, 11, 1, tzinfo=VIETNAM_TZ))
    assert expression == "meta : (obaotaybac) AND meta : (m202609 OR m202610)"
    assert filter_expression([], None, None) is None
