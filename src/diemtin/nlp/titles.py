"""Titles attached to people: "Phó Bí thư Tỉnh ủy Lào Cai Hoàng Giang".

A CRF (``titles.crfsuite``) marks title spans in sentences that name a person; rules of
the annotation guidelines then give each title to one person:

* an appositive right after the name, set off by a comma, a dash or a parenthesis
  ("Hoàng Giang, Phó Bí thư Tỉnh ủy"), possibly after an age ("Lộc, 58 tuổi, nguyên ...");
* a title right before the name, with only honorifics, ranks or degrees between
  ("Phó Bí thư Tỉnh ủy Lào Cai Hoàng Giang", "Giám đốc Công an tỉnh, Đại tá Hà Văn A");
* a title standing before a name belongs to that name even when it also follows another
  person ("Phó Chủ tịch UBND tỉnh Lê Văn Tâm, Giám đốc Sở Tài chính Vũ Thị Hà"); when a
  person has both, the appositive after the name wins.

:func:`find_titles` runs this on mentions found elsewhere; :mod:`diemtin.nlp.entities`
calls the same helpers on its own tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from diemtin.models import Mention
from diemtin.nlp._ner_features import lexicon_tags, title_features
from diemtin.nlp._ner_model import load_models
from diemtin.nlp._ner_tokens import Tokens, tokenize

TokenSpan = tuple[int, int]
_SEPARATORS = frozenset(",-–—(:")
_EDGE = " \t\n\u00a0,.;:-–—("
_AGE_WORDS = frozenset(("tuổi", "sinh", "năm"))


def spans_from_tags(tags: Sequence[str], label: str) -> list[TokenSpan]:
    """Token ranges tagged ``B-label``/``I-label`` (a stray ``I-`` opens a span)."""
    out: list[TokenSpan] = []
    begin, inside = "B-" + label, "I-" + label
    start = -1
    for i, tag in enumerate(tags):
        if tag == begin or (tag == inside and start < 0):
            if start >= 0:
                out.append((start, i))
            start = i
        elif tag != inside and start >= 0:
            out.append((start, i))
            start = -1
    if start >= 0:
        out.append((start, len(tags)))
    return out


def merge_title_spans(words: Sequence[str], spans: list[TokenSpan]) -> list[TokenSpan]:
    """Join title spans separated by one comma: "Ủy viên Ban Thường vụ, Trưởng Ban ..."."""
    out: list[TokenSpan] = []
    for span in spans:
        if out and span[0] == out[-1][1] + 1 and words[out[-1][1]] == ",":
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


def _gap_before(words: Sequence[str], lex: Sequence[tuple[str, ...]], i: int, j: int) -> bool:
    """Whether tokens ``i:j`` between a title and a name are honorifics or separators."""
    for k in range(i, j):
        word = words[k]
        if word in _SEPARATORS or word == ".":
            continue
        if not any(tag.startswith("hon:") for tag in lex[k]):
            return False
    return True


def _gap_after(words: Sequence[str], i: int, j: int) -> bool:
    """Whether tokens ``i:j`` between a name and its appositive are separators or an age."""
    if i == j or words[i] not in _SEPARATORS:
        return False
    return all(
        words[k] in _SEPARATORS or words[k].isdigit() or words[k] in _AGE_WORDS
        for k in range(i, j)
    )


def attach(
    words: Sequence[str],
    lex: Sequence[tuple[str, ...]],
    persons: Sequence[TokenSpan],
    titles: Sequence[TokenSpan],
) -> dict[int, TokenSpan]:
    """Give titles to persons: returns person index -> title token span.

    Args:
        words: Tokens of the sentence.
        lex: Lexicon tags of the tokens (for honorifics between title and name).
        persons: Token spans of PER mentions, in order.
        titles: Token spans of titles, in order.
    """
    before: dict[int, TokenSpan] = {}
    used: set[TokenSpan] = set()
    for t in titles:
        nxt = next((n for n, p in enumerate(persons) if p[0] >= t[1]), None)
        if nxt is not None and _gap_before(words, lex, t[1], persons[nxt][0]):
            before[nxt] = t
            used.add(t)
    out: dict[int, TokenSpan] = {}
    for n, (_, end) in enumerate(persons):
        nxt_start = persons[n + 1][0] if n + 1 < len(persons) else len(words)
        after = next(
            (t for t in titles if end <= t[0] < nxt_start and t not in used
             and _gap_after(words, end, t[0])),
            None,
        )
        chosen = after or before.get(n)
        if chosen is not None:
            out[n] = chosen
    return out


def title_text(text: str, toks: Tokens, first: int, span: TokenSpan) -> str:
    """The text of a title span (sentence-relative tokens), without edge punctuation."""
    start = toks.starts[first + span[0]]
    end = toks.ends[first + span[1] - 1]
    return text[start:end].strip(_EDGE)


def tag_titles(
    words: Sequence[str], lex: Sequence[tuple[str, ...]], entity_tags: Sequence[str]
) -> list[str]:
    """Title BIO tags (``B-T``/``I-T``/``O``) of one sentence."""
    models = load_models()
    feats = title_features(words, lex, entity_tags, models.title_known)
    tags: list[str] = models.titles.tag(feats)
    return tags


@dataclass(frozen=True, slots=True)
class TitleOptions:
    """Options of :func:`find_titles` (none yet; kept for the pipeline's registry)."""


def find_titles(
    text: str, mentions: Sequence[Mention], *, options: TitleOptions | None = None
) -> list[Mention]:
    """Return ``mentions`` with the title attached to each PER mention in ``text``.

    Args:
        text: The normalized text the mentions point into.
        mentions: PER/ORG/LOC mentions (others are passed through unchanged).
        options: Reserved.

    Returns:
        The same mentions, PER ones with ``attrs`` ``(("title", ...),)`` when a title is
        attached in the text.
    """
    del options
    toks = tokenize(text)
    index = {start: i for i, start in enumerate(toks.starts)}
    tags = ["O"] * len(toks.words)
    for m in mentions:
        if m.label in ("PER", "ORG", "LOC") and m.start in index:
            i = index[m.start]
            while i < len(tags) and toks.ends[i] <= m.end:
                tags[i] = ("B-" if toks.starts[i] == m.start else "I-") + m.label
                i += 1
    found = sentence_titles(text, toks, tags)
    return [
        replace(m, attrs=(("title", found[m.start]),)) if m.label == "PER" and m.start in found
        else m
        for m in mentions
    ]


def sentence_titles(text: str, toks: Tokens, tags: Sequence[str]) -> dict[int, str]:
    """Titles of every PER in ``toks`` given entity tags: PER start offset -> title."""
    models = load_models()
    out: dict[int, str] = {}
    for first, last in toks.sentences:
        sent_tags = tags[first:last]
        if "B-PER" not in sent_tags:
            continue
        lex = lexicon_tags(models.lexicon, toks.words[first:last])
        out.update(titles_in_sentence(text, toks, first, lex, sent_tags))
    return out


def titles_in_sentence(
    text: str,
    toks: Tokens,
    first: int,
    lex: Sequence[tuple[str, ...]],
    sent_tags: Sequence[str],
) -> dict[int, str]:
    """Titles of the persons in tokens ``first:first + len(sent_tags)`` of ``toks``.

    Args:
        text: The text the tokens index.
        toks: Its tokens.
        first: Index of the first token of the range (a sentence or part of one).
        lex: Lexicon tags of the range's tokens.
        sent_tags: Entity BIO tags of the range's tokens.

    Returns:
        PER start offset -> title text.
    """
    words = toks.words[first : first + len(sent_tags)]
    persons = spans_from_tags(sent_tags, "PER")
    spans = merge_title_spans(words, spans_from_tags(tag_titles(words, lex, sent_tags), "T"))
    out: dict[int, str] = {}
    for n, span in attach(words, lex, persons, spans).items():
        title = title_text(text, toks, first, span)
        if title:
            out[toks.starts[first + persons[n][0]]] = title
    return out
