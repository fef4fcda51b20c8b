import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from diemtin.flow import (
    IngestOptions,
    annotate_articles,
    ingest_paths,
    reanalyze,
    stale_article_ids,
    start_analysis,
)
from diemtin.models import Article
from diemtin.nlp import AnalyzeOptions
from diemtin.search.query import parse_query
from diemtin.store import SQLiteStore, Store, open_store
from tests.conftest import write_jsonl


def records(count: int) -> list[dict[str, object]]:
    return [{"url": f"https://baosonghong.vn/tin-{i}.html", "title": f"Tin số {i} về Lào Cai",
             "body": [f"Đoạn mở đầu của bài {i}.", "Sáng 13/10, hội nghị diễn ra tại Hà Nội."],
             "published": "2026-10-13T08:00:00"} for i in range(count)]


def snapshot(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return set(db.execute("SELECT id, content_hash FROM articles"))


def test_ingest_twice_is_idempotent(tmp_path: Path, store: Store) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [*records(3), '{"title": 1}'])
    first = ingest_paths(store, [str(path)], options=IngestOptions(batch_size=2))
    assert (first.added, first.failed) == (3, 1)
    second = ingest_paths(store, [str(path)])
    assert (second.added, second.unchanged, second.failed) == (0, 3, 1)
    assert store.count_articles() == 3


def test_partial_checkpoint_resumes_after_last_stored_batch(tmp_path: Path,
                                                            store: Store) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", records(10))
    from diemtin.ingest.files import SourceFile

    fingerprint = SourceFile(str(path), "jsonl").fingerprint()
    from diemtin.store import Checkpoint

    store.save_checkpoint(Checkpoint(str(path), fingerprint, 4))
    report = ingest_paths(store, [str(path)])
    assert report.added == 6  # lines 5-10 only: the checkpoint says 1-4 were stored


