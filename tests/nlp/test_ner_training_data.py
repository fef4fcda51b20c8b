"""Issue 13: nothing of the NER evaluation sets may be in the NER training data.

The training data of ``scripts/train_ner.py`` (hand-written sentences, the synthetic
sentences it draws with its default seed, the treebank's train and dev splits) is compared
with each evaluation set (``../shared/data/ner-vi-dev`` and the project's own
``bench/data/ner-articles``, whole articles written by someone who never saw the
recognizer): no person's name of two syllables or more may be shared
by the hand-written or synthetic data, and no training sentence may paraphrase a dev
sentence (same opening words, or half of its word 5-grams shared). Names in the real
treebank text are exempt: it is independent news of the early 2000s, and a historical
figure it names ("Hồ Chí Minh") is not taken from the dev set. Skipped when the shared
data is absent.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "data" / "ner-vi-dev" / "dev.jsonl"
ARTICLES = REPO / "bench" / "data" / "ner-articles" / "articles.jsonl"
EVAL_SETS = [path for path in (DEV, ARTICLES) if path.exists()]
GRAM = 5
PREFIX_WORDS = 12
pytestmark = pytest.mark.skipif(not DEV.exists(), reason="../shared/data/ner-vi-dev is absent")

Record = dict[str, Any]


@lru_cache(maxsize=1)
def _train_ner() -> ModuleType:
    path = REPO / "scripts" / "train_ner.py"
    spec = importlib.util.spec_from_file_location("train_ner", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@lru_cache(maxsize=1)
def _written() -> tuple[Record, ...]:
    """Hand-written and synthetic training records, as the training script builds them."""
    train = _train_ner()
    extra = _read(train.EXTRA / "sentences.jsonl")
    return (*extra, *train.synth_records(train.SYNTH, train.SEED))


def _treebank() -> list[Record]:
    train = _train_ner()
    return [rec for name in train.VTB_SPLITS if (train.VTB / name).exists()
            for rec in _read(train.VTB / name)]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _person_names(records: Iterable[Record]) -> set[str]:
    return {e["text"] for r in records for e in r["entities"]
            if e["label"] == "PER" and len(e["text"].split()) >= 2}


def _pool_names() -> set[str]:
    pools, _ = _train_ner().read_pools()
    return {name for pool in ("ETHNIC", "FOREIGN") for name in pools[pool]}


def _overlaps(texts: Iterable[str], dev: list[Record]) -> list[tuple[str, str]]:
    """(training text, dev text) pairs with the same opening or many shared 5-grams."""
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)
    openings: dict[tuple[str, ...], int] = {}
    sizes = []
    for n, rec in enumerate(dev):
        words = _words(rec["text"])
        grams = {tuple(words[i : i + GRAM]) for i in range(len(words) - GRAM + 1)}
        sizes.append(len(grams))
        for gram in grams:
            index[gram].add(n)
        if len(words) >= PREFIX_WORDS:
            openings[tuple(words[:PREFIX_WORDS])] = n
    found = []
    for text in texts:
        words = _words(text)
        grams = {tuple(words[i : i + GRAM]) for i in range(len(words) - GRAM + 1)}
        shared: dict[int, int] = defaultdict(int)
        for gram in grams:
            for n in index.get(gram, ()):
                shared[n] += 1
        hits = [n for n, k in shared.items() if k / max(min(len(grams), sizes[n]), 1) >= 0.5]
        if len(words) >= PREFIX_WORDS and tuple(words[:PREFIX_WORDS]) in openings:
            hits.append(openings[tuple(words[:PREFIX_WORDS])])
        found += [(text, dev[n]["text"]) for n in hits]
    return found


@pytest.mark.parametrize("eval_set", EVAL_SETS, ids=lambda path: path.parent.name)
def test_issue_13_no_dev_person_name_in_written_training_data(eval_set: Path) -> None:
    dev_names = _person_names(_read(eval_set))
    shared = (_person_names(_written()) | _pool_names()) & dev_names
    assert not shared, f"{eval_set.parent.name} names in training data: {sorted(shared)}"


@pytest.mark.parametrize("eval_set", EVAL_SETS, ids=lambda path: path.parent.name)
def test_issue_13_no_training_sentence_paraphrases_a_dev_sentence(eval_set: Path) -> None:
    texts = [r["text"] for r in _written()] + [r["text"] for r in _treebank()]
    found = _overlaps(texts, _read(eval_set))
    assert not found, f"{len(found)} training sentences overlap {eval_set.parent.name}: " \
        f"{found[:3]}"


def test_overlap_check_catches_a_paraphrase_and_a_shared_name() -> None:
    dev = [{"text": "Petrolimex điều chỉnh giá bán lẻ xăng dầu từ 15 giờ chiều nay.",
            "entities": [{"label": "PER", "text": "Hà Văn Tứ"}]}]
    copy = "Petrolimex và PV Oil điều chỉnh giá bán lẻ xăng dầu từ 15 giờ chiều nay."
    assert _overlaps([copy, "Giá vàng hôm nay tăng nhẹ."], dev) == [(copy, dev[0]["text"])]
    assert _person_names(dev) & {"Hà Văn Tứ"}


def _shipped_texts() -> Iterable[tuple[str, str]]:
    """(path, text) of every committed file that ships or builds the models and rules."""
    listed = subprocess.run(["git", "ls-files", "src", "data", "scripts"], cwd=REPO,
                            capture_output=True, text=True, check=False).stdout.split()
    for name in listed:
        path = REPO / name
        if path.suffix in {".py", ".txt", ".jsonl", ".json", ".tsv", ".md"} and path.is_file():
            yield name, path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("eval_set", EVAL_SETS, ids=lambda path: path.parent.name)
def test_issue_13_no_dev_person_name_in_shipped_code_or_data(eval_set: Path) -> None:
    """No full name (3+ syllables) of an evaluation set's person in src/, data/ or scripts/.

    Names the real treebank also carries are public figures, not leaks (the same rule
    as the project's pre-stop check).
    """
    real = {e["text"] for r in _treebank() for e in r["entities"]}
    names = {n for n in _person_names(_read(eval_set)) if len(n.split()) >= 3} - real
    found = sorted({(path, name) for path, text in _shipped_texts() for name in names
                    if name in text})
    assert not found, f"{eval_set.parent.name} names in shipped files: {found[:10]}"
