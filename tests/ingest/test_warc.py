"""WARC archives written with warcio: pages in, articles out, resumable, damage reported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from diemtin.flow import CrawlOptions, ingest_paths, ingest_warcs, reextract
from diemtin.ingest.warc import read_warc
from diemtin.store import Checkpoint, Store
from tests.conftest import write_jsonl
from tests.ingest.conftest import STORIES, page_html

BASE = "https://baovungcao.vn"
HTML = [("Content-Type", "text/html; charset=utf-8")]


def _response(writer: WARCWriter, url: str, body: bytes, *, status: str = "200 OK",
              headers: list[tuple[str, str]] = HTML) -> None:
    http_headers = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                       http_headers=http_headers,
                                       warc_headers_dict={"WARC-Date": "2026-10-20T01:15:00Z"})
    writer.write_record(record)


def write_warc(path: Path, *, gzip: bool = True) -> Path:
    """Four article responses, one article as a resource, and records to skip."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for story in STORIES:
            url = f"{BASE}/{story.section}/{story.slug}.html"
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(
                f"GET /{story.slug}.html HTTP/1.1\r\nHost: baovungcao.vn\r\n\r\n".encode()))
            writer.write_record(request)
            _response(writer, url, page_html(story, BASE))
        _response(writer, f"{BASE}/mat.html", b"not found", status="404 Not Found")
        _response(writer, f"{BASE}/anh/cau.png", b"\x89PNG\r\n",
                  headers=[("Content-Type", "image/png")])
        _response(writer, f"{BASE}/lien-he.html", "<html><body><p>Liên hệ</p></body></html>"
                  .encode())
        resource = writer.create_warc_record(
            f"{BASE}/xa-hoi/ky-2.html", "resource",
            payload=io.BytesIO(page_html(STORIES[1], BASE, number=2)),
            warc_content_type="text/html; charset=utf-8")
        writer.write_record(resource)
    return path


def test_warc_ingest_stores_articles_and_pages(tmp_path: Path, store: Store) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz")
    report = ingest_warcs(store, [str(path)])
    assert (report.added, report.skipped, report.failed) == (5, 2, 1)
    assert "lien-he.html" in report.failures[0][0]
    assert "no article extracted" in report.failures[0][1]
    url = f"{BASE}/{STORIES[0].section}/{STORIES[0].slug}.html"
    page = store.get_page(url)
    assert page is not None and page.article_id is not None and page.status == 200
    article = store.get_article(page.article_id)
    assert article.title == STORIES[0].title
    assert article.fetched_at is not None and article.fetched_at.isoformat().startswith(
        "2026-10-20T01:15")
    failed = store.get_page(f"{BASE}/lien-he.html")
    assert failed is not None and failed.article_id is None and failed.error
    again = ingest_warcs(store, [str(path)])
    assert (again.added, again.unchanged) == (0, 5)


def test_warc_pages_can_be_reextracted(tmp_path: Path, store: Store) -> None:
    ingest_warcs(store, [str(write_warc(tmp_path / "crawl.warc", gzip=False))])
    report = reextract(store)
    assert (report.added, report.updated, report.unchanged, report.failed) == (0, 0, 5, 1)


def test_warc_resumes_after_the_checkpoint(tmp_path: Path, store: Store) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz")
    items = list(read_warc(str(path)))
    assert [item.position for item in items][:2] == [3, 5]  # warcinfo, request, response
    from diemtin.ingest.warc import fingerprint

    store.save_checkpoint(Checkpoint(str(path), fingerprint(str(path)), 3))
    report = ingest_warcs(store, [str(path)], options=CrawlOptions(batch_size=1))
    assert report.added == 4  # the first article was stored before the checkpoint
    checkpoint = store.get_checkpoint(str(path))
    assert checkpoint is not None and checkpoint.done


def test_warc_damage_is_reported_after_storing_what_came_before(tmp_path: Path,
                                                                store: Store) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz")
    data = path.read_bytes()
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(data[: len(data) * 2 // 3] + b"\x00garbage" * 50)
    not_warc = tmp_path / "text.warc"
    not_warc.write_text("Đây không phải là tệp WARC\n", encoding="utf-8")
    report = ingest_warcs(store, [str(damaged), str(not_warc), str(tmp_path / "missing.warc")])
    assert report.added >= 2
    reasons = dict(report.failures)
    assert "damaged" in reasons[str(damaged)]
    assert "not a WARC file" in reasons[str(not_warc)]
    assert reasons[str(tmp_path / "missing.warc")] == "no such file or folder"


def test_warc_through_ingest_paths_with_folders_and_files(tmp_path: Path,
                                                          store: Store) -> None:
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    write_warc(folder / "a.warc.gz")
    write_jsonl(folder / "tin.jsonl", [{"url": f"{BASE}/tin-1.html", "title": "Tin một",
                                        "body": ["Sáng 13/10, tỉnh Lào Cai họp báo."]}])
    report = ingest_paths(store, [str(folder)])
    assert report.added == 6 and report.failed == 1


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_read_yields_documents_with_headers(tmp_path: Path, gzip: bool) -> None:
    path = write_warc(tmp_path / ("a.warc.gz" if gzip else "a.warc"), gzip=gzip)
    documents = [item.document for item in read_warc(str(path)) if item.document]
    assert len(documents) == 6
    assert documents[0].header("content-type") == "text/html; charset=utf-8"
    assert documents[0].url == f"{BASE}/{STORIES[0].section}/{STORIES[0].slug}.html"
    assert documents[-1].media_type == "text/html"
