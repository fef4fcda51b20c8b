"""The fetcher against a real HTTP server on 127.0.0.1: politeness, safety, limits."""

from __future__ import annotations

import doctest
import gzip
import ipaddress
import re
import socket
import threading
import time
from email.message import Message
from typing import Any

import pytest

from diemtin.errors import FetchError
from diemtin.ingest import _hosts, _xml, http, robots, urls
from diemtin.ingest.http import Fetcher, FetchInterrupted, FetchOptions
from diemtin.ingest.robots import parse_robots
from diemtin.ingest.urls import blocked_reason, normalize_url
from tests.ingest.conftest import NewsServer, Reply

FAST = FetchOptions(allow_private=True, delay=0, timeout=2, backoff=0.05, retries=2)


def fetcher(**changes: Any) -> Fetcher:
    options = FetchOptions(**{**{name: getattr(FAST, name) for name in (
        "allow_private", "delay", "timeout", "backoff", "retries")}, **changes})
    return Fetcher(options=options)


def test_http_fetches_a_page_with_its_metadata(site: NewsServer) -> None:
    with fetcher() as f:
        result = f.fetch(site.url("/thoi-su/khanh-thanh-cau-coc-leu.html"))
    assert result.status == 200 and not result.not_modified
    assert "Cốc Lếu".encode() in result.document.content
    assert result.document.media_type == "text/html"
    assert result.document.header("Content-Type") == "text/html; charset=utf-8"
    assert result.document.fetched_at is not None
    agent = dict(site.requests)["/thoi-su/khanh-thanh-cau-coc-leu.html"]["User-Agent"]
    assert agent.startswith("diemtin/") and "+http" in agent


def test_http_refuses_loopback_by_default(site: NewsServer) -> None:
    with Fetcher(options=FetchOptions(delay=0)) as f, pytest.raises(FetchError) as caught:
        f.fetch(site.url("/thoi-su/khanh-thanh-cau-coc-leu.html"))
    assert "loopback" in str(caught.value) and "--allow-private" in str(caught.value)
    assert sum(site.hits.values()) == 0


def test_http_refuses_a_redirect_to_a_private_address(site: NewsServer) -> None:
    site.route("/chuyen-huong", Reply(302, headers={"Location": site.url("/xa-hoi/x.html")}))
    options = FetchOptions(delay=0, trusted_hosts=("localhost",))
    with Fetcher(options=options) as f, pytest.raises(FetchError) as caught:
        f.fetch(f"http://localhost:{site.port}/chuyen-huong")
    assert "after redirect to http://127.0.0.1" in str(caught.value)
    assert "loopback" in str(caught.value)
    assert site.hits["/chuyen-huong"] == 1 and site.hits["/xa-hoi/x.html"] == 0


