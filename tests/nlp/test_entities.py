"""Tests of diemtin.nlp.entities: golden sentences, offsets, pickling, a dev-set floor."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diemtin.models import Mention
from diemtin.nlp.entities import EntityOptions, EntityRecognizer, find_entities

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ner-vi-dev" / "dev.jsonl"

# (sentence, expected (label, text, title or None) in order). Written for these tests.
GOLDEN = [
    (
        "Sáng 6/4, đồng chí Sùng Seo Vàng - Phó Bí thư Thường trực Tỉnh ủy Hà Giang chủ trì "
        "hội nghị.",
        [("PER", "Sùng Seo Vàng", "Phó Bí thư Thường trực Tỉnh ủy Hà Giang"),
         ("ORG", "Tỉnh ủy Hà Giang", None)],
    ),
    (
        "Phó Chủ tịch UBND tỉnh Lai Châu Lò Văn Sinh yêu cầu các xã khẩn trương di dời dân.",
        [("ORG", "UBND tỉnh Lai Châu", None),
         ("PER", "Lò Văn Sinh", "Phó Chủ tịch UBND tỉnh Lai Châu")],
    ),
    (
        "Bà Nguyễn Thị Hằng, Giám đốc Sở Tài chính cho biết ngân sách đã được giải ngân.",
        [("PER", "Nguyễn Thị Hằng", "Giám đốc Sở Tài chính"), ("ORG", "Sở Tài chính", None)],
    ),
    (
        "Theo ông Hằng, mưa lũ làm hư hỏng nhiều tuyến đường ở xã Bát Xát.",
        [("PER", "Hằng", None), ("LOC", "xã Bát Xát", None)],
    ),
    (
        "Tòa án nhân dân tỉnh Sơn La tuyên phạt bị cáo Lường Văn Khánh 9 năm tù.",
        [("ORG", "Tòa án nhân dân tỉnh Sơn La", None), ("PER", "Lường Văn Khánh", None)],
    ),
    (
        "Hai tỉnh Lạng Sơn và Cao Bằng hợp tác phát triển du lịch.",
        [("LOC", "Lạng Sơn", None), ("LOC", "Cao Bằng", None)],
    ),
    (
        "Đại tá Trần Văn Quyết, Giám đốc Công an tỉnh Điện Biên, đã chỉ đạo truy bắt đối tượng.",
        [("PER", "Trần Văn Quyết", "Giám đốc Công an tỉnh Điện Biên"),
         ("ORG", "Công an tỉnh Điện Biên", None)],
    ),
    (
        "Tổng thống Pháp Emmanuel Macron hội đàm với Thủ tướng Phạm Minh Chính tại Hà Nội.",
        [("LOC", "Pháp", None), ("PER", "Emmanuel Macron", "Tổng thống Pháp"),
         ("PER", "Phạm Minh Chính", "Thủ tướng"), ("LOC", "Hà Nội", None)],
    ),
]


def _triples(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.label, m.text, dict(m.attrs).get("title")) for m in find_entities(text)]


@pytest.mark.parametrize(("text", "expected"), GOLDEN)
def test_entities_golden(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _triples(text) == expected


def test_entities_position_without_name_is_not_person() -> None:
    found = _triples("Chủ tịch UBND tỉnh yêu cầu các sở, ngành rà soát lại kế hoạch.")
    assert ("ORG", "UBND tỉnh", None) in found
    assert all(label != "PER" for label, _, _ in found)


def test_entities_lowercase_sentence_has_none() -> None:
    assert find_entities("mưa lớn kéo dài khiến nhiều tuyến đường bị ngập sâu.") == []
    assert find_entities("") == []
    assert find_entities("   \n ") == []


def test_entities_offsets_point_into_text_with_prefix() -> None:
    text = "Tin ảnh.\n\n(PLVN) - Chiều 3/5, ông Hoàng Văn Nam thăm xã Y Tý."
    for m in find_entities(text):
        assert text[m.start : m.end] == m.text
    assert any(m.text == "Hoàng Văn Nam" for m in find_entities(text))


def test_entities_labels_option() -> None:
    text = "Ông Lò Văn Sáng, Chủ tịch UBND xã Mường Hum, cho biết."
    only = find_entities(text, options=EntityOptions(labels=("PER",), titles=False))
    assert [(m.label, m.attrs) for m in only] == [("PER", ())]


_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọ" \
    "ồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY0123456789 ,.-–()\"“”:;!?\n\u00a0"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=_ALPHABET, max_size=40),
            st.sampled_from(["Ông Lò Văn Sáng", "UBND tỉnh Lào Cai", "xã Y Tý", ", Chủ tịch",
                             "Tỉnh ủy", " - ", "Bí thư", "TP.HCM", "(", ")"]),
        ),
        max_size=12,
    )
)
def test_entities_offsets_property(parts: list[str]) -> None:
    text = " ".join(parts)
    found = find_entities(text)
    end = 0
    for m in found:
        assert m.label in ("PER", "ORG", "LOC")
        assert text[m.start : m.end] == m.text
        assert m.text == m.text.strip()
        assert m.start >= end  # sorted, no overlap
        end = m.end
        for key, value in m.attrs:
            assert key == "title" and m.label == "PER" and value and value in text


def test_entities_recognizer_pickles() -> None:
    recognizer = EntityRecognizer(options=EntityOptions(titles=True))
    clone = pickle.loads(pickle.dumps(recognizer))
    assert clone == recognizer
    text = "Đồng chí Giàng Seo Phử, Bí thư Tỉnh ủy phát biểu."
    assert clone(text) == recognizer(text) == find_entities(text)
    assert pickle.loads(pickle.dumps(clone(text))) == clone(text)
    assert all(isinstance(m, Mention) for m in clone(text))


def _f1_and_titles(records: list[dict[str, object]]) -> tuple[float, float]:
    tp = pred = gold = title_ok = matched = 0
    for rec in records:
        text = str(rec["text"])
        ents = rec["entities"]
        assert isinstance(ents, list)
        found = {(m.start, m.end, m.label): dict(m.attrs).get("title")
                 for m in find_entities(text)}
        want = {(e["start"], e["end"], e["label"]): e.get("title") for e in ents}
        tp += len(found.keys() & want.keys())
        pred += len(found)
        gold += len(want)
        for key, title in want.items():
            if key[2] == "PER" and key in found:
                matched += 1
                title_ok += found[key] == title
    precision, recall = tp / pred, tp / gold
    return 2 * precision * recall / (precision + recall), title_ok / matched


def test_entities_dev_floor() -> None:
    if not DEV.exists():
        pytest.skip("../shared/data/ner-vi-dev is not available")
    with DEV.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    f1, title_accuracy = _f1_and_titles(records)
    # Measured 92.5 F1 and 96.4 title accuracy (bench/ner.py) with no ner-vi-dev name or
    # sentence in the training data any more (issue 13); floors sit a little under.
    assert f1 >= 0.91
    assert title_accuracy >= 0.94


# Issue 13: error classes seen on real news, on sentences written for these tests (the
# names are invented; none is in the training data). (sentence, expected mentions).
ISSUE_13 = {
    "foreign_person_after_country": (
        "Thủ tướng Ba Lan Tomasz Wierzbicki sẽ thăm chính thức Việt Nam vào tháng 12.",
        [("LOC", "Ba Lan", None), ("PER", "Tomasz Wierzbicki", "Thủ tướng Ba Lan"),
         ("LOC", "Việt Nam", None)],
    ),
    "foreign_single_name_after_country": (
        "Tổng thống Argentina Mendoza đã gửi điện mừng tới lãnh đạo Việt Nam.",
        [("LOC", "Argentina", None), ("PER", "Mendoza", "Tổng thống Argentina"),
         ("LOC", "Việt Nam", None)],
    ),
    "foreign_company_and_title_after_name": (
        "Ông Erik Johansson, Giám đốc điều hành của Nordlys Energy, cho biết tập đoàn sẽ mở "
        "văn phòng tại Hà Nội.",
        [("PER", "Erik Johansson", "Giám đốc điều hành của Nordlys Energy"),
         ("ORG", "Nordlys Energy", None), ("LOC", "Hà Nội", None)],
    ),
    "foreign_clubs_and_city": (
        "Celtic hòa Feyenoord 1-1 tại Glasgow.",
        [("ORG", "Celtic", None), ("ORG", "Feyenoord", None), ("LOC", "Glasgow", None)],
    ),
    "coach_of_a_club": (
        "HLV Gerrit Vos của Ajax tỏ ra thất vọng sau trận thua.",
        [("PER", "Gerrit Vos", "HLV"), ("ORG", "Ajax", None)],
    ),
    "initial_inside_a_name": (
        "Nhà văn Ernest M. Halloway từng sống ở Paris nhiều năm.",
        [("PER", "Ernest M. Halloway", "Nhà văn"), ("LOC", "Paris", None)],
    ),
    "long_committee_name_with_commas": (
        "Bà Đoàn Thị Kiều, Phó Chủ nhiệm Ủy ban Quốc phòng, An ninh và Đối ngoại của Quốc "
        "hội, trả lời báo chí.",
        [("PER", "Đoàn Thị Kiều",
          "Phó Chủ nhiệm Ủy ban Quốc phòng, An ninh và Đối ngoại của Quốc hội"),
         ("ORG", "Ủy ban Quốc phòng, An ninh và Đối ngoại của Quốc hội", None)],
    ),
    "consulate_in_a_foreign_city": (
        "Lãnh sự quán Việt Nam tại Quảng Châu đã hỗ trợ các công dân bị nạn.",
        [("ORG", "Lãnh sự quán Việt Nam tại Quảng Châu", None)],
    ),
    "street_named_after_a_person": (
        "Cháy lớn tại căn nhà trên phố Trần Nhật Duật, phường Hoàn Kiếm.",
        [("LOC", "phố Trần Nhật Duật", None), ("LOC", "phường Hoàn Kiếm", None)],
    ),
    "list_of_streets": (
        "Cơ quan chức năng phân luồng trên các tuyến đường Phạm Văn Đồng, Hoàng Quốc Việt và "
        "Xuân Thủy.",
        [("LOC", "Phạm Văn Đồng", None), ("LOC", "Hoàng Quốc Việt", None),
         ("LOC", "Xuân Thủy", None)],
    ),
    "title_with_parent_body_in_parentheses": (
        "Ông Vi Đức Thọ, Cục trưởng Cục Quản lý giá (Bộ Tài chính), chủ trì cuộc họp.",
        [("PER", "Vi Đức Thọ", "Cục trưởng Cục Quản lý giá (Bộ Tài chính)"),
         ("ORG", "Cục Quản lý giá", None), ("ORG", "Bộ Tài chính", None)],
    ),
    "title_without_the_verb_before_it": (
        "Đội bóng đã chiêu mộ thành công tiền vệ Đinh Quang Kiệt từ câu lạc bộ Bình Phước.",
        [("PER", "Đinh Quang Kiệt", "tiền vệ"), ("LOC", "Bình Phước", None)],
    ),
    "two_roles_around_a_verb_and_a_foreign_coach": (
        "Tiền vệ Lục Văn Sáng được HLV Kim Do-hoon trao cơ hội đá chính.",
        [("PER", "Lục Văn Sáng", "Tiền vệ"), ("PER", "Kim Do-hoon", "HLV")],
    ),
    "body_then_name_stay_two_spans": (
        "Chủ tịch Tập đoàn Hưng Thịnh Phát Võ Minh Đạt cam kết đầu tư 500 tỷ đồng.",
        [("ORG", "Tập đoàn Hưng Thịnh Phát", None),
         ("PER", "Võ Minh Đạt", "Chủ tịch Tập đoàn Hưng Thịnh Phát")],
    ),
    "foreign_ambassador_title_after_the_name": (
        "Ông Peter Vandenberg, Đại sứ Bỉ tại Việt Nam, phát biểu tại buổi lễ.",
        [("PER", "Peter Vandenberg", "Đại sứ Bỉ tại Việt Nam"), ("LOC", "Bỉ", None),
         ("LOC", "Việt Nam", None)],
    ),
    "capitalized_common_word_is_no_person": (
        "Huy động vốn của các ngân hàng tăng mạnh trong tháng 10.",
        [],
    ),
    "party_badge": (
        "Huy hiệu 40 năm tuổi Đảng được trao cho các đảng viên lão thành.",
        [("ORG", "Đảng", None)],
    ),
}


@pytest.mark.parametrize("case", sorted(ISSUE_13))
def test_issue_13_error_classes(case: str) -> None:
    text, expected = ISSUE_13[case]
    got = [(m.label, m.text, dict(m.attrs).get("title")) for m in find_entities(text)]
    assert got == expected
