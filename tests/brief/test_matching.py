"""In-memory matching of a batch: the same answers as the store's search."""

from __future__ import annotations

import pytest

from diemtin.brief.matching import BatchIndex, candidates, is_spike, matches, spike_score
from diemtin.models import Article
from diemtin.search.query import parse_query
from diemtin.store import Store

QUERIES = ['"Lào Cai"', "lao cai", "mưa OR bão", "mưa NOT ngập", "title:sạt", "Đảng",
           "dang", '"sạt lở" outlet:"Báo Tây Bắc"', "tỉnh NOT (mưa OR bão)", "Quảng Ngãi",
           'outlet:"Thời Báo Thủ Đô"', "khau pha", '"đèo Khau Phạ" -"Quốc lộ 32"']


@pytest.mark.parametrize("text", QUERIES)
def test_batch_matching_agrees_with_the_store(filled_store: Store, news: list[Article],
                                              text: str) -> None:
    query = parse_query(text)
    pool = candidates(filled_store, news, {})
    found = {c.article.id for c in BatchIndex(pool).matching(query)}
    assert found == {c.article.id for c in pool if matches(query, c)}
    stored = {hit.article.id for hit in filled_store.search(query, limit=100).hits}
    assert found == stored, text


def test_spike_score_floor_and_minimum() -> None:
    assert spike_score(3, [0] * 14) == 3.0  # floor of 1 on the deviation
    assert not is_spike(3, [0] * 14)  # fewer than 5
    assert is_spike(5, [0] * 14)
    assert not is_spike(20, [10, 30] * 7)  # (20 - 20) / 10
    assert spike_score(4, []) == 0.0