def test_changed_file_is_read_from_the_start(tmp_path: Path, store: Store) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", records(4))
    from diemtin.store import Checkpoint

    store.save_checkpoint(Checkpoint(str(path), "other-size:other-mtime", 3))
    assert ingest_paths(store, [str(path)]).added == 4


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_ingest_resumes_to_the_same_database(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "big.jsonl", records(4_000))
    command = [sys.executable, "-m", "diemtin", "ingest", str(source), "--batch-size", "50",
               "--quiet", "--db"]
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    process = subprocess.Popen([*command, str(killed_db)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(killed_db, timeout=1) as db:
                if db.execute("SELECT count(*) FROM articles").fetchone()[0] >= 200:
                    break
        except sqlite3.OperationalError:
            pass  # the database is not created yet
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "ingest ended before it could be killed"
    stored_before = len(snapshot(killed_db))
    assert 0 < stored_before < 4_000

    resumed = subprocess.run([*command, str(killed_db)], capture_output=True, text=True,
                             check=True)
    subprocess.run([*command, str(clean_db)], capture_output=True, check=True)
    assert snapshot(killed_db) == snapshot(clean_db)
    # It resumed at the checkpoint: nothing stored before the kill was read again.
    assert f"{4_000 - stored_before} added, 0 updated, 0 unchanged" in resumed.stderr
    with open_store(killed_db) as store:
        assert store.count_articles() == 4_000


def test_ingest_with_analysis_stores_annotations_in_the_batch(tmp_path: Path,
                                                              store: Store) -> None:
    log = start_analysis()
    path = write_jsonl(tmp_path / "a.jsonl", records(3))
    ingest_paths(store, [str(path)], analysis=log)
    assert log.analyzed == 3 and not log.failures
    stored = store.get_annotations(records_id(0))
    assert {"entities", "topic", "summary"} <= set(stored)
    assert ingest_paths(store, [str(path)], analysis=log).unchanged == 3
    assert log.analyzed == 3  # unchanged articles are not analyzed again


def test_crash_in_analysis_stores_neither_batch_nor_checkpoint(
        tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import diemtin._batch

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("analysis crashed")

    monkeypatch.setattr(diemtin._batch, "annotate_batch", broken)
    path = write_jsonl(tmp_path / "a.jsonl", records(2))
    with pytest.raises(RuntimeError):
        ingest_paths(store, [str(path)], analysis=start_analysis())
    assert store.count_articles() == 0 and store.get_checkpoint(str(path)) is None


def records_id(index: int) -> str:
    from diemtin.models import article_id_for

    return article_id_for(url=f"https://baosonghong.vn/tin-{index}.html", title="", body=())


def test_annotate_saves_versions_and_entity_rows(filled_store: Store,
                                                  news: list[Article]) -> None:
    report = annotate_articles(filled_store, news)
    assert (report.analyzed, report.failed) == (len(news), 0)
    stored = filled_store.get_annotations(news[0].id)
    assert stored["dates"][0] == "dates.v1" and stored["places"][0] == "places.v1"
    assert stale_article_ids(filled_store) == []
    assert any(text == "Lào Cai" or "Lào Cai" in text
               for text, _ in filled_store.entity_counts("LOC"))


def test_place_filter_finds_annotated_articles(filled_store: Store,
                                               news: list[Article]) -> None:
    annotate_articles(filled_store, news)
    results = filled_store.search(parse_query('place:"Quảng Ngãi"'))
    assert [hit.article.id for hit in results.hits] == [news[2].id]


def test_reanalyze_runs_only_stale_components(filled_store: Store,
                                              news: list[Article]) -> None:
    only_dates = AnalyzeOptions(components=("dates",))
    annotate_articles(filled_store, news, options=only_dates)
    assert stale_article_ids(filled_store, options=only_dates) == []
    assert len(stale_article_ids(filled_store)) == len(news)  # the full pipeline wants more
    report = reanalyze(filled_store)
    assert report.analyzed == len(news)
    assert stale_article_ids(filled_store) == []
    assert set(filled_store.get_annotations(news[1].id)) >= {"entities", "topic", "summary"}


def test_issue_13_stored_as_published_found_by_either_spelling(store: Store) -> None:
    """The outlet's tone marks are stored and shown; search and analysis normalize them."""
    from diemtin.ingest.records import article_from_record

    record = {
        "url": "https://baotaybac.vn/xa-hoi/thuy-dien-hoa-binh.html", "outlet": "Báo Tây Bắc",
        "title": "Thuỷ điện Hoà Bình mở thêm cửa xả đáy",
        "body": ["Sáng 14/10, Công ty Thuỷ điện Hoà Bình mở thêm một cửa xả đáy. Ông Nguyễn "
                 "Văn Thoả, Phó Giám đốc công ty, cho biết mực nước hồ vẫn trong giới hạn."],
        "published": "2026-10-14T09:00:00+07:00",
    }
    article = article_from_record(record)
    newer = article_from_record({  # same folded words, other tones ("hóa", "bính"), newer
        "url": "https://baotaybac.vn/kinh-te/hoa-chat.html", "title": "Hóa chất Bính Sơn",
        "body": ["Nhà máy hóa chất Bính Sơn tăng công suất, thủy lợi hoàn tất kênh mới."],
        "published": "2026-10-15T09:00:00+07:00"})
    store.upsert_articles([article, newer])
    stored = store.get_article(article.id)
    assert stored.title == "Thuỷ điện Hoà Bình mở thêm cửa xả đáy"
    assert stored.body == tuple(record["body"])
    for query in ("Hòa Bình", "Hoà Bình", '"thủy điện hòa bình"', "thuỷ điện"):
        results = store.search(parse_query(query))  # the exact-spelling tier ranks it first
        assert results.hits[0].article.id == article.id, query
    assert {hit.article.id for hit in store.search(parse_query("hoa binh")).hits} == \
        {article.id, newer.id}
    report = annotate_articles(store, [stored])
    assert report.failed == 0
    entities = store.get_annotations(article.id)["entities"][1]
    assert entities, "the pipeline found no entity"
    for mention in entities:
        assert stored.text[mention["start"]:mention["end"]] == mention["text"]
    assert any(m["text"] == "Nguyễn Văn Thoả" for m in entities)


def test_issue_15_writer_waits_past_the_busy_timeout(tmp_path: Path) -> None:
    """Another process holding the write lock longer than the busy timeout is waited for."""
    db = tmp_path / "tin.db"
    open_store(db).close()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.6, holder.execute, ["COMMIT"])
    release.start()
    try:
        with SQLiteStore(db, busy_timeout=0.05) as store:
            started = time.monotonic()
            report = ingest_paths(store, [str(write_jsonl(tmp_path / "a.jsonl", records(3)))])
            waited = time.monotonic() - started
    finally:
        release.join()
        holder.close()
    assert report.added == 3 and not report.failures
    assert waited >= 0.5  # it did wait for the other writer


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes")
def test_issue_15_two_ingests_into_one_database(tmp_path: Path) -> None:
    """Two real ``diemtin ingest`` processes with analysis and large batches into one
    SQLite file: both succeed, and every article is stored exactly once."""
    every = records(240)
    first = write_jsonl(tmp_path / "first.jsonl", every[:160])
    second = write_jsonl(tmp_path / "second.jsonl", every[80:])  # 80 articles in both
    db = tmp_path / "tin.db"
    command = [sys.executable, "-m", "diemtin", "ingest", "--batch-size", "500", "--quiet",
               "--jobs", "1", "--db", str(db)]
    processes = [subprocess.Popen([*command, str(path)], stderr=subprocess.PIPE, text=True)
                 for path in (first, second)]
    errors = [process.communicate(timeout=240)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], errors
    assert not any("Traceback" in text or "locked" in text for text in errors)
    with sqlite3.connect(db) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM articles")]
        annotated = connection.execute(
            "SELECT count(DISTINCT article_id) FROM annotations").fetchone()[0]
    assert sorted(ids) == sorted(records_id(i) for i in range(240))
    assert annotated == 240
