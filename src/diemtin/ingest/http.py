"""The polite, safe fetcher: one URL in, the bytes and their metadata out.

Politeness: robots.txt is read once per host (cached) and its ``Disallow`` rules and
``Crawl-delay`` are honoured for our user agent; each host gets at most
``FetchOptions.per_host`` requests at a time, started at least ``delay`` seconds apart;
429 and 5xx answers and connection errors are retried with exponential backoff, waiting
as long as a ``Retry-After`` header asks (up to ``max_retry_after``); conditional GETs
(``If-None-Match``, ``If-Modified-Since``) let a server answer 304.

Safety: see :mod:`diemtin.ingest.urls` (http/https only, no private addresses unless
``allow_private``, checked at every redirect and every connection); bodies are streamed
and abandoned past ``max_bytes``; every response must complete within
``total_timeout``; redirect loops and chains longer than ``max_redirects`` fail.

>>> options = FetchOptions(delay=0.5, allow_private=True)
>>> with Fetcher(options=options) as fetcher:   # doctest: +SKIP
...     result = fetcher.fetch("http://127.0.0.1:8000/tin-tuc/bai-1.html")
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from diemtin.errors import FetchError
from diemtin.ingest._hosts import HostTable, retry_after_seconds
from diemtin.ingest._transport import GuardedTransport
from diemtin.ingest.robots import ALLOW_ALL, RobotsRules, agent_token, parse_robots
from diemtin.ingest.urls import (
    UnknownHostError,
    UnsafeAddressError,
    check_url_host,
    normalize_url,
)
from diemtin.models import RawDocument

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_DROPPED_HEADERS = frozenset({"set-cookie", "set-cookie2"})
ROBOTS_FAILURE_TTL = 300.0
"""Seconds an unreachable robots.txt blocks its host before it is asked again."""


def default_user_agent() -> str:
    """``diemtin/VERSION (+URL)``: names the software and where to read about it."""
    from diemtin import __version__

    return f"diemtin/{__version__} (+https://github.com/diemtin/diemtin)"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    """How the fetcher behaves. Times are in seconds.

    Attributes:
        user_agent: sent with every request; its first word (``diemtin``) is the
            token robots.txt groups are matched against.
        delay: least time between the starts of two requests to one host.
        per_host: most requests in flight to one host.
        workers: pages fetched at once (across hosts) by a crawl.
        timeout: connect and read timeout (between bytes).
        total_timeout: most time one response may take, however it trickles.
        max_bytes: bodies larger than this (after decompression) are abandoned.
        retries: extra attempts after a 429, a 5xx or a connection error.
        backoff: first wait before a retry; doubled for each further one.
        max_retry_after: a ``Retry-After`` longer than this fails the URL instead.
        max_redirects: longest redirect chain followed.
        respect_robots: read robots.txt and obey it (turn off only for your own sites).
        robots_ttl: how long robots.txt rules are cached per host.
        max_crawl_delay: cap on a robots.txt ``Crawl-delay``.
        allow_private: fetch from private, loopback and link-local addresses too.
        trusted_hosts: host names allowed to resolve to private addresses (an intranet
            site); a redirect from them to another private host is still refused.
        verify_tls: check TLS certificates.
    """

    user_agent: str = field(default_factory=default_user_agent)
    delay: float = 1.0
    per_host: int = 1
    workers: int = 4
    timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 300.0
    max_redirects: int = 10
    respect_robots: bool = True
    robots_ttl: float = 3600.0
    max_crawl_delay: float = 60.0
    allow_private: bool = False
    trusted_hosts: tuple[str, ...] = ()
    verify_tls: bool = True


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A response: 2xx with its body, or 304 (``not_modified``) with an empty one.

    ``document.url`` is where the body came from (after redirects); ``document.source``
    the URL that was asked for.
    """

    url: str
    status: int
    document: RawDocument
    redirects: tuple[str, ...] = ()

    @property
    def not_modified(self) -> bool:
        """Whether the server answered 304 to a conditional GET."""
        return self.status == 304

    @property
    def final_url(self) -> str:
        """The URL after redirects."""
        return self.document.url or self.url


class FetchInterrupted(FetchError):
    """The fetch was abandoned because the fetcher was asked to stop."""


class _Failure(Exception):
    def __init__(self, message: str, status: int | None = None, *, refused: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.refused = refused  # the host cannot be asked at all: refused, unknown, malformed


class _Retryable(Exception):
    pass


class _Stopped(Exception):
    pass


@dataclass(frozen=True, slots=True)
class _Response:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    reason: str = ""

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key == name), None)


