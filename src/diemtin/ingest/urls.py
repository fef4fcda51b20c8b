"""Which URLs may be fetched: the scheme, the shape and the addresses behind the host.

A URL handed to diemtin (on the command line, in a feed, in a sitemap, in a redirect)
is untrusted. Fetching ``http://127.0.0.1:8080/admin`` or ``http://169.254.169.254/``
on behalf of a feed would let whoever writes the feed probe the machine's own network
(server-side request forgery). So by default:

- only ``http`` and ``https`` are fetched (``javascript:``, ``file:``, ``data:`` … are
  refused), URLs carrying ``user:password@`` are refused, and URLs longer than
  :data:`MAX_URL_LENGTH` are refused;
- international host names are converted to punycode (``bücher.de`` →
  ``xn--bcher-kva.de``), so a homograph is at least visible in logs;
- every address a host name resolves to must be public: private, loopback,
  link-local, multicast, reserved and unspecified addresses are refused, and the
  connection is made to the address that was checked (see :class:`GuardedBackend`),
  so a DNS answer cannot change between the check and the connection.

``allow_private=True`` (``--allow-private``) lifts the address rule, for crawling an
intranet or a test server on 127.0.0.1; ``trusted_hosts`` (``--trust-host``) lifts it for
the named hosts only, so a redirect from them to another private address is still
refused.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import httpcore
import idna

from diemtin.errors import FetchError

MAX_URL_LENGTH = 2048
"""Longest URL fetched (browsers and servers commonly stop near here)."""

_SCHEMES = ("http", "https")
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeAddressError(OSError):
    """A host that resolves to an address diemtin refuses to connect to.

    An ``OSError`` so that it passes through the HTTP stack untouched; the fetcher turns
    it into a :class:`~diemtin.errors.FetchError`.
    """


def normalize_url(url: str, *, base: str | None = None) -> str:
    """Return ``url`` (resolved against ``base``) in the form that is fetched.

    Args:
        url: an absolute URL, or a relative one when ``base`` is given.
        base: the page or feed the URL was found in.

    Returns:
        The URL with a lower-case scheme, a punycode host, no fragment, and its path
        and query percent-encoded where they held spaces or other unsafe characters.

    Raises:
        FetchError: when the URL is too long, not http(s), has no host, carries
            credentials, or has a malformed host or port.
    """
    raw = url.strip()
    shown = _printable(raw if len(raw) <= 120 else raw[:117] + "...")
    if base:
        raw = urljoin(base, raw)
    if len(raw) > MAX_URL_LENGTH:
        raise FetchError(f"URL too long ({len(raw)} characters; the limit is "
                         f"{MAX_URL_LENGTH})", url=shown)
    if any(ord(char) < 32 or ord(char) == 127 for char in raw):
        raise FetchError("URL contains control characters", url=shown)
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as error:
        raise FetchError(f"malformed URL: {error}", url=shown) from error
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise FetchError(f"unsupported scheme {scheme + ':' if scheme else '(none)'!r}; "
                         "only http and https URLs are fetched", url=shown)
    if parts.username is not None or parts.password is not None:
        raise FetchError("URLs with user:password@ are not fetched", url=shown)
    host = _ascii_host(parts.hostname or "", shown)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    path = quote(parts.path, safe=_SAFE_PATH) or "/"
    return urlunsplit((scheme, netloc, path, quote(parts.query, safe=_SAFE_QUERY), ""))


def _printable(text: str) -> str:
    """``text`` with control characters escaped: error messages stay one line."""
    return "".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in text)


def _ascii_host(host: str, shown: str) -> str:
    if not host:
        raise FetchError("URL has no host", url=shown)
    host = host.rstrip(".").lower()
    if _parse_ip(host) is not None:
        return host
    try:
        ascii_host = host if host.isascii() else idna.encode(host, uts46=True).decode("ascii")
        if "xn--" in ascii_host:
            idna.decode(ascii_host)  # a malformed punycode label fails here
    except (idna.IDNAError, UnicodeError) as error:
        raise FetchError(f"invalid international host name: {error}", url=shown) from error
    labels = ascii_host.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        raise FetchError(f"malformed host name {host!r}", url=shown)
    return ascii_host


def _parse_ip(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip("[]").split("%")[0])
    except ValueError:
        return None


def blocked_reason(address: IPAddress) -> str | None:
    """Why ``address`` must not be connected to by default, or None when it is public.

    >>> blocked_reason(ipaddress.ip_address("10.0.0.7"))
    'private'
    >>> blocked_reason(ipaddress.ip_address("::ffff:127.0.0.1"))
    'loopback'
    >>> blocked_reason(ipaddress.ip_address("203.113.131.1")) is None
    True
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return blocked_reason(embedded)
    for reason in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(address, f"is_{reason}"):
            return reason.replace("_", "-")
    return None if address.is_global else "not globally routable"


