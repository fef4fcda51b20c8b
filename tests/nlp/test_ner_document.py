"""The document pass of the recognizer: a person named in full is found again by a short form.

The texts are written for these tests, in the style of provincial news features.
"""

from __future__ import annotations

from diemtin.models import Mention
from diemtin.nlp._ner_document import person_forms
from diemtin.nlp.entities import EntityOptions, find_entities
from diemtin.text import is_known_word


def _people(text: str) -> list[str]:
    return [m.text for m in find_entities(text) if m.label == "PER"]


def test_given_name_alone_is_found_after_the_full_name() -> None:
    text = (
        "Chị Hoàng Thị Mai Phương, 34 tuổi, bán rau ở chợ Đồng Xuân đã hơn mười năm.\n"
        "Mỗi sáng, Phương dậy từ 4 giờ để nhập hàng. Khách quen vẫn gọi Mai Phương là "
        "\"cô hàng rau vui tính\"."
    )
    assert _people(text) == ["Hoàng Thị Mai Phương", "Phương", "Mai Phương"]


def test_bare_name_offsets_point_into_the_text() -> None:
    text = "Anh Vừ A Dình làm nghề đan lát. Bên bếp lửa, Dình kể chuyện bản làng."
    found = [m for m in find_entities(text) if m.label == "PER"]
    assert [text[m.start : m.end] for m in found] == [m.text for m in found]
    assert [m.text for m in found][-1] == "Dình"


def test_nothing_is_added_without_a_person() -> None:
    text = "Mỗi sáng, Phương Nam dậy sớm. Đoàn tàu Thống Nhất rời ga lúc 6 giờ."
    before = find_entities(text)
    assert "Phương" not in [m.text for m in before]


def test_region_after_direction_words_is_not_the_person() -> None:
    text = (
        "Ông Trần Văn Nam, Giám đốc Sở Nông nghiệp và Môi trường, cho biết nông dân miền Nam "
        "đã thu hoạch xong lúa hè thu. Hàng nghìn tấn gạo được chở ra Bắc và vào Nam mỗi tuần."
    )
    assert _people(text) == ["Trần Văn Nam"]


def test_a_name_that_opens_a_common_word_stays_a_word() -> None:
    text = (
        "Bà Nguyễn Thị Bách từng tham gia biên soạn bộ Bách khoa toàn thư của tỉnh. "
        "Năm nay, bà Bách đã 80 tuổi."
    )
    people = _people(text)
    assert people.count("Bách") == 1
    assert "Bách khoa" not in " ".join(people)
    assert is_known_word("Bách khoa") and not is_known_word("Bách kể")


def test_a_sentence_opener_is_not_taken_for_the_name() -> None:
    text = "Anh Lê Văn Sáng là kỹ sư cầu đường. Sáng nay, đoàn công tác kiểm tra cây cầu mới."
    assert _people(text) == ["Lê Văn Sáng"]


def test_initial_keeps_its_period() -> None:
    text = "Ông H. cho biết gia đình đã sống ở đây ba đời. Theo ông H., nước lũ lên rất nhanh."
    assert _people(text) == ["H.", "H."]


def test_forms_leave_out_what_the_text_uses_as_a_place() -> None:
    mentions = [
        Mention(0, 16, "PER", "Nguyễn Văn Thành"),
        Mention(30, 35, "LOC", "Thành"),
        Mention(40, 48, "PER", "Lò A Páo"),
    ]
    assert person_forms(mentions) == {
        ("Nguyễn", "Văn", "Thành"), ("Văn", "Thành"), ("Lò", "A", "Páo"), ("Páo",), ("A", "Páo"),
    }


def test_labels_option_still_filters_the_document_pass() -> None:
    text = "Chị Hoàng Thị Mai Phương bán rau. Mỗi sáng, Phương dậy từ 4 giờ."
    only_places = find_entities(text, options=EntityOptions(labels=("LOC",)))
    assert all(m.label == "LOC" for m in only_places)
