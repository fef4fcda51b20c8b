from diemtin.search.query import parse_query
from diemtin.search.snippets import highlight_terms, make_snippet, query_words


def test_folded_query_marks_original_spelling() -> None:
    words = query_words(parse_query("lao cai").terms())
    expected = "Tỉnh ủy <mark>Lào</mark> <mark>Cai</mark> họp."
    assert make_snippet("Tỉnh ủy Lào Cai họp.", words) == expected


def test_snippet_windows_long_text_around_matches() -> None:
    text = " ".join(["mở đầu"] * 100) + " bão số 12 đổ bộ " + " ".join(["kết"] * 100)
    snippet = make_snippet(text, query_words(parse_query("bão").terms()), size=12)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>bão</mark>" in snippet


def test_snippet_escapes_html() -> None:
    words = query_words(parse_query("a").terms())
    assert highlight_terms("<b>a</b> & c", words) == "&lt;b&gt;<mark>a</mark>&lt;/b&gt; &amp; c"


def test_issue_10_snippet_offsets_point_into_the_windowed_text() -> None:
    from diemtin.search.snippets import render_marked, snippet_of

    text = " ".join(["Mưa lớn kéo dài ở vùng núi."] * 20 + ["Lũ quét ở Lào Cai."]
                    + ["Trời nắng."] * 40)
    snippet = snippet_of(text, frozenset({"lao", "cai"}), size=12)
    assert snippet.text.startswith("… ") and snippet.text.endswith(" …")
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["Lào", "Cai"]
    assert "<mark>Lào</mark> <mark>Cai</mark>" in render_marked(snippet.to_json())


def test_issue_9_snippets_mark_words_by_the_rules() -> None:
    text = "Đảng ủy xã họp khi trời đang mưa; thuỷ điện Hoà Bình xả lũ."
    marked = make_snippet(text, query_words(parse_query("Đảng hòa").terms()))
    assert marked.count("<mark>") == 2
    assert "<mark>Đảng</mark>" in marked and "<mark>Hoà</mark>" in marked
    folded = make_snippet(text, query_words(parse_query("Đảng").terms(), fold=True))
    assert "<mark>đang</mark>" in folded
