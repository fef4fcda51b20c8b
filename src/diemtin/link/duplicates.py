"""Near-duplicate verification, grouping and republication chains.

A candidate pair (see :mod:`diemtin.link.candidates`) is a duplicate when, on the
exact shingle sets:

* the exact-content keys are equal (same folded body), or
* the containment of the smaller set in the larger is at least ``containment``
  (a copy cut to its first third is still a copy), **and** the template guard passes:
  the distinctive tokens (numbers and capitalized words) of the smaller document are
  contained in the larger's at ``distinctive`` or more. Daily weather, lottery and price
  bulletins share their wording and differ exactly there, so they fail the guard,
  while a copy keeps its numbers, names and places.

Groups are the connected components of verified pairs (union-find, the smallest
document number as root, so the result does not depend on the order pairs are found).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from diemtin.link.candidates import CandidateIndex, LSHOptions, Pairs
from diemtin.link.signatures import (
    U64,
    ShingleBatch,
    SignatureOptions,
    credit_name,
    minhash,
    prepare_text,
    shingle_texts,
)
from diemtin.models import Article
from diemtin.text.fold import fold


@dataclass(frozen=True, slots=True)
class DuplicateOptions:
    """Verification thresholds (rationale in ``docs/link.md``)."""

    containment: float = 0.7
    distinctive: float = 0.8
    min_distinctive: int = 3
    min_shingles: int = 8


@dataclass(frozen=True, slots=True)
class Similarity:
    """Exact overlap of two documents' shingle and distinctive-token sets."""

    jaccard: float
    containment: float
    distinctive: float
    exact: bool


@dataclass(frozen=True, slots=True)
class Publication:
    """What chain building needs to know of one article."""

    id: str
    outlet: str
    published: datetime | None
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Republication:
    """One republisher in a chain and its delay after the original, in seconds."""

    id: str
    outlet: str
    delay: float | None


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """A duplicate group: the original first, then republications by time."""

    original: str
    outlet: str
    copies: tuple[Republication, ...]
    credited: bool = False

    @property
    def ids(self) -> tuple[str, ...]:
        """Every member, the original first."""
        return (self.original, *(copy.id for copy in self.copies))


def _overlap(small: U64, large: U64) -> int:
    return int(np.count_nonzero(np.isin(small, large, assume_unique=True)))


def similarity(batch: ShingleBatch, left: int, right: int) -> Similarity:
    """Exact similarity of documents ``left`` and ``right`` of ``batch``."""
    a, b = batch.shingles(left), batch.shingles(right)
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    shared = _overlap(small, large)
    union = len(a) + len(b) - shared
    da, db = batch.distinctive(left), batch.distinctive(right)
    dsmall, dlarge = (da, db) if len(a) <= len(b) else (db, da)
    return Similarity(
        jaccard=shared / union if union else 1.0,
        containment=shared / len(small) if len(small) else 0.0,
        distinctive=_overlap(dsmall, dlarge) / len(dsmall) if len(dsmall) else 1.0,
        exact=bool(batch.exact[left] == batch.exact[right]) and len(a) > 0)


def is_duplicate(sim: Similarity, smaller_size: int, distinct_size: int, *,
                 options: DuplicateOptions = DuplicateOptions()) -> bool:
    """The verification rule of the module docstring."""
    if sim.exact:
        return True
    if smaller_size < options.min_shingles or sim.containment < options.containment:
        return False
    return distinct_size < options.min_distinctive or sim.distinctive >= options.distinctive


def verify(batch: ShingleBatch, pairs: Pairs, *,
           options: DuplicateOptions = DuplicateOptions()) -> Pairs:
    """The candidate ``pairs`` that are duplicates (document numbers of ``batch``)."""
    keep = []
    for left, right in pairs.tolist():
        sim = similarity(batch, left, right)
        sizes = np.diff(batch.offsets)
        small = left if sizes[left] <= sizes[right] else right
        distinct = len(batch.distinctive(small))
        keep.append(is_duplicate(sim, min(int(sizes[left]), int(sizes[right])), distinct,
                                 options=options))
    return pairs[np.asarray(keep, dtype=np.bool_)] if keep else pairs[:0]


def group(count: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of size ≥ 2, each sorted, ordered by their first member."""
    parent = list(range(count))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in pairs:
        a, b = root(int(left)), root(int(right))
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for node in range(count):
        members.setdefault(root(node), []).append(node)
    return [found for _, found in sorted(members.items()) if len(found) > 1]


def _credited(members: Sequence[Publication]) -> Publication | None:
    """The member whose outlet another member's credit line names, if any."""
    for member in members:
        if not member.credit:
            continue
        named = fold(member.credit)
        matches = [m for m in members if m is not member and fold(m.outlet) and (
            fold(m.outlet) in named or named in fold(m.outlet))]
        if matches:
            return min(matches, key=_time_key)
    return None


def _time_key(member: Publication) -> tuple[int, float, str]:
    # articles without a reliable publication time come after every dated one
    if member.published is None:
        return (1, 0.0, member.id)
    return (0, member.published.timestamp(), member.id)


def chain(members: Sequence[Publication]) -> DuplicateGroup:
    """The republication chain of one group: its original and each republisher."""
    credited = _credited(members)
    original = credited or min(members, key=_time_key)
    copies = []
    for member in sorted(members, key=_time_key):
        if member is original:
            continue
        delay = None
        if member.published and original.published:
            delay = (member.published - original.published).total_seconds()
        copies.append(Republication(member.id, member.outlet, delay))
    return DuplicateGroup(original.id, original.outlet, tuple(copies), credited is not None)


def republication_counts(groups: Iterable[DuplicateGroup]) -> Counter[tuple[str, str]]:
    """How often each outlet republished each other: ``(source, republisher) → count``."""
    counts: Counter[tuple[str, str]] = Counter()
    for found in groups:
        for copy in found.copies:
            counts[(found.outlet, copy.outlet)] += 1
    return counts


@dataclass(frozen=True, slots=True)
class LinkOptions:
    """Every option of duplicate linking, in one value."""

    signature: SignatureOptions = SignatureOptions()
    lsh: LSHOptions = LSHOptions()
    verify: DuplicateOptions = DuplicateOptions()


def article_text(article: Article) -> str:
    """The text compared for duplicates: lead and body, without credit lines."""
    return prepare_text([article.lead or "", *article.body])


def publication(article: Article) -> Publication:
    """The chain-building view of ``article`` (its credit line read from the body)."""
    return Publication(article.id, article.outlet or "", article.published,
                       credit_name(article.body))


def duplicate_groups(articles: Sequence[Article], *,
                     options: LinkOptions = LinkOptions()) -> list[DuplicateGroup]:
    """Find the duplicate groups among ``articles`` and their republication chains.

    Args:
        articles: the articles, in any order; the result does not depend on it
            beyond document numbering (groups are ordered by their first member).
        options: signature, candidate and verification settings.

    Returns:
        One :class:`DuplicateGroup` per group of two or more articles.
    """
    batch = shingle_texts([article_text(a) for a in articles], options=options.signature)
    signatures = minhash(batch, options=options.signature)
    pairs = CandidateIndex(options.lsh).add(batch, signatures)
    found = group(len(articles), verify(batch, pairs, options=options.verify).tolist())
    return [chain([publication(articles[i]) for i in members]) for members in found]
