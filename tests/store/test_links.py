"""Link storage: the queue, link docs, duplicate groups, stories and state."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from diemtin.errors import ArticleNotFound, StoryNotFound
from diemtin.models import Article
from diemtin.store import Store
from diemtin.store.base import (
    DuplicateRecord,
    GroupMember,
    LinkBatch,
    LinkDoc,
    StoryRecord,
    StoryState,
)


def _doc(article: Article) -> LinkDoc:
    return LinkDoc(article.id, article.content_hash(), article.outlet or "", article.published,
                   None, bytes(range(16)), b"")


def _story(story_id: str, members: tuple[str, ...], *, copies: frozenset[str] = frozenset(),
           state: StoryState = StoryState.OPEN) -> StoryRecord:
    return StoryRecord(story_id, "Bão số 12", "Bão số 12 đổ bộ Quảng Ngãi.",
                       datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 10, 21, tzinfo=UTC),
                       state, members, copies, '{"terms": {}}')


def test_added_articles_wait_in_the_link_queue_in_order(store: Store,
                                                        news: list[Article]) -> None:
    store.upsert_articles(news)
    assert store.pending_links(limit=10) == [a.id for a in news]
    assert store.pending_links(limit=2) == [a.id for a in news[:2]]


def test_save_links_writes_everything_and_empties_the_queue(store: Store,
                                                            news: list[Article]) -> None:
    store.upsert_articles(news)
    a, b, c, d = (article.id for article in news)
    group = DuplicateRecord(a, (GroupMember(a), GroupMember(b, 3600.0)), credited=True)
    store.save_links(LinkBatch(
        linked=(a, b, c), docs=tuple(_doc(x) for x in news[:3]), groups=(group,),
        stories=(_story("s-1", (a, b, c), copies=frozenset({b})),),
        state=(("stories.df", '{"documents": 3}'),)))
    assert store.pending_links(limit=10) == [d]
    assert store.duplicate_groups() == [group]
    assert store.duplicate_groups([b]) == [group] and store.duplicate_groups([d]) == []
    assert store.get_link_docs([a, d]) == {a: _doc(news[0])}
    assert [doc.article_id for doc in store.iter_link_docs(batch_size=2)] == [a, b, c]
    story = store.get_story("s-1")
    assert story.article_ids == (a, b, c) and story.copies == frozenset({b})
    assert store.story_ids([a, d]) == {a: "s-1"}
    assert store.link_state("stories.df") == '{"documents": 3}'
    assert store.republication_counts() == [(news[0].outlet, news[1].outlet, 1)]


def test_removed_groups_and_stories_go(store: Store, news: list[Article]) -> None:
    store.upsert_articles(news)
    a, b = news[0].id, news[1].id
    store.save_links(LinkBatch(linked=(a, b), groups=(
        DuplicateRecord(a, (GroupMember(a), GroupMember(b))),),
        stories=(_story("s-1", (a,)), _story("s-2", (b,)))))
    store.save_links(LinkBatch(linked=(), removed_groups=(a,), removed_stories=("s-2",)))
    assert store.duplicate_groups() == []
    assert [s.id for s in store.stories()] == ["s-1"]
    with pytest.raises(StoryNotFound):
        store.get_story("s-2")


def test_stories_filter_by_time_and_state(store: Store, news: list[Article]) -> None:
    store.upsert_articles(news)
    store.save_links(LinkBatch(linked=(), stories=(
        _story("s-1", (news[0].id,)), _story("s-2", (news[1].id,), state=StoryState.CLOSED))))
    assert {s.id for s in store.stories(since=datetime(2026, 10, 21, tzinfo=UTC))} == {
        "s-1", "s-2"}
    assert store.stories(since=datetime(2026, 11, 1, tzinfo=UTC)) == []
    assert [s.id for s in store.stories(state=StoryState.CLOSED)] == ["s-2"]
    assert store.stories(limit=1)[0].vector == ""
    assert store.stories(vectors=True, limit=1)[0].vector == '{"terms": {}}'


def test_changing_a_member_requeues_its_group(store: Store, news: list[Article]) -> None:
    store.upsert_articles(news)
    a, b, c, d = (article.id for article in news)
    store.save_links(LinkBatch(
        linked=(a, b, c, d), docs=tuple(_doc(x) for x in news),
        groups=(DuplicateRecord(a, (GroupMember(a), GroupMember(b))),),
        stories=(_story("s-1", (a, b)),)))
    store.upsert_articles([news[1].with_changes(body=("Nội dung đã được tòa soạn sửa lại.",))])
    assert store.duplicate_groups() == []
    assert store.pending_links(limit=10) == [a, b]
    assert store.get_link_docs([a, b, c]).keys() == {c}
    assert store.get_story("s-1").article_ids == (a,)


def test_deleting_an_article_unlinks_it(store: Store, news: list[Article]) -> None:
    store.upsert_articles(news)
    a, b = news[0].id, news[1].id
    store.save_links(LinkBatch(linked=(a, b), groups=(
        DuplicateRecord(a, (GroupMember(a), GroupMember(b))),), stories=(_story("s-1", (a,)),)))
    store.delete_article(a)
    with pytest.raises(ArticleNotFound):
        store.get_article(a)
    assert store.duplicate_groups() == []
    assert b in store.pending_links(limit=10) and a not in store.pending_links(limit=10)
    assert store.stories() == []  # its only member went
    with pytest.raises(ArticleNotFound):
        store.delete_article(a)


def test_migration_5_queues_the_articles_already_stored(tmp_path: object,
                                                        news: list[Article]) -> None:
    import sqlite3
    from pathlib import Path

    from diemtin.store import SQLiteStore
    from diemtin.store.sqlite import MIGRATIONS

    path = Path(str(tmp_path)) / "old.db"
    with SQLiteStore(path) as current:
        current.upsert_articles(news)
    with sqlite3.connect(path) as db:  # back to a version-4 file holding the articles
        for table in ("entity_articles", "link_state", "story_members", "stories",
                      "duplicate_members", "duplicate_groups", "link_docs", "link_queue"):
            db.execute(f"DROP TABLE {table}")
        db.execute("PRAGMA user_version = 4")
    with SQLiteStore(path, migrate=False) as old:
        assert old.schema_version() == 4
        assert old.migrate() == len(MIGRATIONS) >= 5
        assert old.pending_links(limit=10) == [a.id for a in news]
