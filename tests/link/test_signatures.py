"""Signatures: folding, credit lines, shingles and MinHash."""

from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from diemtin.link.signatures import (
    EMPTY_BIN,
    SignatureOptions,
    credit_name,
    densify,
    is_credit_line,
    minhash,
    prepare_text,
    shingle_texts,
)
from tests.link.conftest import BRIDGE, FLOOD


def test_signatures_tone_convention_and_marks_do_not_change_shingles() -> None:
    batch = shingle_texts(["Hòa Bình khỏe mạnh thủy điện", "Hoà Bình khoẻ mạnh thuỷ điện",
                           "hoa binh khoe manh thuy dien", "Hòa Bình khỏe mạnh nhiệt điện"])
    assert np.array_equal(batch.shingles(0), batch.shingles(1))
    assert np.array_equal(batch.shingles(0), batch.shingles(2))
    assert not np.array_equal(batch.shingles(0), batch.shingles(3))
    assert batch.exact[0] == batch.exact[1] != batch.exact[3]


def test_signatures_retyped_numbers_are_one_token() -> None:
    batch = shingle_texts(["thu 1.250 tỷ đồng, tăng 2,5 lần", "thu 1250 tỷ đồng, tăng 2.5 lần"])
    assert np.array_equal(batch.shingles(0), batch.shingles(1))


def test_signatures_credit_lines_are_dropped_and_named() -> None:
    assert is_credit_line("Theo TTXVN") and is_credit_line("Xem thêm: Lũ ở Lào Cai")
    assert not is_credit_line("Theo kế hoạch, công trình sẽ hoàn thành vào tháng 12.")
    assert prepare_text([*FLOOD, "Nguồn: Báo Lào Cai"]) == prepare_text(FLOOD)
    assert credit_name([*FLOOD, "Theo Báo Lào Cai"]) == "Báo Lào Cai"
    assert credit_name([*FLOOD[:-1], FLOOD[-1] + " (Theo TTXVN)"]) == "TTXVN"
    assert credit_name(FLOOD) is None


def test_signatures_batches_are_independent_of_chunking() -> None:
    texts = [prepare_text(FLOOD), prepare_text(BRIDGE), "", "một hai"] * 100
    whole = minhash(shingle_texts(texts))
    assert np.array_equal(whole[:4], minhash(shingle_texts(texts[:4])))
    assert np.array_equal(whole[0], whole[4])
    assert (whole[2] == EMPTY_BIN).all() and not (whole[3] == EMPTY_BIN).any()


def test_signatures_minhash_estimates_jaccard() -> None:
    a, b = prepare_text(FLOOD), prepare_text(FLOOD[:3] + BRIDGE[:2])
    batch = shingle_texts([a, b])
    exact = len(np.intersect1d(batch.shingles(0), batch.shingles(1))) / len(
        np.union1d(batch.shingles(0), batch.shingles(1)))
    signatures = minhash(batch, options=SignatureOptions(num_perm=256))
    assert abs(float(np.mean(signatures[0] == signatures[1])) - exact) < 0.12


def test_signatures_densify_fills_from_the_right() -> None:
    table = np.array([[EMPTY_BIN, 5, EMPTY_BIN, 7]], dtype=np.uint32)
    filled = densify(table)
    assert filled[0, 1] == 5 and filled[0, 3] == 7
    assert (filled != EMPTY_BIN).all()


def test_signatures_batch_pickles() -> None:
    batch = shingle_texts([prepare_text(FLOOD)])
    again = pickle.loads(pickle.dumps(batch))
    assert np.array_equal(again.hashes, batch.hashes)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=6))
def test_signatures_any_text_gives_one_row_per_document(texts: list[str]) -> None:
    batch = shingle_texts([prepare_text([t]) for t in texts])
    assert len(batch) == len(texts)
    assert minhash(batch).shape == (len(texts), 128)
