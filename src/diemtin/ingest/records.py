"""Articles from JSON records (one line of a ``.jsonl`` file) and from text dumps.

Text is kept as the source wrote it (NFC, invisible characters removed): tone marks are
normalized in search keys and in the NLP input, not in the stored article.
"""

from __future__ import annotations

import re
import reprlib
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from diemtin.errors import InputError
from diemtin.ingest.textdump import parse_text_dump
from diemtin.models import (
    VIETNAM_TZ,
    Article,
    article_id_for,
    article_id_for_canonical,
    canonical_url,
    check_date,
    is_web_url,
)
from diemtin.text.normalize import clean_characters

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_OPTIONAL_TEXT = ("url", "lead", "author", "outlet", "section", "id", "language", "dateline")


def _shown(value: Any) -> str:
    """``value`` quoted for a message, cut short: a record may hold megabytes or deep nesting."""
    shown = reprlib.Repr()
    shown.maxstring = shown.maxother = 60
    shown.maxlong, shown.maxlevel = 40, 2
    return shown.repr(value)


def parse_published(value: str) -> datetime:
    """Parse an ISO 8601 time; a naive time means Vietnam time (UTC+7).

    >>> parse_published("2026-10-13T08:15:00").isoformat()
    '2026-10-13T08:15:00+07:00'

    Raises:
        InputError: not ISO 8601, or outside 1900-01-01 to 2199-12-31 in UTC
            (:func:`diemtin.models.check_date`), so every accepted date can be stored.
    """
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise InputError(f"'published' must be ISO 8601 such as 2026-10-13T08:15:00+07:00; "
                         f"got {_shown(value)}") from error
    return check_date(moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM_TZ),
                      name="published")


def _text_list(record: dict[str, Any], name: str, *, split: str) -> tuple[str, ...]:
    """A list-of-strings field; a plain string is split on ``split`` ("lines", ",", "")."""
    value = record.get(name)
    if value is None:
        return ()
    if isinstance(value, str):
        if split == "lines":
            parts = _PARAGRAPH_BREAK.split(value)
        else:
            parts = value.split(split) if split else [value]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        parts = value
    else:
        raise InputError(f"field '{name}' must be a string or a list of strings; "
                         f"got {type(value).__name__}")
    return tuple(text for text in (clean_characters(part).strip() for part in parts) if text)


def _optional_text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"field '{name}' must be a string; got {type(value).__name__} "
                         f"{_shown(value)}")
    return clean_characters(value).strip() or None


def _checked_url(url: str | None) -> str | None:
    """The canonical form of ``url`` when it is an http(s) URL that parses (bracketed
    host, port in range).

    Other schemes (``javascript:``, ``data:``, ``file:`` ...) are refused: the URL is
    shown as a link on the article page.
    """
    if url is None:
        return None
    if not is_web_url(url):
        raise InputError("field 'url' must be an http:// or https:// address with a host; "
                         f"got {_shown(url)}")
    try:
        return canonical_url(url)
    except ValueError as error:
        raise InputError(f"field 'url' is not a valid URL ({error}); got {_shown(url)}") \
            from None


def outlet_from_url(url: str | None) -> str | None:
    """The host name of ``url`` without ``www.``, used when a record names no outlet."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def article_from_record(record: Any, *, source: str = "") -> Article:
    """Build an :class:`Article` from one JSON record, validating every field.

    Raises:
        InputError: naming the field and what it should be.
    """
    if not isinstance(record, dict):
        raise InputError(f"each line must be a JSON object; got {type(record).__name__}")
    text = {name: _optional_text(record, name) for name in _OPTIONAL_TEXT}
    title = _optional_text(record, "title") or ""
    body = _text_list(record, "body", split="lines") or _text_list(record, "text", split="lines")
    if not title and not body:
        raise InputError("a record needs a non-empty 'title' or 'body'")
    published = record.get("published")
    if published is not None and not isinstance(published, str):
        raise InputError(f"field 'published' must be an ISO 8601 string; got {_shown(published)}")
    url = text["url"]
    canonical = _checked_url(url)
    return Article(
        id=text["id"] or (article_id_for_canonical(canonical) if canonical
                          else article_id_for(url=None, title=title, body=body)),
        title=title,
        body=body,
        url=url,
        outlet=text["outlet"] or outlet_from_url(url),
        lead=text["lead"],
        captions=_text_list(record, "captions", split=""),
        author=text["author"],
        section=text["section"],
        tags=_text_list(record, "tags", split=","),
        published=parse_published(published) if published else None,
        language=text["language"] or "vi",
        dateline=text["dateline"],
        source=source,
    )


def article_from_text_dump(text: str, *, source: str = "") -> Article:
    """Build an :class:`Article` from a plain-text dump of a page.

    Raises:
        InputError: when the dump has no title or no paragraphs.
    """
    dump = parse_text_dump(clean_characters(text))  # stored as published: NFC only
    if not dump.title or not (dump.lead or dump.body):
        raise InputError("a text dump needs a title line followed by at least one paragraph")
    return Article(
        id=article_id_for(url=None, title=dump.title, body=(dump.lead or "", *dump.body)),
        title=dump.title,
        lead=dump.lead,
        body=dump.body,
        captions=dump.captions,
        outlet=dump.outlet,
        dateline=dump.dateline,
        source=source,
    )
