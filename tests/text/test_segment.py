import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diemtin.text._segment_features import sequence_features, token_info
from diemtin.text._segment_model import load_model
from diemtin.text._segment_tokens import pretokenize
from diemtin.text.segment import segment, word_spans

VTB_TEST = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ud-vi-vtb" / (
    "vi_vtb-ud-test.conllu"
)

GOLDEN = [
    (
        "Sáng 13/9/2024, Phó Bí thư Tỉnh ủy Lào Cai Hoàng Giang đến thăm các hộ dân.",
        ["Sáng", "13/9/2024", ",", "Phó Bí thư", "Tỉnh ủy", "Lào Cai", "Hoàng Giang",
         "đến", "thăm", "các", "hộ", "dân", "."],
    ),
    (
        "Ông Trần Văn Bình, Chủ tịch UBND TP.HCM, cho biết thành phố tăng 3,5%.",
        ["Ông", "Trần Văn Bình", ",", "Chủ tịch", "UBND", "TP.HCM", ",", "cho", "biết",
         "thành phố", "tăng", "3,5%", "."],
    ),
    (
        "PGS.TS Lê Thị Hoa làm việc tại bệnh viện ở Hà Nội từ năm 2010.",
        ["PGS.TS", "Lê Thị Hoa", "làm việc", "tại", "bệnh viện", "ở", "Hà Nội", "từ",
         "năm", "2010", "."],
    ),
    (
        "Học sinh được hỗ trợ 1.500.000 đồng, xem chi tiết tại https://baolaocai.vn/tin.",
        ["Học sinh", "được", "hỗ trợ", "1.500.000", "đồng", ",", "xem", "chi tiết", "tại",
         "https://baolaocai.vn/tin", "."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN)
def test_segment_golden_sentences(text: str, expected: list[str]) -> None:
    assert segment(text) == expected


def test_segment_keeps_numbers_dates_urls_emails_and_abbreviations_whole() -> None:
    text = ("Liên hệ toasoan@baolaocai.vn hoặc www.baolaocai.vn trước 08:15 ngày 2/9, "
            "giá 2,5 triệu; ThS. Vũ Minh Tâm ở Q.1, mã 43H-016, COVID-19.")
    words = segment(text)
    for whole in ("toasoan@baolaocai.vn", "www.baolaocai.vn", "08:15", "2/9", "2,5",
                  "ThS.", "Q.1", "43H-016", "COVID-19"):
        assert whole in words
    assert "Vũ Minh Tâm" in words


def test_segment_never_joins_across_newlines() -> None:
    assert segment("Hà\nNội") == ["Hà", "Nội"]
    assert segment("Tỉnh ủy Lào\n\n Cai") == ["Tỉnh ủy", "Lào", "Cai"]


def test_segment_caps_word_length_on_odd_input() -> None:
    words = segment("Nguyễn Văn " * 300)
    assert max(len(word.split()) for word in words) <= 8
    assert " ".join(words) == ("Nguyễn Văn " * 300).strip()


def test_segment_does_not_glue_title_case_headlines() -> None:
    words = segment("Thủ Tướng Chủ Trì Hội Nghị Trực Tuyến Với Các Địa Phương Về Phòng Chống Bão")
    assert max(len(word.split()) for word in words) <= 3


def test_segment_of_empty_or_blank_text_is_empty() -> None:
    assert segment("") == []
    assert word_spans(" \n\t ") == []


def test_segment_keeps_punctuation_apart() -> None:
    assert segment("“Tôi đồng ý…”, anh nói (hôm qua).") == [
        "“", "Tôi", "đồng ý", "…", "”", ",", "anh", "nói", "(", "hôm qua", ")", ".",
    ]


def test_word_spans_point_into_the_given_text() -> None:
    text = "  Đoàn công tác\tcủa Tỉnh ủy Sơn La,  do đồng chí Lò Minh Hùng dẫn đầu.\n"
    spans = word_spans(text)
    assert [text[s:e] for s, e in spans] == segment(text)
    words = segment(text)
    for name in ("Lò Minh Hùng", "Sơn La"):
        start, end = spans[words.index(name)]
        assert text.find(name) == start and end == start + len(name)


_ALPHABET = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐHLNTáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵ")
    + list("0123456789 .,;:!?-/@%“”\"'()…\n\t") + ["TP.HCM", "UBND", "Hà Nội", "http://a.vn"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_word_spans_are_ordered_trimmed_and_cover_the_text(text: str) -> None:
    spans = word_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        word = text[start:end]
        assert word == word.strip() and "\n" not in word
        previous_end = end
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "").replace("\t", "") == "".join(text.split())


def test_compiled_scores_equal_the_feature_weights() -> None:
    model = load_model()
    for text, _ in GOLDEN:
        infos = [token_info(text[s:e], kind) for s, e, kind in pretokenize(text)]
        keys = [key for key, _ in infos]
        shapes = [shape for _, shape in infos]
        expected = [sum(model.weights.get(name, 0.0) for name in names)
                    for names in sequence_features(keys, shapes, model.lexicon)]
        assert model.deltas(keys, shapes) == pytest.approx(expected, abs=1e-9)


def test_segmenter_pickles() -> None:
    model = load_model()
    assert pickle.loads(pickle.dumps(model)) is model  # same process: the cached model
    function = pickle.loads(pickle.dumps(segment))
    text = GOLDEN[0][0]
    assert function(text) == segment(text)
    assert word_spans(text, model=pickle.loads(pickle.dumps(model))) == word_spans(text)


def test_load_model_rejects_a_file_of_another_format(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "other.json.gz"
    path.write_bytes(gzip.compress(b'{"format": "something-else"}'))
    with pytest.raises(ValueError, match="not a segmenter model"):
        load_model(str(path))


def _read_conllu(path: Path) -> list[list[str]]:
    sentences: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            sentences.append([])
        elif not line.startswith("#") and line.split("\t")[0].isdigit():
            sentences[-1].append(line.split("\t")[1])
    return [words for words in sentences if words]


def test_segment_quality_on_ud_vietnamese_vtb_test() -> None:
    if not VTB_TEST.exists():
        pytest.skip("shared data absent")
    hits = n_gold = n_predicted = 0
    for words in _read_conllu(VTB_TEST):
        gold, start = set(), 0
        for word in words:
            gold.add((start, start + len(word)))
            start += len(word) + 1
        predicted = word_spans(" ".join(words))
        hits += len(gold & set(predicted))
        n_gold += len(gold)
        n_predicted += len(predicted)
    precision, recall = hits / n_predicted, hits / n_gold
    f1 = 200 * precision * recall / (precision + recall)
    assert f1 >= 97.3, f"word-span F1 {f1:.2f} below the floor (measured 97.79)"
