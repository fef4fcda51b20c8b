"""Alert rules: evaluated after ingest batches and on schedules, each alert queued once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from diemtin.brief import saved
from diemtin.brief.alerts import add_rule, destination, evaluate_due, list_rules, remove_rule
from diemtin.brief.evaluate import evaluate_batch, run_rule
from diemtin.brief.outbox import list_messages
from diemtin.errors import InputError
from diemtin.flow import store_articles
from diemtin.models import AnnotationSet, Article, EntityRow
from diemtin.search.query import FILTER_FIELDS, parse_query
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG
from tests.conftest import make_article


def _rule(store: Store, name: str, query: str, kind: str = "new_matches", **extra: object
          ) -> str:
    store.transact(lambda s: saved.save(s, LOCAL_ORG, name, query))
    places = [destination("email", "bientap@soyte.vn"), destination("atom")]
    rule = store.transact(lambda s: add_rule(s, LOCAL_ORG, name, kind, destinations=places,
                                             **extra))  # type: ignore[arg-type]
    return rule.id


def _messages(store: Store) -> list[dict[str, object]]:
    return store.transact(lambda s: list_messages(s, LOCAL_ORG))


def test_new_matches_after_each_batch_queued_once(store: Store, news: list[Article]) -> None:
    _rule(store, "Sạt lở", "sạt lở")
    store_articles(store, news, link=False)
    [message] = _messages(store)
    assert message["subject"] == "[Điểm tin] Sạt lở: 1 bài mới"
    assert message["destination"] == "bientap@soyte.vn"
    store_articles(store, news, link=False)  # the same batch again: nothing new
    assert len(_messages(store)) == 1
    second = make_article("Sạt lở đất vùi lấp nhà dân ở Bát Xát",
                          "Đêm 22/10, sạt lở đất tại xã Bản Xèo, Lào Cai.",
                          url="https://baolaocai.vn/sat-lo-ban-xeo-a5.html",
                          published="2026-10-22T07:00:00")
    store_articles(store, [second], link=False)
    assert len(_messages(store)) == 2


def test_no_rule_means_no_work_and_filters_apply(store: Store, news: list[Article]) -> None:
    assert evaluate_batch(store, news) == 0
    store.transact(lambda s: saved.save(s, LOCAL_ORG, "Mưa Hà Nội", "mưa",
                                        outlets=("Thời Báo Thủ Đô",)))
    store.transact(lambda s: add_rule(s, LOCAL_ORG, "Mưa Hà Nội", "new_matches",
                                      destinations=[destination("folder", "/tmp/x")]))
    assert evaluate_batch(store, news) == 1  # "mưa" is in two articles, one of the outlet
    [message] = _messages(store)
    assert message["channel"] == "folder"


def test_entity_title_alerts_a_first_mention_with_the_title(store: Store) -> None:
    _rule(store, "Lãnh đạo tỉnh", "tỉnh", "entity_title", title="Chủ tịch UBND tỉnh")
    article = make_article("Lào Cai họp bàn khắc phục hậu quả mưa lũ",
                           "Ông Hoàng Quốc Khánh, Chủ tịch UBND tỉnh Lào Cai, chủ trì cuộc họp.",
                           url="https://baolaocai.vn/hop-ban-a6.html")
    store.upsert_articles([article])
    mention = EntityRow("PER", "Hoàng Quốc Khánh", 4, 20, "Chủ tịch UBND tỉnh Lào Cai")
    other = EntityRow("PER", "Giàng A Chu", 0, 11, "Phó Bí thư Thường trực Tỉnh ủy")
    annotations = {article.id: AnnotationSet(components=(), entities=(mention, other))}
    assert evaluate_batch(store, [article], annotations) == 1
    [message] = _messages(store)
    assert "1 lần đầu với chức danh" in str(message["subject"])
    assert evaluate_batch(store, [article], annotations) == 0


def test_spike_needs_a_minimum_and_is_sent_once_a_day(store: Store) -> None:
    rule_id = _rule(store, "Dịch sốt xuất huyết", "sốt xuất huyết", "spike",
                    schedule="every 60 minutes")
    now = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
    articles = [make_article(f"Ca sốt xuất huyết ngày {day}", f"Ghi nhận ca bệnh số {day}.",
                             url=f"https://suckhoe.vn/sxh-{day}.html",
                             published=f"2026-10-{day:02d}T08:00:00") for day in range(6, 20)]
    today = [make_article(f"Sốt xuất huyết tăng vọt, ổ dịch {n}", "Số ca tăng nhanh.",
                          url=f"https://suckhoe.vn/sxh-20-{n}.html",
                          published="2026-10-20T09:00:00") for n in range(3)]
    store.upsert_articles([*articles, *today])
    rule = store.transact(lambda s: list_rules(s, LOCAL_ORG))[0]
    assert run_rule(store, rule, now + timedelta(hours=1)) == 0  # 1 → 3 is no spike
    more = [make_article(f"Sốt xuất huyết: thêm ổ dịch {n}", "Số ca tăng nhanh.",
                         url=f"https://suckhoe.vn/sxh-20b-{n}.html",
                         published="2026-10-20T10:00:00") for n in range(6)]
    store.upsert_articles(more)
    assert evaluate_due(store, now + timedelta(hours=2)) == 1
    assert evaluate_due(store, now + timedelta(hours=2, minutes=5)) == 0  # not due yet
    assert evaluate_due(store, now + timedelta(hours=3)) == 0  # due, already alerted today
    [message] = _messages(store)
    assert "tăng đột biến" in str(message["subject"]) and rule_id in str(message["key"])


def test_rule_checks_and_removal(store: Store) -> None:
    store.transact(lambda s: saved.save(s, LOCAL_ORG, "Bão", "bão"))
    with pytest.raises(InputError):
        store.transact(lambda s: add_rule(s, LOCAL_ORG, "Bão", "entity_title",
                                          destinations=[destination("atom")]))
    with pytest.raises(InputError):
        destination("email", "không phải thư")
    with pytest.raises(InputError):
        store.transact(lambda s: add_rule(s, LOCAL_ORG, "Bão", "spike",
                                          destinations=[destination("atom")],
                                          schedule="khi nào rảnh"))
    rule = store.transact(lambda s: add_rule(s, LOCAL_ORG, "Bão", "new_story",
                                             destinations=[destination("atom")]))
    store.transact(lambda s: remove_rule(s, LOCAL_ORG, rule.id))
    store.transact(lambda s: add_rule(s, LOCAL_ORG, "Bão", "new_story",
                                      destinations=[destination("atom")]))
    store.transact(lambda s: saved.remove(s, LOCAL_ORG, "Bão"))  # takes its rules along
    assert store.transact(lambda s: list_rules(s, LOCAL_ORG)) == []


def test_topics_filter(store: Store, news: list[Article]) -> None:
    """Until the query language has ``topic:``, a topic filter is refused rather than
    searched as words; then a topic filter must narrow the matches."""
    try:
        query = parse_query('topic:"x"')
    except InputError:
        pytest.skip("topic: does not parse yet (the workbench branch adds it)")
    if "topic" not in FILTER_FIELDS:
        assert query.node is not None  # read as words today: hence the refusal
        with pytest.raises(InputError, match="topic"):
            store.transact(lambda s: saved.save(s, LOCAL_ORG, "Y tế", "mưa", topics=("Y tế",)))
        return
    made = store.transact(lambda s: saved.save(s, LOCAL_ORG, "Thời tiết", "mưa",
                                               topics=("Thời tiết",)))
    assert 'topic:"Thời tiết"' in made.query_text()
    store.upsert_articles(news)
    assert store.count(made.query()).total <= store.count(parse_query("mưa")).total
