import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diemtin.text.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sáng 13/9, đoàn công tác đến Lào Cai. Chiều cùng ngày, đoàn làm việc với tỉnh.",
            ["Sáng 13/9, đoàn công tác đến Lào Cai.", "Chiều cùng ngày, đoàn làm việc với tỉnh."],
        ),
        (
            "UBND TP.HCM vừa họp với Sở Y tế. PGS.TS Lê Văn Hải chủ trì cuộc họp.",
            ["UBND TP.HCM vừa họp với Sở Y tế.", "PGS.TS Lê Văn Hải chủ trì cuộc họp."],
        ),
        (
            "Theo GS. Nguyễn Văn Bình và ThS. Trần Thị Mai, giá tăng 1.500 đồng. Đây là mức cao.",
            ["Theo GS. Nguyễn Văn Bình và ThS. Trần Thị Mai, giá tăng 1.500 đồng.",
             "Đây là mức cao."],
        ),
        (
            "Trụ sở đặt tại Tp. Hồ Chí Minh, Q. 1, do TS. Phạm Minh Đức phụ trách. "
            "Ông năm nay 52 tuổi.",
            ["Trụ sở đặt tại Tp. Hồ Chí Minh, Q. 1, do TS. Phạm Minh Đức phụ trách.",
             "Ông năm nay 52 tuổi."],
        ),
        (
            "Tăng trưởng đạt 3,5%, cao hơn mức 2.8 của năm trước. Lạm phát ở mức 4%.",
            ["Tăng trưởng đạt 3,5%, cao hơn mức 2.8 của năm trước.", "Lạm phát ở mức 4%."],
        ),
        (
            "Anh chờ mãi... rồi bỏ về. Sáng nay… Mọi chuyện đã khác.",
            ["Anh chờ mãi... rồi bỏ về.", "Sáng nay…", "Mọi chuyện đã khác."],
        ),
        (
            'Bà Hoa nói: "Chúng tôi sẽ làm ngay." Sau đó, bà rời cuộc họp.',
            ['Bà Hoa nói: "Chúng tôi sẽ làm ngay."', "Sau đó, bà rời cuộc họp."],
        ),
        (
            "Ông hỏi: “Ai chịu trách nhiệm?” rồi im lặng. “Tôi!” – một cán bộ đáp.",
            ["Ông hỏi: “Ai chịu trách nhiệm?” rồi im lặng.", "“Tôi!” – một cán bộ đáp."],
        ),
        (
            "Vì sao giá xăng tăng? Bộ Công Thương giải thích rằng giá thế giới tăng!",
            ["Vì sao giá xăng tăng?", "Bộ Công Thương giải thích rằng giá thế giới tăng!"],
        ),
        (
            "Nhà văn J. K. Rowling sẽ đến Hà Nội. Bà ở lại ba ngày.",
            ["Nhà văn J. K. Rowling sẽ đến Hà Nội.", "Bà ở lại ba ngày."],
        ),
    ],
)
def test_split_sentences_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_split_sentences_breaks_at_every_newline() -> None:
    text = "Tin cùng chuyên mục\nLào Cai mưa lớn\n\nYên Bái sạt lở đất"
    assert sentences(text) == ["Tin cùng chuyên mục", "Lào Cai mưa lớn", "Yên Bái sạt lở đất"]


def test_split_sentences_handles_list_items() -> None:
    text = ("Hội nghị thống nhất các nội dung sau:\n1. Tăng cường kiểm tra.\n"
            "2. Đẩy mạnh tuyên truyền. Báo cáo trước ngày 30/9.\n- Rà soát hộ nghèo\n"
            "• Hỗ trợ 500.000 đồng mỗi hộ.")
    assert sentences(text) == [
        "Hội nghị thống nhất các nội dung sau:",
        "1. Tăng cường kiểm tra.",
        "2. Đẩy mạnh tuyên truyền.",
        "Báo cáo trước ngày 30/9.",
        "Rà soát hộ nghèo",
        "Hỗ trợ 500.000 đồng mỗi hộ.",
    ]


def test_split_sentences_keeps_urls_and_emails() -> None:
    text = "Xem tại baolaocai.vn/tin-tuc. Liên hệ toasoan@baolaocai.vn để biết thêm."
    assert sentences(text) == ["Xem tại baolaocai.vn/tin-tuc.",
                               "Liên hệ toasoan@baolaocai.vn để biết thêm."]


def test_split_sentences_of_blank_text_is_empty() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\n \t") == []


def test_split_sentences_offsets_point_into_text() -> None:
    text = "  Mưa lớn.   Nước dâng cao!\n  "
    assert split_sentences(text) == [(2, 10), (13, 27)]


_PIECES = st.sampled_from([*"aĐô .!?…\"”\n1-", "TP.", "GS.", "J. "])


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_split_sentences_spans_are_ordered_trimmed_and_cover_text(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end
        piece = text[start:end]
        assert piece == piece.strip() and "\n" not in piece
        previous_end = end
    kept = "".join(text[s:e] for s, e in spans)
    # Only whitespace and leading bullets are left out.
    assert set("".join(kept.split())) >= set("".join(text.split())) - set("-")


def _split_seconds(text: str) -> float:
    started = time.perf_counter()
    split_sentences(text)
    return time.perf_counter() - started


def test_issue_15_splitting_one_long_line_is_linear() -> None:
    """Each sentence end used to copy the rest of its line: 4 MB took minutes."""
    unit = "Sáng 13/10, mưa lớn ở Lào Cai. GS. Lê Văn An nói: “Sạt lở nhiều nơi!” Đường tắc... "
    small = unit * (1_000_000 // len(unit.encode()))
    first = _split_seconds(small)
    assert first < 4.0, f"1 MB took {first:.1f} s"  # about 0.5 s on a loaded core
    large = small * 4
    assert len(split_sentences(large)) == 4 * len(split_sentences(small))
    fourfold = _split_seconds(large)
    assert fourfold < 10 * first + 0.5, f"1 MB: {first:.2f} s, 4 MB: {fourfold:.2f} s"


@pytest.mark.parametrize(("text", "count"), [
    ("Chờ" + "." * 10_000 + "x Mưa.", 1),
    ("Mưa" + " GS." * 4_000 + " Lê An.", 1),
    ("Ôi" + "!?" * 5_000 + " Mưa" + "!" * 5_000, 2),
])
def test_issue_15_long_runs_of_marks_and_abbreviations_stay_fast(text: str, count: int) -> None:
    """Runs of marks were retried from each mark; abbreviations re-read their sentence."""
    started = time.perf_counter()
    found = sentences(text)
    assert time.perf_counter() - started < 1.5
    assert len(found) == count and "".join(found).replace(" ", "") == text.replace(" ", "")
