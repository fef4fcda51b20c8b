"""Files as sources: ``.jsonl``/``.json`` records, ``.txt`` dumps, ``.html`` pages.

``discover`` expands the paths a user gives (files, folders, globs, ``-`` for standard
input); ``read_items`` yields one :class:`Item` per record, each an article, an HTML
page for the extractor, or the reason it failed, with the position to resume from
after it. Nothing here extracts or stores: ``diemtin.flow`` does.
"""

from __future__ import annotations

import glob
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from diemtin.errors import DiemtinError, InputError
from diemtin.ingest._workers import parse_in_workers
from diemtin.ingest.records import article_from_record, article_from_text_dump
from diemtin.models import Article, RawDocument
from diemtin.search.keys import indexed_text
from diemtin.search.rules import IndexKeys, give_index_keys, index_keys

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

logger = logging.getLogger(__name__)

SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".txt": "txt",
            ".html": "html", ".htm": "html"}
STDIN = "-"


@dataclass(frozen=True, slots=True)
class FileOptions:
    """Limits that keep bad input from exhausting memory."""

    max_document_bytes: int = 50 * 1024 * 1024
    """Largest ``.txt``/``.html``/``.json`` file (or standard input holding one) read
    whole: 50 MiB. JSONL, from a file or a pipe, is streamed with no total limit."""
    max_line_bytes: int = 20 * 1024 * 1024
    """Longest JSONL line accepted: 20 MiB."""
    workers: int = 1
    """Processes that parse JSONL lines; above 1, parsing runs beside the storing."""
    parallel_min_bytes: int = 8 * 1024 * 1024
    """Smaller JSONL files are parsed in this process: starting workers costs more."""


@dataclass(frozen=True, slots=True)
class Item:
    """One record read from a source: an article, a page to extract, or why it failed."""

    label: str
    position: int
    article: Article | None = None
    error: str | None = None
    document: RawDocument | None = None
    keys: IndexKeys | None = None
    """The article's search keys, when a parsing process computed them."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to ingest (or standard input) and its kind."""

    path: str
    kind: str

    def fingerprint(self) -> str:
        """Size and modification time: a resumed run only continues the same file."""
        if self.path == STDIN:
            return "stdin"
        stat = Path(self.path).stat()
        return f"{stat.st_size}:{stat.st_mtime_ns}"


def discover(paths: list[str]) -> tuple[list[SourceFile], list[tuple[str, str]]]:
    """Expand ``paths`` into source files; return them and ``(path, reason)`` failures.

    Folders are walked recursively for files with a known suffix; globs are expanded.
    """
    found: dict[str, SourceFile] = {}
    failures: list[tuple[str, str]] = []
    for given in paths:
        if given == STDIN:
            found[STDIN] = SourceFile(STDIN, "stdin")
            continue
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) else [given]
        if not matches:
            failures.append((given, "no file matches this pattern"))
        for match in matches:
            _add_path(Path(match), found, failures, explicit=not glob.has_magic(given))
    return list(found.values()), failures


def _add_path(path: Path, found: dict[str, SourceFile], failures: list[tuple[str, str]],
              *, explicit: bool) -> None:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in SUFFIXES:
                found[str(child)] = SourceFile(str(child), SUFFIXES[child.suffix.lower()])
    elif not path.exists():
        failures.append((str(path), "no such file or folder"))
    elif path.suffix.lower() in SUFFIXES:
        found[str(path)] = SourceFile(str(path), SUFFIXES[path.suffix.lower()])
    elif explicit:
        known = ", ".join(sorted(SUFFIXES))
        failures.append((str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                                    f"expected one of {known}"))


def read_items(source: SourceFile, *, start: int = 0,
               options: FileOptions = FileOptions()) -> Iterator[Item]:
    """Yield the records of ``source`` from record number ``start`` on.

    Raises:
        InputError: when the whole file is unusable (empty, binary, too large).
    """
    if source.kind == "stdin":
        yield from _read_stdin(options)
        return
    path = Path(source.path)
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file")
    if source.kind != "jsonl" and size > options.max_document_bytes:
        raise InputError(f"file too large: {mib(size)}; the limit for .{source.kind} files "
                         f"is {mib(options.max_document_bytes)} (JSONL files have none)")
    with path.open("rb") as stream:
        _refuse_binary(stream.read(8192))
        stream.seek(0)
        if source.kind == "jsonl":
            parallel = options.workers > 1 and size >= options.parallel_min_bytes
            yield from _read_jsonl(stream, source.path, start, options, parallel=parallel)
        elif start == 0:
            yield from _read_whole(stream.read(), source)


def _refuse_binary(head: bytes) -> None:
    if b"\x00" in head:
        raise InputError("binary file (it contains NUL bytes), not text")


def _read_jsonl(stream: BinaryIO, label: str, start: int, options: FileOptions, *,
                parallel: bool = False) -> Iterator[Item]:
    lines = _lines(stream, options.max_line_bytes, start)
    if parallel:  # the workers compute the search keys too, beside the storing
        for item in parse_in_workers(lines, partial(_parse_lines, label=label, keys=True),
                                     options.workers):
            if item.keys is not None and item.article is not None:
                give_index_keys(item.article.title, indexed_text(item.article), item.keys)
            yield item
        return
    for numbered in lines:
        items = _parse_lines([numbered], label)
        del numbered  # a line may be megabytes: not held while its article is stored
        yield from items


_Line = tuple[int, "bytes | InputError"]