def test_http_checks_every_dns_answer(site: NewsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def fake(host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        if host == "tin.example.vn":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port)),
                    (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with Fetcher(options=FetchOptions(delay=0, respect_robots=False)) as f, \
            pytest.raises(FetchError, match=r"resolves to 127\.0\.0\.1"):
        f.fetch(f"http://tin.example.vn:{site.port}/")
    assert sum(site.hits.values()) == 0


@pytest.mark.parametrize(("url", "reason"), [
    ("javascript:alert(document.cookie)", "unsupported scheme 'javascript:'"),
    ("file:///etc/passwd", "unsupported scheme 'file:'"),
    ("data:text/html,<script>alert(1)</script>", "unsupported scheme 'data:'"),
    ("ftp://baolaocai.vn/a.txt", "unsupported scheme 'ftp:'"),
    ("baolaocai.vn/tin-tuc", "unsupported scheme '(none)'"),
    ("http://" + "a" * 3000 + ".vn/", "URL too long"),
    ("http://admin:mat-khau@baolaocai.vn/", "user:password@"),
    ("http:///khong-co-host", "no host"),
    ("http://baolaocai.vn:99999/", "malformed URL"),
    ("http://bao\nlaocai.vn/", "control characters"),
    ("http://10.0.0.8/quan-tri", "private address"),
    ("http://169.254.169.254/latest/meta-data/", "link-local address"),
    ("http://[::ffff:127.0.0.1]/", "loopback address"),
    ("http://0.0.0.0:8000/", "unspecified address"),
    ("http://exa mple.com/", "malformed host name"),
    ("http://999.1.1.1/", "malformed host name"),
    ("http://xn--zz.vn/", "invalid international host name"),
    ("http://0x7f000001/", "loopback address"),
])
def test_http_refuses_hostile_urls(url: str, reason: str) -> None:
    with Fetcher(options=FetchOptions(delay=0, retries=0)) as f, \
            pytest.raises(FetchError) as caught:
        f.fetch(url)
    message = str(caught.value)
    assert reason in message and "\n" not in message and len(message) < 400


def test_http_unknown_host_is_one_clear_line() -> None:
    with Fetcher(options=FetchOptions(delay=0, retries=0)) as f, \
            pytest.raises(FetchError) as caught:
        f.fetch("http://khong-ton-tai.invalid/tin.html")
    assert re.search(r"(unknown|cannot resolve) host 'khong-ton-tai\.invalid'", str(caught.value))
    assert "robots" not in str(caught.value)


def test_urls_punycode_international_hosts_and_quote_paths() -> None:
    assert normalize_url("HTTP://Báo.Việt.vn/tin tức/a.html?q=lào cai#phan-2") == (
        "http://xn--bo-mia.xn--vit-5kz.vn/tin%20t%E1%BB%A9c/a.html?q=l%C3%A0o%20cai")
    assert normalize_url("../b.html", base="https://baolaocai.vn/x/y/a.html") == (
        "https://baolaocai.vn/x/b.html")


@pytest.mark.parametrize(("address", "reason"), [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("172.16.0.9", "private"),
    ("192.168.1.1", "private"), ("169.254.0.1", "link-local"), ("224.0.0.251", "multicast"),
    ("0.0.0.0", "unspecified"), ("240.0.0.1", "reserved"), ("100.64.0.1", "not globally routable"),
    ("::1", "loopback"), ("fe80::1", "link-local"), ("fc00::1", "private"),
    ("::ffff:10.0.0.1", "private"), ("64:ff9b::7f00:1", "loopback"), ("8.8.8.8", None),
    ("2001:4860:4860::8888", None),
])
def test_urls_blocked_reason(address: str, reason: str | None) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) == reason


def test_http_obeys_robots_and_reads_it_once(site: NewsServer) -> None:
    with fetcher() as f:
        with pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
            f.fetch(site.url("/private/noi-bo.html"))
        f.fetch(site.url("/thoi-su/khanh-thanh-cau-coc-leu.html"))
        f.fetch(site.url("/xa-hoi/mua-lon-sat-lo-bat-xat.html"))
    assert site.hits["/private/noi-bo.html"] == 0
    assert site.hits["/robots.txt"] == 1


def test_http_unreadable_robots_blocks_the_host(site: NewsServer) -> None:
    site.route("/robots.txt", Reply(503))
    with fetcher(retries=0) as f, pytest.raises(FetchError, match=r"robots\.txt of .* could "
                                                              r"not be read \(HTTP 503"):
        f.fetch(site.url("/thoi-su/khanh-thanh-cau-coc-leu.html"))
    assert site.hits["/thoi-su/khanh-thanh-cau-coc-leu.html"] == 0


def test_http_closed_port_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with fetcher(retries=1) as f, pytest.raises(FetchError, match="host unreachable: "
                                                                  "connection failed"):
        f.fetch(f"http://127.0.0.1:{port}/tin.html")


