"""Outlet tags that open Vietnamese leads ("(PLVN) -", "LCĐT -"), and their outlets.

Only tags whose meaning is public and stable are listed; an unknown tag is kept as it is.
"""

from __future__ import annotations

import re

KNOWN_TAGS: dict[str, str] = {
    "PLVN": "Pháp luật Việt Nam",
    "LCĐT": "Báo Lào Cai",
    "TTXVN": "Thông tấn xã Việt Nam",
    "VOV": "Đài Tiếng nói Việt Nam",
    "VOV.VN": "Đài Tiếng nói Việt Nam",
    "VTV": "Đài Truyền hình Việt Nam",
    "QĐND": "Quân đội nhân dân",
    "CAND": "Công an nhân dân",
    "NDĐT": "Nhân Dân",
    "HNM": "Hà Nội mới",
    "SGGP": "Sài Gòn Giải Phóng",
    "GDVN": "Giáo dục Việt Nam",
    "VNA": "Thông tấn xã Việt Nam",
    "ĐCSVN": "Báo điện tử Đảng Cộng sản Việt Nam",
    "Chinhphu.vn": "Cổng Thông tin điện tử Chính phủ",
    "Dân trí": "Dân trí",
    "Dantri": "Dân trí",
    "VnExpress": "VnExpress",
    "TBTCO": "Thời báo Tài chính Việt Nam",
    "KTĐT": "Kinh tế & Đô thị",
}

# "(PLVN) - ", "(Chinhphu.vn) – ", "LCĐT - ", "TTXVN - ", "VOV.VN - "
OUTLET_TAG = re.compile(
    r"^\s*(?:\((?P<paren>[^()\n]{2,24})\)|(?P<bare>[A-ZĐ][A-ZĐ0-9&.]{1,11}))\s*[-–—]\s+"
)


def split_outlet_tag(lead: str) -> tuple[str | None, str]:
    """Split an outlet tag off the start of a lead: ``(tag, rest)``; ``(None, lead)`` if none.

    >>> split_outlet_tag("(PLVN) -  Ngày 9/3, tại thị xã Nghĩa Lộ ...")
    ('PLVN', 'Ngày 9/3, tại thị xã Nghĩa Lộ ...')
    """
    match = OUTLET_TAG.match(lead)
    if not match:
        return None, lead
    tag = (match.group("paren") or match.group("bare")).strip()
    return tag, lead[match.end():].lstrip()


def outlet_for_tag(tag: str) -> str:
    """The outlet a lead tag stands for, or the tag itself when unknown."""
    return KNOWN_TAGS.get(tag, tag)
