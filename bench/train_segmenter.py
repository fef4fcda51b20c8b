"""Train diemtin's word segmenter (a CRF) on the UD Vietnamese-VTB train split.

The model learns from the train split only. Its lexicon joins three sources:

* the multi-syllable words of the train split;
* an external word list (by default pyvi's ``models/words.txt``, MIT licence, a general
  Vietnamese dictionary of about 31,000 entries), when given;
* diemtin's hand-written places (``diemtin/text/_segment_names.py``).

Lexicon features of a training sentence come from a lexicon that leaves out the train
words of that sentence's fold (jackknifing), so the CRF learns how far to trust the
lexicon on words it has never seen, as at tagging time.

Run from the repository root (about a minute on one core)::

    python bench/train_segmenter.py --eval dev

Writes ``src/diemtin/data/models/segmenter.json.gz``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycrfsuite

from diemtin.text._segment_features import (
    Lexicon,
    key_of_word,
    sequence_features,
    token_info,
)
from diemtin.text._segment_model import MODEL_FILE, load_model, save_model
from diemtin.text._segment_names import PLACES
from diemtin.text._segment_tokens import pretokenize
from diemtin.text.segment import word_spans
from segment import DATA, gold_spans, read_conllu, score

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "diemtin" / "data" / "models"


def pyvi_words() -> Path | None:
    """Path of pyvi's word list, if pyvi is installed (read as a file, not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("pyvi")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "models" / "words.txt"
    return path if path.exists() else None


def sentence_items(words: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Keys, shapes and gold labels of the tokens of one gold sentence."""
    text, spans = gold_spans(words)
    starts = {start for start, _ in spans}
    keys, shapes, labels = [], [], []
    for start, end, kind in pretokenize(text):
        key, shape = token_info(text[start:end], kind)
        keys.append(key)
        shapes.append(shape)
        labels.append("B" if start in starts else "I")
    return keys, shapes, labels


def word_keys(sentences: Iterable[Sequence[str]]) -> set[str]:
    return {key_of_word(word) for words in sentences for word in words if " " in word}


def train(
    sentences: list[list[str]], external: set[str], model_path: Path, options: argparse.Namespace
) -> None:
    folds = options.folds
    trainer = pycrfsuite.Trainer(verbose=False)
    for fold in range(folds):
        others = [s for i, s in enumerate(sentences) if i % folds != fold]
        lexicon = Lexicon.build(external | (word_keys(others) if options.train_words else set()))
        for words in sentences[fold::folds]:
            keys, shapes, labels = sentence_items(words)
            trainer.append(sequence_features(keys, shapes, lexicon), labels)
    trainer.set_params({
        "c1": options.c1,
        "c2": options.c2,
        "max_iterations": options.iterations,
        "feature.possible_transitions": True,
    })
    trainer.train(str(model_path))


def crf_weights(path: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Per-feature weight of "I" minus "B", and the four transition weights."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    weights: dict[str, float] = {}
    for (attribute, label), weight in info.state_features.items():
        sign = 1.0 if label == "I" else -1.0
        weights[attribute] = weights.get(attribute, 0.0) + sign * weight
    transitions = {a + b: info.transitions.get((a, b), 0.0) for a in "BI" for b in "BI"}
    return {k: v for k, v in weights.items() if v}, transitions


def evaluate(path: Path, sentences: list[list[str]]) -> dict[str, float]:
    model = load_model(str(path))
    gold, predicted = [], []
    started = time.perf_counter()
    for words in sentences:
        text, spans = gold_spans(words)
        gold.append(spans)
        predicted.append(word_spans(text, model=model))
    result = score(gold, predicted)
    result["words/s"] = sum(len(g) for g in gold) / (time.perf_counter() - started)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--words", type=Path, default=pyvi_words(),
                        help="external word list, one word a line (default: pyvi's)")
    parser.add_argument("--no-words", action="store_true", help="use no external word list")
    parser.add_argument("--train-words", action="store_true",
                        help="add the train split's words to the lexicon (jackknifed)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--eval", default="", help="splits to score after training: dev,test")
    options = parser.parse_args(argv)

    sentences = read_conllu(options.data / "vi_vtb-ud-train.conllu")
    external = set(PLACES)
    if options.words and not options.no_words:
        lines = options.words.read_text(encoding="utf-8").splitlines()
        external |= {key_of_word(line) for line in lines if " " in line.strip()}
    options.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        crf = Path(scratch) / "segmenter.crfsuite"
        train(sentences, external, crf, options)
        weights, transitions = crf_weights(crf)
    lexicon = external | (word_keys(sentences) if options.train_words else set())
    about = {
        "trained_on": "UD_Vietnamese-VTB train (CC BY-SA 4.0)",
        "word_list": options.words.name if options.words and not options.no_words else None,
        "options": {"c1": options.c1, "c2": options.c2, "iterations": options.iterations,
                    "folds": options.folds, "train_words": options.train_words},
    }
    save_model(options.out / MODEL_FILE, weights, transitions, lexicon, about)
    print(f"trained in {time.perf_counter() - started:.1f} s; {len(weights)} features, "
          f"lexicon {len(lexicon)} entries")
    for split in filter(None, options.eval.split(",")):
        sentences = read_conllu(options.data / f"vi_vtb-ud-{split}.conllu")
        result = evaluate(options.out / MODEL_FILE, sentences)
        print(split, " ".join(f"{name}={value:.2f}" for name, value in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
