"""Entity, outlet and trend pages and their API (issue 10), over a small annotated corpus."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from diemtin.models import AnnotationSet, Article, EntityRow
from diemtin.store.base import Store
from diemtin.web import create_app, insight_pages, views
from diemtin.web.charts import bucket
from diemtin.web.trends import trend_score
from tests.conftest import make_article

LOCAL = "http://127.0.0.1:8000"
HUNG, CHU = "Lý Văn Hùng", "Giàng A Chu"


def _unit(name: str) -> dict[str, str]:
    return {"scheme": "2025", "level": "province", "code": "15", "name": name,
            "province_code": "15"}


def _annotations(text: str, people: list[tuple[str, str | None]], orgs: list[str],
                 places: list[tuple[str, str]], keywords: list[str], topic: str
                 ) -> AnnotationSet:
    """Annotations as the NLP stores them, with offsets of each name in ``text``."""
    entities: list[dict[str, Any]] = []
    for label, names in (("PER", people), ("ORG", [(o, None) for o in orgs])):
        for name, title in names:
            start = text.index(name)
            entities.append({"start": start, "end": start + len(name), "label": label,
                             "text": name, "title": title})
    place_data = []
    for written, current in places:
        start = text.index(written)
        entities.append({"start": start, "end": start + len(written), "label": "LOC",
                         "text": written})
        place_data.append({"start": start, "end": start + len(written), "text": written,
                           "name": written, "level": "province", "source": "gazetteer",
                           "old": None, "current": _unit(current), "unit": _unit(current)})
    components = (
        ("entities", "entities.test", entities), ("places", "places.test", place_data),
        ("keywords", "keywords.test", [{"text": k, "score": 1.0, "count": 1} for k in keywords]),
        ("topic", "topic.test", {"label": topic, "score": 0.9, "ranking": []}),
    )
    coref = []
    if HUNG in text and "Ông Hùng" in text:  # the short form after the full name
        start = text.index("Ông Hùng") + 4
        entities.append({"start": start, "end": start + 4, "label": "PER", "text": "Hùng",
                         "title": None})
        coref.append({"start": start, "end": start + 4, "text": "Hùng",
                      "name_start": text.index(HUNG), "name": HUNG, "title": None})
    components = (*components, ("coref", "coref.test", coref))
    full = {link["start"]: link["name"] for link in coref}  # indexed as entity_rows does
    rows = tuple(EntityRow(e["label"], full.get(e["start"], e["text"]), e["start"], e["end"],
                           e.get("title")) for e in entities)
    return AnnotationSet(components, rows)


def _corpus() -> list[tuple[Article, AnnotationSet]]:
    items = []
    # Baseline weeks: a few articles on the province's road works.
    for day in (17, 24, 30):
        article = make_article(
            f"Yên Bái sửa đường tỉnh lộ ngày {day}/9",
            f"Ông {HUNG}, Chủ tịch UBND tỉnh, cùng Sở GTVT-XD Yên Bái kiểm tra công trình "
            f"ngày {day}/9.",
            url=f"https://baotaybac.vn/giao-thong/sua-duong-{day}.html", section="Giao thông",
            published=f"2026-09-{day:02d}T09:00:00")
        items.append((article, _annotations(article.text, [(HUNG, "Chủ tịch UBND tỉnh")],
                                            ["Sở GTVT-XD Yên Bái"], [("Yên Bái", "Lào Cai")],
                                            ["tỉnh lộ"], "giao thông")))
    # The last day: the storm; many articles, most in the last 24 hours.
    for hour in range(6):
        article = make_article(
            f"Lũ quét ở Lào Cai, bản tin {hour + 1}",
            f"Ông {HUNG}, Bí thư Tỉnh ủy, và ông {CHU} chỉ đạo ứng phó lũ quét ở Lào Cai.",
            "Ông Hùng yêu cầu sơ tán dân khỏi vùng nguy hiểm.",
            url=f"https://thoibaothudo.vn/thoi-su/lu-quet-{hour}.html",
            outlet="Thời Báo Thủ Đô" if hour % 2 else "Báo Tây Bắc", section="Thời sự",
            published=f"2026-10-21T{8 + hour:02d}:00:00")
        items.append((article, _annotations(
            article.text, [(HUNG, "Bí thư Tỉnh ủy"), (CHU, None)], [],
            [("Lào Cai", "Lào Cai")], ["lũ quét"], "thời tiết")))
    return items


@pytest.fixture
def annotated(store: Store) -> Store:
    """The corpus in a store of each backend."""
    corpus = _corpus()
    store.upsert_articles([a for a, _ in corpus], annotations={a.id: n for a, n in corpus})
    return store


@pytest.fixture
def client(annotated: Store) -> TestClient:
    return TestClient(create_app(annotated), base_url=LOCAL)


def test_person_page_shows_titles_timeline_and_co_mentions(client: TestClient) -> None:
    page = client.get("/people/ly-van-hung", params={"by": "month"})
    assert page.status_code == 200
    text = page.text
    assert f"<h1>{HUNG}</h1>" in text and "Được nhắc đến trong 9 bài" in text
    assert "Chủ tịch UBND tỉnh" in text and "Bí thư Tỉnh ủy" in text
    assert "<td>2026-09</td><td>3</td>" in text and "<td>2026-10</td><td>6</td>" in text
    assert '<svg class="chart"' in text and "<script" not in text
    assert 'href="/people/giang-a-chu"' in text and 'href="/places/lao-cai"' in text


def test_person_api_matches_the_page(client: TestClient) -> None:
    data = client.get("/api/v1/entities/people/ly-van-hung", params={"by": "week"}).json()
    assert data["name"] == HUNG and data["articles"] == 9
    titles = {t["title"]: (t["first_seen"], t["last_seen"]) for t in data["titles"]}
    assert titles["Chủ tịch UBND tỉnh"] == ("2026-09-17", "2026-09-30")
    assert titles["Bí thư Tỉnh ủy"] == ("2026-10-21", "2026-10-21")
    assert sum(p["articles"] for p in data["timeline"]) == 9
    assert data["timeline"][0]["period"] == "2026-W38"
    assert data["latest"][0]["published"].startswith("2026-10-21T13:00")
    co = {(e["kind"], e["id"]): e["articles"] for e in data["co_mentions"]}
    assert co[("people", "giang-a-chu")] == 6 and co[("places", "lao-cai")] == 9


def test_co_mentions_say_when_they_count_only_the_newest_articles(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/api/v1/entities/people/ly-van-hung").json()["co_mentions_within"] == 9
    assert "bài mới nhất" not in client.get("/people/ly-van-hung").text
    monkeypatch.setattr(views, "CO_MENTION_WINDOW", 4)
    data = client.get("/api/v1/entities/people/ly-van-hung", params={"by": "month"}).json()
    assert data["co_mentions_within"] == 4 and data["articles"] == 9
    assert all(e["articles"] <= 4 for e in data["co_mentions"])
    page = client.get("/people/ly-van-hung", params={"by": "month"}).text
    assert "Đếm trên 4 bài mới nhất" in page


def test_place_page_counts_old_names_under_the_current_unit(client: TestClient) -> None:
    data = client.get("/api/v1/entities/places/lao-cai").json()
    assert data["name"] == "Lào Cai" and data["articles"] == 9  # 3 say "Yên Bái"
    places = client.get("/api/v1/entities/places").json()
    assert places == {"entities": [{"kind": "places", "id": "lao-cai", "name": "Lào Cai",
                                    "articles": 9}], "next_cursor": None}


def test_entity_and_outlet_lists_page_with_cursors(client: TestClient) -> None:
    whole = client.get("/api/v1/entities/people", params={"limit": 500}).json()["entities"]
    assert len(whole) >= 2 and whole[0]["id"] == "ly-van-hung"
    seen, cursor = [], None
    while True:
        page = client.get("/api/v1/entities/people",
                          params={"limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        seen += page["entities"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == whole  # every entity once, in order
    outlets = client.get("/api/v1/outlets", params={"limit": 1}).json()
    rest = client.get("/api/v1/outlets", params={"cursor": outlets["next_cursor"]}).json()
    every = client.get("/api/v1/outlets").json()["outlets"]
    assert outlets["outlets"] + rest["outlets"] == every and rest["next_cursor"] is None
    other_list = client.get("/api/v1/entities/orgs", params={"cursor": outlets["next_cursor"]})
    assert other_list.status_code == 400 and "cursor" in other_list.json()["error"]["message"]
    assert client.get("/api/v1/outlets", params={"cursor": "rác"}).status_code == 400


def test_entity_list_pages_link_the_next_page(client: TestClient,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(insight_pages, "_LISTED", 1)
    first = client.get("/people?lang=vi").text
    link = first.split('href="/people?cursor=')[1].split('"')[0]
    second = client.get(f"/people?cursor={link}")
    assert second.status_code == 200 and "Trang đầu" in second.text
    assert client.get("/people?cursor=hong").status_code == 400


def test_unknown_entity_and_outlet_are_404_in_both_shapes(client: TestClient) -> None:
    api = client.get("/api/v1/entities/people/khong-co-ai")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    page = client.get("/orgs/khong-co")
    assert page.status_code == 404 and "tổ chức" in page.text
    assert client.get("/api/v1/outlets/khong-co").status_code == 404
    assert client.get("/api/v1/entities/animals").status_code == 400


def test_outlets_list_and_outlet_page(client: TestClient) -> None:
    outlets = client.get("/api/v1/outlets").json()["outlets"]
    assert outlets[0] == {"id": "bao-tay-bac", "outlet": "Báo Tây Bắc", "articles": 6,
                          "last_published": "2026-10-21T05:00:00+00:00"}
    page = client.get("/outlets")
    assert 'href="/outlets/thoi-bao-thu-do"' in page.text and "2026-10-21" in page.text
    data = client.get("/api/v1/outlets/bao-tay-bac", params={"by": "day"}).json()
    assert data["sections"] == [{"value": "Giao thông", "articles": 3},
                                {"value": "Thời sự", "articles": 3}]
    assert {"value": "thời tiết", "articles": 3} in data["topics"]
    assert data["timeline"][-1] == {"period": "2026-10-21", "articles": 3}
    html = client.get("/outlets/bao-tay-bac").text
    assert "<h2>Chuyên mục</h2>" in html and "Giao thông" in html


def test_trends_rank_a_burst_above_its_baseline(client: TestClient) -> None:
    data = client.get("/api/v1/trends", params={"window": "7d", "min_count": 3}).json()
    names = [t["name"] for t in data["terms"]]
    assert "lũ quét" in names and "Giàng A Chu" in names
    flood = data["terms"][names.index("lũ quét")]
    assert flood["count"] == 6 and flood["baseline"] == 0
    assert flood["score"] == trend_score(6, 0, 4)
    [hung] = [t for t in data["terms"] if t["name"] == HUNG]
    assert hung["baseline"] == 3 and hung["score"] < flood["score"]  # in the baseline too
    assert "tỉnh lộ" not in names  # none in the window
    strict = client.get("/api/v1/trends", params={"window": "7d", "min_count": 7}).json()
    assert strict["terms"] == []


def test_trend_score_needs_more_than_noise() -> None:
    assert trend_score(3, 1, 7) < trend_score(30, 1, 7)
    assert trend_score(0, 7, 7) < 0 < trend_score(10, 7, 7)


def test_share_of_voice_counts_every_match(client: TestClient) -> None:
    data = client.get("/api/v1/share", params={"q": "lũ quét"}).json()
    assert data["total"] == 6
    assert {(r["outlet"], r["articles"]) for r in data["outlets"]} == {
        ("Báo Tây Bắc", 3), ("Thời Báo Thủ Đô", 3)}
    page = client.get("/trends", params={"window": "7d", "q": "lũ quét", "min_count": 3})
    assert "Tỷ trọng đưa tin" in page.text and "50.0%" in page.text
    bad = client.get("/trends", params={"q": '"lũ'})
    assert bad.status_code == 200 and "Truy vấn chưa đúng" in bad.text
    assert client.get("/api/v1/share", params={"q": '"lũ'}).status_code == 400


def test_bucket_by_week_and_month() -> None:
    days = [("2026-09-28", 1), ("2026-10-01", 2), ("2026-10-05", 4)]
    assert [(b.period, b.count) for b in bucket(days, "week")] == [("2026-W40", 3),
                                                                   ("2026-W41", 4)]
    assert [(b.period, b.count) for b in bucket(days, "month")] == [("2026-09", 1),
                                                                    ("2026-10", 6)]
    with pytest.raises(ValueError, match="day, week or month"):
        bucket(days, "year")


_LINK = re.compile(r'href="(/[^"]*)"')
_START = ["/people", "/orgs", "/places", "/outlets", "/trends?window=7d&min_count=3&q=lũ",
          "/people/ly-van-hung"]


def test_no_dead_links_among_the_new_pages(client: TestClient, annotated: Store) -> None:
    seen: set[str] = set()
    queue = list(_START)
    while queue:
        path = queue.pop()
        if path in seen or path.startswith("/static/"):
            continue
        seen.add(path)
        response = client.get(path.replace("&amp;", "&"))
        assert response.status_code == 200, path
        if path.startswith(("/people", "/orgs", "/places", "/outlets", "/trends")):
            queue.extend(_LINK.findall(response.text))
    assert any(p.startswith("/articles/") for p in seen)
    assert {"/places/lao-cai", "/outlets/thoi-bao-thu-do", "/people/giang-a-chu"} <= seen


def test_article_page_links_entities_to_their_pages(client: TestClient,
                                                    annotated: Store) -> None:
    [article_id] = annotated.term_article_ids("KW", "tinh lo", limit=1)
    html = client.get(f"/articles/{article_id}").text
    assert 'href="/people/ly-van-hung"' in html and 'href="/places/lao-cai"' in html
    assert 'href="/orgs/so-gtvt~xd-yen-bai"' in html  # a hyphen in a name survives the id
    org = client.get("/api/v1/entities/orgs/so-gtvt~xd-yen-bai").json()
    assert org["name"] == "Sở GTVT-XD Yên Bái" and org["articles"] == 3


def test_issue_10_short_form_links_to_the_full_name(client: TestClient,
                                                     annotated: Store) -> None:
    [article_id] = annotated.term_article_ids("KW", "lu quet", limit=1)
    html = client.get(f"/articles/{article_id}").text
    assert 'href="/people/hung"' not in html and 'href="/people/ly-van-hung"' in html


def test_search_facets_count_every_match_and_filter_on_click(client: TestClient,
                                                             annotated: Store) -> None:
    from diemtin.search import parse_query

    facets = annotated.result_facets(parse_query("lũ quét"), limit=5)
    assert facets.days == [("2026-10-21", 6)] and facets.topics == [("thời tiết", 6)]
    assert {(t.label, t.text, t.articles) for t in facets.entities} == {
        ("PER", HUNG, 6), ("PER", CHU, 6), ("LOC", "Lào Cai", 6)}
    page = client.get("/", params={"q": "hùng", "by": "month"})
    assert "<h2>Nhân vật</h2>" in page.text and "<h2>Chủ đề</h2>" in page.text
    assert "since=2026-09-01&until=2026-10-01" in page.text  # the September bar
    person = client.get("/", params={"q": f'hùng person:"{CHU}"'})
    assert person.status_code == 200 and "6 kết quả" in person.text
    assert "Yên Bái sửa đường" not in person.text
    september = client.get("/", params={"q": "hùng", "since": "2026-09-01",
                                        "until": "2026-10-01"})
    assert "3 kết quả" in september.text and "Lũ quét" not in september.text


def test_issue_10_topic_facet_filters_on_click(client: TestClient) -> None:
    page = client.get("/", params={"q": "hùng"})
    link = 'href="/?q=h%C3%B9ng%20topic%3A%22giao%20th%C3%B4ng%22'
    assert link in page.text  # the topic value adds topic:"giao thông" to the query
    road = client.get("/", params={"q": 'hùng topic:"giao thông"'})
    assert road.status_code == 200 and "3 kết quả" in road.text
    assert "Lũ quét" not in road.text and "Yên Bái sửa đường" in road.text
    api = client.get("/api/v1/count", params={"q": 'topic:"thời tiết"'}).json()
    assert api["total"] == 6