def test_http_honours_crawl_delay_for_our_agent(site: NewsServer) -> None:
    site.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n\n"
                                         b"User-agent: diemtin\nCrawl-delay: 0.15\nAllow: /\n"))
    began = time.monotonic()
    with fetcher() as f:
        for path in ("/thoi-su/khanh-thanh-cau-coc-leu.html", "/xa-hoi/mua-lon-sat-lo-bat-xat.html",
                     "/kinh-te/hoi-cho-nong-san-sa-pa.html"):
            f.fetch(site.url(path))
    assert time.monotonic() - began >= 0.3


def test_http_waits_as_long_as_retry_after_asks(site: NewsServer) -> None:
    site.route("/ban", lambda _h, n: Reply(429, headers={"Retry-After": "1"}) if n == 1
               else Reply(body=b"ok"))
    began = time.monotonic()
    with fetcher() as f:
        assert f.fetch(site.url("/ban")).document.content == b"ok"
    assert time.monotonic() - began >= 0.95 and site.hits["/ban"] == 2


def test_http_retries_503_then_succeeds(site: NewsServer) -> None:
    site.route("/ban", lambda _h, n: Reply(503) if n == 1 else Reply(body=b"ok"))
    with fetcher() as f:
        assert f.fetch(site.url("/ban")).status == 200
    assert site.hits["/ban"] == 2


def test_http_gives_up_after_the_retries(site: NewsServer) -> None:
    site.route("/ban", Reply(503))
    with fetcher(retries=1) as f, pytest.raises(FetchError) as caught:
        f.fetch(site.url("/ban"))
    assert caught.value.status == 503 and "HTTP 503" in str(caught.value)
    assert "(2 attempts)" in str(caught.value) and site.hits["/ban"] == 2


def test_http_refuses_a_retry_after_beyond_the_limit(site: NewsServer) -> None:
    site.route("/ban", Reply(429, headers={"Retry-After": "3600"}))
    with fetcher(max_retry_after=5) as f, pytest.raises(FetchError, match="retry after 3600 s"):
        f.fetch(site.url("/ban"))
    assert site.hits["/ban"] == 1


def test_http_times_out_on_a_slow_server(site: NewsServer) -> None:
    site.route("/cham", Reply(body=b"ok", delay=1.0))
    began = time.monotonic()
    with fetcher(timeout=0.2, retries=0) as f, pytest.raises(FetchError, match="timed out"):
        f.fetch(site.url("/cham"))
    assert time.monotonic() - began < 0.9


def test_http_abandons_a_trickling_response(site: NewsServer) -> None:
    site.route("/nho-giot", Reply(body=b"x" * 20_000, chunk_delay=0.05))
    with fetcher(total_timeout=0.3, retries=0) as f, \
            pytest.raises(FetchError, match="too slow"):
        f.fetch(site.url("/nho-giot"))


