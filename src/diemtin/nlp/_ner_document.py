"""Names a text has already given: a person named in full is then named by a short form.

News names a person in full once ("bà Trương Thị Ái Vy"), then often by the given name
alone, with no honorific ("Vy kể", "mẹ của Vy"). The sentence tagger sees one sentence
at a time and misses many of those bare mentions. This pass reads the whole text: every
capitalized run of words that is not yet part of a mention and that spells a form of a
person the text has named — the full name, its last syllable, its last two syllables, or
a short form the tagger found — becomes a PER mention too.

It never overrides the tagger, and it stays out of the ways a form can mean something
else: a form that the text also uses as a place or an organization, or that is a known
place; a run right after a place or organization word ("miền Nam", "xã Vĩnh Minh"); a
word that often opens a sentence, when it opens one; a run in capitals (a heading).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from diemtin.models import Mention
from diemtin.nlp._ner_features import SENTENCE_OPENING
from diemtin.nlp._ner_model import Models
from diemtin.nlp._ner_tokens import Tokens
from diemtin.text.segment import is_known_word

Form = tuple[str, ...]
_NOT_BEFORE_PERSON = frozenset((
    "miền", "phía", "vùng", "trong", "ngoài", "nước", "tiếng", "người", "dân", "đất",
    "giọng", "kiểu", "phong", "chữ", "văn", "hướng", "cõi",
))
"""Lower-case words after which a capitalized word is a region or a people, not a name."""
_DIRECTIONS = frozenset(("Bắc", "Nam", "Trung", "Đông", "Tây"))
_TOWARDS = frozenset(("ra", "vô", "vào", "về", "tây", "đông", "bắc", "nam", "-", "–"))
"""Words before a direction that make it the region ("vào Nam", "ra Bắc", "bắc - Nam")."""
_PLACE_CATEGORIES = ("unit", "orgh", "place", "world", "dist")
"""Lexicon categories of a word before the run, or of the run itself, that rule it out."""


def person_forms(mentions: Sequence[Mention]) -> set[Form]:
    """Forms of the people in ``mentions`` that the text may use alone.

    >>> sorted(person_forms([Mention(0, 17, "PER", "Trương Thị Ái Vy")]))
    [('Trương', 'Thị', 'Ái', 'Vy'), ('Vy',), ('Ái', 'Vy')]
    """
    forms: set[Form] = set()
    others = {tuple(m.text.split()) for m in mentions if m.label != "PER"}
    for mention in mentions:
        words = tuple(mention.text.split())
        if mention.label != "PER" or not _name_word(words[-1]) or not all(
            w.isalpha() and w[0].isupper() and not (len(w) > 1 and w.isupper()) for w in words
        ):
            continue
        forms.add(words)
        if len(words) >= 2:
            forms.add(words[-1:])
        if len(words) >= 3:
            forms.add(words[-2:])
    return {form for form in forms if form not in others}


def _name_word(word: str) -> bool:
    """A capitalized word of two letters or more (no initial, no acronym).

    Inside a full name a one-letter word is a name word too ("Vừ A Dình"), but a form
    never ends on one.
    """
    return len(word) >= 2 and word.isalpha() and word[0].isupper() and not word.isupper()


def named_again(
    text: str, toks: Tokens, caps: list[int], mentions: list[Mention], models: Models
) -> list[Mention]:
    """``mentions`` with the bare mentions of their people added, in text order.

    Args:
        text: The text the mentions point into.
        toks: Its tokens.
        caps: Indices of the tokens holding a capital letter, in order.
        mentions: The tagger's mentions of the whole text, in order.
        models: The loaded NER models (for the lexicon and the sentence openers).
    """
    forms = person_forms(mentions)
    kept = [m for m in mentions if not _region_not_person(toks, m)]
    if not forms:
        return kept
    taken = [(m.start, m.end) for m in mentions]
    added: list[Mention] = []
    openings = frozenset(first for first, _ in toks.sentences)
    i = 0
    while i < len(caps):
        first = caps[i]
        run = _capital_run(toks, first)
        i += max(len(run), 1)
        if tuple(run) not in forms:
            continue
        start, end = toks.starts[first], toks.ends[first + len(run) - 1]
        if _overlaps(taken, start, end) or not _may_be_person(toks, first, run, openings, models):
            continue
        added.append(Mention(start, end, "PER", text[start:end]))
    return sorted(kept + added, key=lambda m: m.start) if added else kept


def _capital_run(toks: Tokens, first: int) -> list[str]:
    """The capitalized name words from token ``first`` on (``[]`` if it holds none)."""
    words = toks.words
    k = first
    while k < len(words) and _name_word(words[k]) and (k == first or not toks.glued[k]):
        k += 1
    return list(words[first:k])


def _region_not_person(toks: Tokens, mention: Mention) -> bool:
    """Whether the tagger's one-word person is a region or a people in its context
    ("miền Nam", "trong Nam", "Nam bộ", "người Mỹ")."""
    if mention.label != "PER" or " " in mention.text:
        return False
    k = bisect_left(toks.starts, mention.start)
    return _not_a_name_after(toks, k) or _starts_word(toks, k + 1)


def _not_a_name_after(toks: Tokens, k: int) -> bool:
    """Whether the word before token ``k`` makes it a region or a people."""
    before = toks.words[k - 1].lower() if k > 0 else ""
    if toks.words[k] in _DIRECTIONS and before in _TOWARDS:
        return True
    return before in _NOT_BEFORE_PERSON


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` meets a mention of ``taken`` (sorted by start)."""
    k = bisect_left(taken, (start, start))
    return any(a < end and start < b for a, b in taken[max(k - 1, 0) : k + 1])


def _starts_word(toks: Tokens, after: int) -> bool:
    """Whether the run's last word and the lower-case syllable after it make one word
    ("Bách khoa", "Kinh tế", "Nam bộ"): then the run is not a name."""
    if after >= len(toks.words) or toks.glued[after] or not toks.words[after].islower():
        return False
    return is_known_word(toks.words[after - 1] + " " + toks.words[after])


def _may_be_person(
    toks: Tokens, first: int, run: list[str], openings: frozenset[int], models: Models
) -> bool:
    """Whether the context lets the run at token ``first`` be a person's name.

    ``openings`` holds the first token of every sentence.
    """
    words = toks.words
    before = words[first - 1] if first > 0 else ""
    opens = first in openings or before in SENTENCE_OPENING
    if opens and len(run) == 1 and run[0].lower() in models.openers:
        return False
    if _not_a_name_after(toks, first) or _starts_word(toks, first + len(run)):
        return False
    lo = max(first - 3, 0)
    tags = models.lexicon.tag(words[lo : first + len(run)])
    near = tags[first - lo] + (tags[first - lo - 1] if first > lo else ())
    return not any(tag.split(":")[0] in _PLACE_CATEGORIES for tag in near)
