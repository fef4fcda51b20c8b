from pathlib import Path

from diemtin.ingest.records import article_from_text_dump
from diemtin.ingest.textdump import parse_text_dump
from diemtin.text import normalize
from tests.conftest import shared_data

FIXTURES = Path(__file__).parent / "fixtures"


def test_own_dump_loses_its_boilerplate() -> None:
    dump = parse_text_dump(normalize((FIXTURES / "baotaybac-hop-bao.txt").read_text()))
    assert dump.title == "Sơn La họp khẩn ứng phó mưa lũ sau bão số 10"
    assert dump.lead is not None and dump.lead.startswith("Chiều 2/10, Ban Chỉ huy")
    assert dump.outlet == "BTB" and dump.dateline == "Chiều 2/10"
    assert dump.captions == ("Quang cảnh cuộc họp.", "Đồng chí Cầm Văn Tùng phát biểu chỉ đạo.",
                             "Lực lượng chức năng kiểm tra điểm sạt lở.")
    body = "\n".join(dump.body)
    assert len(dump.body) == 4
    for leftover in ("Quang cảnh", "Xem thêm", "Tin cùng chuyên mục", "Nà Hạ", "fb yt"):
        assert leftover not in body
    assert body.endswith("sẵn sàng phương tiện cứu hộ, cứu nạn.")


def test_real_provincial_dump() -> None:
    text = shared_data("text-dumps", "baolaocai-0913.txt").read_text(encoding="utf-8")
    article = article_from_text_dump(text, source="baolaocai-0913.txt")
    assert article.outlet == "Báo Lào Cai" and article.dateline == "Sáng 13/9"
    assert article.lead is not None and article.lead.startswith("Sáng 13/9, Tỉnh ủy Lào Cai")
    body = "\n".join(article.body)
    assert "Quang cảnh buổi làm việc." in article.captions
    for leftover in ("Quang cảnh buổi làm việc", "phát biểu tại buổi làm việc.",
                     "Có thể bạn quan tâm", "Trịnh Việt Hùng", "80 NĂM", "fb yt zl tw"):
        assert leftover not in body
    assert body.startswith("Đoàn công tác của Tỉnh ủy Sơn La")


def test_real_dump_with_outlet_tag_and_caption_after_lead() -> None:
    text = shared_data("text-dumps", "plvn-0309.txt").read_text(encoding="utf-8")
    article = article_from_text_dump(text)
    assert article.outlet == "Pháp luật Việt Nam" and article.dateline == "Ngày 9/3"
    assert article.lead is not None and not article.lead.startswith("(PLVN)")
    assert article.captions == ("Tỉnh Lào Cai và Yên Bái ký kết chương trình phối hợp "
                                "công tác tuyên giáo giai đoạn 2024 - 2025.",)
    assert "Đọc thêm" not in article.body
    assert article.body[-1].startswith("Hội nghị ký kết chương trình phối hợp")
