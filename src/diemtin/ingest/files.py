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
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from diemtin.errors import DiemtinError, InputError
from diemtin.ingest.records import article_from_record, article_from_text_dump
from diemtin.models import Article, RawDocument

logger = logging.getLogger(__name__)

SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".txt": "txt",
            ".html": "html", ".htm": "html"}
STDIN = "-"


@dataclass(frozen=True, slots=True)
class FileOptions:
    """Limits that keep bad input from exhausting memory."""

    max_document_bytes: int = 50 * 1024 * 1024
    """Largest ``.txt``/``.html``/``.json`` file read whole (JSONL is streamed)."""
    max_line_bytes: int = 20 * 1024 * 1024
    """Longest JSONL line accepted."""
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
        raise InputError(f"file too large: {size / 1e6:.1f} MB; the limit for "
                         f".{source.kind} files is {options.max_document_bytes / 1e6:.0f} MB")
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
    numbered = ((number, line) for number, line in
                enumerate(_lines(stream, options.max_line_bytes), start=1) if number > start)
    if parallel:
        yield from _parse_in_workers(numbered, label, options.workers)
        return
    for number, line in numbered:
        yield from _parse_lines([(number, line)], label)


_Line = tuple[int, "bytes | InputError"]
_CHUNK_LINES = 256


def _parse_lines(lines: list[_Line], label: str) -> list[Item]:
    """Parse numbered JSONL lines into items (runs in worker processes too)."""
    items = []
    for number, line in lines:
        where = f"{label}:{number}"
        if isinstance(line, InputError):
            items.append(Item(where, number, error=str(line)))
        elif line.strip():
            items.append(_item_from_json_line(line, where, number, label))
    return items


def _parse_in_workers(lines: Iterator[_Line], label: str, workers: int) -> Iterator[Item]:
    """Parse chunks of lines in ``workers - 1`` processes, in order, a bounded few ahead.

    If the workers cannot start or die (a script without a ``__main__`` guard, say), the
    remaining lines are parsed here: nothing is lost or read twice.
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[tuple[Future[list[Item]], list[_Line]]] = deque()
    # "spawn": forking a process that runs threads (a progress bar, a web server) can
    # copy a held lock into the child.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        try:
            while True:
                chunk = list(islice(lines, _CHUNK_LINES))
                if chunk:
                    pending.append((pool.submit(_parse_lines, chunk, label), chunk))
                if pending and (not chunk or len(pending) >= 4 * workers):
                    yield from pending[0][0].result()
                    pending.popleft()
                if not chunk and not pending:
                    return
        except BrokenProcessPool:
            logger.warning("parsing workers stopped; parsing %s in this process", label)
    for _, chunk in pending:
        yield from _parse_lines(chunk, label)
    for line in lines:
        yield from _parse_lines([line], label)


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | InputError]:
    """Lines of ``stream``; a line longer than ``limit`` comes as an error, skipped."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield InputError(f"line longer than {limit / 1e6:.0f} MB, skipped")
        else:
            yield line


def _item_from_json_line(line: bytes, where: str, number: int, label: str) -> Item:
    try:
        record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        return Item(where, number, article=article_from_record(record, source=label))
    except UnicodeDecodeError as error:
        return Item(where, number, error=f"not valid UTF-8 (byte {error.start})")
    except json.JSONDecodeError as error:
        return Item(where, number, error=f"invalid JSON: {error.msg} at column {error.colno}")
    except DiemtinError as error:
        return Item(where, number, error=str(error))


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
    try:
        document = json.loads(decode_text(data))
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg} at line {error.lineno}") from error
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


def _read_stdin(options: FileOptions) -> Iterator[Item]:
    data = sys.stdin.buffer.read(options.max_document_bytes + 1)
    if not data.strip():
        raise InputError("standard input is empty")
    _refuse_binary(data[:8192])
    first = data.lstrip()[:1]
    if first == b"{":
        yield from _read_jsonl(io.BytesIO(data), "<stdin>", 0, options)
    elif first == b"[":
        yield from _read_json_document(data, "<stdin>")
    else:
        kind = "html" if first == b"<" else "txt"
        yield from _read_whole(data, SourceFile("<stdin>", kind))
