"""Fixtures for link tests: short Vietnamese articles written for these tests."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from diemtin.models import VIETNAM_TZ, Article

FLOOD = [
    "Sáng 14/9, mưa lớn kéo dài suốt đêm khiến nước sông Chảy dâng cao, nhiều tuyến đường ở "
    "xã Bảo Hà, tỉnh Lào Cai bị ngập sâu từ 0,5 đến 1,2 mét.",
    "Theo Ban Chỉ huy phòng chống thiên tai tỉnh, đã có 1.250 hộ dân phải di dời khẩn cấp đến "
    "nơi an toàn; lực lượng công an và quân đội được huy động hỗ trợ người dân chuyển đồ đạc.",
    "Ông Nguyễn Văn Hòa, Chủ tịch UBND xã Bảo Hà cho biết, trận lũ năm nay lớn hơn năm 2024, "
    "nhiều diện tích lúa và hoa màu sắp thu hoạch bị vùi lấp hoàn toàn.",
    "Ngành điện đã cắt điện tạm thời tại 12 thôn để bảo đảm an toàn. Các trường học trong vùng "
    "ngập cho học sinh nghỉ học đến khi nước rút, trạm y tế xã chuẩn bị thuốc men dự phòng.",
    "Đài Khí tượng thủy văn tỉnh dự báo mưa còn tiếp diễn trong hai ngày tới, nguy cơ sạt lở "
    "đất tại các huyện vùng cao rất lớn, người dân không nên qua lại các ngầm tràn.",
]

BRIDGE = [
    "Chiều 20/9, UBND tỉnh Quảng Trị tổ chức lễ khánh thành cầu Hiền Lương mới bắc qua sông "
    "Bến Hải, tổng vốn đầu tư 480 tỷ đồng từ ngân sách trung ương và địa phương.",
    "Cây cầu dài 620 mét, rộng 17 mét với bốn làn xe, được thi công trong 26 tháng, sớm hơn kế "
    "hoạch ba tháng nhờ nhà thầu tăng ca trong mùa khô.",
    "Phát biểu tại buổi lễ, Phó Chủ tịch tỉnh Lê Thị Thủy nhấn mạnh công trình giúp rút ngắn "
    "thời gian đi lại giữa hai bờ và thúc đẩy du lịch di tích đôi bờ Hiền Lương.",
    "Người dân hai xã Vĩnh Thành và Trung Hải phấn khởi khi không còn phải đi đường vòng hơn "
    "mười cây số mỗi lần chở nông sản ra chợ huyện.",
]


def weather(day: int, low: int, high: int, place: str) -> list[str]:
    """A daily weather bulletin: one template, different numbers, dates and places."""
    return [
        f"Dự báo thời tiết ngày {day}/10 tại {place}: trời nhiều mây, có mưa rào và dông rải "
        f"rác, nhiệt độ thấp nhất từ {low} đến {low + 2} độ C, cao nhất từ {high} đến "
        f"{high + 2} độ C.",
        f"Gió đông bắc cấp {day % 4 + 2}, vùng núi {place} có nơi mưa to trên {day * 3} mm; "
        "người dân cần đề phòng lốc, sét và gió giật mạnh trong cơn dông.",
        f"Độ ẩm không khí từ {60 + day} đến {80 + day % 10} phần trăm; chỉ số tia cực tím ở mức "
        f"{day % 5 + 3}, nguy cơ gây hại trung bình.",
    ]


def make_article(ident: str, body: list[str], *, outlet: str = "Báo Lào Cai",
                 hours: float = 0, title: str = "Tin tức") -> Article:
    """An article published ``hours`` after 14/9/2026 07:00 (Vietnam time)."""
    published = datetime(2026, 9, 14, 7, 0, tzinfo=VIETNAM_TZ) + timedelta(hours=hours)
    return Article(id=ident, title=title, body=tuple(body), outlet=outlet, published=published,
                   url=f"https://example.vn/{ident}.html")


@pytest.fixture
def flood() -> list[str]:
    return list(FLOOD)


@pytest.fixture
def bridge() -> list[str]:
    return list(BRIDGE)