def _parse_lines(lines: list[_Line], label: str, *, keys: bool = False) -> list[Item]:
    """Parse numbered JSONL lines into items (runs in worker processes too), with each
    article's search keys when ``keys``."""
    items = []
    for number, line in lines:
        where = f"{label}:{number}"
        if isinstance(line, InputError):
            items.append(Item(where, number, error=str(line)))
        elif line.strip():
            item = _item_from_json_line(line, where, number, label)
            if keys and item.article is not None:
                article = item.article
                item = Item(where, number, article=article,
                            keys=index_keys(article.title, indexed_text(article)))
            items.append(item)
    return items


def _lines(stream: BinaryIO, limit: int, start: int) -> Iterator[_Line]:
    """Numbered lines of ``stream`` after line ``start``; a line longer than ``limit``
    comes as an error, skipped. No reference to a yielded line is kept here."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        found: bytes | InputError = line
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            found = InputError(f"line longer than {mib(limit)}, skipped")
        del line
        if number > start:
            held = [(number, found)]
            del found
            yield held.pop()


def _item_from_json_line(line: bytes, where: str, number: int, label: str) -> Item:
    try:
        record = _loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        return Item(where, number, article=article_from_record(record, source=label))
    except UnicodeDecodeError as error:
        return Item(where, number, error=f"not valid UTF-8 (byte {error.start})")
    except DiemtinError as error:
        return Item(where, number, error=str(error))


def _loads(text: str) -> object:
    """``json.loads``, every way it refuses a text turned into an :class:`InputError`.

    Besides syntax errors, Python refuses integers of more than 4,300 digits (a
    ``ValueError``) and nesting deeper than its recursion limit (a ``RecursionError``).
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}" if error.lineno > 1 \
            else f"column {error.colno}"
        raise InputError(f"invalid JSON: {error.msg} at {where}") from None
    except ValueError as error:  # "Exceeds the limit (4300 digits) for integer string ..."
        raise InputError(f"invalid JSON: {str(error).split(';')[0]}") from None
    except RecursionError:
        raise InputError("invalid JSON: arrays or objects nested too deeply") from None


def _read_whole(data: bytes, source: SourceFile) -> Iterator[Item]:
    label = source.path
    try:
        if source.kind == "json":
            yield from _read_json_document(data, label)
        elif source.kind == "txt":
            yield Item(label, 1, article=article_from_text_dump(decode_text(data), source=label))
        else:
            yield Item(label, 1, document=RawDocument(content=data, source=label,
                                                      media_type="text/html"))
    except DiemtinError as error:
        yield Item(label, 1, error=str(error))


def _read_json_document(data: bytes, label: str) -> Iterator[Item]:
    document = _loads(decode_text(data))
    records = document if isinstance(document, list) else [document]
    for number, record in enumerate(records, start=1):
        where = f"{label}[{number - 1}]"
        try:
            yield Item(where, number, article=article_from_record(record, source=label))
        except DiemtinError as error:
            yield Item(where, number, error=str(error))


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else a detected encoding.

    Raises:
        InputError: when no encoding gives readable text.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000], cp_isolation=["cp1258", "cp1252", "utf_16", "latin_1"])
    match = best.best()
    if match is None or match.encoding.startswith("latin"):
        raise InputError("cannot decode the file as UTF-8 or a Vietnamese encoding "
                         "(Windows-1258); convert it to UTF-8")
    return data.decode(match.encoding, errors="replace")


def mib(size: int) -> str:
    """A size in mebibytes as messages and the docs give it.

    >>> mib(50 * 1024 * 1024), mib(549_755_813)
    ('50 MiB', '524.3 MiB')
    """
    value = size / (1024 * 1024)
    return f"{value:.0f} MiB" if value == int(value) else f"{value:.1f} MiB"


_SNIFF_BYTES = 8192


def _read_stdin(options: FileOptions) -> Iterator[Item]:
    """Standard input: JSONL streamed line by line (no total limit), else one document."""
    stream = sys.stdin.buffer
    head = _read_head(stream, options.max_line_bytes)
    if not head.strip():
        raise InputError("standard input is empty")
    _refuse_binary(head[:_SNIFF_BYTES])
    first = head.lstrip()[:1]
    if first == b"{":
        rejoined = io.BufferedReader(_Rejoined(head, stream))
        yield from _read_jsonl(rejoined, "<stdin>", 0, options)
        return
    data = head + stream.read(options.max_document_bytes + 1 - len(head))
    if len(data) > options.max_document_bytes:
        raise InputError(f"standard input too large: more than {mib(options.max_document_bytes)}"
                         f"; the limit for one document is {mib(options.max_document_bytes)} "
                         "(JSONL, one article per line, has none)")
    if first == b"[":
        yield from _read_json_document(data, "<stdin>")
    else:
        kind = "html" if first == b"<" else "txt"
        yield from _read_whole(data, SourceFile("<stdin>", kind))


def _read_head(stream: BinaryIO, limit: int) -> bytes:
    """The first bytes of ``stream``: its first non-blank byte and up to 8 KiB to sniff,
    without waiting for more than the first line of a slow pipe (``tail -f``)."""
    parts: list[bytes] = []
    size = 0
    blank = True
    while blank or (size < _SNIFF_BYTES and b"\n" not in parts[-1].lstrip()):
        part = _read_some(stream, _SNIFF_BYTES)
        if not part:
            break
        parts.append(part)
        size += len(part)
        blank = blank and not part.strip()
        if blank and size > limit:
            raise InputError(f"standard input starts with more than {mib(limit)} of blank "
                             "space")
    return b"".join(parts)


def _read_some(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes, without waiting for more than one read of a pipe."""
    read: Callable[[int], bytes] = getattr(stream, "read1", stream.read)
    return read(size)


class _Rejoined(io.RawIOBase):
    """``head`` (already read) followed by the rest of ``rest``, as one stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        target = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(target), len(self._head))
            target[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = _read_some(self._rest, len(target))
        target[:len(data)] = data
        return len(data)
