"""Linking wired to the store: duplicates then stories, incremental and idempotent."""

from __future__ import annotations

import json
from pathlib import Path

from diemtin.cli.serve import sample_corpus
from diemtin.flow import (
    IngestOptions,
    Linker,
    LinkSettings,
    ingest_paths,
    link_store,
    store_articles,
)
from diemtin.models import Article
from diemtin.store import SQLiteStore
from tests.conftest import make_article, sample_republications, wire_corpus


def _groups(store: SQLiteStore) -> list[list[str]]:
    return sorted(list(group.article_ids) for group in store.duplicate_groups())


def _stories(store: SQLiteStore) -> list[list[str]]:
    return sorted(sorted(story.article_ids) for story in store.stories())


def test_link_store_groups_copies_with_the_original_first(store: SQLiteStore) -> None:
    articles, expected = wire_corpus(8)
    store_articles(store, articles, link=False)
    assert store.duplicate_groups() == []
    report = link_store(store)
    assert report.linked == len(articles)
    assert _groups(store) == sorted(expected)
    assert store.pending_links(limit=10) == []


def test_link_twice_changes_nothing(store: SQLiteStore) -> None:
    articles, _ = wire_corpus(6)
    store_articles(store, articles, link=False)
    link_store(store)
    groups, stories = _groups(store), _stories(store)
    assert link_store(store).linked == 0
    assert (_groups(store), _stories(store)) == (groups, stories)


def test_small_batches_give_the_groups_of_one_batch(store: SQLiteStore, tmp_path: Path) -> None:
    articles, expected = wire_corpus(10)
    store_articles(store, articles, link=False)
    link_store(store, settings=LinkSettings(batch_size=4))
    with SQLiteStore(tmp_path / "one.db") as other:
        store_articles(other, articles, link=False)
        link_store(other, settings=LinkSettings(batch_size=1000))
        assert _groups(store) == _groups(other) == sorted(expected)
        assert _stories(store) == _stories(other)


def test_a_story_counts_a_copy_as_a_republication(store: SQLiteStore) -> None:
    articles, expected = wire_corpus(3, copies=1)
    store_articles(store, articles)
    for original, copy in expected:
        story_ids = store.story_ids([original, copy])
        assert story_ids[original] == story_ids[copy]
        story = store.get_story(story_ids[original])
        assert copy in story.copies and original not in story.copies


def test_ingest_links_each_batch_unless_no_link(store: SQLiteStore, tmp_path: Path) -> None:
    articles, expected = wire_corpus(4)
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(_record(a), ensure_ascii=False) for a in articles),
                    encoding="utf-8")
    ingest_paths(store, [str(path)], options=IngestOptions(batch_size=3, link=False))
    assert store.duplicate_groups() == [] and len(store.pending_links(limit=100)) == 12
    ingest_paths(store, [str(path)], options=IngestOptions(batch_size=3))
    assert _groups(store) == sorted(expected)


def _record(article: Article) -> dict[str, object]:
    return {"url": article.url, "outlet": article.outlet, "title": article.title,
            "body": list(article.body),
            "published": article.published.isoformat() if article.published else None}


def test_issue_8_updating_a_copy_takes_it_out_of_its_group(store: SQLiteStore) -> None:
    articles, expected = wire_corpus(2)
    store_articles(store, articles)
    original, first_copy, second_copy = expected[0]
    changed = store.get_article(first_copy).with_changes(body=(
        "Chiều 2/11, Ban quản lý chợ Bắc Hà cho biết phiên chợ cuối tuần đông khách trở lại.",
        "Nhiều hộ người Mông mang ngựa, lợn đen và rượu ngô xuống chợ từ sáng sớm."))
    store_articles(store, [changed])
    groups = _groups(store)
    assert sorted([original, second_copy]) in [sorted(g) for g in groups]
    assert all(first_copy not in group for group in groups)


def test_deleting_the_original_keeps_the_copies_together(store: SQLiteStore) -> None:
    articles, expected = wire_corpus(1)
    store_articles(store, articles)
    original, *copies = expected[0]
    store.delete_article(original)
    link_store(store)
    assert [sorted(g) for g in _groups(store)] == [sorted(copies)]
    assert original not in store.story_ids([original])


