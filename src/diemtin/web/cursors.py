"""Opaque API cursors: where the next page of a list starts (keyset pagination).

A cursor is the last item's key in the list's order, with the list it belongs to (the
endpoint, the sort) and a fingerprint of the request's filters, packed as URL-safe
base64 of JSON. A client only passes back the ``next_cursor`` it was given; a cursor
of another list, sort or filter set, or a damaged one, is refused with 400.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence

from diemtin.errors import InputError

Key = tuple[int | str, ...]
MAX_CURSOR_CHARS = 400
"""Longest cursor accepted (those made here are far shorter)."""


def fingerprint(*parts: object) -> str:
    """A short digest of the request parameters a cursor is only valid for."""
    text = json.dumps([str(part) for part in parts], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def encode_cursor(kind: str, key: Sequence[int | str], scope: str) -> str:
    """The cursor of the page after the item with ``key`` in list ``kind``.

    >>> decode_cursor(encode_cursor("search:date", (42,), "ab"), "search:date", "ab")
    (42,)
    """
    data = json.dumps({"l": kind, "k": list(key), "f": scope}, separators=(",", ":"),
                      ensure_ascii=False)
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, scope: str, size: int | None = None) -> Key:
    """The key a cursor made by :func:`encode_cursor` holds (of ``size`` values if given).

    Raises:
        InputError: the cursor is damaged, or was made for another list, sort or filters.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw.decode())
        key = tuple(data["k"])
        made_for, made_in = data["l"], data["f"]
    except (binascii.Error, ValueError, UnicodeDecodeError, KeyError, TypeError) as error:
        raise InputError("'cursor': not a cursor this API gave (pass back next_cursor "
                         "as it is)") from error
    if made_for != kind or made_in != scope:
        raise InputError("'cursor': it belongs to another list, sort or set of filters; "
                         "start again without cursor")
    if (size is not None and len(key) != size) or \
            not all(type(value) in (int, str) for value in key):
        raise InputError("'cursor': not a cursor this API gave (pass back next_cursor "
                         "as it is)")
    return key
