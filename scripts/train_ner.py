#!/usr/bin/env python3
"""Train diemtin's Vietnamese NER and title taggers (two CRFs over syllables).

    python scripts/train_ner.py convert      # data/ner-extra/sentences.txt -> .jsonl
    python scripts/train_ner.py train        # writes src/diemtin/data/ner/*.crfsuite

Training data: ../shared/data/ner-vi-vtb/train.jsonl and dev.jsonl (real news, ORG
silver; weighted twice), the hand-written sentences of data/ner-extra/sentences.jsonl
(weighted twice) and 2,500 synthetic sentences drawn from data/ner-extra/templates.txt
(seed 32). Neither ner-vi-dev nor ner-vi-vtb test is ever read here: bench/ner.py
measures on them, and tests/nlp/test_ner_training_data.py fails when the hand-written or
synthetic data shares a person's name or a sentence with ner-vi-dev. The shipped models
come from the defaults (``python scripts/train_ner.py convert && python
scripts/train_ner.py train``); ``--vtb train`` trains without vtb dev, to study errors on it.

Markup of sentences.txt and templates.txt: ``[P name]`` ``[O body]`` ``[L place]``;
``{>title}`` belongs to the next person, ``{<title}`` to the previous one.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

import pycrfsuite

from diemtin.nlp._ner_features import (
    SENTENCE_OPENING,
    lexicon_tags,
    sentence_features,
    title_features,
)
from diemtin.nlp._ner_lexicon import load_lexicon
from diemtin.nlp._ner_tokens import Tokens, tokenize

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "data" / "ner-extra"
VTB = ROOT.parent / "shared" / "data" / "ner-vi-vtb"
VTB_SPLITS = ("train.jsonl", "dev.jsonl")  # never test.jsonl: bench/ner.py measures on it
MODEL_DIR = ROOT / "src" / "diemtin" / "data" / "ner"
LABELS = {"P": "PER", "O": "ORG", "L": "LOC"}
SYNTH = 2500  # synthetic sentences drawn from templates.txt
SEED = 32  # the first seed from 13 whose draw shares no name or sentence with ner-vi-dev
# (common full names come up by chance; the check is
# tests/nlp/test_ner_training_data.py)
Record = dict[str, Any]


def parse_markup(line: str, rid: str) -> Record:
    """Turn one markup line into a record of the shared JSONL format."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, int]] = []
    ents: list[dict[str, Any]] = []
    titles: list[tuple[str, int, int]] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "[" and line[i + 1 : i + 3] in ("P ", "O ", "L "):
            stack.append((LABELS[line[i + 1]], pos))
            i += 3
            continue
        if ch == "{" and line[i + 1 : i + 2] in "<>":
            stack.append(("T" + line[i + 1], pos))
            i += 2
            continue
        if ch in "]}" and stack:
            kind, start = stack.pop()
            if kind.startswith("T"):
                titles.append((kind[1], start, pos))
            else:
                ents.append({"start": start, "end": pos, "label": kind})
            i += 1
            continue
        out.append(ch)
        pos += 1
        i += 1
    if stack:
        raise ValueError(f"{rid}: unclosed markup in {line!r}")
    text = "".join(out)
    ents.sort(key=lambda e: e["start"])
    for ent in ents:
        ent["text"] = text[ent["start"] : ent["end"]]
    _attach(titles, ents, text, rid)
    return {"id": rid, "text": text, "entities": ents}


def _attach(titles: list[tuple[str, int, int]], ents: list[Record], text: str, rid: str) -> None:
    """Give each marked title to the person it points to."""
    people = [e for e in ents if e["label"] == "PER"]
    for direction, start, end in titles:
        if direction == ">":
            target = next((p for p in people if p["start"] >= end), None)
        else:
            target = next((p for p in reversed(people) if p["end"] <= start), None)
        if target is None:
            raise ValueError(f"{rid}: title {text[start:end]!r} has no person")
        target["title"] = text[start:end]


def convert() -> None:
    """Compile data/ner-extra/sentences.txt into sentences.jsonl."""
    lines = (EXTRA / "sentences.txt").read_text(encoding="utf-8").splitlines()
    records = [
        parse_markup(line.strip(), f"x{n:04d}")
        for n, line in enumerate((x for x in lines if x.strip() and x[0] != "#"), 1)
    ]
    with (EXTRA / "sentences.jsonl").open("w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records", file=sys.stderr)


