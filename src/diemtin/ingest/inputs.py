"""What ``diemtin ingest`` and ``diemtin crawl`` are given: URLs, WARC files, paths,
lists of sources and polling intervals."""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable
from pathlib import Path

from diemtin.errors import InputError
from diemtin.ingest.warc import is_warc

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def is_url(argument: str) -> bool:
    """Whether a command-line argument is a URL (any scheme) rather than a path.

    >>> is_url("https://baolaocai.vn/rss/home.rss"), is_url("javascript:alert(1)")
    (True, True)
    >>> is_url("tin/2026-10.jsonl"), is_url("C:\\\\tin\\\\a.jsonl")
    (False, False)
    """
    return bool(_SCHEME.match(argument)) and not Path(argument).exists()


def split_inputs(arguments: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """Split ``diemtin ingest`` arguments into URLs, WARC files and other paths.

    Folders and globs go to the other paths (the file reader expands them) and also
    contribute the WARC files they hold.
    """
    urls: list[str] = []
    warcs: list[str] = []
    others: list[str] = []
    for argument in arguments:
        if is_url(argument):
            urls.append(argument)
        elif is_warc(argument) and not glob.has_magic(argument):
            warcs.append(argument)
        else:
            others.append(argument)
            warcs.extend(_warcs_in(argument))
    return urls, list(dict.fromkeys(warcs)), others


def _warcs_in(argument: str) -> list[str]:
    if glob.has_magic(argument):
        return [path for path in sorted(glob.glob(argument, recursive=True)) if is_warc(path)]
    folder = Path(argument)
    if not folder.is_dir():
        return []
    return [str(path) for path in sorted(folder.rglob("*")) if path.is_file()
            and is_warc(path.name)]


def read_source_list(path: str | Path) -> list[str]:
    """The URLs listed in a sources file: one per line, ``#`` starts a comment.

    Raises:
        InputError: when the file cannot be read or lists no URL.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the sources file {path}: {error}") from error
    urls = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    urls = [url for url in urls if url]
    if not urls:
        raise InputError(f"the sources file {path} lists no URL (one per line, # comments)")
    return list(dict.fromkeys(urls))


def parse_interval(text: str) -> float:
    """Seconds in an interval such as ``15m``, ``1h``, ``90s`` or ``90``.

    >>> parse_interval("15m"), parse_interval("1.5h"), parse_interval("45")
    (900.0, 5400.0, 45.0)

    Raises:
        InputError: for anything else, or an interval under one second.
    """
    match = _INTERVAL.match(text)
    if not match:
        raise InputError(f"interval must look like 90s, 15m, 2h or 1d; got {text!r}")
    seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds < 1:
        raise InputError(f"interval must be at least 1 second; got {text!r}")
    return seconds

