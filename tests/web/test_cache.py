"""Issue 10: answers kept between requests while the store is unchanged."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from diemtin.store import SQLiteStore, open_store
from diemtin.store.base import Store
from diemtin.web import create_app
from diemtin.web.app import WebSettings
from diemtin.web.cache import StoreCache
from tests.conftest import make_article


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_kept_until_the_store_changes_or_it_expires(store: Store) -> None:
    store.upsert_articles([make_article("Bão số 3", "Bão vào bờ.", url="https://vd.vn/1")])
    clock, calls = _Clock(), []
    cache = StoreCache(store, ttl=60, clock=clock, refresh=lambda job: job())

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1 and cache.get("k", compute) == 1
    store.upsert_articles([make_article("Bão số 4", "Bão mạnh.", url="https://vd.vn/2")])
    assert cache.get("k", compute) == 2  # a new article: computed again
    clock.now = 61
    assert cache.get("k", compute) == 2  # expired: given once more while computed again
    assert cache.get("k", compute) == 3 and len(calls) == 3
    small = StoreCache(store, size=2, clock=clock)
    for key in ("a", "b", "c"):
        small.get(key, compute)
    assert small.get("a", compute) == len(calls)  # the least recent key was dropped


def test_search_facets_follow_new_articles(store: Store) -> None:
    store.upsert_articles([make_article("Bão số 3", "Bão vào bờ.", url="https://vd.vn/1")])
    client = TestClient(create_app(store), base_url="http://127.0.0.1:8000")
    assert "1 kết quả" in client.get("/", params={"q": "bão"}).text
    store.upsert_articles([make_article("Bão số 4", "Bão mạnh.", url="https://vd.vn/2",
                                        outlet="Báo Mới Lạ")])
    page = client.get("/", params={"q": "bão"}).text
    assert "2 kết quả" in page and "Báo Mới Lạ" in page  # the outlet facet is fresh


def test_the_change_marker_follows_every_write(store: Store) -> None:
    before = store.change_marker()
    if isinstance(store, SQLiteStore):  # PostgreSQL's moves with any write on the server
        assert store.change_marker() == before  # reading changes nothing
    store.upsert_articles([make_article("Mưa lớn", "Mưa kéo dài.", url="https://vd.vn/3")])
    after_article = store.change_marker()
    assert after_article != before
    store.transact(lambda s: s.run("UPDATE organizations SET name = name || '.'"))
    assert store.change_marker() != after_article  # application state counts too


def test_a_write_by_another_process_changes_the_sqlite_marker(tmp_path: Path) -> None:
    path = tmp_path / "marker.db"
    with open_store(path) as reader, open_store(path) as writer:
        before = reader.change_marker()
        writer.upsert_articles([make_article("Lũ quét", "Lũ quét ở vùng cao.",
                                             url="https://vd.vn/4")])
        assert reader.change_marker() != before  # seen without counting articles


def _large_search_app(store: Store) -> TestClient:
    """An app over three matches of "bão" that counts facets inline for one at most."""
    store.upsert_articles([
        make_article(f"Bão số {n}", "Bão vào bờ.", url=f"https://vd.vn/b{n}",
                     outlet=f"Báo Miền {n}") for n in range(3)])
    app = create_app(store, WebSettings(inline_facets=1))
    return TestClient(app, base_url="http://127.0.0.1:8000")


def test_a_large_search_answers_first_and_its_facets_follow(store: Store) -> None:
    client = _large_search_app(store)
    page = client.get("/", params={"q": "bão"}).text
    assert "3 kết quả" in page and "Báo Miền 2" in page  # the results, at once
    assert 'data-facets="/search/facets?q=' in page and "facets.js" in page
    assert '<span class="count">1</span>' not in page  # no facet counted yet
    part = client.get("/search/facets", params={"q": "bão"})
    assert part.status_code == 200 and part.text.lstrip().startswith('<aside class="facets">')
    assert "Báo Miền 1</a> <span class=\"count\">1</span>" in part.text
    again = client.get("/", params={"q": "bão"}).text  # now kept: shown with the page
    assert "data-facets" not in again and "Báo Miền 1</a> <span class=\"count\">1</span>" in again


def test_facets_of_a_large_search_without_scripts(store: Store) -> None:
    client = _large_search_app(store)
    page = client.get("/", params={"q": "bão", "facets": "now"}).text
    assert "data-facets" not in page and "Báo Miền 0</a> <span class=\"count\">1</span>" in page
    bad = client.get("/search/facets", params={"q": '"bão'})
    assert bad.status_code == 400 and "Traceback" not in bad.text


def test_an_expired_answer_is_refreshed_once_in_the_background(store: Store) -> None:
    clock, jobs, calls = _Clock(), [], []
    cache = StoreCache(store, ttl=60, clock=clock, refresh=jobs.append)

    def compute() -> int:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the store went away")
        return len(calls)

    assert cache.get("k", compute) == 1
    clock.now = 61
    assert cache.get("k", compute) == 1 and cache.get("k", compute) == 1
    assert len(jobs) == 1  # one refresh at a time, however many readers
    jobs.pop()()
    assert cache.get("k", compute) == 2
    clock.now = 122
    cache.get("k", compute)
    jobs.pop()()  # the refresh fails: the answer is dropped, the next reader computes
    assert cache.get("k", compute) == 4


def test_peek_gives_what_get_gives_and_computes_nothing(store: Store) -> None:
    clock, jobs = _Clock(), []
    cache = StoreCache(store, ttl=60, clock=clock, refresh=jobs.append)
    assert cache.peek("k") is None
    cache.get("k", lambda: "kept")
    clock.now = 61  # expired: get would still give it (and refresh it), so does peek
    assert cache.peek("k") == "kept" and jobs == []
    assert cache.get("k", lambda: "new") == "kept" and len(jobs) == 1


def test_readers_of_a_key_being_computed_wait_for_it(store: Store) -> None:
    cache, calls, started = StoreCache(store), [], threading.Event()
    release = threading.Event()

    def slow() -> int:
        calls.append(1)
        started.set()
        release.wait(10)
        return 42

    def failing() -> int:
        raise RuntimeError("the store went away")

    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(cache.get, "trends", slow)
        started.wait(10)
        others = [pool.submit(cache.get, "trends", slow) for _ in range(7)]
        release.set()
        assert first.result(10) == 42 and [o.result(10) for o in others] == [42] * 7
    assert calls == [1]  # computed once for eight readers
    with pytest.raises(RuntimeError):
        cache.get("other", failing)
    assert cache.get("other", lambda: 7) == 7  # a failure is not kept


def test_answers_are_kept_up_to_their_weight(store: Store) -> None:
    cache = StoreCache(store, size=10, weigh=len)
    for key, answer in (("a", "xxxx"), ("b", "yyyy"), ("c", "zz")):
        cache.get(key, lambda answer=answer: answer)
    assert [cache.peek(key) for key in "abc"] == ["xxxx", "yyyy", "zz"]  # 10 in all
    cache.get("d", lambda: "www")  # 13: the least recent ("a") goes
    assert cache.peek("a") is None and cache.peek("d") == "www"
    cache.get("big", lambda: "v" * 50)  # heavier than the whole cache: kept alone
    assert cache.peek("big") == "v" * 50 and cache.peek("b") is None
