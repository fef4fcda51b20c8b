"""Document signatures: folded syllable shingles and MinHash, hashed with numpy.

A batch of texts is processed as one array, never one Python string per shingle:

1. the texts are joined with NUL and encoded to UTF-16 (Vietnamese is in the BMP);
2. a 65,536-entry table folds each code unit (lower case, no diacritics, đ → d, so
   "hoà"/"hòa" and text retyped without marks agree) or marks it a separator;
3. token boundaries come from the difference of the token mask; each token's key packs
   its folded characters (position within the token × 8 bits) and is summed per token
   with ``np.add.reduceat``; "1.000" and "1000", "2,5" and "2.5" are one token;
4. shingle hashes combine ``k`` neighbouring token keys and are mixed (murmur3 fmix64);
5. MinHash is one-permutation hashing: the top bits of a shingle hash pick one of
   ``num_perm`` bins, the low 32 bits are kept per bin with ``np.minimum.at``, and
   empty bins are filled by rotation densification (Shrivastava and Li, 2014).

Everything is a pure function of its input and its options: no module state, results
identical in any process, so batches can run in a distributed map.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from diemtin.text.fold import fold_word
from diemtin.text.normalize import clean_characters

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

EMPTY_BIN = np.uint32(0xFFFFFFFF)
_MASK64 = (1 << 64) - 1
_CHUNK = 256  # documents per numpy pass: keeps arrays in cache and off fresh pages

_CREDIT_START = (
    "theo ", "(theo ", "nguồn:", "nguồn ", "(nguồn", "xem thêm", "đọc thêm", "tin liên quan",
    "bài liên quan", "ảnh:", "(ảnh", "video:", "clip:",
)
_TRAILING_CREDIT = re.compile(r"\s*\((?:theo|nguồn:?)\s[^()]{1,80}\)\s*$", re.IGNORECASE)
_CREDIT_NAME = re.compile(r"^\(?(?:theo|nguồn:?)\s+(.{2,80}?)\)?\s*\.?$", re.IGNORECASE)
_CREDIT_MAX_LEN = 160


@dataclass(frozen=True, slots=True)
class SignatureOptions:
    """How documents are shingled and sketched.

    Attributes:
        shingle: syllables per shingle (3: short enough to survive light edits, long
            enough that unrelated news rarely shares many).
        num_perm: MinHash bins; a multiple of ``bands`` in :class:`LSHOptions`.
        seed: salt of every hash; two runs with one seed give identical signatures.
    """

    shingle: int = 3
    num_perm: int = 128
    seed: int = 1


@dataclass(frozen=True, slots=True)
class ShingleBatch:
    """Shingle hashes of a batch of documents, concatenated.

    ``hashes[offsets[i]:offsets[i + 1]]`` are document ``i``'s shingle hashes in text
    order; ``marks`` likewise holds the keys of its distinctive tokens (numbers and
    capitalized words), which template bulletins change and copies keep;
    ``exact`` is one 64-bit key of the whole folded token sequence per document.
    """

    hashes: U64
    offsets: I64
    marks: U64
    mark_offsets: I64
    exact: U64

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def shingles(self, index: int) -> U64:
        """The sorted, unique shingle hashes of document ``index``."""
        return np.unique(self.hashes[self.offsets[index]:self.offsets[index + 1]])

    def distinctive(self, index: int) -> U64:
        """The sorted, unique distinctive-token keys of document ``index``."""
        return np.unique(self.marks[self.mark_offsets[index]:self.mark_offsets[index + 1]])


def is_credit_line(paragraph: str) -> bool:
    """Whether ``paragraph`` is a credit, "see also" or photo line, not content.

    >>> is_credit_line("Theo TTXVN"), is_credit_line("Nguồn: Báo Lào Cai")
    (True, True)
    >>> is_credit_line("Theo kế hoạch, công trình sẽ hoàn thành vào cuối năm 2026 và đưa vào "
    ...                "sử dụng phục vụ người dân các xã vùng cao của tỉnh.")
    False
    """
    if len(paragraph) > _CREDIT_MAX_LEN:
        return False
    head = paragraph.lstrip()[:14].lower()
    if not head.startswith(_CREDIT_START):
        return False
    # "Theo kế hoạch, ..." is a sentence; a credit is a short name with no clause.
    return not (head.startswith(("theo ", "(theo ")) and ("," in paragraph or len(paragraph) > 60))


def credit_name(paragraphs: Sequence[str]) -> str | None:
    """The outlet an explicit credit line names ("Theo Báo Lào Cai" → "Báo Lào Cai")."""
    for paragraph in reversed(paragraphs):
        text = paragraph.strip()
        trailing = _TRAILING_CREDIT.search(text)
        if trailing:
            text = trailing.group().strip()
        elif not is_credit_line(text):
            continue
        found = _CREDIT_NAME.match(text.strip("() "))
        if found and not text.lower().lstrip("(").startswith(("xem", "đọc", "tin", "bài", "ảnh")):
            return found.group(1).strip(" .()")
    return None


def prepare_text(paragraphs: Sequence[str]) -> str:
    """The text that is shingled: paragraphs without credit and "see also" lines."""
    kept = [p for p in paragraphs if p and not is_credit_line(p)]
    if kept and "(" in kept[-1]:
        kept[-1] = _TRAILING_CREDIT.sub("", kept[-1])
    text = "\n".join(kept)
    if "\x00" in text:
        text = text.replace("\x00", " ")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = clean_characters(text)
    return text


@cache
def _tables() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    """Fold table (0 = separator) and upper-case table over UTF-16 code units.

    A constant computed once; it holds no state that depends on input.
    """
    fold = np.zeros(65536, dtype=np.uint8)
    upper = np.zeros(65536, dtype=np.bool_)
    for code in range(1, 65536):
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            fold[code] = 0x7F  # half of a character outside the BMP: a letter
        elif char.isalnum() or unicodedata.combining(char):
            folded = fold_word(char)[:1] or "\x7f"
            fold[code] = ord(folded) if folded.isascii() else 0x80 | (code % 127)
            upper[code] = char.isupper()
    return fold, upper


def _byte_masks() -> U64:
    """``masks[k]`` keeps the low ``k`` bytes of a word (k = 0 … 8)."""
    return np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)


def _mix(values: U64) -> U64:
    """murmur3's 64-bit finalizer: spreads every input bit over every output bit."""
    values = values ^ (values >> np.uint64(33))
    values *= np.uint64(0xFF51AFD7ED558CCD)
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