class Fetcher:
    """Fetches URLs politely and safely; share one per crawl (it is thread-safe).

    Args:
        options: see :class:`FetchOptions`.
        transport: an httpx transport to use instead of the address-checked one (unit
            tests pass ``httpx.MockTransport``; literal IP hosts are still checked).
        stop: when set, pending waits end and fetches raise :class:`FetchInterrupted`.
    """

    def __init__(self, *, options: FetchOptions | None = None,
                 transport: httpx.BaseTransport | None = None,
                 stop: threading.Event | None = None) -> None:
        self.options = options or FetchOptions()
        opts = self.options
        self._stop = stop or threading.Event()
        self._hosts = HostTable(slots=opts.per_host, robots_ttl=opts.robots_ttl)
        self._agent = agent_token(opts.user_agent)
        self._client = httpx.Client(
            transport=transport or GuardedTransport(allow_private=opts.allow_private,
                                                    trusted_hosts=opts.trusted_hosts,
                                                    verify=opts.verify_tls,
                                                    max_connections=max(4, opts.workers * 2)),
            follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(opts.timeout),
            headers={"User-Agent": opts.user_agent, "Accept-Language": "vi, en;q=0.5"},
        )

    def fetch(self, url: str, *, etag: str | None = None,
              last_modified: str | None = None) -> FetchResult:
        """GET ``url``, following redirects.

        Args:
            url: an http(s) URL.
            etag: a stored ``ETag``: sent as ``If-None-Match``.
            last_modified: a stored ``Last-Modified``: sent as ``If-Modified-Since``.

        Returns:
            The 2xx response with its body, or a 304 result when the validators matched.

        Raises:
            FetchError: with a one-line reason (refused URL or address, robots.txt,
                HTTP status, timeout, too large, redirect loop ...).
            FetchInterrupted: when the fetcher was stopped meanwhile.
        """
        start = normalize_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            chain, response = self._follow(start, headers, robots=self.options.respect_robots)
        except _Failure as failure:
            raise FetchError(str(failure), url=start, status=failure.status) from None
        except _Stopped:
            raise FetchInterrupted("stopped before the fetch completed", url=start) from None
        if response.status != 304 and not 200 <= response.status < 300:
            where = f" (after redirect to {chain[-1]})" if len(chain) > 1 else ""
            raise FetchError(f"HTTP {response.status} {response.reason}".rstrip() + where,
                             url=start, status=response.status)
        return FetchResult(start, response.status, self._document(start, chain[-1], response),
                           tuple(chain[1:]))

    def _document(self, start: str, final: str, response: _Response) -> RawDocument:
        media = (response.header("content-type") or "").split(";")[0].strip().lower()
        return RawDocument(content=response.body, url=final, source=start,
                           fetched_at=datetime.now(UTC), headers=response.headers,
                           media_type=media)

    def _follow(self, start: str, headers: dict[str, str], *,
                robots: bool) -> tuple[list[str], _Response]:
        chain = [start]
        while True:
            try:
                response = self._get(chain[-1], headers, robots=robots)
            except _Failure as failure:
                if len(chain) == 1:
                    raise
                raise _Failure(f"after redirect to {chain[-1]}: {failure}",
                               failure.status, refused=failure.refused) from None
            location = response.header("location")
            if response.status not in REDIRECTS or not location:
                return chain, response
            try:
                target = normalize_url(location, base=chain[-1])
            except FetchError as error:
                raise _Failure(f"bad redirect target: {error}", response.status) from None
            if target in chain:
                raise _Failure("redirect loop: " + " -> ".join([*chain, target]))
            if len(chain) > self.options.max_redirects:
                raise _Failure(f"too many redirects (more than {self.options.max_redirects})")
            chain.append(target)

    def _get(self, url: str, headers: dict[str, str], *, robots: bool) -> _Response:
        try:
            check_url_host(url, allow_private=self.options.allow_private,
                           trusted_hosts=self.options.trusted_hosts)
        except FetchError as error:
            raise _Failure(str(error).removeprefix(f"{url}: "), refused=True) from None
        origin = _origin(url)
        delay = self.options.delay
        if robots:
            rules = self.robots(origin)
            if not rules.allowed(url):
                raise _Failure(rules.reason or "disallowed by robots.txt for user agent "
                               f"{self._agent!r}")
            if rules.crawl_delay:
                delay = max(delay, min(rules.crawl_delay, self.options.max_crawl_delay))
        return self._with_retries(url, origin, headers, delay)

    def _with_retries(self, url: str, origin: str, headers: dict[str, str],
                      delay: float) -> _Response:
        opts = self.options
        for attempt in range(opts.retries + 1):
            try:
                response = self._once(url, origin, headers, delay)
            except _Retryable as error:
                reason, status, wait = str(error), None, opts.backoff * 2 ** attempt
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                reason, status = f"HTTP {response.status} {response.reason}".rstrip(), \
                    response.status
                asked = retry_after_seconds(response.header("retry-after"))
                if asked is not None and asked > opts.max_retry_after:
                    raise _Failure(f"{reason}; the server asks to retry after {asked:.0f} s "
                                   f"(more than {opts.max_retry_after:.0f} s)", status)
                wait = asked if asked is not None else opts.backoff * 2 ** attempt
            if attempt == opts.retries:
                tries = "1 attempt" if attempt == 0 else f"{attempt + 1} attempts"
                raise _Failure(f"{reason} ({tries})", status)
            self._hosts.gate(origin).defer(wait)
        raise AssertionError("unreachable")

    def _once(self, url: str, origin: str, headers: dict[str, str], delay: float) -> _Response:
        gate = self._hosts.gate(origin)
        with gate.slots:
            self._sleep(gate.reserve(delay))
            deadline = time.monotonic() + self.options.total_timeout
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    skip = response.status_code in REDIRECTS | RETRY_STATUSES | {304}
                    body = b"" if skip else self._read(response, deadline)
                    kept = tuple((name, value) for name, value in response.headers.multi_items()
                                 if name not in _DROPPED_HEADERS)
                    return _Response(response.status_code, kept, body, response.reason_phrase)
            except (UnsafeAddressError, UnknownHostError) as error:
                raise _Failure(str(error), refused=True) from None
            except httpx.InvalidURL as error:
                raise _Failure(f"malformed URL: {error}", refused=True) from None
            except httpx.TimeoutException as error:
                raise _Retryable(f"timed out ({_timeout_kind(error)} after "
                                 f"{self.options.timeout:g} s)") from None
            except (httpx.TransportError, httpx.DecodingError) as error:
                raise _Retryable(f"connection failed: {error or type(error).__name__}") from None

    def _read(self, response: httpx.Response, deadline: float) -> bytes:
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _Failure(f"response too large: {int(declared)} bytes announced; the limit "
                           f"is {limit} bytes (FetchOptions.max_bytes)", response.status_code)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise _Failure(f"response too large: more than {limit} bytes "
                               "(FetchOptions.max_bytes)", response.status_code)
            if time.monotonic() > deadline or self._stop.is_set():
                if self._stop.is_set():
                    raise _Stopped
                raise _Failure(f"response too slow: not complete after "
                               f"{self.options.total_timeout:g} s", response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)

    def _sleep(self, seconds: float) -> None:
        if self._stop.wait(max(0.0, seconds)):
            raise _Stopped

    def robots(self, origin: str) -> RobotsRules:
        """The robots.txt rules of ``origin`` (``scheme://host:port``), cached."""
        return self._hosts.robots(origin, lambda: self._load_robots(origin))

    def _load_robots(self, origin: str) -> RobotsRules:
        try:
            _chain, response = self._follow(origin + "/robots.txt", {}, robots=False)
        except _Failure as failure:
            if failure.status is not None and 400 <= failure.status < 500:
                return ALLOW_ALL
            if failure.refused:
                return RobotsRules(disallow_all=True, reason=str(failure), ttl=0.0)
            if failure.status is None:  # no answer at all: the page would get none either
                return RobotsRules(disallow_all=True, reason=f"host unreachable: {failure}",
                                   ttl=ROBOTS_FAILURE_TTL)
            return RobotsRules(disallow_all=True, reason=f"not fetched: robots.txt of {origin} "
                               f"could not be read ({failure}); retried later",
                               ttl=ROBOTS_FAILURE_TTL)
        if 400 <= response.status < 500:
            return ALLOW_ALL  # RFC 9309: no robots.txt means no rules
        if not 200 <= response.status < 300:
            return RobotsRules(disallow_all=True, reason=f"not fetched: robots.txt of {origin} "
                               f"answered HTTP {response.status}", ttl=ROBOTS_FAILURE_TTL)
        text = response.body.decode("utf-8", errors="replace").lstrip("\ufeff")
        return parse_robots(text, self._agent)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _timeout_kind(error: httpx.TimeoutException) -> str:
    if isinstance(error, httpx.ConnectTimeout):
        return "connecting"
    if isinstance(error, httpx.ReadTimeout):
        return "no data"
    return "waiting"
