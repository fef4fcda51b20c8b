"""Stream an export of a whole result set over HTTP, in constant memory.

:func:`diemtin.export.export_articles` writes to a byte stream; here it runs in a thread
writing into a small bounded queue that the HTTP response reads from, so neither side
holds more than a few chunks, and a client that disconnects stops the export.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import IO, cast

from diemtin.export import export_articles
from diemtin.models import Article

_CHUNK = 64 * 1024
_DONE = b""


class _Cancelled(Exception):
    """The reader went away."""


class _QueueWriter:
    """A write-only byte stream feeding a bounded queue in chunks of ``_CHUNK`` bytes."""

    def __init__(self, chunks: queue.Queue[bytes | BaseException], stop: threading.Event
                 ) -> None:
        self._chunks, self._stop, self._buffer = chunks, stop, bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= _CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self.put(bytes(self._buffer))
            self._buffer.clear()

    def put(self, item: bytes | BaseException) -> None:
        """Hand ``item`` to the reader; raise ``_Cancelled`` once it has gone away."""
        while not self._stop.is_set():
            try:
                self._chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise _Cancelled

    # What io.TextIOWrapper (CSV) asks of the stream it wraps.
    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return False

    def close(self) -> None:
        self.flush()


def _export(articles: Iterable[Article], fmt: str, writer: _QueueWriter
            ) -> bytes | BaseException:
    """Write the export; the end marker when done, or the error to hand to the reader."""
    try:
        export_articles(articles, cast(IO[bytes], writer), fmt=fmt)
        writer.flush()
    except _Cancelled:
        raise
    except Exception as error:  # raised again by the reader, in the response
        return error
    return _DONE


def stream_export(articles: Iterable[Article], fmt: str) -> Iterator[bytes]:
    """The bytes of ``articles`` exported as ``fmt`` (``csv`` or ``jsonl``), in chunks.

    Raises:
        DiemtinError: what the export raised (for example a store error), while streaming.
    """
    chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=8)
    stop = threading.Event()
    writer = _QueueWriter(chunks, stop)

    def run() -> None:
        with contextlib.suppress(_Cancelled):
            writer.put(_export(articles, fmt, writer))

    worker = threading.Thread(target=run, name="diemtin-export", daemon=True)
    worker.start()
    try:
        while True:
            item = chunks.get()
            if isinstance(item, BaseException):
                raise item
            if item == _DONE:
                return
            yield item
    finally:
        stop.set()
        worker.join(timeout=5)
