"""The distributed path runs the same pure steps as the single-process one, on Dask.

A real local Dask cluster (worker processes on 127.0.0.1) is started; its results must
equal the in-process results exactly, and a driver killed mid-run resumes without
analyzing anything twice.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from diemtin.distributed import (
    AnalyzeTask,
    ClusterOptions,
    DaskEngine,
    EngineError,
    InProcessEngine,
    analyze_task,
    chunked,
    open_engine,
)
from diemtin.flow import (
    IngestOptions,
    ingest_paths,
    reanalyze,
    stale_article_ids,
    start_analysis,
)
from diemtin.nlp import AnalyzeOptions
from diemtin.store import Store, open_store
from tests.conftest import make_article, write_jsonl

pytest.importorskip("dask.distributed")

PLACES = ("Lào Cai", "Tuyên Quang", "Gia Lai", "Đắk Lắk", "Cần Thơ", "Huế")


def records(count: int) -> list[dict[str, Any]]:
    """Short provincial news items, each a little different."""
    return [{
        "url": f"https://baotaybac.vn/thoi-su/tin-{i}.html", "outlet": "Báo Tây Bắc",
        "title": f"{PLACES[i % 6]} triển khai kế hoạch phòng chống thiên tai số {i}",
        "body": [f"Sáng {1 + i % 28}/10, UBND tỉnh {PLACES[i % 6]} tổ chức hội nghị triển "
                 f"khai kế hoạch số {i} về phòng chống thiên tai.",
                 f"Ông Nguyễn Văn Hải, Phó Chủ tịch UBND tỉnh {PLACES[(i + 1) % 6]}, yêu cầu "
                 "các xã rà soát khu dân cư có nguy cơ sạt lở."],
        "published": f"2026-10-{1 + i % 28:02d}T08:00:00"} for i in range(count)]


def annotations_of(store: Store) -> dict[str, Any]:
    return {a.id: store.get_annotations(a.id) for a in store.iter_articles()}


@pytest.fixture(scope="module")
def engine() -> Iterator[DaskEngine]:
    """One local cluster of two worker processes for the module (start-up costs seconds)."""
    with DaskEngine(ClusterOptions(workers=2, chunk_size=5)) as started:
        yield started


def test_in_process_is_the_default() -> None:
    assert isinstance(open_engine(), InProcessEngine)
    assert isinstance(open_engine(ClusterOptions(workers=0)), InProcessEngine)


def test_chunked_keeps_every_item_in_order() -> None:
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []


def test_tasks_pickle() -> None:
    task = AnalyzeTask((make_article("Tin Lào Cai", "Sáng 13/10, mưa lớn."),), AnalyzeOptions())
    assert pickle.loads(pickle.dumps(task)) == task


def test_engine_keeps_submission_order(engine: DaskEngine) -> None:
    assert list(engine.map_ordered(abs, range(-30, 0))) == [abs(i) for i in range(-30, 0)]


def test_a_failing_task_is_a_clear_error(engine: DaskEngine) -> None:
    with pytest.raises(EngineError, match="task failed"):
        list(engine.map_ordered(int, ["1", "không phải số"]))


def test_unreachable_cluster_is_a_clear_error() -> None:
    with pytest.raises(EngineError, match="cannot reach"):
        DaskEngine(ClusterOptions(address="tcp://127.0.0.1:9", connect_timeout=2))


def test_analysis_on_workers_equals_analysis_here(engine: DaskEngine) -> None:
    articles = [make_article(r["title"], *r["body"], url=r["url"]) for r in records(12)]
    here = analyze_task(AnalyzeTask(tuple(articles), AnalyzeOptions()))
    tasks = [AnalyzeTask(tuple(c), AnalyzeOptions()) for c in chunked(articles, 5)]
    there: dict[str, Any] = {}
    for batch in engine.map_ordered(analyze_task, tasks):
        there.update(batch.annotations)
    assert there == here.annotations and len(there) == 12


def test_reanalyze_with_workers_equals_single_process(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "tin.jsonl", records(30))
    results = []
    for cluster in (ClusterOptions(), ClusterOptions(workers=2, chunk_size=4)):
        with open_store(":memory:") as store:
            ingest_paths(store, [str(path)], options=IngestOptions(batch_size=10))
            report = reanalyze(store, cluster=cluster)
            assert (report.analyzed, report.failed) == (30, 0)
            assert stale_article_ids(store) == []
            results.append(annotations_of(store))
    assert results[0] == results[1]


def _annotated(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return int(connection.execute(
                "SELECT COUNT(DISTINCT article_id) FROM annotations").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _diemtin(*args: str) -> list[str]:
    return [sys.executable, "-m", "diemtin", *args]


def test_killed_driver_resumes_without_doing_anything_twice(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "tin.jsonl", records(400))
    db = tmp_path / "tin.db"
    subprocess.run(_diemtin("ingest", str(path), "--no-analyze", "--quiet", "--db", str(db)),
                   check=True, capture_output=True)
    driver = subprocess.Popen(_diemtin("reanalyze", "--workers", "2", "--db", str(db)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    deadline = time.monotonic() + 120
    while _annotated(db) == 0 and driver.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(driver.pid, signal.SIGKILL)  # the driver and its local cluster
    driver.wait()
    done_before = _annotated(db)
    assert 0 < done_before < 400, "the kill must land mid-run"
    rerun = subprocess.run(_diemtin("reanalyze", "--workers", "2", "--db", str(db)),
                           check=True, capture_output=True, text=True)
    assert f"{400 - done_before} analyzed" in rerun.stdout
    assert _annotated(db) == 400
    with open_store(str(db)) as store:
        assert stale_article_ids(store) == []
        resumed = annotations_of(store)
    with open_store(":memory:") as fresh:
        ingest_paths(fresh, [str(path)], analysis=start_analysis())
        assert annotations_of(fresh) == resumed


def test_ingest_with_workers_stores_what_single_process_stores(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "tin.jsonl", records(25))
    outputs = []
    for extra in ((), ("--workers", "2")):
        db = tmp_path / f"tin{len(extra)}.db"
        done = subprocess.run(_diemtin("ingest", str(path), "--quiet", "--db", str(db), *extra),
                              capture_output=True, text=True, check=True)
        assert "25 articles analyzed" in done.stderr
        with open_store(str(db)) as store:
            outputs.append(json.dumps(annotations_of(store), sort_keys=True, default=str))
    assert outputs[0] == outputs[1]
