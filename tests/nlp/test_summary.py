"""Tests of diemtin.nlp.summary. Texts written for these tests."""

from __future__ import annotations

from diemtin.nlp.keywords import extract_keywords
from diemtin.nlp.summary import SummaryOptions, summarize
from diemtin.text.segment import word_spans
from diemtin.text.sentences import split_sentences

TITLE = "Lào Cai khắc phục hậu quả lũ quét ở thôn Làng Nủ"
LEAD = ("Sau trận lũ quét kinh hoàng, lực lượng quân đội và công an đang khẩn trương tìm kiếm "
        "người mất tích, dựng nhà tạm cho người dân thôn Làng Nủ.")
BODY = [
    "Sáng 14/9, hơn 500 cán bộ, chiến sĩ tiếp tục tìm kiếm tại khu vực lũ quét đi qua.",
    "Trời vẫn mưa nhỏ.",
    "Chính quyền xã đã bố trí chỗ ở tạm cho 37 hộ dân mất nhà sau lũ quét tại trường học.",
    "Các nhà hảo tâm gửi gạo, nước uống và quần áo đến điểm tập kết của xã.",
    "Tỉnh Lào Cai cho biết sẽ xây dựng khu tái định cư mới cho người dân thôn Làng Nủ.",
    "Khu tái định cư được chọn ở vị trí an toàn, xa sông suối.",
]
TEXT = "\n\n".join([TITLE, LEAD, *BODY])
TITLE_END = len(TITLE)
LEAD_END = TITLE_END + 2 + len(LEAD)


def _summary(options: SummaryOptions | None = None) -> list[str]:
    words = word_spans(TEXT)
    keywords = extract_keywords(TEXT, words, title_end=TITLE_END, lead_end=LEAD_END)
    spans = summarize(TEXT, split_sentences(TEXT), words, keywords, title_end=TITLE_END,
                      lead_end=LEAD_END, options=options)
    return [TEXT[s:e] for s, e in spans]


def test_summary_starts_with_the_lead_and_keeps_text_order() -> None:
    summary = _summary()
    assert 1 <= len(summary) <= 3
    assert summary[0] == LEAD
    assert [TEXT.index(s) for s in summary] == sorted(TEXT.index(s) for s in summary)


def test_title_and_short_sentences_are_left_out() -> None:
    summary = _summary()
    assert TITLE not in summary and "Trời vẫn mưa nhỏ." not in summary


def test_max_sentences() -> None:
    assert len(_summary(SummaryOptions(max_sentences=1))) == 1


def test_empty_text() -> None:
    assert summarize("", [], []) == []