def _encode(texts: Sequence[str]) -> tuple[npt.NDArray[np.uint16], I64]:
    """Join ``texts`` with NUL into UTF-16 code units; return them and each text's end."""
    joined = "\x00".join(texts) + "\x00"
    units = np.frombuffer(joined.encode("utf-16-le"), dtype=np.uint16)
    ends = np.cumsum(np.fromiter((len(t) + 1 for t in texts), np.int64, len(texts))) - 1
    if len(units) != len(joined):  # characters outside the BMP take two units
        ends = np.flatnonzero(units == 0).astype(np.int64)
    return _drop_digit_separators(units, ends)


def _drop_digit_separators(units: npt.NDArray[np.uint16], ends: I64
                           ) -> tuple[npt.NDArray[np.uint16], I64]:
    """Remove "." and "," between digits, so "1.000" and "1000" are one token."""
    points = np.flatnonzero((units == 46) | (units == 44))
    points = points[(points > 0) & (points < len(units) - 1)]
    if not len(points):
        return units, ends
    before, after = units[points - 1], units[points + 1]
    inner = points[(before >= 48) & (before <= 57) & (after >= 48) & (after <= 57)]
    if not len(inner):
        return units, ends
    return np.delete(units, inner), ends - np.searchsorted(inner, ends)


def _token_keys(units: npt.NDArray[np.uint16], ends: I64, seed: int
                ) -> tuple[U64, I64, npt.NDArray[np.bool_]]:
    """Per token: its key, its document number and whether it is distinctive."""
    fold, upper = _tables()
    folded = fold[units]
    inside = folded != 0
    edges = np.flatnonzero(np.diff(inside.view(np.int8), prepend=np.int8(0), append=np.int8(0)))
    starts, stops = edges[0::2], edges[1::2]
    if not len(starts):
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.bool_)
    lengths = stops - starts
    # Read each token's first 16 folded bytes as two little-endian words through an
    # unaligned, byte-strided uint64 view: O(tokens) work instead of O(characters).
    padded = np.zeros(len(folded) + 16, dtype=np.uint8)
    padded[:len(folded)] = folded
    words = np.ndarray((len(folded) + 8,), dtype=np.uint64, buffer=padded, strides=(1,))
    masks = _byte_masks()
    low = words[starts] & masks[np.minimum(lengths, 8)]
    high = words[starts + 8] & masks[np.clip(lengths - 8, 0, 8)]
    keys = (low ^ (high * np.uint64(0x9E3779B97F4A7C15))) ^ np.uint64(seed & _MASK64)
    head = units[starts]
    distinctive = upper[head] | ((head >= 48) & (head <= 57))
    return keys, np.searchsorted(ends, starts).astype(np.int64), distinctive


def _shingle(keys: U64, docs: I64, size: int) -> tuple[U64, I64]:
    """Hashes of every ``size`` consecutive tokens that lie in one document."""
    if len(keys) < size:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    width = len(keys) - size + 1
    combined = keys[:width].copy()
    for step in range(1, size):
        combined *= np.uint64(0x9E3779B97F4A7C15)
        combined += keys[step:step + width]
    valid = docs[:width] == docs[size - 1:]
    return _mix(combined[valid]), docs[:width][valid]


def _offsets(docs: I64, count: int) -> I64:
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(docs, minlength=count), out=offsets[1:])
    return offsets