def test_different_reports_of_one_event_are_stories_not_duplicates(
        store: SQLiteStore) -> None:
    first = make_article(
        "Lào Cai: Khai mạc kỳ họp thứ 12 HĐND tỉnh khóa XVI",
        "Sáng 10/12, HĐND tỉnh Lào Cai khai mạc kỳ họp thứ 12 tại Hội trường Tỉnh ủy.",
        "Kỳ họp xem xét 28 nghị quyết về đầu tư công, giá đất và hỗ trợ hộ nghèo làm nhà.",
        "Chủ tịch HĐND tỉnh Vàng Thị Mai Khuê phát biểu khai mạc, đề nghị đại biểu tập trung "
        "thảo luận các nội dung liên quan trực tiếp đến đời sống người dân vùng cao.",
        url="https://baotaybac.vn/a/1.html", published="2026-12-10T09:00:00")
    second = make_article(
        "HĐND tỉnh Lào Cai họp bàn 28 nghị quyết cuối năm",
        "Ngày 10/12, kỳ họp thứ 12 HĐND tỉnh Lào Cai khóa XVI đã khai mạc.",
        "Trong hai ngày, các đại biểu sẽ thảo luận 28 nghị quyết, trong đó có nghị quyết về "
        "bảng giá đất và kế hoạch đầu tư công năm 2027 của tỉnh Lào Cai.",
        "Phát biểu khai mạc, Chủ tịch HĐND tỉnh Vàng Thị Mai Khuê nhấn mạnh yêu cầu bám sát "
        "thực tiễn và tiếng nói của cử tri.",
        url="https://thoibaothudo.vn/b/2.html", outlet="Thời Báo Thủ Đô",
        published="2026-12-10T11:30:00")
    store_articles(store, [first, second])
    assert store.duplicate_groups() == []


def test_demo_corpus_groups_its_republications(store: SQLiteStore) -> None:
    expected = sample_republications()
    assert len(expected) >= 10
    ingest_paths(store, [str(path) for path in sample_corpus()])
    found = set()
    for group in store.duplicate_groups():
        urls = [a.url for a in store.get_articles(list(group.article_ids)).values()]
        found.update(frozenset((a, b)) for a in urls for b in urls if a != b)
    assert expected <= found
    outlets = [{a.outlet for a in store.get_articles(list(s.article_ids)).values()}
               for s in store.stories()]
    multi_outlet = [found for found in outlets if len(found) > 1]
    assert len(multi_outlet) >= len(expected)


def test_the_store_functions_are_reachable_from_diemtin_link(store: SQLiteStore) -> None:
    import diemtin.link

    articles, expected = wire_corpus(2)
    store_articles(store, articles, link=False)
    assert diemtin.link.link_store(store).linked == 6
    found = diemtin.link.duplicates_of(store, expected[0][1])
    assert found is not None and list(found.article_ids) == expected[0]
    assert len(diemtin.link.all_duplicate_groups(store)) == 2
    assert len(diemtin.link.list_stories(store)) == 2


def test_a_new_run_resumes_from_the_stored_state(store: SQLiteStore, tmp_path: Path) -> None:
    # A run that stops after some batches and a fresh run (indexes rebuilt from the
    # store) give what one run gives.
    articles, _ = wire_corpus(12, copies=1)
    store_articles(store, articles, link=False)
    Linker(store, settings=LinkSettings(batch_size=5)).link(store.pending_links(limit=9))
    link_store(store, settings=LinkSettings(batch_size=5))
    with SQLiteStore(tmp_path / "one.db") as other:
        store_articles(other, articles, link=False)
        link_store(other, settings=LinkSettings(batch_size=5))
        assert _groups(store) == _groups(other)
        assert _stories(store) == _stories(other)
        assert store.link_state("stories.df") == other.link_state("stories.df")
        assert [s.vector for s in store.stories(vectors=True)] == [
            s.vector for s in other.stories(vectors=True)]


def test_issue_8_short_articles_without_anchors_are_linked(store: SQLiteStore) -> None:
    short = [make_article("Hà Nội đang mưa lớn", "Chiều 14/10, Hà Nội đang mưa lớn.",
                          url="https://thoibaothudo.vn/a/1.html"),
             make_article("Ảnh: Phố cổ sau mưa", url="https://thoibaothudo.vn/a/2.html")]
    store_articles(store, short)
    assert store.pending_links(limit=10) == []
    assert set(store.story_ids([a.id for a in short])) == {a.id for a in short}
