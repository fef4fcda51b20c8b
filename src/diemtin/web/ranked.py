"""Pages of the ranked lists: the most mentioned entities and the outlets by volume.

Both lists are ordered by articles (most first), then by key; a page's ``next_cursor``
holds the last item's (articles, key) (``web/cursors.py``), and the next page starts
after it, so pages neither skip nor repeat an item while the counts stay as they are.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from diemtin.errors import InputError
from diemtin.store.base import Store
from diemtin.web.cursors import decode_cursor, encode_cursor
from diemtin.web.views import LABELS, EntityRef, Kind, OutletRef, entity_ref, unslug

_NEXT = Field(description="Pass as cursor for the next page; null on the last page")


class EntitiesPage(BaseModel):
    """One page of the most mentioned entities of a kind, and where the next starts."""

    entities: list[EntityRef]
    next_cursor: str | None = _NEXT


class OutletsPage(BaseModel):
    """One page of the outlets, most articles first, and where the next one starts."""

    outlets: list[OutletRef]
    next_cursor: str | None = _NEXT


def _after(cursor: str | None, kind: str) -> tuple[int, str] | None:
    if not cursor:
        return None
    articles, key = decode_cursor(cursor, kind, "", 2)
    if not isinstance(articles, int) or not isinstance(key, str):
        raise InputError("'cursor': not a cursor this API gave (pass back next_cursor as it "
                         "is)")
    return articles, key


def entities_page(store: Store, kind: Kind, limit: int, cursor: str | None = None
                  ) -> EntitiesPage:
    """The ``limit`` most mentioned entities of ``kind`` after ``cursor``.

    Raises:
        InputError: the cursor is damaged or belongs to another list.
    """
    terms = store.top_terms(LABELS[kind], limit=limit + 1,
                            after=_after(cursor, f"entities:{kind}"))
    shown = terms[:limit]
    token = encode_cursor(f"entities:{kind}", (shown[-1].articles, shown[-1].key), "") \
        if len(terms) > limit else None
    return EntitiesPage(entities=[entity_ref(term) for term in shown], next_cursor=token)


def outlets_page(outlets: list[OutletRef], limit: int, cursor: str | None = None
                 ) -> OutletsPage:
    """The ``limit`` outlets of ``outlets`` (most articles first) after ``cursor``.

    Raises:
        InputError: the cursor is damaged or belongs to another list.
    """
    after = _after(cursor, "outlets")
    rest = outlets if after is None else [
        ref for ref in outlets if (-ref.articles, unslug(ref.id)) > (-after[0], after[1])]
    shown = rest[:limit]
    token = encode_cursor("outlets", (shown[-1].articles, unslug(shown[-1].id)), "") \
        if len(rest) > limit else None
    return OutletsPage(outlets=shown, next_cursor=token)
