"""Near-duplicates: verification, template guard, chains, determinism."""

from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from diemtin.link.candidates import CandidateIndex
from diemtin.link.duplicates import (
    Publication,
    chain,
    duplicate_groups,
    group,
    republication_counts,
    verify,
)
from diemtin.link.edits import EDITS
from diemtin.link.signatures import minhash, prepare_text, shingle_texts
from diemtin.models import Article
from tests.link.conftest import BRIDGE, FLOOD, make_article, weather

PLACES = ("Hà Nội", "Lào Cai", "Huế", "Đà Nẵng", "Cần Thơ", "Sơn La")


def _ids(articles: list[Article]) -> list[tuple[str, ...]]:
    return [found.ids for found in duplicate_groups(articles)]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(sorted(EDITS)), st.sampled_from(sorted(EDITS)), st.integers(0, 99))
def test_duplicates_document_is_a_duplicate_of_itself_after_light_edits(
        first: str, second: str, seed: int) -> None:
    edited = EDITS[second](EDITS[first](FLOOD, seed), seed)
    articles = [make_article("goc", FLOOD), make_article("ban-sao", edited, hours=2),
                make_article("khac", BRIDGE, hours=1)]
    assert _ids(articles) == [("goc", "ban-sao")]


def test_duplicates_template_bulletins_are_not_duplicates() -> None:
    articles = [make_article(f"thoi-tiet-{day}", weather(day, 18 + day, 27 + day % 4,
                                                         PLACES[day % 6]), hours=24 * day)
                for day in range(1, 13)]
    assert _ids(articles) == []


def test_duplicates_exact_copy_of_a_bulletin_is_a_duplicate() -> None:
    bulletin = weather(3, 21, 30, "Huế")
    articles = [make_article("a", bulletin), make_article("b", weather(4, 21, 30, "Huế")),
                make_article("c", bulletin, outlet="Báo Huế", hours=1)]
    assert _ids(articles) == [("a", "c")]


def test_duplicates_credit_line_overrides_publication_time() -> None:
    articles = [
        make_article("som", FLOOD, outlet="Báo Sớm", hours=0),
        make_article("goc", FLOOD, outlet="Báo Lào Cai", hours=1),
        make_article("chep", [*FLOOD, "Theo Báo Lào Cai"], outlet="Báo Chép", hours=2),
    ]
    (found,) = duplicate_groups(articles)
    assert found.original == "goc" and found.credited
    assert [c.id for c in found.copies] == ["som", "chep"]
    assert found.copies[0].delay == -3600.0


def test_duplicates_chain_delays_and_outlet_counts() -> None:
    groups = duplicate_groups([make_article("a", FLOOD, outlet="TTXVN"),
                               make_article("b", FLOOD, outlet="Báo X", hours=2),
                               make_article("c", BRIDGE, outlet="TTXVN"),
                               make_article("d", BRIDGE, outlet="Báo X", hours=1)])
    assert [(g.original, [c.delay for c in g.copies]) for g in groups] == [
        ("a", [7200.0]), ("c", [3600.0])]
    assert republication_counts(groups) == {("TTXVN", "Báo X"): 2}


def test_duplicates_undated_member_is_not_the_original() -> None:
    members = [Publication("x", "A", None), Publication("y", "B",
                                                         make_article("y", FLOOD).published)]
    assert chain(members).original == "y"


def test_duplicates_same_input_order_same_groups_and_two_batches_equal_one() -> None:
    articles = [make_article("o1", FLOOD), make_article("o2", BRIDGE)]
    articles += [make_article(f"c{i}", EDITS[name](FLOOD if i % 2 else BRIDGE, i), hours=i)
                 for i, name in enumerate(sorted(EDITS))]
    texts = [prepare_text([a.lead or "", *a.body]) for a in articles]
    whole = shingle_texts(texts)
    one = CandidateIndex()
    pairs_one = verify(whole, one.add(whole, minhash(whole)))
    two = CandidateIndex()
    first, second = shingle_texts(texts[:4]), shingle_texts(texts[4:])
    pairs_two = np.concatenate([two.add(first, minhash(first)), two.add(second, minhash(second))])
    assert np.array_equal(np.unique(verify(whole, pairs_two), axis=0), pairs_one)
    assert group(len(texts), pairs_one.tolist()) == group(len(texts), pairs_one[::-1].tolist())
    assert _ids(articles) == _ids(list(articles))
    restored = pickle.loads(pickle.dumps(two))
    assert restored.size == two.size == len(texts)


def test_duplicates_different_reports_of_one_event_are_not_duplicates() -> None:
    other = [
        "Lũ trên sông Chảy sáng 14/9 làm ngập sâu nhiều thôn của xã Bảo Hà, tỉnh Lào Cai; "
        "chính quyền địa phương đã đưa hơn một nghìn hộ dân lên vùng cao tránh lũ.",
        "Phóng viên ghi nhận nhiều gia đình phải dùng thuyền nhỏ để chuyển lúa giống, gia "
        "súc ra khỏi khu vực ngập; nhiều nhà chỉ còn nhìn thấy mái.",
        "Lãnh đạo huyện cho biết sẽ hỗ trợ gạo, nước sạch và thuốc men cho các hộ bị thiệt "
        "hại ngay khi nước rút, đồng thời kiểm tra các điểm có nguy cơ sạt lở.",
    ]
    assert _ids([make_article("a", FLOOD), make_article("b", other, hours=3)]) == []