def _shingle_chunk(texts: Sequence[str], options: SignatureOptions) -> ShingleBatch:
    units, ends = _encode(texts)
    keys, docs, distinctive = _token_keys(units, ends, options.seed)
    hashes, shingle_docs = _shingle(keys, docs, options.shingle)
    mixed = _mix(keys)
    # short documents have no full shingle: their tokens stand in for shingles
    short = np.bincount(shingle_docs, minlength=len(texts)) == 0
    if short.any():
        lone = short[docs]
        hashes = np.concatenate([hashes, mixed[lone]])
        shingle_docs = np.concatenate([shingle_docs, docs[lone]])
        order = np.argsort(shingle_docs, kind="stable")
        hashes, shingle_docs = hashes[order], shingle_docs[order]
    offsets = _offsets(shingle_docs, len(texts))
    return ShingleBatch(hashes, offsets, mixed[distinctive],
                        _offsets(docs[distinctive], len(texts)), _exact_keys(hashes, offsets))


def _exact_keys(hashes: U64, offsets: I64) -> U64:
    """Order-sensitive key per document: the sum of its shingle hashes and their count."""
    counts = np.diff(offsets)
    if not len(hashes):
        return np.zeros(len(counts), dtype=np.uint64)
    sums = np.add.reduceat(hashes, np.minimum(offsets[:-1], len(hashes) - 1))
    sums[counts == 0] = 0
    return sums ^ _mix(counts.astype(np.uint64))


def shingle_texts(texts: Sequence[str], *, options: SignatureOptions = SignatureOptions()
                  ) -> ShingleBatch:
    """Shingle a batch of prepared texts (see :func:`prepare_text`).

    Args:
        texts: one string per document.
        options: shingle size and hash seed.

    Returns:
        The batch's shingle hashes, distinctive-token keys and exact-content keys.
    """
    parts = [_shingle_chunk(texts[i:i + _CHUNK], options) for i in range(0, len(texts), _CHUNK)]
    return concat_batches(parts) if parts else _shingle_chunk([], options)


def concat_batches(parts: Sequence[ShingleBatch]) -> ShingleBatch:
    """One batch holding the documents of ``parts`` in order."""
    def joined(arrays: list[I64]) -> I64:
        shifts = np.cumsum([0] + [a[-1] for a in arrays[:-1]])
        return np.concatenate([arrays[0][:1]] + [a[1:] + s for a, s in zip(arrays, shifts,
                                                                              strict=True)])
    return ShingleBatch(
        np.concatenate([p.hashes for p in parts]), joined([p.offsets for p in parts]),
        np.concatenate([p.marks for p in parts]), joined([p.mark_offsets for p in parts]),
        np.concatenate([p.exact for p in parts]))


def minhash(batch: ShingleBatch, *, options: SignatureOptions = SignatureOptions()) -> U32:
    """One-permutation MinHash signatures, shape ``(documents, num_perm)``, uint32.

    A document without shingles has a signature of :data:`EMPTY_BIN` only.
    """
    if options.num_perm & (options.num_perm - 1):
        raise ValueError(f"num_perm must be a power of two; got {options.num_perm}")
    rows = [_minhash_rows(batch.hashes[batch.offsets[i]:batch.offsets[min(i + _CHUNK, len(batch))]],
                          np.diff(batch.offsets[i:i + _CHUNK + 1]), options.num_perm)
            for i in range(0, len(batch), _CHUNK)]
    return np.concatenate(rows) if rows else np.zeros((0, options.num_perm), np.uint32)


def _minhash_rows(hashes: U64, sizes: I64, bins: int) -> U32:
    count = len(sizes)
    docs = np.repeat(np.arange(count, dtype=np.int64), sizes)
    shift = np.uint64(64 - (bins.bit_length() - 1))
    slot = docs * bins + (hashes >> shift).astype(np.int64) if bins > 1 else docs
    table = np.full(count * bins, EMPTY_BIN, dtype=np.uint32)
    np.minimum.at(table, slot, (hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    return densify(table.reshape(count, bins))


def densify(table: U32) -> U32:
    """Fill empty bins from the next non-empty bin to the right (circularly).

    Each step to the right adds a fixed odd constant, so two documents agree on a
    filled bin exactly when they agree on the bin it was filled from.
    """
    empty = table == EMPTY_BIN
    if not empty.any():
        return table
    bins = table.shape[1]
    doubled = np.concatenate([table, table], axis=1)
    index = np.where(np.concatenate([~empty, ~empty], axis=1), np.arange(2 * bins), 2 * bins)
    source = np.minimum.accumulate(index[:, ::-1], axis=1)[:, ::-1][:, :bins]
    found = source < 2 * bins
    distance = (source - np.arange(bins)).astype(np.uint32)
    values = np.take_along_axis(doubled, np.minimum(source, 2 * bins - 1), axis=1)
    filled = values + distance * np.uint32(0x9E3779B1)
    return np.where(found & empty, filled, table).astype(np.uint32)
