"""Exceptions raised by diemtin.

The tree, split by who must act::

    DiemtinError
    ├── InputError            bad input from the user: a file, a line, an option
    │   └── QuerySyntaxError  a malformed search query (carries the position)
    ├── ExtractionError       a page that yields no article (carries the reason)
    ├── FetchError            a URL that could not be fetched (carries url, status)
    ├── ItemNotFound          no saved search, briefing, collection… with that id in the
    │                         organization (another organization's id is "not found" too)
    ├── PermissionDenied      the actor's role or agreement does not allow it
    │   └── CsrfRejected      a state-changing request without its CSRF token
    ├── Unauthenticated       no valid session or token where one is needed
    └── StoreError            the database refused or is damaged
        ├── MigrationError    a schema migration failed or the file is too new
        ├── ArticleNotFound   no article with that id
        └── StoryNotFound     no story with that id

Messages give the value, what was expected and, where there is one, the fix.
Batch jobs catch these per item, store the reason and go on.
"""

from __future__ import annotations

import enum


class DiemtinError(Exception):
    """Base class of every error diemtin raises on purpose."""


class InputError(DiemtinError):
    """Input that cannot be used: an unreadable file, a JSON line of the wrong shape."""


class QuerySyntaxError(InputError):
    """A search query that cannot be parsed.

    ``position`` is the 0-based character offset in the query where parsing failed;
    ``reason`` is the message without the position (the web pages translate it).
    """

    def __init__(self, message: str, *, query: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1} of {query!r})")
        self.reason = message
        self.query = query
        self.position = position


class ExtractionReason(enum.StrEnum):
    """Why a page yielded no article."""

    NOT_HTML = "not_html"
    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LARGE = "too_large"
    UNDECODABLE = "undecodable"


class ExtractionError(DiemtinError):
    """A page from which no article could be extracted."""

    def __init__(
        self, reason: ExtractionReason, *, url: str | None = None, detail: str = ""
    ) -> None:
        where = f" from {url}" if url else ""
        extra = f": {detail}" if detail else ""
        super().__init__(f"no article extracted{where} ({reason.value}){extra}")
        self.reason = reason
        self.url = url


class FetchError(DiemtinError):
    """A URL that could not be fetched; ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.status = status


class StoreError(DiemtinError):
    """The database refused an operation or is damaged."""


class MigrationError(StoreError):
    """A schema migration failed, or the database was written by a newer diemtin."""


class PageNotFound(StoreError):
    """No stored entity or outlet has the requested id (a web page or API answer 404)."""


class ArticleNotFound(StoreError):
    """No article with the given id is stored."""

    def __init__(self, article_id: str) -> None:
        super().__init__(f"no article with id {article_id!r}; list ids with 'diemtin search'")
        self.article_id = article_id


class StoryNotFound(StoreError):
    """No story with the given id is stored."""

    def __init__(self, story_id: str) -> None:
        super().__init__(f"no story with id {story_id!r}; list stories with 'diemtin stories'")
        self.story_id = story_id


class ItemNotFound(DiemtinError):
    """No item of that kind with that id or name in the acting organization. An id that
    belongs to another organization gets this error too, so ids leak nothing."""

    def __init__(self, kind: str, key: str, hint: str = "") -> None:
        super().__init__(f"no {kind} {key!r}" + (f"; {hint}" if hint else ""))
        self.kind = kind
        self.key = key


class PermissionDenied(DiemtinError):
    """The acting user's role (or the agreement in force) does not allow the action."""


class CsrfRejected(PermissionDenied):
    """A form or API call that changes state came without the CSRF token of its session
    (or from another site): it may be a forged request."""


class Unauthenticated(DiemtinError):
    """The instance has accounts and the request has no valid session or token (API: 401;
    pages: a redirect to the login page)."""
