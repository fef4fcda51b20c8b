from datetime import datetime

from diemtin.models import VIETNAM_TZ
from diemtin.search import parse_query
from diemtin.search.keys import has_diacritics
from diemtin.store.sqlite._fts import _period_tokens, filter_expression, to_fts


def test_terms_with_diacritics_match_folded_or_exact() -> None:
    assert to_fts(parse_query("Đảng")) == '{f_title f_text} : "dang"'
    assert to_fts(parse_query("title:dang")) == 'f_title : "dang"'
    assert not has_diacritics(parse_query("dang uy"))
    assert to_fts(parse_query('"Lào Cai" OR bao'), exact=True) == \
        '({e_title e_text} : "lào cai" OR {f_title f_text} : "bao")'


def test_quotes_in_terms_are_escaped() -> None:
    from diemtin.search import Term
    from diemtin.store.sqlite._fts import term_expression

    assert term_expression(Term('a"b')) == '{f_title f_text} : "a""b"'


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
