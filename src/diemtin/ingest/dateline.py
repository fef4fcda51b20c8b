"""Datelines: the "Sáng 13/9," that opens a Vietnamese news lead."""

from __future__ import annotations

import re

DATELINE = re.compile(
    r"^(?P<dateline>(?:(?:Sáng|Trưa|Chiều|Tối|Đêm|Rạng sáng|Khuya|Ngày|Hôm nay|Hôm qua)"
    r"(?:\s+(?:nay|qua|mai))?\s+(?:ngày\s+)?)?\d{1,2}/\d{1,2}(?:/\d{2,4})?)(?=[,.\s(])"
)


def find_dateline(lead: str) -> str | None:
    """Return the dateline that opens ``lead`` ("Sáng 13/9", "Ngày 9/3/2024"), if any.

    >>> find_dateline("Sáng 13/9, Tỉnh ủy Lào Cai và Tỉnh ủy Sơn La đã có buổi làm việc")
    'Sáng 13/9'
    """
    match = DATELINE.match(lead.strip())
    return match.group("dateline") if match else None
