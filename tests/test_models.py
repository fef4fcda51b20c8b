import json
import pickle
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from diemtin.models import (
    VIETNAM_TZ,
    Article,
    IngestReport,
    Mention,
    RawDocument,
    Story,
    article_id_for,
    canonical_url,
    from_dict,
    to_dict,
)
from tests.conftest import make_article


def test_canonical_url_drops_tracking_and_noise() -> None:
    assert canonical_url("http://www.BaoTayBac.vn/a.html?utm_source=fb&id=2&fbclid=x#c") == \
        "https://baotaybac.vn/a.html?id=2"
    assert canonical_url("https://baotaybac.vn/chinh-tri/") == "https://baotaybac.vn/chinh-tri"


def test_article_id_is_stable_and_comes_from_url_first() -> None:
    one = article_id_for(url="https://baotaybac.vn/a.html?utm_medium=x", title="A", body=())
    two = article_id_for(url="http://www.baotaybac.vn/a.html", title="B", body=("khác",))
    assert one == two and one.startswith("u") and len(one) == 17
    by_content = article_id_for(url=None, title="Tiêu đề", body=("Đoạn 1",))
    assert by_content.startswith("c")
    assert by_content != article_id_for(url=None, title="Tiêu đề", body=("Đoạn 2",))


def test_published_keeps_offset_and_converts_to_utc() -> None:
    article = make_article("Tin", "Nội dung", published="2026-10-13T08:15:00")
    assert article.published is not None
    assert article.published.utcoffset() == timedelta(hours=7)
    assert article.published_utc == datetime(2026, 10, 13, 1, 15, tzinfo=UTC)


def test_content_hash_ignores_fetch_and_ingest_times() -> None:
    article = make_article("Tin", "Nội dung")
    later = article.with_changes(ingested_at=datetime.now(VIETNAM_TZ), source="x.jsonl")
    assert article.content_hash() == later.content_hash()
    assert article.content_hash() != article.with_changes(title="Tin khác").content_hash()


def test_models_pickle() -> None:
    article = make_article("Tin", "Nội dung", captions=("Ảnh",), tags=("a",))
    assert pickle.loads(pickle.dumps(article)) == article
    raw = RawDocument(b"<html>", url="https://x.vn", headers=(("Content-Type", "text/html"),))
    assert pickle.loads(pickle.dumps(raw)) == raw
    assert raw.header("content-type") == "text/html"
    assert pickle.loads(pickle.dumps(IngestReport(added=1))).added == 1
    story = Story("s1", "Bão số 12", ("a2", "a1"), outlets=("Báo Miền Trung",))
    assert pickle.loads(pickle.dumps(story)) == story and story.first_article_id == "a2"
    mention = Mention(0, 7, "LOC", "Lào Cai")
    assert pickle.loads(pickle.dumps(mention)) == mention


@given(title=st.text(min_size=1, max_size=30), body=st.lists(st.text(max_size=30), max_size=4),
       tags=st.lists(st.text(max_size=10), max_size=3))
def test_to_dict_from_dict_round_trip(title: str, body: list[str], tags: list[str]) -> None:
    article = Article(id="c1", title=title, body=tuple(body), tags=tuple(tags),
                      published=datetime(2026, 1, 2, 3, 4, tzinfo=VIETNAM_TZ))
    assert from_dict(to_dict(article)) == article


def test_issue_13_provenance_round_trips_and_pickles() -> None:
    article = Article(id="a1", title="Thuỷ điện Hoà Bình", body=("Mở cửa xả đáy.",),
                      provenance=(("title", "h1+json-ld"), ("author", "signature")))
    data = to_dict(article)
    assert data["provenance"] == {"title": "h1+json-ld", "author": "signature"}
    assert from_dict(json.loads(json.dumps(data))) == article
    assert pickle.loads(pickle.dumps(article)) == article
    assert article.content_hash() == article.with_changes(provenance=()).content_hash()


def test_issue_13_content_id_ignores_tone_mark_placement() -> None:
    old_style = article_id_for(url=None, title="Thủy điện Hòa Bình", body=("Xả lũ.",))
    assert article_id_for(url=None, title="Thuỷ điện Hoà Bình", body=("Xả lũ.",)) == old_style
