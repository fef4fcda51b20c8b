"""The Store's aggregate queries behind entity, outlet and trend pages (issue 10)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from diemtin.models import AnnotationSet, Article, EntityRow
from diemtin.store import SQLiteStore, open_store
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


def test_the_entity_index_follows_annotations_updates_and_deletes(store: Store) -> None:
    ids = _fill(store)
    person = min(store.person_rows("Đào Minh Khang"), key=lambda row: row.day or "")
    assert (person.day, person.provinces, person.title) == ("2026-10-10", "15", "Giám đốc")
    store.save_annotations(ids[0], AnnotationSet((), (EntityRow("PER", "Lò Văn Pọm", 0, 10),)))
    assert store.term_article_ids("PER", "lo van pom") == [ids[0]]
    assert store.term_days("PER", "dao minh khang") == [("2026-10-11", 1), ("2026-10-12", 1)]
    [moved] = _articles_of(store, ids[1:2])
    store.upsert_articles([moved.with_changes(body=(*moved.body, "Cập nhật."),
                                              published=moved.published.replace(month=9))])
    assert store.term_days("PER", "dao minh khang") == [("2026-09-11", 1), ("2026-10-12", 1)]
    store.delete_article(ids[2])
    assert store.term_days("PER", "dao minh khang") == [("2026-09-11", 1)]
    assert store.top_terms("PER") == [TermCount("PER", "dao minh khang", "Đào Minh Khang", 1),
                                      TermCount("PER", "lo van pom", "Lò Văn Pọm", 1)]


def test_person_rows_give_each_title_an_article_gives(store: Store) -> None:
    ids = _fill(store)
    store.save_annotations(ids[0], AnnotationSet((), (
        EntityRow("PER", "Đào Minh Khang", 0, 14, "Giám đốc"),
        EntityRow("PER", "Đào Minh Khang", 40, 54, "Bí thư Đảng ủy"),
        EntityRow("PER", "Đào Minh Khang", 80, 94, "Giám đốc"),
        EntityRow("PER", "Đào Minh Khang", 120, 134))))
    rows = sorted((row.article_id, row.title) for row in store.person_rows("đào minh khang"))
    assert rows == sorted([(ids[0], "Bí thư Đảng ủy"), (ids[0], "Giám đốc"),
                           (ids[1], "Giám đốc"), (ids[2], "Giám đốc")])
    store.save_annotations(ids[0], AnnotationSet((), (EntityRow("PER", "Đào Minh Khang",
                                                                0, 14),)))
    assert (ids[0], "Đào Minh Khang", None) in [row[:3] for row in
                                                 store.person_rows("Đào Minh Khang")]


def _articles_of(store: Store, ids: list[str]) -> list[Article]:
    return [store.get_article(article_id) for article_id in ids]


def test_co_mentions_count_over_the_newest_articles(store: Store) -> None:
    _fill(store)
    assert store.co_mentions("PER", "dao minh khang", within=2) == [
        TermCount("PLACE", "lao cai", "Lào Cai", 2),
        TermCount("ORG", "so vh-tt&dl", "Sở VH-TT&DL", 2)]
    assert store.co_mentions("PER", "dao minh khang", limit=1)[0].articles == 3


_INDEX_ROWS = ("SELECT label, key, article_id, day, text, provinces, titles "
               "FROM entity_articles ORDER BY label, key, article_id")


def test_sqlite_migration_6_fills_the_entity_index_from_stored_mentions(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with SQLiteStore(path) as store:
        _fill(store)
    with closing(sqlite3.connect(path)) as db, db:
        written = db.execute(_INDEX_ROWS).fetchall()
        db.execute("DROP TABLE entity_articles")
        db.execute("PRAGMA user_version = 5")
    with SQLiteStore(path):
        pass
    with closing(sqlite3.connect(path)) as db:
        assert db.execute(_INDEX_ROWS).fetchall() == written
    assert ("PER", "dao minh khang") in {(row[0], row[1]) for row in written}
    assert {row[5] for row in written if row[0] == "PER"} == {"15"}
    assert {row[6] for row in written if row[0] == "PER"} == {"Giám đốc"}


def test_postgres_migration_4_fills_the_entity_index_from_stored_mentions(
        pg_url: str, pg_store: Store) -> None:
    _fill(pg_store)
    run = pg_store.run  # type: ignore[attr-defined]
    written = [tuple(row) for row in run(_INDEX_ROWS)]
    run("DROP TABLE entity_articles")
    run("UPDATE diemtin_schema SET version = 3")
    with open_store(pg_url) as again:
        assert [tuple(row) for row in again.run(_INDEX_ROWS)] == written  # type: ignore[attr-defined]
    assert {row[5] for row in written if row[0] == "PER"} == {"15"}
