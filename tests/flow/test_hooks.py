"""What runs after each stored batch (``diemtin.flow._hooks``): linking, then alerts."""

from __future__ import annotations

from diemtin.flow._hooks import alert_hook, batch_writer
from diemtin.store import Store
from tests.conftest import wire_corpus


def test_batch_writer_links_each_batch_when_asked(store: Store) -> None:
    articles, expected = wire_corpus(6)
    writer = batch_writer(store, None, link=True)
    writer.write(articles)
    assert store.pending_links(limit=10) == []
    assert sorted(list(g.article_ids) for g in store.duplicate_groups()) == sorted(expected)


def test_batch_writer_leaves_the_queue_without_linking(store: Store) -> None:
    articles, _ = wire_corpus(6)
    writer = batch_writer(store, None, link=False)
    assert writer.link is None and writer.after is not None
    writer.write(articles)
    assert len(store.pending_links(limit=100)) == len(articles)
    assert store.duplicate_groups() == []


def test_alert_hook_without_rules_queues_nothing(store: Store) -> None:
    articles, _ = wire_corpus(2)
    assert alert_hook(store)(articles, {}) == 0
