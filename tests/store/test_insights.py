"""The Store's aggregate queries behind entity, outlet and trend pages (issue 10)."""

from __future__ import annotations

from diemtin.models import AnnotationSet, EntityRow
from diemtin.store.base import Store, TermCount
from tests.conftest import make_article

PLACE = {"start": 0, "end": 7, "text": "Yên Bái", "name": "Yên Bái", "level": "province",
         "source": "gazetteer", "old": None, "unit": None,
         "current": {"scheme": "2025", "level": "province", "code": "15", "name": "Lào Cai",
                     "province_code": "15"}}


def _fill(store: Store) -> list[str]:
    articles = [
        make_article(f"Yên Bái: tin {n}", f"Ông Đào Minh Khang gặp Sở VH-TT&DL, bản {n}.",
                     url=f"https://baotaybac.vn/a{n}.html", section="Thời sự",
                     published=f"2026-10-{10 + n:02d}T23:30:00")
        for n in range(3)
    ]
    notes = {}
    for article in articles:
        start = article.text.index("Đào Minh Khang")
        org = article.text.index("Sở VH-TT&DL")
        notes[article.id] = AnnotationSet(
            (("places", "p1", [PLACE]), ("keywords", "k1", [{"text": "gặp gỡ", "score": 1,
                                                              "count": 1}]),
             ("topic", "t1", {"label": "chính trị", "score": 1.0, "ranking": []})),
            (EntityRow("PER", "Đào Minh Khang", start, start + 14, "Giám đốc"),
             EntityRow("ORG", "Sở VH-TT&DL", org, org + 11)))
    store.upsert_articles(articles, annotations=notes)
    return [a.id for a in articles]


def test_terms_counts_and_days_in_vietnam_time(store: Store) -> None:
    ids = _fill(store)
    assert store.top_terms("PLACE") == [TermCount("PLACE", "lao cai", "Lào Cai", 3)]
    assert store.top_terms("KW") == [TermCount("KW", "gap go", "gặp gỡ", 3)]
    # 23:30 in Vietnam is 16:30 UTC the same day: days are Vietnam dates.
    assert store.term_days("PER", "dao minh khang") == [
        ("2026-10-10", 1), ("2026-10-11", 1), ("2026-10-12", 1)]
    assert store.term_article_ids("PER", "dao minh khang", limit=2) == [ids[2], ids[1]]
    assert store.co_mentions("PER", "dao minh khang") == [
        TermCount("PLACE", "lao cai", "Lào Cai", 3),
        TermCount("ORG", "so vh-tt&dl", "Sở VH-TT&DL", 3)]


def test_term_counts_window_is_half_open(store: Store) -> None:
    _fill(store)
    counts = store.term_counts("2026-10-10T16:30:00+00:00", "2026-10-12T16:30:00+00:00",
                               labels=("PER", "KW"))
    assert sorted(counts) == [TermCount("KW", "gap go", "gặp gỡ", 2),
                              TermCount("PER", "dao minh khang", "Đào Minh Khang", 2)]
    assert store.term_counts("2026-10-10T16:30:00+00:00", "2026-10-12T16:30:00+00:00",
                             labels=("PER",), min_articles=3) == []


def test_outlet_stats_days_and_breakdowns(store: Store) -> None:
    _fill(store)
    [stat] = store.outlet_stats()
    assert (stat.outlet, stat.key, stat.articles) == ("Báo Tây Bắc", "bao tay bac", 3)
    assert stat.last_published == "2026-10-12T16:30:00+00:00"
    assert store.outlet_days("bao tay bac")[0] == ("2026-10-10", 1)
    assert store.outlet_breakdown("bao tay bac", "section") == [("Thời sự", 3)]
    assert store.outlet_breakdown("bao tay bac", "topic") == [("chính trị", 3)]
    assert store.outlet_days("khong co") == []
