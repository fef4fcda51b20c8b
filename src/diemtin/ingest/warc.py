"""WARC archives (``.warc``, ``.warc.gz``) as a source of fetched pages.

A WARC file (ISO 28500) holds what a crawler (Heritrix, wget ``--warc-file``,
browsertrix, Common Crawl) fetched: requests, responses, metadata. Each HTML
``response`` (or ``resource``) record with status 200 becomes a :class:`RawDocument`
with the record's URL, date and HTTP headers; everything else is skipped. Records are
numbered from 0, so an interrupted ingest resumes after the last stored record.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from diemtin.errors import InputError
from diemtin.models import RawDocument, date_in_range

SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcItem:
    """One record that could hold a page.

    ``position`` is the number of records read up to and including this one: pass it
    as ``start`` to resume after it. ``document`` is None when the record was skipped
    (not HTML, not status 200) or failed (``error`` says why).
    """

    position: int
    label: str
    document: RawDocument | None = None
    error: str | None = None


def is_warc(path: str) -> bool:
    """Whether ``path`` names a WARC file by its suffix."""
    return path.lower().endswith(SUFFIXES)


def fingerprint(path: str) -> str:
    """Size and modification time: a resumed ingest only continues the same file."""
    stat = Path(path).stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def read_warc(path: str, *, start: int = 0,
              max_bytes: int = 10 * 1024 * 1024) -> Iterator[WarcItem]:
    """Yield the page records of the WARC file at ``path``, from record ``start`` on.

    Args:
        path: a ``.warc`` or ``.warc.gz`` file.
        start: records to skip (a resume position from an earlier :class:`WarcItem`).
        max_bytes: records whose payload is larger are reported as failures.

    Raises:
        InputError: when the file is not a WARC archive or is damaged; items read
            before the damage have been yielded.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    position = 0
    with Path(path).open("rb") as stream:
        _check_magic(stream)
        records = ArchiveIterator(stream, arc2warc=True)
        try:
            for record in records:
                position += 1
                if position <= start or record.rec_type not in ("response", "resource"):
                    continue
                item = _item(record, position, max_bytes)
                # The offset is known once the record was read (warcio reads to its end).
                where = f"{path}#{records.get_record_offset()}"
                yield replace(item, label=item.label or where,
                              document=item.document and replace(item.document, source=where))
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as error:
            raise InputError(f"not a WARC file, or damaged after record {position}: "
                             f"{str(error).strip() or type(error).__name__}") from error


def _item(record: Any, position: int, max_bytes: int) -> WarcItem:
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    label = url or ""
    headers: tuple[tuple[str, str], ...] = ()
    if record.rec_type == "response":
        if record.http_headers is None:
            return WarcItem(position, label)  # DNS or other non-HTTP response
        if record.http_headers.get_statuscode() != "200":
            return WarcItem(position, label)
        headers = tuple((name.lower(), value) for name, value in record.http_headers.headers)
        media = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
    else:
        media = (record.rec_headers.get_header("Content-Type") or "").split(";")[0]
    if media.strip().lower() not in _HTML_TYPES:
        return WarcItem(position, label)
    content = record.content_stream().read(max_bytes + 1)
    if len(content) > max_bytes:
        return WarcItem(position, label, error=f"record larger than {max_bytes} bytes")
    if getattr(record.raw_stream, "limit", 0) > 0:
        # Fewer bytes than the record declares: the archive is cut or damaged here.
        raise InputError(f"record {position} ({label}) is truncated: the archive is damaged")
    return WarcItem(position, label, RawDocument(
        content=content, url=url, fetched_at=_date(record),
        headers=headers, media_type=media.strip().lower()))


def _check_magic(stream: BinaryIO) -> None:
    head = stream.read(512)
    stream.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error as error:
            raise InputError(f"not a WARC file: corrupt gzip data ({error})") from error
    if not head.startswith((b"WARC/", b"filedesc://")):
        raise InputError("not a WARC file (it does not start with 'WARC/')")


def _date(record: Any) -> datetime | None:
    value = record.rec_headers.get_header("WARC-Date")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # WARC dates are UTC
    return moment if moment is not None and date_in_range(moment) else None
