"""Stories: online assignment, copies, closing, determinism, decision fitting."""

from __future__ import annotations

import pickle
from datetime import timedelta

import pytest

from diemtin.link.decision import fit, probability
from diemtin.link.inputs import content_words, story_input, training_samples
from diemtin.link.stories import StoryIndex, StoryInput, StoryOptions, assign
from tests.link.conftest import BRIDGE, FLOOD, make_article, weather

FLOOD_FOLLOW_UP = [
    "Sáng 16/9, nước sông Chảy đã rút, xã Bảo Hà, tỉnh Lào Cai huy động lực lượng dọn bùn "
    "đất, khơi thông đường giao thông sau trận lũ lớn.",
    "Ông Nguyễn Văn Hòa, Chủ tịch UBND xã Bảo Hà cho biết 1.250 hộ dân di dời đã trở về nhà; "
    "lúa và hoa màu bị vùi lấp, xã đề nghị tỉnh hỗ trợ giống cây trồng.",
]


def _items() -> list[StoryInput]:
    articles = [
        make_article("lu-1", FLOOD, title="Lũ sông Chảy gây ngập sâu xã Bảo Hà"),
        make_article("cau-1", BRIDGE, outlet="Báo Quảng Trị", hours=5,
                     title="Khánh thành cầu Hiền Lương mới"),
        make_article("lu-2", FLOOD_FOLLOW_UP, outlet="Báo Nông Thôn", hours=48,
                     title="Bảo Hà dọn dẹp sau lũ sông Chảy"),
        make_article("thoi-tiet", weather(15, 20, 29, "Huế"), outlet="KTTV", hours=24,
                     title="Dự báo thời tiết ngày 15/10"),
    ]
    items = [story_input(a) for a in articles]
    copy = story_input(make_article("lu-1-copy", FLOOD, outlet="Báo Chép", hours=3),
                       copy_of="lu-1")
    return [*items, copy]


def test_stories_follow_up_joins_and_copy_counts_once() -> None:
    index = StoryIndex()
    options = StoryOptions(weights=(-3.0, 12.0, 2.0, 1.0, 1.0, 0.0, -1.0, 0.0), join=0.5)
    stories = assign(index, _items(), options=options)
    assert stories["lu-2"] == stories["lu-1"] == stories["lu-1-copy"]
    assert len({stories["lu-1"], stories["cau-1"], stories["thoi-tiet"]}) == 3
    assert index.documents == 4  # the copy did not count in the vectors


def test_stories_same_input_same_stories_and_batches_equal_one() -> None:
    items = _items()
    one = assign(StoryIndex(), items)
    index = StoryIndex()
    assign(index, items[:2])
    two = assign(pickle.loads(pickle.dumps(index)), items[2:])
    assert {k: v for k, v in one.items() if k in two} == two
    assert assign(StoryIndex(), list(reversed(items))) == one


def test_stories_quiet_story_closes() -> None:
    first, later = _items()[0], _items()[2]
    late = StoryInput(later.id, first.time + timedelta(days=30), later.title_words,
                      later.words)
    index = StoryIndex()
    stories = assign(index, [first, late], options=StoryOptions(close_days=7))
    assert stories[first.id] != stories[late.id]
    assert not index.stories[stories[first.id]].is_open


def test_stories_decision_fits_a_separable_set() -> None:
    same, other = (0.9, 0.5, 0.2, 0.5, 0.8, 0.1, 1.0), (0.05, 0.0, 0.0, 0.3, 0.1, 2.0, 1.0)
    samples = [same] * 5 + [other] * 20
    weights = fit(samples, [True] * 5 + [False] * 20, balanced=True)
    assert probability(samples[0], weights) > 0.9 > 0.1 > probability(samples[-1], weights)
    with pytest.raises(ValueError):
        fit(samples[:3], [True] * 3)


def test_stories_training_samples_label_the_gold_story() -> None:
    items = _items()[:4]
    gold = {"lu-1": "lu", "lu-2": "lu", "cau-1": "cau", "thoi-tiet": "tt"}
    samples, labels = training_samples(items, gold)
    assert sum(labels) == 1 and len(samples) == len(labels)


def test_stories_content_words_fold_and_drop_punctuation() -> None:
    assert content_words("Lào Cai: mưa lớn, 2026.") == ("lao cai", "mua", "lon")
