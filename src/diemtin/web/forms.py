"""Server-rendered forms: reading a POSTed form and answering it.

Every page form (saved searches, alerts, collections, briefings, agreements) is read
through these helpers: one size limit, text fields only, and the form parsed once (the
CSRF check in ``web/auth.py`` read the same parsed form). A form that worked answers
``303 See Other`` to the page to show next, so reloading that page posts nothing again.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from diemtin.errors import InputError

__all__ = ["MAX_FORM_BYTES", "form_fields", "form_lists", "form_pairs",
           "see_other"]

MAX_FORM_BYTES = 64 * 1024
"""The largest form a page accepts (its declared ``Content-Length``)."""


async def form_pairs(request: Request) -> list[tuple[str, str]]:
    """Every (name, value) of a form POST in order, repeated fields included; files are
    left out.

    Raises:
        InputError: the form is larger than :data:`MAX_FORM_BYTES`.
    """
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
        raise InputError(f"a form is at most {MAX_FORM_BYTES} bytes; got {declared[:20]}")
    form = await request.form()
    return [(key, value) for key, value in form.multi_items() if isinstance(value, str)]


async def form_fields(request: Request) -> dict[str, str]:
    """The fields of a form POST (the last value of a repeated field)."""
    return dict(await form_pairs(request))


async def form_lists(request: Request) -> dict[str, list[str]]:
    """Every value of each field of a form POST, in order."""
    fields: dict[str, list[str]] = {}
    for key, value in await form_pairs(request):
        fields.setdefault(key, []).append(value)
    return fields


def see_other(url: str) -> RedirectResponse:
    """The answer to a form that worked: ``303 See Other`` to ``url``."""
    return RedirectResponse(url, status_code=303)

