"""The HTTP side of ``diemtin remote pull``: one GET with the bearer token, bounded.

Timeouts and a size cap keep a slow or hostile answer from hanging or filling memory;
redirects are not followed (the token is for the configured URL only). Remote URLs are
trusted configuration (see :mod:`diemtin.accounts.remotes`), so loopback and private
addresses are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from diemtin import __version__
from diemtin.accounts.remotes import RemoteRefused, decode_json
from diemtin.errors import FetchError


@dataclass(frozen=True, slots=True)
class RemoteOptions:
    """Limits of one remote request."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_bytes: int = 100 * 1024 * 1024


class RemoteClient:
    """GETs JSON from remote diemtin instances (a ``remotes.Fetch``); close it after use."""

    def __init__(self, options: RemoteOptions = RemoteOptions()) -> None:
        self.options = options
        timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                    headers={"user-agent": f"diemtin/{__version__} (remote)",
                                             "accept": "application/json"})

    def __call__(self, url: str, token: str) -> Any:
        """The JSON at ``url``; RemoteRefused on 401/403, FetchError on other failures."""
        try:
            with self._client.stream("GET", url,
                                     headers={"authorization": f"Bearer {token}"}) as answer:
                body = self._read(answer, url)
        except httpx.HTTPError as error:
            raise FetchError(f"request failed ({type(error).__name__})", url=url) from None
        if answer.status_code in (401, 403):
            raise RemoteRefused(url, answer.status_code, _message(body))
        if answer.status_code != 200:
            raise FetchError(f"answered {answer.status_code}: {_message(body)}", url=url,
                             status=answer.status_code)
        return decode_json(body, url)

    def _read(self, answer: httpx.Response, url: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in answer.iter_bytes():
            size += len(chunk)
            if size > self.options.max_bytes:
                raise FetchError(f"the answer is over {self.options.max_bytes} bytes", url=url)
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()


def _message(body: bytes) -> str:
    """The API error's message, or the start of the body."""
    try:
        return str(decode_json(body, "")["error"]["message"])
    except (FetchError, KeyError, TypeError):
        return body[:200].decode("utf-8", "replace")
