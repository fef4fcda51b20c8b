from datetime import date
from pathlib import Path

from click.testing import CliRunner

from diemtin.nlp.people import PersonMention, people_named, person_key, resolve_people
from diemtin.store import Store
from tests.conftest import make_article

LAO_CAI, CA_MAU = frozenset({"15"}), frozenset({"32"})


def mention(article: str, name: str, title: str | None, day: int,
            provinces: frozenset[str] = frozenset()) -> PersonMention:
    return PersonMention(article, name, title, date(2026, 10, day), provinces)


def test_person_key_ignores_case_diacritics_and_spaces() -> None:
    assert person_key("Hoàng  Giang") == person_key("HOÀNG GIANG") == "hoang giang"


def test_same_name_in_different_provinces_stays_two_people() -> None:
    people = resolve_people([
        mention("a1", "Nguyễn Văn An", "Chủ tịch UBND xã Bản Lầu", 1, LAO_CAI),
        mention("a2", "Nguyễn Văn An", "Phó Chủ tịch UBND tỉnh", 5, LAO_CAI),
        mention("a3", "Nguyễn Văn An", "Giám đốc Sở Y tế", 7, CA_MAU),
        mention("a4", "Nguyễn Văn An", None, 9),  # no province: ambiguous, kept apart
    ])
    assert sorted(len(p.article_ids) for p in people) == [1, 1, 2]
    lao_cai = next(p for p in people if p.provinces == ("15",))
    assert [t.title for t in lao_cai.titles] == ["Chủ tịch UBND xã Bản Lầu",
                                                 "Phó Chủ tịch UBND tỉnh"]


def test_titles_accumulate_with_first_and_last_dates() -> None:
    [person] = resolve_people([
        mention("a1", "Giàng A Chu", "Phó Bí thư Thường trực Tỉnh ủy Lào Cai", 3, LAO_CAI),
        mention("a2", "Giàng A Chu", "Phó Bí thư Thường trực Tỉnh ủy Lào Cai", 12, LAO_CAI),
        mention("a3", "Giàng A Chu", "Bí thư Tỉnh ủy Lào Cai", 20),
    ])
    assert person.article_ids == ("a1", "a2", "a3")
    first, second = person.titles
    assert (first.first_seen, first.last_seen, first.articles) == (
        date(2026, 10, 3), date(2026, 10, 12), 2)
    assert second.title == "Bí thư Tỉnh ủy Lào Cai" and second.first_seen == date(2026, 10, 20)


def test_people_named_from_stored_annotations(store: Store, tmp_path: Path) -> None:
    from diemtin.cli import cli
    from diemtin.flow import annotate_articles

    articles = [
        make_article("Lào Cai tổng kết công tác dân vận",
                     "Sáng 12/10, đồng chí Giàng A Chu, Phó Bí thư Thường trực Tỉnh ủy Lào Cai "
                     "chủ trì hội nghị tại tỉnh Lào Cai.", url="https://baotaybac.vn/a1.html",
                     published="2026-10-12T09:00:00"),
        make_article("Lào Cai đón đoàn công tác",
                     "Chiều 20/11, đồng chí Giàng A Chu, Bí thư Tỉnh ủy Lào Cai tiếp đoàn công "
                     "tác tại tỉnh Lào Cai.", url="https://baotaybac.vn/a2.html",
                     published="2026-11-20T15:00:00"),
    ]
    store.upsert_articles(articles)
    annotate_articles(store, articles)
    [person] = people_named(store, "giang a chu")
    assert person.name == "Giàng A Chu" and len(person.article_ids) == 2
    assert [t.title for t in person.titles] == ["Phó Bí thư Thường trực Tỉnh ủy Lào Cai",
                                                "Bí thư Tỉnh ủy Lào Cai"]
    db = tmp_path / "people.db"
    from diemtin.store import open_store

    with open_store(db) as file_store:
        file_store.upsert_articles(articles)
        annotate_articles(file_store, articles)
    result = CliRunner().invoke(cli, ["people", "Giàng A Chu", "--db", str(db)])
    assert result.exit_code == 0 and "Bí thư Tỉnh ủy Lào Cai" in result.stdout
