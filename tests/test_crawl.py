"""Web ingest wired end to end against a real server on 127.0.0.1: URLs, batches with
failures, crawl rounds, stopping, kill -9 and resume, re-extraction, the commands."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from click.testing import CliRunner

from diemtin.cli.crawl import crawl_command, reextract_command
from diemtin.cli.ingest import ingest_command
from diemtin.errors import InputError
from diemtin.flow import CrawlOptions, crawl, ingest_paths, ingest_urls, reextract
from diemtin.ingest.http import FetchOptions
from diemtin.ingest.inputs import parse_interval, read_source_list, split_inputs
from diemtin.models import IngestReport, canonical_url
from diemtin.store import Store
from tests.conftest import write_jsonl
from tests.ingest.conftest import STORIES, NewsServer, Reply, install_site, page_html, rss

FETCH = FetchOptions(allow_private=True, delay=0, backoff=0.05, timeout=2, retries=1)
WEB = CrawlOptions(fetch=FETCH)
FAST_FLAGS = ["--allow-private", "--delay", "0", "--timeout", "2", "--retries", "1"]
PAGE = "/thoi-su/khanh-thanh-cau-coc-leu.html"
CRAWL = "from diemtin.cli.crawl import crawl_command; crawl_command()"


@pytest.fixture
def site() -> Iterator[NewsServer]:
    with NewsServer() as server:
        install_site(server)
        yield server


def test_crawl_page_url_then_conditional_refetch(site: NewsServer, store: Store) -> None:
    def etagged(headers: Message, _n: int) -> Reply:
        if headers.get("If-None-Match") == '"b1"':
            return Reply(304)
        return Reply(body=page_html(STORIES[2], site.base), headers={
            "ETag": '"b1"', "Content-Type": "text/html; charset=utf-8"})

    site.route("/kinh-te/hoi-cho.html", etagged)
    first = ingest_urls(store, [site.url(PAGE), site.url("/kinh-te/hoi-cho.html")], options=WEB)
    assert (first.added, first.failed) == (2, 0)
    page = store.get_page(site.url("/kinh-te/hoi-cho.html"))
    assert page is not None and page.etag == '"b1"' and page.article_id
    second = ingest_urls(store, [site.url(PAGE), site.url("/kinh-te/hoi-cho.html")], options=WEB)
    assert (second.added, second.unchanged) == (0, 2)
    assert site.requests[-1][1].get("If-None-Match") == '"b1"'


def _bad_routes(site: NewsServer) -> dict[str, str]:
    site.route("/cham.html", Reply(body=b"<html></html>", delay=1.0))
    site.route("/vong-a", Reply(302, headers={"Location": "/vong-b"}))
    site.route("/vong-b", Reply(302, headers={"Location": "/vong-a"}))
    site.route("/lon.html", Reply(body=b"<p>" * 400_000))
    site.route("/ban.pdf", Reply(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"}))
    site.route("/ngan.html", Reply(body="<html><body><p>Liên hệ</p></body></html>".encode(),
                                   headers={"Content-Type": "text/html"}))
    return {
        "javascript:alert(1)": "unsupported scheme",
        "file:///etc/passwd": "unsupported scheme",
        site.url("/khong-co.html"): "HTTP 404",
        site.url("/cham.html"): "timed out",
        site.url("/vong-a"): "redirect loop",
        site.url("/lon.html"): "response too large",
        site.url("/ban.pdf"): "not an HTML page, feed or sitemap",
        site.url("/ngan.html"): "no article extracted",
        site.url("/private/noi-bo.html"): "disallowed by robots.txt",
    }


def test_crawl_bad_inputs_fail_one_by_one(site: NewsServer, store: Store,
                                          tmp_path: Path) -> None:
    expected = _bad_routes(site)
    jsonl = write_jsonl(tmp_path / "tin.jsonl", [{"url": "https://baovungcao.vn/t.html",
                                                  "title": "Tin từ tệp", "body": ["Nội dung."]}])
    fetch = FetchOptions(allow_private=True, delay=0, timeout=0.3, retries=0,
                         max_bytes=500_000)
    report = ingest_paths(store, [*expected, site.url(PAGE), site.url("/rss/home.rss"),
                                  str(jsonl)], fetch=fetch)
    assert report.added == 1 + 3  # the file's article, the page and the feed's two others
    reasons = dict(report.failures)
    assert len(reasons) == len(expected)
    for url, reason in expected.items():
        assert reason in reasons[url], (url, reasons[url])
        assert "\n" not in reasons[url]
    assert store.count_articles() == 4  # the page is also in the feed


def test_crawl_cli_ingest_exits_1_and_prints_each_failure(site: NewsServer,
                                                          tmp_path: Path) -> None:
    db = tmp_path / "tin.db"
    result = CliRunner().invoke(ingest_command, [
        site.url(PAGE), site.url("/khong-co.html"), "javascript:void(0)", "--db", str(db),
        "--quiet", *FAST_FLAGS])
    assert result.exit_code == 1, result.output
    assert "1 added" in result.output and "2 failed" in result.output
    assert f"failed {site.url('/khong-co.html')}: HTTP 404" in result.output
    refused = CliRunner().invoke(ingest_command, [site.url(PAGE), "--db", str(db), "--quiet"])
    assert refused.exit_code == 1 and "loopback" in refused.output


def test_crawl_rounds_until_stopped(site: NewsServer, store: Store) -> None:
    stop = threading.Event()
    reports: list[IngestReport] = []

    def on_round(report: IngestReport) -> None:
        reports.append(report)
        if len(reports) == 2:
            stop.set()

    sources = [site.url("/rss/home.rss"), site.url("/sitemap.xml")]
    worker = threading.Thread(target=crawl, args=(store, sources), kwargs={
        "every": 0.1, "stop": stop, "options": WEB, "on_round": on_round})
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive() and len(reports) == 2
    assert (reports[0].added, reports[0].skipped) == (4, 0)
    assert (reports[1].added, reports[1].skipped, reports[1].failed) == (0, 4, 0)
    assert max(hits for path, hits in site.hits.items() if path.endswith(".html")) == 1
    assert site.hits["/robots.txt"] == 1  # cached across rounds


def test_crawl_reextract_reports_changes(site: NewsServer, store: Store) -> None:
    site.route("/ngan.html", Reply(body="<html><body><p>Liên hệ</p></body></html>".encode(),
                                   headers={"Content-Type": "text/html"}))
    ingest_urls(store, [site.url("/sitemap.xml"), site.url("/ngan.html")], options=WEB)
    hits = sum(site.hits.values())
    page = store.get_page(site.url(PAGE))
    assert page is not None and page.article_id
    stale = store.get_article(page.article_id).with_changes(title="Tiêu đề do bản cũ trích")
    store.upsert_articles([stale])
    report = reextract(store)
    assert (report.added, report.updated, report.unchanged, report.failed) == (0, 1, 3, 1)
    assert store.get_article(page.article_id).title == STORIES[0].title
    assert sum(site.hits.values()) == hits  # nothing fetched


def test_crawl_cli_once_and_reextract(site: NewsServer, tmp_path: Path) -> None:
    feeds = tmp_path / "nguon.txt"
    feeds.write_text(f"# Báo Vùng Cao\n{site.url('/rss/home.rss')}\n\n"
                     f"{site.url('/khong-co.rss')}  # đã gỡ\n", encoding="utf-8")
    db = tmp_path / "tin.db"
    runner = CliRunner()
    result = runner.invoke(crawl_command, ["--feeds", str(feeds), "--once", "--db", str(db),
                                           "--format", "json", *FAST_FLAGS])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["added"], summary["failed"]) == (3, 1)
    assert summary["failures"][0]["source"] == site.url("/khong-co.rss")
    again = runner.invoke(reextract_command, ["--db", str(db), "--format", "json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["unchanged"] == 3


def test_crawl_sigterm_stops_cleanly(site: NewsServer, tmp_path: Path) -> None:
    feeds = tmp_path / "nguon.txt"
    feeds.write_text(site.url("/rss/home.rss") + "\n", encoding="utf-8")
    db = tmp_path / "tin.db"
    process = subprocess.Popen([sys.executable, "-c", CRAWL, "--feeds", str(feeds), "--every",
                                "1h", "--db", str(db), *FAST_FLAGS],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _finished_rounds(db) < 1:
            time.sleep(0.05)
        assert _finished_rounds(db) == 1
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0, err.decode()
    assert "round 1: 3 added" in err.decode()


def _finished_rounds(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as connection:
            return int(connection.execute("SELECT count(*) FROM ingest_runs WHERE finished_at "
                                          "IS NOT NULL").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _stored_pages(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {url for (url,) in connection.execute(
            "SELECT url FROM pages WHERE article_id IN (SELECT id FROM articles)")}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_crawl_killed_resumes_without_refetching_or_duplicates(site: NewsServer,
                                                               tmp_path: Path) -> None:
    count = 20
    paths = [f"/tin/bai-{i}.html" for i in range(count)]
    for i, path in enumerate(paths):
        site.route(path, Reply(body=page_html(STORIES[i % 4], site.base, number=i), delay=0.03,
                               headers={"Content-Type": "text/html; charset=utf-8"}))
    site.route("/rss/tat-ca.rss", Reply(body=rss(site.base, [site.url(p) for p in paths])))
    feeds = tmp_path / "nguon.txt"
    feeds.write_text(site.url("/rss/tat-ca.rss") + "\n", encoding="utf-8")
    db = tmp_path / "tin.db"
    command = [sys.executable, "-c", CRAWL, "--feeds", str(feeds), "--once", "--db", str(db),
               "--fetchers", "2", "--format", "json", *FAST_FLAGS]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and sum(site.hits[p] for p in paths) < 6:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    stored = _stored_pages(db)
    with sqlite3.connect(db) as connection:
        articles_before = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < articles_before < count
    hits_before = dict(site.hits)

    done = subprocess.run(command, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    refetched = [p for p in paths if site.hits[p] > hits_before.get(p, 0)]
    assert not {canonical_url(site.url(p)) for p in refetched} & stored
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert report["added"] == count - articles_before and report["updated"] == 0
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == count
        assert connection.execute("SELECT count(*) FROM pages").fetchone()[0] == count


def test_crawl_split_inputs(tmp_path: Path) -> None:
    (tmp_path / "a.warc.gz").write_bytes(b"")
    (tmp_path / "b.jsonl").write_text("{}\n")
    urls, warcs, others = split_inputs([
        "https://baovungcao.vn/rss", "javascript:alert(1)", str(tmp_path / "x.warc"),
        str(tmp_path), str(tmp_path / "*.warc.gz"), "-"])
    assert urls == ["https://baovungcao.vn/rss", "javascript:alert(1)"]
    assert warcs == [str(tmp_path / "x.warc"), str(tmp_path / "a.warc.gz")]
    assert others == [str(tmp_path), str(tmp_path / "*.warc.gz"), "-"]


def test_crawl_intervals_and_source_lists(tmp_path: Path) -> None:
    assert parse_interval("15m") == 900 and parse_interval(" 2h ") == 7200
    for bad in ("", "15 phút", "0.5s", "-1m"):
        with pytest.raises(InputError):
            parse_interval(bad)
    listing = tmp_path / "nguon.txt"
    listing.write_text("\ufeff# nguồn\nhttps://a.vn/rss\n\nhttps://a.vn/rss\n"
                       "https://b.vn/x.xml # b\n", encoding="utf-8")
    assert read_source_list(listing) == ["https://a.vn/rss", "https://b.vn/x.xml"]
    listing.write_text("# trống\n", encoding="utf-8")
    with pytest.raises(InputError, match="lists no URL"):
        read_source_list(listing)


def test_crawl_doctests() -> None:
    import doctest

    from diemtin.ingest import inputs as module

    assert doctest.testmod(module).failed == 0


def test_crawl_gone_and_non_html_entries_are_not_asked_again(site: NewsServer,
                                                             store: Store) -> None:
    site.route("/ban.pdf", Reply(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"}))
    site.route("/rss/lan.rss", Reply(body=rss(site.base, [
        site.url(PAGE), site.url("/da-go.html"), site.url("/ban.pdf"), site.url("/loi.html")])))
    site.route("/loi.html", Reply(500))
    first = ingest_urls(store, [site.url("/rss/lan.rss")], options=WEB)
    assert (first.added, first.failed) == (1, 3)
    second = ingest_urls(store, [site.url("/rss/lan.rss")], options=WEB)
    assert (second.skipped, second.failed) == (3, 1)  # only the server error is retried
    assert site.hits["/da-go.html"] == 1 and site.hits["/ban.pdf"] == 1
    assert site.hits["/loi.html"] == 4  # two rounds of one try and one retry
    report = reextract(store)
    assert (report.unchanged, report.skipped, report.failed) == (1, 2, 0)