def read_pools() -> tuple[dict[str, list[str]], list[str]]:
    """Pools and templates of templates.txt."""
    pools: dict[str, list[str]] = {}
    templates: list[str] = []
    for raw in (EXTRA / "templates.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            name, _, values = line[1:].partition("=")
            pools[name.strip()] = [v.strip() for v in values.split("|")]
        else:
            templates.append(line)
    return pools, templates


class _Filler:
    """Fills the ``$SLOT``s of one template, remembering the last person drawn."""

    def __init__(self, pools: dict[str, list[str]], rng: random.Random) -> None:
        self.pools = pools
        self.rng = rng
        self.last = "Hùng"

    def name(self) -> str:
        roll = self.rng.random()
        pick = self.rng.choice
        if roll < 0.2:
            full = pick(self.pools["ETHNIC"])
        elif roll < 0.3:
            full = f"{pick(self.pools['SUR'])} {pick(self.pools['GIVEN'])}"
        elif roll < 0.4:
            full = " ".join([pick(self.pools["SUR"]), pick(self.pools["MID"]),
                             pick(self.pools["MID"]), pick(self.pools["GIVEN"])])
        else:
            full = " ".join([pick(self.pools["SUR"]), pick(self.pools["MID"]),
                             pick(self.pools["GIVEN"])])
        self.last = full.split()[-1]
        return full

    def fill(self, template: str) -> str:
        def repl(match: re.Match[str]) -> str:
            slot = match.group(1)
            if slot == "NAME":
                return self.name()
            if slot == "SHORT":
                return self.last
            value = self.rng.choice(self.pools[slot])
            if slot == "FNAME":
                value = self.fill(value)
                self.last = value.split()[-1]
                return value
            return self.fill(value)

        return re.sub(r"\$([A-Z0-9]+)", repl, template)


def synth_records(count: int, seed: int) -> list[Record]:
    """``count`` synthetic records drawn from templates.txt."""
    pools, templates = read_pools()
    rng = random.Random(seed)
    filler = _Filler(pools, rng)
    out = []
    for n in range(count):
        line = filler.fill(rng.choice(templates))
        line = line[0].upper() + line[1:] if line[0].islower() else line
        out.append(parse_markup(line, f"syn{n}"))
    return out


def read_jsonl(path: Path) -> list[Record]:
    """Records of one JSONL file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_tags(rec: Record, toks: Tokens) -> tuple[list[str], list[str]]:
    """BIO entity tags and title tags (``B-T``/``I-T``) of one record's tokens."""
    ents = ["O"] * len(toks.words)
    titles = ["O"] * len(toks.words)
    index = {start: i for i, start in enumerate(toks.starts)}
    for ent in rec["entities"]:
        _mark(ents, toks, index[ent["start"]], ent["end"], ent["label"])
        if "title" in ent:
            start = _title_start(rec["text"], ent)
            if start in index:
                _mark(titles, toks, index[start], start + len(ent["title"]), "T")
    return ents, titles


def _mark(tags: list[str], toks: Tokens, first: int, end: int, label: str) -> None:
    i = first
    while i < len(tags) and toks.ends[i] <= end:
        tags[i] = ("B-" if i == first else "I-") + label
        i += 1


def _title_start(text: str, ent: Record) -> int:
    """Where the title nearest to the person starts."""
    title, best, where = ent["title"], 10**9, -1
    at = text.find(title)
    while at >= 0:
        end = at + len(title)
        gap = ent["start"] - end if end <= ent["start"] else at - ent["end"]
        if 0 <= gap < best:
            best, where = gap, at
        at = text.find(title, at + 1)
    return where


def sequences(records: list[Record]) -> tuple[list[Any], list[Any]]:
    """Entity and title training sequences (features, labels) of ``records``."""
    lexicon = load_lexicon()
    ent_seqs, title_seqs = [], []
    for rec in records:
        toks = tokenize(rec["text"])
        ents, titles = gold_tags(rec, toks)
        for first, last in toks.sentences:
            words = toks.words[first:last]
            lex = lexicon_tags(lexicon, words)
            feats = sentence_features(words, toks.glued[first:last], lex)
            ent_seqs.append((feats, ents[first:last]))
            if "B-PER" in ents[first:last]:
                tfeats = title_features(words, lex, ents[first:last])
                title_seqs.append((tfeats, titles[first:last]))
    return ent_seqs, title_seqs


def openers(records: list[Record]) -> list[str]:
    """Lower-cased capitalized words that open a sentence (or a quote) outside any entity."""
    found: set[str] = set()
    for rec in records:
        toks = tokenize(rec["text"])
        ents, _ = gold_tags(rec, toks)
        for first, last in toks.sentences:
            for i in range(first, last):
                word = toks.words[i]
                initial = i == first or toks.words[i - 1] in SENTENCE_OPENING
                if initial and ents[i] == "O" and word[0].isupper() and word.isalpha():
                    found.add(word.lower())
    return sorted(found)


def train_one(seqs: list[Any], path: Path, args: argparse.Namespace) -> None:
    """Train one CRF with L-BFGS and write it to ``path``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in seqs:
        trainer.append(feats, labels)
    trainer.set_params({
        "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
        "feature.possible_transitions": True, "feature.minfreq": args.minfreq,
    })
    started = time.time()
    trainer.train(str(path))
    print(f"{path.name}: {len(seqs)} sequences, {time.time() - started:.0f}s, "
          f"{path.stat().st_size / 1e6:.2f} MB", file=sys.stderr)


def training_records(args: argparse.Namespace) -> list[Record]:
    """Every training record: treebank, hand-written (twice) and synthetic."""
    extra = read_jsonl(EXTRA / "sentences.jsonl")
    splits = [name for name in VTB_SPLITS if name.removesuffix(".jsonl") in args.vtb.split(",")]
    records = [rec for name in splits if (VTB / name).exists() for rec in read_jsonl(VTB / name)]
    return records * args.vtb_weight + extra * 2 + synth_records(args.synth, args.seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["convert", "train"])
    parser.add_argument("--vtb", default="train,dev",
                        help="ner-vi-vtb splits to train on: train,dev (shipped) or train "
                             "(to study errors on vtb dev)")
    parser.add_argument("--vtb-weight", type=int, default=2, help="copies of each vtb record")
    parser.add_argument("--synth", type=int, default=SYNTH)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.1)
    parser.add_argument("--minfreq", type=float, default=1)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    if args.command == "convert":
        convert()
        return 0
    records = training_records(args)
    (args.out / "openers.txt").write_text("\n".join(openers(records)) + "\n", encoding="utf-8")
    ent_seqs, title_seqs = sequences(records)
    train_one(ent_seqs, args.out / "entities.crfsuite", args)
    train_one(title_seqs, args.out / "titles.crfsuite", args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