def test_http_refuses_huge_bodies(site: NewsServer) -> None:
    site.route("/lon", Reply(body=b"x" * 300_000))
    bomb = gzip.compress(b"\0" * 5_000_000)
    site.route("/bom", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    with fetcher(max_bytes=100_000) as f:
        with pytest.raises(FetchError, match="300000 bytes announced"):
            f.fetch(site.url("/lon"))
        with pytest.raises(FetchError, match="more than 100000 bytes"):
            f.fetch(site.url("/bom"))


def test_http_follows_a_redirect_chain(site: NewsServer) -> None:
    site.route("/a", Reply(301, headers={"Location": "/b"}))
    site.route("/b", Reply(302, headers={"Location": site.url("/c")}))
    site.route("/c", Reply(307, headers={"Location": "/thoi-su/khanh-thanh-cau-coc-leu.html"}))
    with fetcher() as f:
        result = f.fetch(site.url("/a"))
    assert result.final_url == site.url("/thoi-su/khanh-thanh-cau-coc-leu.html")
    assert result.document.source == site.url("/a") and len(result.redirects) == 3


def test_http_stops_redirect_loops_and_long_chains(site: NewsServer) -> None:
    site.route("/vong-1", Reply(302, headers={"Location": "/vong-2"}))
    site.route("/vong-2", Reply(302, headers={"Location": "/vong-1"}))
    for i in range(6):
        site.route(f"/n{i}", Reply(302, headers={"Location": f"/n{i + 1}"}))
    with fetcher(max_redirects=3) as f:
        with pytest.raises(FetchError, match="redirect loop"):
            f.fetch(site.url("/vong-1"))
        with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
            f.fetch(site.url("/n0"))


def test_http_conditional_get_gives_304(site: NewsServer) -> None:
    def etagged(headers: Message, _n: int) -> Reply:
        if headers.get("If-None-Match") == '"v1"':
            return Reply(304)
        return Reply(body=b"<html>tin</html>", headers={
            "ETag": '"v1"', "Last-Modified": "Tue, 13 Oct 2026 01:00:00 GMT"})

    site.route("/tin.html", etagged)
    with fetcher() as f:
        first = f.fetch(site.url("/tin.html"))
        second = f.fetch(site.url("/tin.html"), etag=first.document.header("etag"),
                         last_modified=first.document.header("last-modified"))
    assert second.not_modified and second.document.content == b""
    assert dict(site.requests[-1:])["/tin.html"]["If-Modified-Since"].startswith("Tue, 13 Oct")


def test_http_reports_client_errors(site: NewsServer) -> None:
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.fetch(site.url("/khong-co.html"))
    assert caught.value.status == 404 and "HTTP 404 Not Found" in str(caught.value)
    assert site.hits["/khong-co.html"] == 1  # 4xx is not retried


def test_http_spaces_requests_to_one_host(site: NewsServer) -> None:
    site.route("/cham", Reply(body=b"ok", delay=0.1))
    began = time.monotonic()
    with fetcher(delay=0.0, per_host=1) as f:
        threads = [threading.Thread(target=f.fetch, args=(site.url("/cham"),)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert time.monotonic() - began >= 0.3  # one at a time
    began = time.monotonic()
    with fetcher(delay=0.1) as f:
        for _ in range(3):
            f.fetch(site.url("/xa-hoi/mua-lon-sat-lo-bat-xat.html"))
    assert time.monotonic() - began >= 0.2


def test_http_stop_interrupts_waits(site: NewsServer) -> None:
    stop = threading.Event()
    stop.set()
    with Fetcher(options=FAST, stop=stop) as f, pytest.raises(FetchInterrupted):
        f.fetch(site.url("/thoi-su/khanh-thanh-cau-coc-leu.html"))


def test_robots_longest_match_wins_and_groups_merge() -> None:
    text = """# robots.txt của Báo Vùng Cao
User-agent: Googlebot
Disallow: /

User-agent: diemtin
User-agent: otherbot
Disallow: /tim-kiem
Allow: /tim-kiem/tin-moi$
Disallow: /*.pdf$
Crawl-delay: 2.5

User-agent: *
Disallow: /
"""
    rules = parse_robots(text, "diemtin")
    assert rules.crawl_delay == 2.5
    assert rules.allowed("https://baovungcao.vn/thoi-su/a.html")
    assert not rules.allowed("https://baovungcao.vn/tim-kiem?q=lao+cai")
    assert rules.allowed("https://baovungcao.vn/tim-kiem/tin-moi")
    assert not rules.allowed("https://baovungcao.vn/tim-kiem/tin-moi/2")
    assert not rules.allowed("https://baovungcao.vn/files/bao-cao.pdf")
    assert rules.allowed("https://baovungcao.vn/robots.txt")
    assert not parse_robots(text, "somebot").allowed("/thoi-su")
    assert parse_robots("", "diemtin").allowed("/anything")


def test_retry_after_accepts_an_http_date() -> None:
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    seconds = _hosts.retry_after_seconds(later)
    assert seconds is not None and 28 <= seconds <= 31


@pytest.mark.parametrize("module", [http, urls, robots, _hosts, _xml])
def test_doctests(module: Any) -> None:
    failed, _tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0
