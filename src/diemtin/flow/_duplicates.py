"""Incremental duplicate linking over a store: one batch of new articles at a time.

The candidate index (LSH band keys and anchors of every linked article) is rebuilt once
from the store's ``link_docs`` and then grows in memory; a candidate pair with an
earlier article is verified on that article's current stored text. Verified pairs are
merged with the stored groups (union-find over article ids) and each touched group's
republication chain is computed again, so the groups do not depend on batch sizes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from diemtin.link.candidates import CandidateIndex, Pairs, anchors, band_keys
from diemtin.link.duplicates import (
    LinkOptions,
    Publication,
    article_text,
    chain,
    publication,
    verify,
)
from diemtin.link.signatures import ShingleBatch, concat_batches, minhash, shingle_texts
from diemtin.models import Article
from diemtin.store.base import DuplicateRecord, GroupMember, LinkDoc, Store


@dataclass(slots=True)
class DuplicateIndex:
    """The candidate index and which article each of its document numbers is."""

    options: LinkOptions = field(default_factory=LinkOptions)
    candidates: CandidateIndex = field(init=False)
    numbers: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.candidates = CandidateIndex(self.options.lsh)

    @classmethod
    def load(cls, store: Store, options: LinkOptions) -> DuplicateIndex:
        """Rebuild the index from every linked article's stored keys, in link order."""
        index = cls(options)
        band_parts, anchor_parts, band_docs, anchor_docs = [], [], [], []
        for number, doc in enumerate(store.iter_link_docs()):
            index.numbers.append(doc.article_id)
            bands = np.frombuffer(doc.band_keys, dtype="<u8")
            anchored = np.frombuffer(doc.anchor_keys, dtype="<u8")
            band_parts.append(bands)
            anchor_parts.append(anchored)
            band_docs.append(np.full(len(bands), number, dtype=np.int64))
            anchor_docs.append(np.full(len(anchored), number, dtype=np.int64))
        if index.numbers:
            index.candidates.bands.insert(np.concatenate(band_parts).astype(np.uint64),
                                          np.concatenate(band_docs))
            index.candidates.anchors.insert(np.concatenate(anchor_parts).astype(np.uint64),
                                            np.concatenate(anchor_docs))
            index.candidates.size = len(index.numbers)
        return index


@dataclass(frozen=True, slots=True)
class DuplicateChanges:
    """What a batch changes: its link docs, groups replaced and groups written."""

    docs: tuple[LinkDoc, ...]
    removed: tuple[str, ...]
    groups: tuple[DuplicateRecord, ...]

    def copy_of(self) -> dict[str, str]:
        """Each republication written in this batch → its original."""
        return {member.article_id: group.original
                for group in self.groups for member in group.members[1:]}


def link_duplicates(index: DuplicateIndex, store: Store,
                    articles: Sequence[Article]) -> DuplicateChanges:
    """Add ``articles`` to ``index`` and find their duplicate groups against the store.

    Args:
        index: the caller's candidate index; updated in place.
        store: where earlier articles, their link docs and groups are read.
        articles: the batch (stored already), each once.

    Returns:
        The batch's link docs and the groups to replace and write.
    """
    options = index.options
    if not articles:
        return DuplicateChanges((), (), ())
    batch = shingle_texts([article_text(a) for a in articles], options=options.signature)
    signatures = minhash(batch, options=options.signature)
    docs = _link_docs(articles, batch, signatures, options)
    first = index.candidates.size
    pairs = index.candidates.add(batch, signatures)
    index.numbers.extend(article.id for article in articles)
    found = _verified(index, store, batch, pairs, first, articles)
    removed, groups = _regroup(store, found, {a.id: publication(a) for a in articles})
    return DuplicateChanges(docs, removed, groups)


def _link_docs(articles: Sequence[Article], batch: ShingleBatch, signatures: np.ndarray,
               options: LinkOptions) -> tuple[LinkDoc, ...]:
    keys = band_keys(signatures, options=options.lsh).astype("<u8")
    anchor_keys, anchor_docs = anchors(batch, options=options.lsh)
    bounds = np.searchsorted(anchor_docs, np.arange(len(articles) + 1))
    anchor_keys = anchor_keys.astype("<u8")
    docs = []
    for number, article in enumerate(articles):
        found = publication(article)
        docs.append(LinkDoc(
            article.id, article.content_hash(), found.outlet, found.published, found.credit,
            keys[number].tobytes(), anchor_keys[bounds[number]:bounds[number + 1]].tobytes()))
    return tuple(docs)


def _verified(index: DuplicateIndex, store: Store, batch: ShingleBatch, pairs: Pairs,
              first: int, articles: Sequence[Article]) -> list[tuple[str, str]]:
    """The candidate pairs that verification keeps, as article ids."""
    local = {article.id: number for number, article in enumerate(articles)}
    earlier = sorted({index.numbers[left] for left, _ in pairs.tolist()
                      if left < first and index.numbers[left] not in local})
    stored = store.get_articles(earlier)
    older = [stored[article_id] for article_id in earlier if article_id in stored]
    for number, article in enumerate(older, start=len(articles)):
        local[article.id] = number
    if older:
        batch = concat_batches([batch, shingle_texts([article_text(a) for a in older],
                                                     options=index.options.signature)])
    mapped = set()
    for left, right in pairs.tolist():
        a, b = local.get(index.numbers[left]), local.get(index.numbers[right])
        if a is not None and b is not None and a != b:
            mapped.add((min(a, b), max(a, b)))
    if not mapped:
        return []
    kept = verify(batch, np.asarray(sorted(mapped), dtype=np.int64),
                  options=index.options.verify)
    ids = [article.id for article in (*articles, *older)]
    return [(ids[a], ids[b]) for a, b in kept.tolist()]


def _components(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in edges:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for node in list(parent):
        members.setdefault(root(node), []).append(node)
    return [sorted(found) for _, found in sorted(members.items())]


def _regroup(store: Store, pairs: list[tuple[str, str]], known: Mapping[str, Publication]
             ) -> tuple[tuple[str, ...], tuple[DuplicateRecord, ...]]:
    """Merge verified ``pairs`` with the stored groups of their members."""
    if not pairs:
        return (), ()
    touched = sorted({article_id for pair in pairs for article_id in pair})
    existing = store.duplicate_groups(touched)
    edges = list(pairs)
    for group in existing:
        edges.extend((group.original, member) for member in group.article_ids[1:])
    components = _components(edges)
    others = [a for found in components for a in found if a not in known]
    docs = store.get_link_docs(others)
    missing = [a for a in others if a not in docs]
    articles = store.get_articles(missing)
    publications = dict(known)
    publications.update({a: Publication(d.article_id, d.outlet, d.published, d.credit)
                         for a, d in docs.items()})
    publications.update({a: publication(article) for a, article in articles.items()})
    groups = []
    for found in components:
        members = [publications[a] for a in found if a in publications]
        if len(members) > 1:
            groups.append(_record(members))
    return tuple(group.id for group in existing), tuple(groups)


def _record(members: Sequence[Publication]) -> DuplicateRecord:
    found = chain(members)
    ordered = (GroupMember(found.original), *(GroupMember(copy.id, copy.delay)
                                               for copy in found.copies))
    return DuplicateRecord(min(member.id for member in members), ordered, found.credited)
