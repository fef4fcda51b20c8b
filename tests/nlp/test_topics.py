"""Tests of diemtin.nlp.topics: the taxonomy, accuracy floors on the gold set written for
diemtin (data/topics-gold) and on the bundled sample corpus."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from diemtin.models import from_dict
from diemtin.nlp.doc import title_and_lead
from diemtin.nlp.topics import TOPICS, TopicModel, classify, load_topic_model
from diemtin.text.segment import word_spans

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "data" / "topics-gold" / "items.jsonl"
SAMPLE = REPO / "src" / "diemtin" / "data" / "sample"
SECTIONS = {"thời tiết": "môi trường – thiên tai", "môi trường": "môi trường – thiên tai",
            "khoa học - công nghệ": "khoa học – công nghệ"}


def _gold() -> list[dict[str, str]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def test_model_knows_the_fourteen_topics() -> None:
    assert load_topic_model().labels == TOPICS
    assert len(TOPICS) == 14


def test_gold_set_covers_every_topic_in_both_splits() -> None:
    items = _gold()
    assert len(items) >= 120
    for split in ("train", "test"):
        assert {i["topic"] for i in items if i["split"] == split} == set(TOPICS)


@pytest.mark.parametrize(("text", "label"), [
    ("Tiền đạo ghi hai bàn giúp đội tuyển vào chung kết.", "thể thao"),
    ("Bệnh viện tỉnh cấp cứu thành công bệnh nhân đột quỵ.", "sức khỏe"),
    ("Công an khởi tố vụ án lừa đảo chiếm đoạt tài sản.", "pháp luật"),
    ("Giá xuất khẩu gạo tăng, doanh nghiệp lãi lớn.", "kinh tế"),
])
def test_clear_cases(text: str, label: str) -> None:
    topic = classify(text, word_spans(text))
    assert topic.label == label
    assert topic.ranking[0] == (topic.label, topic.score)
    assert abs(sum(p for _, p in topic.ranking) - 1.0) < 0.5


def _train_topics() -> ModuleType:
    """``scripts/train_topics.py``, imported by path."""
    path = REPO / "scripts" / "train_topics.py"
    spec = importlib.util.spec_from_file_location("train_topics", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_issue_13_accuracy_floor_on_the_held_out_gold_split() -> None:
    """The shipped model learned from both gold splits, so it is not measured on them:
    a model built exactly as the shipped one (its smoothing and prior weight, the seeds)
    but from the train split only is measured on the test split it never saw. Measured
    0.804 (45/56); the floor leaves a margin."""
    train = _train_topics()
    shipped = json.loads(gzip.decompress(train.OUT.read_bytes()))
    gold, seeds = train.load_gold(), train.load_seeds()
    counts = train.counts_of(gold["train"], seeds, shipped["seed_weight"])
    model = TopicModel.from_counts(TOPICS, counts, shipped["alpha"])
    texts = {split: {i["text"] for i in _gold() if i["split"] == split}
             for split in ("train", "test")}
    assert not texts["train"] & texts["test"]
    assert train.accuracy(model, gold["test"]) >= 0.75


def test_accuracy_floor_on_the_sample_corpus() -> None:
    """Held-out text (never trained on): 0.85 measured; the floor leaves a margin."""
    right = total = 0
    for path in sorted(SAMPLE.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            article = from_dict({"id": "sample", **json.loads(line)})
            label = SECTIONS.get((article.section or "").lower(), (article.section or "").lower())
            if label not in TOPICS:
                continue
            title_end, _ = title_and_lead(article.text)
            total += 1
            right += classify(article.text, word_spans(article.text),
                              title_end=title_end).label == label
    assert total >= 80
    assert right / total >= 0.75


def test_model_from_counts_prefers_the_counted_topic() -> None:
    model = TopicModel.from_counts(("a", "b"), {"x": [5, 0], "y": [0, 5]}, 0.1)
    assert model.scores([("x", 1.0)])[0][0] == "a"
    assert model.scores([])[0][1] == pytest.approx(0.5)
