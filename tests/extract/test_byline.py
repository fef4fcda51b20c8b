"""Author names from bylines."""

from __future__ import annotations

import pytest

from diemtin.extract._byline import clean_author, looks_like_byline


@pytest.mark.parametrize(("raw", "expected"), [
    ("Bài, ảnh: Nguyễn Văn A", "Nguyễn Văn A"),
    ("Bài và ảnh: Lê Thu Hà", "Lê Thu Hà"),
    ("Theo TTXVN", "TTXVN"),
    ("PV", "PV"),
    ("Nhóm PV", "Nhóm PV"),
    ("Tin, ảnh: Hoàng Minh - Thu Trang", "Hoàng Minh, Thu Trang"),
    ("Hoàng Minh Thứ hai, 16/09/2024 - 08:15", "Hoàng Minh"),
    ("By Jane Doe and John Roe", "Jane Doe, John Roe"),
    ("Tina Smith", "Tina Smith"),
    ("Tin liên quan", None),
    ("https://facebook.com/someone", None),
    ("", None),
])
def test_clean_author(raw: str, expected: str | None) -> None:
    assert clean_author(raw) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Minh Sơn", True), ("Theo TTXVN", True), ("HÀ ÁNH", True),
    ("Giá vàng tăng mạnh.", False), ("Ông Lâm nói thêm về thị trường vàng trong nước", False),
    ("Ngày 13/9/2024", False),
])
def test_looks_like_byline(text: str, expected: bool) -> None:
    assert looks_like_byline(text) is expected
