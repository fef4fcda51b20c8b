"""An httpx transport whose connections go through :class:`GuardedBackend`.

httpx's own ``HTTPTransport`` does not take a network backend, so this one builds the
httpcore connection pool itself and maps httpcore's exceptions to httpx's (the fetcher
catches ``httpx.TransportError``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpcore
import httpx

from diemtin.ingest.urls import GuardedBackend

_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)


@contextlib.contextmanager
def _mapped() -> Iterator[None]:
    try:
        yield
    except httpcore.TimeoutException as error:
        raise _convert(error) from error
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as error:
        raise _convert(error) from error


def _convert(error: Exception) -> httpx.TransportError:
    for source, target in _EXCEPTIONS:
        if isinstance(error, source):
            return target(str(error) or type(error).__name__)
    return httpx.TransportError(str(error))


class _Stream(httpx.SyncByteStream):
    def __init__(self, stream: httpcore.Response) -> None:
        self._response = stream

    def __iter__(self) -> Iterator[bytes]:
        with _mapped():
            yield from self._response.iter_stream()

    def close(self) -> None:
        with _mapped():
            self._response.close()


class GuardedTransport(httpx.BaseTransport):
    """Plain HTTP/1.1 over a pool whose every connection is address-checked."""

    def __init__(self, *, allow_private: bool, trusted_hosts: tuple[str, ...] = (),
                 verify: bool = True, max_connections: int = 20) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            max_connections=max_connections, max_keepalive_connections=max_connections,
            keepalive_expiry=5.0, network_backend=GuardedBackend(allow_private=allow_private,
                                           trusted_hosts=trusted_hosts),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the guarded pool."""
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                             port=request.url.port, target=request.url.raw_path),
            headers=request.headers.raw, content=request.stream,
            extensions=request.extensions,
        )
        with _mapped():
            response = self._pool.handle_request(core_request)
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_Stream(response), extensions=response.extensions)

    def close(self) -> None:
        """Close every pooled connection."""
        self._pool.close()