def check_addresses(host: str, addresses: Iterable[str]) -> None:
    """Raise :class:`UnsafeAddressError` when any of ``addresses`` is not public."""
    for text in addresses:
        address = _parse_ip(text)
        reason = "unparseable address" if address is None else blocked_reason(address)
        if reason:
            shown = host if host == text else f"{host} resolves to {text}, which"
            raise UnsafeAddressError(
                f"refused: {shown} is {_address_kind(reason)}; pass --allow-private "
                "(FetchOptions.allow_private) to fetch from such hosts")


def _address_kind(reason: str) -> str:
    """The reason of :func:`blocked_reason` as a phrase: "an unspecified address"."""
    if reason == "unparseable address":
        return "not a valid IP address"
    if reason.startswith("not "):
        return f"not a {reason.removeprefix('not ')} address"
    return f"{'an' if reason[0] in 'aeiou' else 'a'} {reason} address"


def check_url_host(url: str, *, allow_private: bool,
                   trusted_hosts: Iterable[str] = ()) -> None:
    """Refuse a URL whose host is a literal non-public IP address (no DNS query).

    Host names are checked when connecting, by :class:`GuardedBackend`.

    Raises:
        FetchError: when the host is a refused address.
    """
    host = urlsplit(url).hostname or ""
    if allow_private or host in trusted_hosts or _parse_ip(host) is None:
        return
    try:
        check_addresses(host, [host.strip("[]")])
    except UnsafeAddressError as error:
        raise FetchError(str(error), url=url) from error


class UnknownHostError(OSError):
    """A host name the DNS says does not exist (not worth retrying)."""


_NO_SUCH_HOST = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA")
                 if hasattr(socket, name)}


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), in resolver order.

    Raises:
        UnknownHostError: when the name does not exist.
        httpcore.ConnectError: on a temporary resolver failure (worth a retry).
    """
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as error:
        raise UnknownHostError(f"cannot resolve host {host!r}: {error}") from error
    except socket.gaierror as error:
        if error.errno in _NO_SUCH_HOST:
            raise UnknownHostError(f"unknown host {host!r} (no DNS record)") from error
        raise httpcore.ConnectError(f"cannot resolve host {host!r}: {error}") from error
    found: list[str] = []
    for _family, _type, _proto, _name, sockaddr in answers:
        address = str(sockaddr[0])
        if address not in found:
            found.append(address)
    return found


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that resolves hosts itself and connects only to
    addresses that passed :func:`check_addresses` (every DNS answer is checked).

    TLS still verifies the certificate against the host name: httpcore passes the
    origin's host as the server name when it starts TLS on the returned stream.
    """

    def __init__(self, *, allow_private: bool = False,
                 trusted_hosts: Iterable[str] = ()) -> None:
        self._inner = httpcore.SyncBackend()
        self._allow_private = allow_private
        self._trusted = frozenset(host.lower() for host in trusted_hosts)

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        """Resolve ``host``, check every answer, connect to the first that accepts."""
        addresses = [host] if _parse_ip(host) else resolve(host, port)
        if not self._allow_private and host.lower() not in self._trusted:
            check_addresses(host, addresses)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address,
                                               socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        assert last_error is not None
        raise last_error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        """Unix sockets are never used for fetching."""
        raise UnsafeAddressError("refused: unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        """Sleep (used by httpcore between its own retries, which are off)."""
        self._inner.sleep(seconds)
