"""Lazy loading of the NER models shipped in ``diemtin/data/ner``.

Two CRFs trained by ``scripts/train_ner.py``: ``entities.crfsuite`` tags PER/ORG/LOC with
BIO labels over syllables; ``titles.crfsuite`` tags the titles attached to people. The
loader is cached per process; the taggers are never stored on picklable objects.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import pycrfsuite

from diemtin.errors import DiemtinError
from diemtin.nlp._ner_lexicon import Lexicon, load_lexicon

ENTITY_MODEL = "entities.crfsuite"
TITLE_MODEL = "titles.crfsuite"
OPENERS = "openers.txt"  # lower-cased words that often open a sentence outside any name


@dataclass(frozen=True)
class Models:
    """The lexicon, the two taggers, the features they weigh and the sentence openers."""

    lexicon: Lexicon
    entities: Any
    titles: Any
    known: frozenset[str]
    title_known: frozenset[str]
    openers: frozenset[str]


def _resource(name: str) -> Traversable:
    """One file of ``diemtin/data/ner`` written by the training script."""
    ref = resources.files("diemtin").joinpath("data", "ner", name)
    if not ref.is_file():
        raise DiemtinError(
            f"NER model file {name} is missing from diemtin/data/ner; "
            "run `python scripts/train_ner.py train` to build it"
        )
    return ref


def _open(stack: ExitStack, name: str) -> Any:
    """Open one shipped CRF model."""
    path = stack.enter_context(resources.as_file(_resource(name)))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


@lru_cache(maxsize=1)
def load_models() -> Models:
    """Load the lexicon and both taggers once per process."""
    stack = ExitStack()
    entities = _open(stack, ENTITY_MODEL)
    titles = _open(stack, TITLE_MODEL)
    entity_known = frozenset(attr for attr, _ in entities.info().state_features)
    title_known = frozenset(attr for attr, _ in titles.info().state_features)
    openers = frozenset(_resource(OPENERS).read_text(encoding="utf-8").split())
    return Models(
        load_lexicon(), entities, titles, entity_known | title_known, title_known, openers
    )
