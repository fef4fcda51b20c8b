"""A small Vietnamese news store for the briefing tests: one story republished by three
outlets, single articles, an article older than the period, saved searches and a
template (the ``brief_store`` fixture of ``conftest.py`` fills a store with it)."""

from __future__ import annotations

from functools import cache

from diemtin.brief import templates as tpl
from diemtin.brief.saved import save
from diemtin.flow import link_store
from diemtin.flow.linking import LinkSettings
from diemtin.link.stories import StoryOptions
from diemtin.models import AnnotationSet, Article
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG, StateSession
from tests.conftest import make_article

UNTIL = "2026-10-14T06:30:00+07:00"
_LANDSLIDE = (
    "Sáng 13/10, mưa lớn kéo dài gây sạt lở nghiêm trọng tại xã Bản Xèo, tỉnh Lào Cai, "
    "làm 12 hộ dân phải di dời khẩn cấp.",
    "Ông Nguyễn Văn Thành, Chủ tịch UBND xã Bản Xèo, cho biết lực lượng công an, quân đội "
    "và dân quân đã có mặt để giúp người dân chuyển đồ đạc đến nơi an toàn.",
    "Tỉnh Lào Cai đã hỗ trợ mỗi hộ 5 triệu đồng và bố trí chỗ ở tạm tại trường tiểu học.",
)


def _articles() -> list[Article]:
    landslide = [
        make_article("Lào Cai: Sạt lở tại xã Bản Xèo, 12 hộ dân phải di dời", *_LANDSLIDE,
                     url="https://baolaocai.example.vn/sat-lo-ban-xeo.html",
                     outlet="Báo Lào Cai", published="2026-10-13T07:00:00"),
        make_article("Sạt lở ở Bản Xèo, Lào Cai di dời 12 hộ dân", *_LANDSLIDE,
                     "Theo Báo Lào Cai", url="https://baotaybac.example.vn/sat-lo.html",
                     outlet="Báo Tây Bắc", published="2026-10-13T09:00:00"),
        make_article("Mưa lớn gây sạt lở ở Lào Cai, 12 hộ dân di dời khẩn cấp", *_LANDSLIDE,
                     "Theo Báo Lào Cai", url="https://tinvungcao.example.vn/sat-lo.html",
                     outlet="Tin Vùng Cao", published="2026-10-13T10:30:00"),
    ]
    singles = [
        make_article("Bí thư Tỉnh ủy Lào Cai làm việc với huyện Bát Xát",
                     "Chiều 13/10, đồng chí Đặng Xuân Phong, Bí thư Tỉnh ủy Lào Cai, làm việc "
                     "với Ban Thường vụ Huyện ủy Bát Xát về phát triển kinh tế vùng biên.",
                     "Đồng chí đề nghị huyện tập trung giải ngân vốn đầu tư công trước cuối năm.",
                     url="https://baolaocai.example.vn/bi-thu-bat-xat.html",
                     outlet="Báo Lào Cai", published="2026-10-13T16:00:00"),
        make_article("Giá cà phê Robusta lập đỉnh mới, nông dân Tây Nguyên phấn khởi",
                     "Sáng 13/10, giá cà phê Robusta tại Đắk Lắk đạt 132.000 đồng mỗi ki-lô-gam, "
                     "mức cao nhất từ trước đến nay.",
                     "Nhiều hộ dân cho biết vụ này năng suất giảm nhưng lãi vẫn cao.",
                     url="https://kinhtenongthon.example.vn/ca-phe.html",
                     outlet="Kinh Tế Nông Thôn", published="2026-10-13T11:00:00"),
        make_article("Giá phân bón tăng, nông dân Lào Cai lo vụ đông",
                     "Giá phân bón tại Lào Cai tăng 15% so với đầu năm, nhiều hộ dân lo lắng "
                     "cho vụ đông sắp tới.",
                     url="https://baotaybac.example.vn/phan-bon.html",
                     outlet="Báo Tây Bắc", published="2026-10-13T14:00:00"),
        make_article("Lào Cai đón đoàn khảo sát du lịch Sa Pa",
                     "Đầu tháng 10, tỉnh Lào Cai đón đoàn doanh nghiệp lữ hành khảo sát Sa Pa.",
                     url="https://baolaocai.example.vn/du-lich-cu.html",
                     outlet="Báo Lào Cai", published="2026-10-01T08:00:00"),
    ]
    return landslide + singles


@cache
def _annotated() -> tuple[tuple[Article, ...], dict[str, AnnotationSet]]:
    from diemtin.nlp import build_pipeline
    from diemtin.nlp.annotate import annotate_batch

    articles = tuple(_articles())
    return articles, annotate_batch(build_pipeline(), articles).annotations


def fill(store: Store) -> Store:
    """Store the articles (analyzed), link them, add saved searches and a template."""
    articles, annotations = _annotated()
    store.upsert_articles(list(articles), annotations=annotations)
    # A strict story threshold: on eight articles the default would join every Lào Cai
    # article into one story; here only the republished landslide report forms one.
    link_store(store, settings=LinkSettings(stories=StoryOptions(join=0.999, merge=0.9999)))

    def work(session: StateSession) -> None:
        save(session, LOCAL_ORG, "Lào Cai", '"Lào Cai"')
        save(session, LOCAL_ORG, "Giá cả", "giá")
        tpl.add(session, LOCAL_ORG, "sang", title="Điểm tin sáng",
                period="24h", sections=(tpl.Section("Lào Cai", saved="Lào Cai"),
                                        tpl.Section("Kinh tế", saved="Giá cả")),
                items=5, with_chart=True)

    store.transact(work)
    return store
