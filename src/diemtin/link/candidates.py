"""Candidate pairs for near-duplicate verification: LSH bands and shared anchors.

Two sources of candidates, both cheap and both over-inclusive (verification decides):

* **LSH banding** over MinHash signatures: ``bands`` × ``rows`` = ``num_perm``. Two
  documents of Jaccard similarity ``s`` share at least one band with probability
  ``1 - (1 - s**rows)**bands``; with 32 × 4 the S-curve's midpoint is near
  ``(1/32)**(1/4) ≈ 0.42`` and a pair at 0.6 is found with probability 0.98.
* **Anchors** for containment: a copy that keeps only the first third of an
  article has Jaccard ≈ 0.33 and can slip through the bands. Every shingle whose hash
  falls in a fixed 1/8 of the hash space is an anchor (content-defined, so the same
  sentence yields the same anchors in any document); documents that share at least
  ``min_anchors`` anchors are candidates. Anchors found in more than ``max_bucket``
  documents (boilerplate) are ignored.

:class:`CandidateIndex` holds what earlier batches added: plain numpy arrays, so it
pickles and the caller can persist it. Adding a batch and querying it are separate,
deterministic steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from diemtin.link.signatures import I64, U32, U64, ShingleBatch

Pairs = npt.NDArray[np.int64]
"""Candidate pairs as an ``(n, 2)`` array of global document numbers, ``left < right``."""


@dataclass(frozen=True, slots=True)
class LSHOptions:
    """Banding and anchor settings (see the module docstring for the rationale)."""

    bands: int = 32
    rows: int = 4
    anchor_bits: int = 3
    min_anchors: int = 3
    max_bucket: int = 64


def band_keys(signatures: U32, *, options: LSHOptions = LSHOptions()) -> U64:
    """One 64-bit key per band and document, shape ``(documents, bands)``."""
    count, width = signatures.shape
    if width != options.bands * options.rows:
        raise ValueError(f"signatures have {width} values; bands × rows is "
                         f"{options.bands} × {options.rows} = {options.bands * options.rows}")
    grouped = signatures.reshape(count, options.bands, options.rows).astype(np.uint64)
    keys = np.zeros((count, options.bands), dtype=np.uint64)
    for row in range(options.rows):
        keys *= np.uint64(0x100000001B3)
        keys += grouped[:, :, row]
    keys += np.arange(options.bands, dtype=np.uint64) << np.uint64(58)
    return keys


def anchors(batch: ShingleBatch, *, options: LSHOptions = LSHOptions()) -> tuple[U64, I64]:
    """Anchor hashes of a batch and the batch-local document number of each (unique)."""
    mask = np.uint64((1 << options.anchor_bits) - 1)
    chosen = np.flatnonzero((batch.hashes & mask) == 0)
    hashes = batch.hashes[chosen]
    docs = np.searchsorted(batch.offsets, chosen, "right").astype(np.int64) - 1
    if not len(hashes):  # short texts may have no anchor at all
        return hashes, docs
    order = np.lexsort((hashes, docs))
    hashes, docs = hashes[order], docs[order]
    first = np.r_[True, (hashes[1:] != hashes[:-1]) | (docs[1:] != docs[:-1])]
    return hashes[first], docs[first]


def _bucket_pairs(keys: U64, docs: I64, max_bucket: int) -> Pairs:
    """Pairs of documents sharing a key, once per shared key (``left < right``).

    Buckets larger than ``max_bucket`` (boilerplate, not copies) are dropped.
    """
    order = np.argsort(keys)  # order within a bucket is irrelevant: pairs are sorted
    keys, docs = keys[order], docs[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    keep = np.repeat((sizes > 1) & (sizes <= max_bucket), sizes)
    keys, docs = keys[keep], docs[keep]
    out = [np.zeros((0, 2), np.int64)]
    for lag in range(1, min(max_bucket, len(keys))):
        same = keys[lag:] == keys[:-lag]
        if not same.any():
            break
        out.append(np.stack([docs[:-lag][same], docs[lag:][same]], axis=1))
    pairs = np.concatenate(out)
    return np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1)


def _unique(pairs: Pairs, *, at_least: int = 1) -> Pairs:
    if not len(pairs):
        return pairs.reshape(0, 2)
    # one int64 per pair (document numbers stay below 2**31)
    codes, counts = np.unique(pairs[:, 0] << 31 | pairs[:, 1], return_counts=True)
    codes = codes[counts >= at_least]
    return np.stack([codes >> 31, codes & ((1 << 31) - 1)], axis=1)


@dataclass(slots=True)
class KeyTable:
    """Keys → document numbers, as sorted segments merged like a log-structured tree.

    Adding ``n`` keys costs ``O(n log n)`` amortized; a lookup is a binary search per
    segment. Only numpy arrays inside, so it pickles.
    """

    keys: list[U64] = field(default_factory=list)
    docs: list[I64] = field(default_factory=list)

    def lookup(self, keys: U64, docs: I64, max_bucket: int) -> Pairs:
        """``(stored doc, new doc)`` for every stored key equal to a new one."""
        out = [np.zeros((0, 2), np.int64)]
        for stored_keys, stored_docs in zip(self.keys, self.docs, strict=True):
            low = np.searchsorted(stored_keys, keys, "left")
            high = np.searchsorted(stored_keys, keys, "right")
            counts = np.where(high - low <= max_bucket, high - low, 0)
            total = int(counts.sum())
            if not total:
                continue
            starts = np.repeat(low - (np.cumsum(counts) - counts), counts)
            positions = starts + np.arange(total)
            out.append(np.stack([stored_docs[positions], np.repeat(docs, counts)], axis=1))
        return np.concatenate(out)

    def insert(self, keys: U64, docs: I64) -> None:
        """Store ``keys`` (merging segments of similar size)."""
        order = np.argsort(keys)
        self.keys.append(keys[order])
        self.docs.append(docs[order])
        while len(self.keys) > 1 and len(self.keys[-2]) <= 2 * len(self.keys[-1]):
            merged_keys = np.concatenate(self.keys[-2:])
            merged_docs = np.concatenate(self.docs[-2:])
            order = np.argsort(merged_keys)
            self.keys[-2:] = [merged_keys[order]]
            self.docs[-2:] = [merged_docs[order]]


@dataclass(slots=True)
class CandidateIndex:
    """The band keys and anchors of every document added so far.

    Documents are numbered in the order they are added (0, 1, 2 ...); the caller maps
    those numbers to article ids. The index holds only numpy arrays and options, so it
    pickles; rebuilding it from the same batches in the same order gives the same
    index, and adding documents in two batches finds the same pairs as in one.
    """

    options: LSHOptions = LSHOptions()
    size: int = 0
    bands: KeyTable = field(default_factory=KeyTable)
    anchors: KeyTable = field(default_factory=KeyTable)

    def add(self, batch: ShingleBatch, signatures: U32) -> Pairs:
        """Add a batch; return its candidate pairs with earlier documents and itself.

        Args:
            batch: the batch's shingles (for anchors).
            signatures: the batch's MinHash signatures (for bands), same order.

        Returns:
            Pairs of global document numbers, sorted, each ``left < right``, whose
            right member is in this batch.
        """
        first, limit = self.size, self.options.max_bucket
        keys = band_keys(signatures, options=self.options).ravel()
        docs = np.repeat(np.arange(len(batch), dtype=np.int64), self.options.bands) + first
        anchor_keys, anchor_docs = anchors(batch, options=self.options)
        anchor_docs = anchor_docs + first
        banded = np.concatenate([self.bands.lookup(keys, docs, limit),
                                 _bucket_pairs(keys, docs, limit)])
        anchored = np.concatenate([self.anchors.lookup(anchor_keys, anchor_docs, limit),
                                   _bucket_pairs(anchor_keys, anchor_docs, limit)])
        self.bands.insert(keys, docs)
        self.anchors.insert(anchor_keys, anchor_docs)
        self.size += len(batch)
        return _unique(np.concatenate([
            _unique(banded), _unique(anchored, at_least=self.options.min_anchors)]))


def candidate_pairs(batch: ShingleBatch, signatures: U32, *,
                    options: LSHOptions = LSHOptions()) -> Pairs:
    """Candidate pairs within one batch (document numbers are positions in it)."""
    return CandidateIndex(options).add(batch, signatures)
