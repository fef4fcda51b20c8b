"""Tests of diemtin.nlp.dates: forms, year resolution, what is not a date. Sentences
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diemtin.nlp.dates import DateComponent, DateOptions, find_dates
from diemtin.nlp.doc import Doc

PUBLISHED = date(2025, 9, 14)  # a Sunday

CASES = [
    ("Sáng 13/9, đoàn công tác đến xã Tả Van.", "Sáng 13/9", "2025-09-13", "day"),
    ("Ngày 9/3, UBND tỉnh ban hành kế hoạch.", "Ngày 9/3", "2025-03-09", "day"),
    ("Quy định áp dụng từ 7/1/2026.", "7/1/2026", "2026-01-07", "day"),
    ("Vụ việc xảy ra ngày 13/9/2024 tại Sa Pa.", "ngày 13/9/2024", "2024-09-13", "day"),
    ("Từ tháng 10/2025, mức lương tăng.", "tháng 10/2025", "2025-10-01", "month"),
    ("Trong năm 2025, tỉnh đón 8 triệu khách.", "năm 2025", "2025-01-01", "year"),
    ("Hôm qua, mưa lớn gây ngập.", "Hôm qua", "2025-09-13", "day"),
    ("Hôm nay, trời nắng.", "Hôm nay", "2025-09-14", "day"),
    ("Tuần trước, đoàn đã khảo sát.", "Tuần trước", "2025-09-01", "week"),
    ("Thứ hai (13/9), UBND tỉnh họp.", "Thứ hai (13/9)", "2025-09-13", "day"),
    ("Thứ Hai, 13/9/2024, 08:15 (GMT+7)", "Thứ Hai, 13/9/2024", "2024-09-13", "day"),
    ("Lễ khai mạc diễn ra ngày 13 tháng 9 năm 2024.", "ngày 13 tháng 9 năm 2024",
     "2024-09-13", "day"),
    ("Báo Nhân Dân đưa tin ngày 13-9.", "ngày 13-9", "2025-09-13", "day"),
    ("Chiều qua, cơn bão đổ bộ.", "Chiều qua", "2025-09-13", "day"),
    ("So với năm ngoái, sản lượng tăng.", "năm ngoái", "2024-01-01", "year"),
    ("Cách đây 3 năm trước, cây cầu bị sập.", "3 năm trước", "2022-01-01", "year"),
    ("Hôm thứ Sáu, đoàn về đến bản.", "thứ Sáu", "2025-09-12", "day"),
    ("Dự kiến vào thứ Hai tuần tới sẽ khởi công.", "thứ Hai tuần tới", "2025-09-15", "day"),
    ("Lúc 8h ngày 15.9.2025, xe khách gặp nạn.", "ngày 15.9.2025", "2025-09-15", "day"),
    ("Dịp Quốc khánh 2/9, nhiều người về quê.", "2/9", "2025-09-02", "day"),
    ("Cùng kỳ năm trước, giá thấp hơn.", "năm trước", "2024-01-01", "year"),
]


@pytest.mark.parametrize(("text", "surface", "value", "granularity"), CASES)
def test_forms(text: str, surface: str, value: str, granularity: str) -> None:
    found = find_dates(text, published=PUBLISHED)
    assert [(d.text, d.value, d.granularity) for d in found] == [(surface, value, granularity)]
    assert all(text[d.start:d.end] == d.text for d in found)


@pytest.mark.parametrize("text", [
    "Tổng đài phục vụ 24/7.",
    "Khoảng 2/3 số hộ đã có điện.",
    "Theo Nghị định 168/2024/NĐ-CP, mức phạt tăng.",
    "Đội nhà thắng 2-1.",
    "Giá 1.500.000 đồng một tạ.",
    "Mỗi tháng 2 lần, đoàn kiểm tra.",
    "Em học lớp 10/12.",
    "Ngày 31/2 không có thật.",
    "Đây là lần thứ hai anh đến.",
])
def test_not_dates(text: str) -> None:
    assert find_dates(text, published=PUBLISHED) == []


@pytest.mark.parametrize(("published", "expected"), [
    (date(2026, 1, 3), "2025-12-28"),   # late December, read in early January
    (date(2025, 12, 29), "2025-12-28"),
    (date(2025, 3, 1), "2024-12-28"),
])
def test_year_nearest_before_the_publication_date(published: date, expected: str) -> None:
    assert find_dates("Ngày 28/12, hội nghị khai mạc.", published=published)[0].value == expected


def test_near_future_wins_when_much_nearer() -> None:
    # published 28 December: "5/1" is a week ahead, not a year back
    assert find_dates("Từ 5/1, giá điện tăng.", published=date(2025, 12, 28))[0].value == (
        "2026-01-05")


def test_toi_forces_the_future_and_vua_qua_the_past() -> None:
    assert find_dates("Ngày 1/3 tới sẽ khai trương.", published=date(2025, 9, 14))[0].value == (
        "2026-03-01")
    assert find_dates("Ngày 20/9 vừa qua.", published=date(2025, 9, 14))[0].value == (
        "2024-09-20")


def test_month_without_year_takes_the_nearest_year() -> None:
    found = find_dates("Từ tháng 12, giá tăng.", published=date(2026, 1, 10))
    assert [(d.value, d.granularity) for d in found] == [("2025-12-01", "month")]


def test_without_published_date_relative_values_are_none() -> None:
    found = find_dates("Sáng 13/9 và hôm qua, ngày 1/1/2025.")
    assert [(d.text, d.value) for d in found] == [
        ("Sáng 13/9", None), ("hôm qua", None), ("ngày 1/1/2025", "2025-01-01")]


def test_relative_forms_can_be_turned_off() -> None:
    found = find_dates("Hôm qua, ngày 13/9.", published=PUBLISHED,
                       options=DateOptions(relative=False))
    assert [d.text for d in found] == ["ngày 13/9"]


def test_component_uses_the_doc_date() -> None:
    doc = DateComponent()(Doc("Hôm qua trời mưa.", published=date(2024, 2, 29)))
    assert doc.dates is not None and doc.dates[0].value == "2024-02-28"


@given(st.text(alphabet="0123456789/.- ngàyhôm quasáng tháng năm Thứ hai()", max_size=60))
def test_offsets_always_point_into_the_text(text: str) -> None:
    for d in find_dates(text, published=PUBLISHED):
        assert text[d.start:d.end] == d.text
        assert d.granularity in ("day", "week", "month", "year")


def test_every_weekday_is_no_date() -> None:
    assert find_dates("Câu lạc bộ sinh hoạt mỗi tối thứ Bảy.", published=PUBLISHED) == []


def test_month_mentioned_in_autumn_is_the_past_one() -> None:
    found = find_dates("Vào tháng 1, tháng 2, giá rau cao.", published=date(2026, 10, 20))
    assert [d.value for d in found] == ["2026-01-01", "2026-02-01"]
