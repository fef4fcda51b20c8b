from datetime import datetime

from diemtin.models import VIETNAM_TZ
from diemtin.search import parse_query
from diemtin.search.keys import has_diacritics
from diemtin.store.sqlite._fts import filter_expression, to_fts
from diemtin.store.sqlite._plan import rowid_bounds
from diemtin.store.sqlite._schema import DAY_SHIFT, rowid_slot


def test_issue_9_terms_look_in_the_index_their_marks_choose() -> None:
    assert to_fts(parse_query("Đảng")) == '"đảng"'
    assert to_fts(parse_query("Đảng", fold=True)) == '"dang"'
    assert to_fts(parse_query("title:dang")) == 'f_title : "dang"'
    assert to_fts(parse_query("title:Đảng")) == 'e_title : "đảng"'  # marked: no other column
    assert not has_diacritics(parse_query("dang uy"))
    assert to_fts(parse_query('"Hà Nội" OR bao')) == \
        '("hà nội" OR "bao")'


def test_issue_9_a_mixed_phrase_becomes_the_spellings_the_index_holds() -> None:
    def known(folded: str) -> list[str]:
        return {"cai": ["cai", "cái"]}.get(folded, [])

    assert to_fts(parse_query('"Lào Cai"'), known=known) == \
        '("lào cai" OR "lào cái")'
    assert to_fts(parse_query('"Lào Xyz"'), known=known) == 'meta : "x0"'


def test_issue_9_an_unexpanded_mixed_phrase_compiles_to_its_superset() -> None:
    assert to_fts(parse_query('"Đặng Van"')) == \
        '("dang van" AND "đặng")'
    assert to_fts(parse_query('mưa NOT "Đặng Van"')) == '("mưa")'


def test_quotes_in_terms_are_escaped() -> None:
    from diemtin.search import Term
    from diemtin.store.sqlite._fts import FtsCompiler

    assert FtsCompiler(parse_query("x")).term(Term('a"b')) == '"a b"'


def test_words_that_may_be_filter_tokens_keep_their_columns() -> None:
    # meta holds o<outlet>, m<YYYYMM>, y<YYYY>: such words look in the text columns only
    assert to_fts(parse_query("ong")) == '{f_title f_text} : "ong"'
    assert to_fts(parse_query("y2025 m202501")) == \
        '({f_title f_text} : "y2025" AND {f_title f_text} : "m202501")'
    assert to_fts(parse_query("mua y")) == '("mua" AND "y")'


def test_filter_expression_gives_outlet_tokens_only() -> None:
    assert filter_expression(["bao tay bac", "bao ha giang"]) == \
        "meta : (obaotaybac OR obaohagiang)"
    assert filter_expression([]) is None


def test_rowid_bounds_hold_every_article_of_the_period() -> None:
    since = datetime(2026, 10, 1, 8, 30, 45, tzinfo=VIETNAM_TZ)
    until = datetime(2026, 11, 1, tzinfo=VIETNAM_TZ)
    low, high = rowid_bounds(since, until)
    assert low == rowid_slot(since) == rowid_slot(since.replace(second=0))
    assert high == rowid_slot(until) + (1 << DAY_SHIFT)  # the whole of until's day
    assert rowid_bounds(None, None) == (None, None)
    assert rowid_bounds(None, until) == (1 << DAY_SHIFT, high)  # no undated article
    old = datetime(1950, 5, 1, 12, tzinfo=VIETNAM_TZ)  # days before 1970 share day 1
    assert rowid_bounds(old, old) == (1 << DAY_SHIFT, 2 << DAY_SHIFT)
