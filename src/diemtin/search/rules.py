"""The matching rules, per query syllable, as a plan any backend compiles.

* A syllable typed **with** a diacritic or đ matches that spelling only: case-folded,
  NFC or NFD alike, either tone-mark placement ("hoà" = "hòa"). Its key is the
  *exact key*: the syllable normalized (:func:`~diemtin.text.normalize.normalize`) and
  lower-cased.
* A syllable typed **without** any mark matches every spelling that folds to it
  ("dang" finds Đảng, đang, Đặng, dạng). Its key is the *folded key*
  (:func:`~diemtin.text.fold.fold`).
* With the query-wide switch (``Query.fold``), every syllable uses its folded key.

Backends index each text twice, word for word: as exact keys and as folded keys
(:func:`index_keys`). A term whose syllables all use one kind of key is one lookup (a
word, or a phrase of adjacent words) in that index. A phrase mixing both kinds ("Lào
Cai": "cai" is unmarked) is expanded to the exact spellings of its unmarked syllables
that occur in the index ("lào cai" OR "lào cái" OR …, :func:`exact_variants`); past
:data:`MAX_VARIANTS` spellings, backends match a superset (the folded phrase, and each
marked syllable as an exact word) and keep the articles for which
:func:`query_matches` holds.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from math import prod

from diemtin.search.keys import words
from diemtin.search.query import And, Node, Not, Or, Query, Term
from diemtin.text.fold import fold_word
from diemtin.text.normalize import clean_characters, normalize, place_tone

MAX_VARIANTS = 64
"""Most exact spellings a mixed phrase is expanded to before backends check instead."""
_LETTER_FORMS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "d": "dđ"}
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_MAX_BASES = 36
"""Past this many letter combinations, a folded word has no generated spellings."""


class KeyKind(enum.StrEnum):
    """Which index a term is looked up in."""

    FOLDED = "folded"
    EXACT = "exact"
    MIXED = "mixed"
    """Both: the folded phrase narrows, :func:`query_matches` decides."""


@dataclass(frozen=True, slots=True)
class Syllable:
    """One syllable of a query term and the key it matches by."""

    key: str
    folded: str
    exact: bool
    """True: ``key`` is the exact key; False: ``key`` is the folded key."""


@dataclass(frozen=True, slots=True)
class TermKeys:
    """The keys of one query term: its syllables, in order, and where to look."""

    syllables: tuple[Syllable, ...]
    title_only: bool = False

    @property
    def kind(self) -> KeyKind:
        """FOLDED or EXACT when every syllable uses that key, else MIXED."""
        kinds = {syllable.exact for syllable in self.syllables}
        if kinds == {True}:
            return KeyKind.EXACT
        return KeyKind.FOLDED if kinds <= {False} else KeyKind.MIXED

    @property
    def keys(self) -> tuple[str, ...]:
        """The key of each syllable (exact or folded as the rule says)."""
        return tuple(syllable.key for syllable in self.syllables)

    @property
    def folded(self) -> tuple[str, ...]:
        """The folded key of every syllable (the superset lookup of a mixed term)."""
        return tuple(syllable.folded for syllable in self.syllables)

    @property
    def marked(self) -> tuple[str, ...]:
        """The exact keys of the syllables typed with marks."""
        return tuple(syllable.key for syllable in self.syllables if syllable.exact)


@lru_cache(maxsize=8192)
def spellings_of(folded: str) -> tuple[str, ...]:
    """Every Vietnamese spelling (exact key) that folds to the syllable ``folded``.

    Backends keep those that occur in their index to expand a mixed phrase; other
    spellings (foreign words: "José", "Noël") are the ones :func:`is_odd_spelling`
    picks out for backends to record as they index.

    >>> len(spellings_of("cai")), "cải" in spellings_of("cai"), spellings_of("12")
    (18, True, ('12',))
    """
    if not (folded.isascii() and folded.isalpha()) or len(folded) > 8 or \
            prod(len(_LETTER_FORMS.get(char, char)) for char in folded) > _MAX_BASES:
        return (folded,)
    forms = set()
    for letters in product(*(_LETTER_FORMS.get(char, char) for char in folded)):
        base = "".join(letters)
        vowel = next((i for i, char in enumerate(base) if char in _VOWELS), None)
        if vowel is None:
            forms.add(base)
            continue
        for tone in _TONE_MARKS:
            marked = unicodedata.normalize("NFC", base[: vowel + 1] + tone + base[vowel + 1:])
            forms.add(place_tone(marked))
    return tuple(sorted(forms))


def exact_variants(keys: TermKeys, known: Callable[[str], Collection[str]], *,
                   limit: int = MAX_VARIANTS) -> list[tuple[str, ...]] | None:
    """Every exact spelling of a term, as sequences of exact keys.

    ``known(folded)`` gives the spellings of an unmarked syllable that occur in the
    backend's index. An empty list: no spelling occurs (the term matches nothing);
    None: more than ``limit`` spellings (match a superset and check instead).
    """
    choices: list[tuple[str, ...]] = []
    for syllable in keys.syllables:
        options = (syllable.key,) if syllable.exact else tuple(known(syllable.folded))
        if not options:
            return []
        choices.append(options)
    if prod(len(options) for options in choices) > limit:
        return None
    return list(product(*choices))


def exact_alternatives(keys: TermKeys, odd: Callable[[str], Collection[str]] | None = None
                       ) -> tuple[tuple[str, ...], ...]:
    """Per word of a term, the exact keys it matches: a marked syllable its own, an
    unmarked one every Vietnamese spelling of it (:func:`spellings_of`) and the odd
    spellings ``odd(folded)`` gives (those the backend recorded).

    For indexes whose phrases take alternatives at each position (PostgreSQL's
    ``'lào' <-> ('cai' | 'cái' | …)``): a mixed term without a product of phrases.
    """
    return tuple(
        (syllable.key,) if syllable.exact
        else (*spellings_of(syllable.folded), *(odd(syllable.folded) if odd else ()))
        for syllable in keys.syllables)


def exact_key(text: str) -> str:
    """Text with one tone-mark placement, NFC, lower-case: what exact keys index.

    >>> exact_key("Thuỷ điện HOÀ BÌNH")
    'thủy điện hòa bình'
    """
    return normalize(text).lower()


def syllable_keys(text: str, *, fold_all: bool = False) -> tuple[Syllable, ...]:
    """The syllables of a query word or phrase, each with the key its rule picks.

    >>> [(s.key, s.exact) for s in syllable_keys("Đặng Van")]
    [('đặng', True), ('van', False)]
    """
    syllables = []
    for word in words(exact_key(text)):
        folded = fold_word(word)
        exact = word != folded and not fold_all
        syllables.append(Syllable(word if exact else folded, folded, exact))
    return tuple(syllables)


@lru_cache(maxsize=8192)
def term_keys(term: Term, *, fold_all: bool = False) -> TermKeys:
    """The keys of ``term`` under the rules (all folded with ``fold_all``); cached, as
    the same terms are matched against many articles."""
    return TermKeys(syllable_keys(term.text, fold_all=fold_all), term.field == "title")


def phrase_keys(query: Query) -> TermKeys | None:
    """The ranking phrase: every positive word of an AND query, adjacent and in order.

    None when the query has an OR, or fewer than two words (no phrase to rank by).
    """
    node = query.node
    items = _and_items(node) if node is not None else []
    if not items or any(isinstance(item, (Or, And)) for item in items):
        return None
    terms = [item for item in items if isinstance(item, Term)]
    syllables = tuple(s for term in terms for s in term_keys(term, fold_all=query.fold)
                      .syllables)
    return TermKeys(syllables) if len(syllables) > 1 else None


def _and_items(node: Node) -> list[Node]:
    if not isinstance(node, And):
        return [node]
    return [leaf for item in node.items for leaf in _and_items(item)]


@dataclass(frozen=True, slots=True)
class IndexKeys:
    """What a backend indexes for one article: each field as exact and folded keys."""

    exact_title: str
    exact_text: str
    folded_title: str
    folded_text: str
    odd_spellings: frozenset[tuple[str, str]] = frozenset()
    """``(folded, exact)`` of the words :func:`spellings_of` does not generate: a
    backend records them, and adds them to what it looks up for a folded word."""


def index_keys(title: str, text: str) -> IndexKeys:
    """The exact and folded keys of an article's title and searchable text.

    Folding removes marks only, so both forms split into the same words in the same
    order: word *i* of the exact text is word *i* of the folded text. Whitespace becomes
    single spaces (the indexes split on it anyway). Keys handed over by
    :func:`give_index_keys` for these very strings are returned (once) instead.
    """
    given = _GIVEN.pop((title, text), None) if _GIVEN else None
    if given is not None:
        return given
    keys = _token_keys()
    title_tokens = clean_characters(title).split()
    text_tokens = clean_characters(text).split()
    exact_title = " ".join(map(keys.__getitem__, title_tokens))  # fills keys.odd too
    exact_text = " ".join(map(keys.__getitem__, text_tokens))
    odd = frozenset() if keys.odd.keys().isdisjoint(title_tokens) and \
        keys.odd.keys().isdisjoint(text_tokens) else frozenset(
            pair for token in {*title_tokens, *text_tokens} for pair in keys.odd.get(token, ()))
    folded = keys.folded.__getitem__
    return IndexKeys(exact_title, exact_text, " ".join(map(folded, title_tokens)),
                     " ".join(map(folded, text_tokens)), odd)


def give_index_keys(title: str, text: str, keys: IndexKeys) -> None:
    """Hand over ``index_keys(title, text)`` computed in another process (the one that
    parsed the article), for the next call with these strings to return."""
    if len(_GIVEN) >= _MAX_GIVEN:  # never asked for (unchanged articles): start again
        _GIVEN.clear()
    _GIVEN[(title, text)] = keys


_GIVEN: dict[tuple[str, str], IndexKeys] = {}
_MAX_GIVEN = 20_000


class _TokenKeys(dict[str, str]):
    """The exact key of each whitespace-free token seen (news text repeats its words, so
    most tokens are looked up, not computed); ``folded`` holds their folded keys, and
    ``odd`` the tokens whose words have odd spellings (:func:`is_odd_spelling`), with
    them. A token is looked up here first, so ``odd`` and ``folded`` have it then."""

    def __init__(self) -> None:
        super().__init__()
        self.folded = _FoldedKeys(self)
        self.odd: dict[str, tuple[tuple[str, str], ...]] = {}

    def __missing__(self, token: str) -> str:
        exact = normalize(token).lower()
        odd = tuple((fold_word(word), word) for word in words(exact) if is_odd_spelling(word))
        if odd:
            self.odd[token] = odd
        self[token] = exact
        return exact


class _FoldedKeys(dict[str, str]):
    """The folded key of each token: the folded form of its exact key."""

    def __init__(self, exact: _TokenKeys) -> None:
        super().__init__()
        self.exact = exact

    def __missing__(self, token: str) -> str:
        folded = self[token] = fold_word(self.exact[token])
        return folded


_MAX_TOKENS = 1 << 18
"""Past this many tokens the cache starts again (a call keeps the one it started with)."""
_TOKEN_KEYS = [_TokenKeys()]


def _token_keys() -> _TokenKeys:
    if len(_TOKEN_KEYS[0]) >= _MAX_TOKENS:
        _TOKEN_KEYS[0] = _TokenKeys()
    return _TOKEN_KEYS[0]


def is_odd_spelling(word: str) -> bool:
    """Whether the exact key ``word`` has marks yet is not among the spellings
    :func:`spellings_of` generates for its folded form ("josé", "noël").

    >>> is_odd_spelling("josé"), is_odd_spelling("đảng"), is_odd_spelling("van")
    (True, False, False)
    """
    folded = fold_word(word)
    return folded != word and word not in spellings_of(folded)


class FieldWords:
    """The words of one field, exact and folded, for :func:`query_matches`; where each
    word occurs is indexed on first use, so testing many terms against one field is
    cheap."""

    def __init__(self, text: str) -> None:
        self.exact = words(exact_key(text))
        self.folded = [fold_word(word) for word in self.exact]
        self._where: dict[bool, dict[str, list[int]]] = {}

    def _positions(self, exact: bool) -> dict[str, list[int]]:
        found = self._where.get(exact)
        if found is None:
            found = {}
            for position, word in enumerate(self.exact if exact else self.folded):
                found.setdefault(word, []).append(position)
            self._where[exact] = found
        return found

    def contains(self, keys: TermKeys) -> bool:
        """Whether the term's syllables appear here, adjacent and in order."""
        size = len(keys.syllables)
        if size == 0:
            return False
        first = keys.syllables[0]
        last_start = len(self.exact) - size
        for start in self._positions(first.exact).get(first.key, ()):
            if start <= last_start and all(
                (self.exact if syllable.exact else self.folded)[start + i] == syllable.key
                for i, syllable in enumerate(keys.syllables)
            ):
                return True
        return False


def query_matches(query: Query, title: str, text: str) -> bool:
    """Whether an article with this title and searchable text matches ``query``'s words.

    The rules applied directly to the text; filters (outlet, people…) are not checked.
    """
    if query.node is None:
        return True
    return _node_matches(query.node, FieldWords(title), FieldWords(text), query.fold)


def words_match(query: Query, title: FieldWords, text: FieldWords) -> bool:
    """:func:`query_matches` on an article's words split once, for matching many queries
    against the same article (alert rules against an ingest batch)."""
    if query.node is None:
        return True
    return _node_matches(query.node, title, text, query.fold)


def _node_matches(node: Node, title: FieldWords, text: FieldWords, fold_all: bool) -> bool:
    if isinstance(node, Term):
        keys = term_keys(node, fold_all=fold_all)
        return title.contains(keys) or (not keys.title_only and text.contains(keys))
    if isinstance(node, Not):
        return not _node_matches(node.item, title, text, fold_all)
    results = (_node_matches(item, title, text, fold_all) for item in node.items)
    return all(results) if isinstance(node, And) else any(results)
